#!/usr/bin/env node
// The benchmark's JavaScript peer: every environment of data-layer (io.datalayer.app.Environments:
// each in its own folder with its kustomization.yaml) written as a plain cdk8s app on Node, with
// constructs of the same shape as the Java app's and the same cdk8s-plus-28 types, CRD imports and
// JSON patches it reaches through jsii; the scripts are read from the same files in
// src/main/resources. It exists to show what the same synth costs without the JVM and the jsii
// bridge; scripts/bench.py runs both side by side and checks that they write the same bytes, and
// JsPeerTest fails the build when they differ. It is not the product: change the Java constructs,
// then mirror the change here. Which file holds what:
//   stores/<name>.js  one file per store, everything it owns (io.datalayer.stores.<name>): its
//                     settings' defaults, ExternalSecrets, server, backup, restore, exporter, alert
//                     inputs; each exports { name, scriptsDir, settings(o), phases(chart, settings, ctx) }
//   environments.js   io.datalayer.app.Environments: registers the stores; each environment's
//                     layer-wide settings and its list of store settings
//   kit.js            io.datalayer.kit
//   layer.js          io.datalayer.namespace, io.datalayer.secrets, io.datalayer.gitops
//   backup.js         io.datalayer.backup
//   monitoring.js     io.datalayer.monitoring
//   main.js           io.datalayer.app (Main, DataLayerChart), io.datalayer.publish.Kustomization
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

const ROOT = path.resolve(__dirname, '..', '..');
const outdir = process.argv[2] || process.env.CDK8S_OUTDIR || path.join(ROOT, 'target', 'js-peer', 'out');

/**
 * io.datalayer.app.DataLayerChart: one environment. It names no store: it calls the phases of each
 * store in the environment's list (config.stores, from environments.js).
 */
class DataLayerChart extends Chart {
  constructor(scope, config) {
    super(scope, 'data-layer', { disableResourceNameHashes: true, namespace: config.namespace.name });
    new DataNamespace(this, 'namespace', config.namespace);
    const secretStore = new VaultSecretStore(this, 'vault', config.secretStore);
    let offsite;
    /** What every store shares, handed to its phases. */
    const ctx = {
      /** The environment's monitoring settings (enabled, and what every exporter and the alerts share). */
      monitoring: config.monitoring,
      /** An ExternalSecret from the environment's Vault SecretStore into the Secret targetSecretName. */
      externalSecret: (id, requirement, targetSecretName) => new VaultExternalSecret(this, id, secretStore, requirement, targetSecretName),
      /** The off-site copies' shared objects (Secret, egress policy), made where first asked for; null when off. */
      offsite: () => {
        if (offsite === undefined) offsite = config.offsite.enabled ? new Offsite(this, 'offsite', secretStore, config.offsite) : null;
        return offsite;
      },
    };
    const stores = config.stores.map((settings) => settings.store.phases(this, settings, ctx));

    // The Java app's order (io.datalayer.app.DataLayerChart): the off-site shared objects, then each
    // store whole, in list order and in the order of its own build (its `order`), then the alerts.
    ctx.offsite();
    for (const store of stores) store.order.forEach((phase) => store[phase]());
    if (config.monitoring.enabled) {
      const watched = stores.map((store) => store.alerts());
      new Alerts(this, 'alerts', config.monitoring, watched.flatMap((w) => w.backups), watched.flatMap((w) => w.exporters),
        watched.flatMap((w) => w.storeAlerts || []), watched.flatMap((w) => w.drills || []));
    }
    gitOps(this);
  }
}

// io.datalayer.publish.Kustomization: the folder's manifests, listed by name. The comment it writes
// is the Java app's, byte for byte: change it only when the app's output changes.
function writeKustomization(folder) {
  const manifests = fs.readdirSync(folder).filter((f) => f.endsWith('.k8s.yaml')).sort();
  fs.writeFileSync(path.join(folder, 'kustomization.yaml'),
    '# Written by synth (io.datalayer.publish.Kustomization): every manifest of this environment.\n'
    + 'apiVersion: kustomize.config.k8s.io/v1beta1\n'
    + 'kind: Kustomization\n'
    + 'resources:\n'
    + manifests.map((m) => `  - ${m}\n`).join(''));
}

// As io.datalayer.app.Main: one app per environment, each writing its own folder.
for (const [name, config] of Object.entries(environments.all())) {
  const folder = path.join(outdir, name);
  const app = new App({ outdir: folder, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  new DataLayerChart(app, config());
  app.synth();
  writeKustomization(folder);
}
