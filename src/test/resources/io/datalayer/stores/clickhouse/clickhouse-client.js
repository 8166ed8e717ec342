// TEST STAND-IN for clickhouse-client (the network client), used only by the tests: no ClickHouse
// server binary can be had here, so this runs the SQL the scripts send on the real ClickHouse
// engine (26.7) embedded by chdb, in a persistent data path, instead of sending it to a server.
// It honours the options backup.sh and restore.sh use:
//   --config-file <file>   must exist and be private (mode 0600): the scripts' password file.
//                          Its credentials are not checked (chdb has no users): network
//                          authentication is not exercised by these tests.
//   --query <sql>          else the SQL is read from standard input
//   --format <name>        output format (default TabSeparated, as the real client's non-interactive default)
//   --database <name>      accepted: the scripts qualify every name; the embedded engine's session
//                          has no current database to switch to that matters here
//   --param_<name>=<value> or --param_<name> <value>: query parameters ({name:Type} in the SQL)
// Like the real client it prints the result on stdout and "Code: N. DB::Exception: ..." on stderr,
// exiting non-zero on an error.
// Environment (set by the tests): CHDB_SHIM_SOCKET, the stand-in server's socket (chdb-server.js,
// which holds the engine), or else CHDB_SHIM_PATH (the engine's data path) and CHDB_SHIM_CONFIG (its
// config: the backups disk and backups.allowed_path) for an engine embedded in this process;
// CHDB_SHIM_LOG (optional: every statement received is appended, one JSON string per line, for the
// tests that list the SQL sent).
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
if (!process.env.CHDB_SHIM_SOCKET && !(process.env.CHDB_SHIM_PATH && process.env.CHDB_SHIM_CONFIG)) {
  usage('CHDB_SHIM_SOCKET (the stand-in server) or CHDB_SHIM_PATH and CHDB_SHIM_CONFIG (an embedded engine) must be set');
}
if (process.env.CHDB_SHIM_LOG) fs.appendFileSync(process.env.CHDB_SHIM_LOG, JSON.stringify(query.trim()) + '\n');

function answer(out, error) {
  process.stdout.write(out);
  if (error !== undefined) {
    process.stderr.write(error + '\n');
    process.exitCode = 1;
  }
}

if (process.env.CHDB_SHIM_SOCKET) {
  // The stand-in server (chdb-server.js): the engine stays loaded between statements.
  const net = require('net');
  const chunks = [];
  const conn = net.createConnection(process.env.CHDB_SHIM_SOCKET, () => {
    conn.end(JSON.stringify({ queries: [query], format, params }));
  });
  conn.on('data', (c) => chunks.push(c));
  conn.on('end', () => {
    const res = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    answer(res.results[0] || '', res.error);
  });
  conn.on('error', (e) => {
    process.stderr.write(`Code: 210. DB::NetException: cannot reach the stand-in server: ${e.message}\n`);
    process.exitCode = 210;
  });
} else {
  // An embedded engine on the data path (bench/clickhouse-backup.sh): loaded for this one statement.
  const { Session } = require('chdb');
  const session = new Session(process.env.CHDB_SHIM_PATH,
    { connectionArgs: [`--config-file=${process.env.CHDB_SHIM_CONFIG}`] });
  try {
    answer(Object.keys(params).length ? session.queryBind(query, params, format) : session.query(query, format));
  } catch (e) {
    answer('', String(e.message).replace(/^Query failed: /, ''));
  }
  session.close();
}
