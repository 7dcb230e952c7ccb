// Preloaded into `ledger replay` (test/ledger-cli-audit.e2e.spec.ts): its VACUUM INTO fails part-way,
// as on a full disk, after writing the first bytes of --out.
const Database = require('better-sqlite3');
const { appendFileSync } = require('node:fs');

const { prepare } = Database.prototype;
Database.prototype.prepare = function (source, ...rest) {
  if (!/^VACUUM INTO/.test(source)) return prepare.call(this, source, ...rest);
  return {
    run: (out) => {
      appendFileSync(out, 'SQLite format 3\0');
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    },
  };
};
