// The CRD types `cdk8s import` generated (External Secrets, prometheus-operator): the very modules
// packed into the Java sources' jsii tarballs, extracted once into target/js-peer/imports (the jsii
// runtime keeps a package cache of the same kind for the Java app). Keyed by the tarball's size and
// time, so a re-import is picked up.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');

function importedModule(tarball, file) {
  const source = path.join(ROOT, 'src', 'main', 'resources', 'imports', tarball);
  const { size, mtimeMs } = fs.statSync(source);
  const dir = path.join(ROOT, 'target', 'js-peer', 'imports', `${path.basename(tarball, '.jsii.tgz')}-${size}-${Math.floor(mtimeMs)}`);
  const js = path.join(dir, 'package', file);
  if (!fs.existsSync(js)) {
    const partial = `${dir}.partial-${process.pid}`;
    fs.mkdirSync(partial, { recursive: true });
    execFileSync('tar', ['-xzf', source, '-C', partial]);
    try {
      fs.renameSync(partial, dir); // atomic: a folder under this name is always complete
    } catch (e) {
      // Another run (the benchmark, a test) extracted it first: use theirs.
      fs.rmSync(partial, { recursive: true, force: true });
      if (!fs.existsSync(js)) throw e;
    }
  }
  return require(js);
}

module.exports = {
  eso: importedModule('io/external_secrets/ioexternal-secrets@0.0.0.jsii.tgz', 'io.external-secrets.js'),
  monitoring: importedModule('com/coreos/monitoring/comcoreosmonitoring@0.0.0.jsii.tgz', 'com.coreos.monitoring.js'),
};
