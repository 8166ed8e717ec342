// The jsii kernel in one Node process, for bin/app (JSII_RUNTIME points at bin/jsii-kernel).
//
// The Java runtime normally starts @jsii/runtime's wrapper, a Node process whose only work is to
// start a second Node process with the kernel (lib/program.js) and to relay the kernel's
// messages between its own stdin/stdout and the child's file descriptor 3. This file runs the
// same program.js, extracted from the jsii-runtime jar on the app's classpath (so the kernel and
// the Java runtime are always the same version; its path in DATALAYER_JSII_KERNEL), in this process: reads of fd 3 come from stdin
// and writes to fd 3 go to stdout, while anything the JavaScript libraries print to stdout
// travels on stderr as the wrapper sends it ({"stdout": base64}), so it can never corrupt the
// protocol. bin/jsii-kernel keeps fd 3 open on /dev/null, so no file the kernel opens gets that
// number. scripts/launch-cache.sh only installs the kernel after a full synth through it
// succeeded; otherwise bin/app uses jsii's own runtime.
'use strict';
const fs = require('fs');
const path = require('path');

const KERNEL_FD = 3;
const readSync = fs.readSync;
const writeSync = fs.writeSync;
fs.readSync = function (fd, ...rest) {
  return readSync.call(this, fd === KERNEL_FD ? 0 : fd, ...rest);
};
fs.writeSync = function (fd, ...rest) {
  return writeSync.call(this, fd === KERNEL_FD ? 1 : fd, ...rest);
};
process.stdout.write = function (chunk, encoding, callback) {
  const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? encoding : 'utf8');
  writeSync(2, `${JSON.stringify({ stdout: data.toString('base64') })}\n`);
  const done = typeof encoding === 'function' ? encoding : callback;
  if (typeof done === 'function') {
    process.nextTick(done);
  }
  return true;
};

const kernel = process.env.DATALAYER_JSII_KERNEL;
if (!kernel || !path.isAbsolute(kernel)) {
  process.stderr.write('jsii-kernel: DATALAYER_JSII_KERNEL must name the jsii lib/program.js to run (bin/app sets it)\n');
  process.exit(2);
}
require(kernel);
