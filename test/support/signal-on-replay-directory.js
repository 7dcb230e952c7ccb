// Preloaded into `ledger replay` (test/ledger-cli-audit.e2e.spec.ts): raises the signal named by
// SIGNAL_ON_REPLAY_DIRECTORY the instant the replay's directory aside exists, before anything else
// runs, so that the narrowest window a signal from outside could hit is hit every time.
const fs = require('node:fs');

const signal = process.env.SIGNAL_ON_REPLAY_DIRECTORY;
const { mkdtempSync } = fs;
fs.mkdtempSync = (prefix, ...rest) => {
  const made = mkdtempSync(prefix, ...rest);
  if (require('node:path').basename(prefix) === '.replay-') process.kill(process.pid, signal);
  return made;
};
