// Test-only: runs the test's own statements (JSON array on stdin) in ONE process on the chdb data
// path the clickhouse-client stand-in uses, and prints their TabSeparated results as a JSON array.
// One engine start for a batch instead of one per statement; the scripts never use it.
'use strict';
const fs = require('fs');
const { Session } = require('chdb');
const statements = JSON.parse(fs.readFileSync(0, 'utf8'));
const session = new Session(process.env.CHDB_SHIM_PATH,
  { connectionArgs: [`--config-file=${process.env.CHDB_SHIM_CONFIG}`] });
const out = [];
try {
  for (const s of statements) {
    try {
      out.push(session.query(s, 'TabSeparated'));
    } catch (e) {
      process.stderr.write(`chdb refused ${s}: ${e.message}\n`);
      process.exitCode = 1;
      break;
    }
  }
} finally {
  session.close();
}
process.stdout.write(JSON.stringify(out));
