// TEST STAND-IN for clickhouse-client (the network client), used only by the tests: no ClickHouse
// server binary can be had here, so this sends the SQL the scripts give it to the tests' stand-in
// server (chdb-server.js), which runs it on the real ClickHouse engine (26.7) embedded by chdb.
// It honours the options backup.sh and restore.sh use:
//   --config-file <file>   must exist and be private (mode 0600): the scripts' password file.
//                          Its credentials are not checked (chdb has no users): network
//                          authentication is not exercised by these tests.
//   --database <name>      accepted: the scripts qualify every name; the engine's session has no
//                          current database to switch to that matters here
//   --query <sql>          else the SQL is read from standard input
//   --format <name>        output format (default TabSeparated, as the real client's non-interactive default)
//   --param_<name>=<value> or --param_<name> <value>: query parameters ({name:Type} in the SQL)
// Like the real client it prints the result on stdout and "Code: N. DB::Exception: ..." on stderr,
// exiting non-zero on an error.
// Environment (set by the tests): CHDB_SHIM_SOCKET, the stand-in server's socket; CHDB_SHIM_LOG
// (optional: every statement received is appended, one JSON string per line, for the tests that
// list the SQL sent).
'use strict';
const fs = require('fs');

function usage(message) {
  process.stderr.write(`clickhouse-client (chdb test stand-in): ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let query = null;
let format = 'TabSeparated';
let configFile = null;
const params = {};
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => {
    if (i + 1 >= args.length) usage(`${a} needs a value`);
    return args[++i];
  };
  if (a === '--query' || a === '-q') query = value();
  else if (a.startsWith('--query=')) query = a.slice('--query='.length);
  else if (a === '--format' || a === '-f') format = value();
  else if (a.startsWith('--format=')) format = a.slice('--format='.length);
  else if (a === '--config-file' || a === '-C') configFile = value();
  else if (a === '--database' || a === '-d') value();
  else if (a.startsWith('--config-file=')) configFile = a.slice('--config-file='.length);
  else if (a.startsWith('--param_')) {
    const eq = a.indexOf('=');
    if (eq > 0) params[a.slice(8, eq)] = a.slice(eq + 1);
    else params[a.slice(8)] = value();
  } else usage(`option ${a} is not one the stand-in knows; add it here if a script starts using it`);
}
if (configFile === null) usage('--config-file is missing; the scripts must pass the client config holding the password');
let st;
try {
  st = fs.statSync(configFile);
} catch (e) {
  usage(`cannot read the config file ${configFile}: ${e.message}`);
}
if ((st.mode & 0o077) !== 0) usage(`the config file ${configFile} is readable by others (mode ${(st.mode & 0o777).toString(8)})`);
if (query === null) query = fs.readFileSync(0, 'utf8');
if (!process.env.CHDB_SHIM_SOCKET) usage('CHDB_SHIM_SOCKET is not set; the test sets it to the stand-in server\'s socket');
if (process.env.CHDB_SHIM_LOG) fs.appendFileSync(process.env.CHDB_SHIM_LOG, JSON.stringify(query.trim()) + '\n');

// The stand-in server (chdb-server.js) holds the engine; this process only sends the statement.
const chunks = [];
const conn = require('net').createConnection(process.env.CHDB_SHIM_SOCKET, () => {
  conn.end(JSON.stringify({ queries: [query], format, params }));
});
conn.on('data', (c) => chunks.push(c));
conn.on('end', () => {
  const res = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  process.stdout.write(res.results[0] || '');
  if (res.error !== undefined) {
    process.stderr.write(res.error + '\n');
    process.exitCode = 1;
  }
});
conn.on('error', (e) => {
  process.stderr.write(`Code: 210. DB::NetException: cannot reach the stand-in server: ${e.message}\n`);
  process.exitCode = 210;
});
