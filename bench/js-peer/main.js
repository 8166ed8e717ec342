#!/usr/bin/env node
// The benchmark's JavaScript peer: every environment of data-layer (io.datalayer.Environments:
// each in its own folder with its kustomization.yaml) written as a plain cdk8s app on Node, with
// constructs of the same shape as the Java app's and the same cdk8s-plus-28 types, CRD imports and
// JSON patches it reaches through jsii; the scripts are read from the same files in
// src/main/resources. It exists to show what the same synth costs without the JVM and the jsii
// bridge; scripts/bench.py runs both side by side and checks that they write the same bytes, and
// JsPeerTest fails the build when they differ. It is not the product: change the Java constructs,
// then mirror the change here (kit.js: io.datalayer.k8s; layer.js: namespace, secrets, gitops;
// backup.js, postgres.js, redis.js, monitoring.js: the packages of the same names;
// environments.js: Environments and the props records' defaults).
// What the Java app does besides synth (the Vault check, the output guard and policies, the atomic
// publish) has no counterpart here.
//
// Usage: node bench/js-peer/main.js [outdir]   (default: $CDK8S_OUTDIR, else target/js-peer/out)
// writes <outdir>/<environment>/data-layer.k8s.yaml and kustomization.yaml, as the app's dist/.
'use strict';
const fs = require('fs');
const path = require('path');
const { App, Chart, YamlOutputType } = require('cdk8s');
const environments = require('./environments');
const { Offsite } = require('./backup');
const { DataNamespace, VaultExternalSecret, VaultSecretStore, gitOps } = require('./layer');
const { Alerts } = require('./monitoring');
const { Postgres, PostgresBackup, PostgresExporter, PostgresRestore, exporterName, monitoringRole } = require('./postgres');
const { Redis, RedisBackup, RedisExporter, RedisRestore, exporterName: redisExporterName, monitoringUser } = require('./redis');

const ROOT = path.resolve(__dirname, '..', '..');
const outdir = process.argv[2] || process.env.CDK8S_OUTDIR || path.join(ROOT, 'target', 'js-peer', 'out');

/** io.datalayer.DataLayerChart: one environment. */
class DataLayerChart extends Chart {
  constructor(scope, config) {
    super(scope, 'data-layer', { disableResourceNameHashes: true, namespace: config.namespace.name });
    new DataNamespace(this, 'namespace', config.namespace);
    const store = new VaultSecretStore(this, 'vault', config.secretStore);
    new VaultExternalSecret(this, 'postgresql-superuser', store, config.postgresSecret, config.postgres.superuserSecretName);
    const { monitoring } = config;
    let role = null;
    if (monitoring.enabled) {
      role = monitoringRole(monitoring, config.postgres);
      new VaultExternalSecret(this, 'postgresql-monitoring', store, monitoring.postgresSecret, role.secretName);
    }
    const postgres = new Postgres(this, 'postgresql', config.postgres, role);
    const offsite = config.offsite.enabled ? new Offsite(this, 'offsite', store, config.offsite) : null;
    const backup = new PostgresBackup(this, 'postgresql-backup', postgres, config.backup, offsite);
    new PostgresRestore(this, 'postgresql-restore', backup, config.restore);
    const redisMonitoring = monitoring.enabled ? monitoringUser(monitoring, config.redis) : null;
    const redis = new Redis(this, 'redis', config.redis, redisMonitoring);
    new VaultExternalSecret(this, 'redis-users', store, config.redis.usersSecret, redis.usersSecretName());
    new VaultExternalSecret(this, 'redis-app', store, config.redis.appSecret, redis.appSecretName());
    if (redisMonitoring) new VaultExternalSecret(this, 'redis-monitoring', store, monitoring.redisSecret, redisMonitoring.secretName);
    const redisBackup = new RedisBackup(this, 'redis-backup', redis, config.redisBackup, offsite);
    new RedisRestore(this, 'redis-restore', redisBackup, config.redisRestore);
    if (monitoring.enabled) {
      new PostgresExporter(this, 'postgresql-exporter', postgres, monitoring);
      new RedisExporter(this, 'redis-exporter', redis, monitoring);
      new Alerts(this, 'alerts', monitoring,
        [{ store: 'postgresql', cronJob: config.backup.name, offsiteCronJob: backup.offsiteSyncName },
          { store: 'redis', cronJob: config.redisBackup.name, offsiteCronJob: redisBackup.offsiteSyncName }],
        [{ store: 'postgresql', job: exporterName(config.postgres), upMetric: 'pg_up' },
          { store: 'redis', job: redisExporterName(config.redis), upMetric: 'redis_up' }]);
    }
    gitOps(this);
  }
}

// io.datalayer.synth.Kustomization: the folder's manifests, listed by name.
function writeKustomization(folder) {
  const manifests = fs.readdirSync(folder).filter((f) => f.endsWith('.k8s.yaml')).sort();
  fs.writeFileSync(path.join(folder, 'kustomization.yaml'),
    '# Written by synth (io.datalayer.synth.Kustomization): every manifest of this environment.\n'
    + 'apiVersion: kustomize.config.k8s.io/v1beta1\n'
    + 'kind: Kustomization\n'
    + 'resources:\n'
    + manifests.map((m) => `  - ${m}\n`).join(''));
}

// As io.datalayer.Main: one app per environment, each writing its own folder.
for (const [name, config] of Object.entries(environments.all())) {
  const folder = path.join(outdir, name);
  const app = new App({ outdir: folder, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  new DataLayerChart(app, config());
  app.synth();
  writeKustomization(folder);
}
