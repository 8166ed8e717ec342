// TEST STAND-IN for the ClickHouse server, used only by the tests: one process holding the ClickHouse
// engine (26.7, embedded by chdb) on one data path, answering on a Unix socket, so the stand-in
// clickhouse-client (clickhouse-client.js) and the test itself talk to one engine, as clients of a
// server do, and the engine's 540 MB library is loaded once, not once per statement.
// Protocol (not ClickHouse's): one request per connection, the client writes a JSON object and
// half-closes: {"queries": [..], "format": "TabSeparated", "params": {..}}; the server answers
// {"results": [..]} or {"results": [..], "error": "Code: N. DB::Exception: ..."} (the statements
// after a failed one are not run), then closes. Statements run one at a time, in arrival order.
//   node chdb-server.js <socket> <data path> <config file>
// Prints "listening <socket>" on stdout once it accepts connections.
'use strict';
const fs = require('fs');
const net = require('net');
const { Session } = require('chdb');

const [socket, dataPath, config] = process.argv.slice(2);
const session = new Session(dataPath, { connectionArgs: [`--config-file=${config}`] });

const server = net.createServer((conn) => {
  const chunks = [];
  conn.on('data', (c) => chunks.push(c));
  conn.on('end', () => {
    const results = [];
    let error;
    try {
      const req = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const format = req.format || 'TabSeparated';
      for (const q of req.queries) {
        const params = req.params || {};
        results.push(Object.keys(params).length ? session.queryBind(q, params, format) : session.query(q, format));
      }
    } catch (e) {
      // chdb prefixes "Query failed: "; a server's client prints "Code: N. DB::Exception: ...".
      error = String(e.message).replace(/^Query failed: /, '');
    }
    conn.end(JSON.stringify(error === undefined ? { results } : { results, error }));
  });
  conn.on('error', () => {}); // a client killed mid-request (a test's SIGTERM): nothing to answer
});
const stop = () => server.close(() => { session.close(); process.exit(0); });
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
try { fs.unlinkSync(socket); } catch (e) { /* none yet */ }
server.listen(socket, () => process.stdout.write(`listening ${socket}\n`));
