// TEST STAND-IN for the clickhouse binary's `local` mode (clickhouse local), used only by the tests of
// the restore drill (drill.sh): no ClickHouse binary can be had here, and chdb IS clickhouse local's
// engine embedded as a library (26.7), so this runs the SQL drill.sh gives it on a chdb Session over
// the data folder and config file given, as `clickhouse local --path ... --config-file ...` does:
// what one process restores there, the next one loads from the files. It honours the options
// drill.sh uses:
//   local                  the first argument: the binary's mode (the only one the stand-in plays)
//   --config-file <file>   the config (backups.allowed_path, tmp_path), passed to the engine as is
//   --path <folder>        the data folder
//   --format <name>        output format
//   --query <sql>          one statement
// Like the real binary it prints the result on stdout and "Code: N. DB::Exception: ..." on stderr,
// exiting non-zero on an error. What it cannot show (the real binary's start-up in the drill's pod,
// its own option parsing) is listed in docs/stores/clickhouse.md as untested.
'use strict';
const { Session } = require('chdb');

function usage(message) {
  process.stderr.write(`clickhouse local (chdb test stand-in): ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
if (args[0] !== 'local') usage(`mode ${args[0]} is not one the stand-in plays; only "local"`);
const opts = {};
for (let i = 1; i < args.length; i++) {
  const a = args[i];
  if (!['--config-file', '--path', '--format', '--query'].includes(a)) {
    usage(`option ${a} is not one the stand-in knows; add it here if drill.sh starts using it`);
  }
  if (i + 1 >= args.length) usage(`${a} needs a value`);
  opts[a.slice(2)] = args[++i];
}
for (const required of ['config-file', 'path', 'query']) {
  if (opts[required] === undefined) usage(`--${required} is missing`);
}
let session;
try {
  session = new Session(opts.path, { connectionArgs: [`--config-file=${opts['config-file']}`] });
  process.stdout.write(session.query(opts.query, opts.format || 'TabSeparated'));
} catch (e) {
  process.stderr.write(String(e.message).replace(/^Query failed: /, '') + '\n');
  process.exitCode = 1;
} finally {
  if (session) session.close();
}
