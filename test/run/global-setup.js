// @ts-check
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/**
 * Tests, and the processes they start, make their databases under os.tmpdir(). The run points
 * TMPDIR at a directory of its own, which global-teardown.js removes: `npm test` leaves nothing
 * behind, however a test or its child process ends.
 */
module.exports = () => {
  const root = mkdtempSync(join(tmpdir(), 'ledger-jest-'));
  process.env.LEDGER_TEST_TMPDIR = root;
  process.env.TMPDIR = root;
};
