// @ts-check
const { rmSync } = require('node:fs');

/** Removes the run's temporary directory that global-setup.js made. */
module.exports = () => {
  const root = process.env.LEDGER_TEST_TMPDIR;
  if (root) rmSync(root, { recursive: true, force: true });
};
