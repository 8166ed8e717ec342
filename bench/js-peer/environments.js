// The environments of the JavaScript peer, as io.datalayer.app.Environments builds them: the
// production choices made there, the layer-wide settings with their props records' defaults (the
// effective values each compact constructor applies), and each environment's list of stores, whose
// settings (and their defaults) come from the store's own file in stores/.
'use strict';
const { Peer, storage } = require('./kit');
const { requirement } = require('./layer');
// The stores, registered: each store's file is named here and nowhere else; an environment lists
// the settings of the stores it runs, in the order the chart writes them.
const postgres = require('./stores/postgres');
const redis = require('./stores/redis');
const neo4j = require('./stores/neo4j');
const clickhouse = require('./stores/clickhouse');

const offsiteProps = (o) => ({
  enabled: true, secretName: 'backup-s3', provider: 'Other', prefix: 'data-layer', egressCidr: null, egressPeer: null, egressPort: 443,
  image: 'rclone/rclone:1.75.1', syncSchedule: '10 * * * *',
  secret: requirement('backup-s3', 'bucket', 'endpoint', 'region', 'access-key-id', 'secret-access-key', 'crypt-password', 'crypt-salt'),
  ...o,
});
/** What every store's exporter and the alerts share; each store's login and exporter image are in its settings. */
const monitoringProps = (enabled) => ({
  enabled, prometheusNamespace: 'monitoring', prometheusPodSelector: { 'app.kubernetes.io/name': 'prometheus' }, selectorLabels: {},
  scrapeInterval: '30s', backupMaxAge: '26h', offsiteMaxAge: '6h',
  runbookUrl: 'https://git.example.org/platform/data-layer/-/blob/main/docs/runbooks/alerts.md', exporterResources: ['10m', '32Mi', '200m', '64Mi'],
});
const vault = (server, role) => ({
  name: 'vault', kvMount: 'secret',
  connection: { server, role, authMountPath: 'kubernetes', serviceAccountName: 'vault-secret-store' },
});

function prod() {
  return {
    namespace: { name: 'data', podSecurityVersion: 'v1.28' },
    secretStore: vault('http://vault.platform.svc:8200', 'data-layer'),
    offsite: offsiteProps({ environment: 'prod', egressCidr: '10.0.40.10/32' }),
    monitoring: monitoringProps(true),
    stores: [
      postgres.settings({
        server: { storage: storage('10Gi', 'local-path'), resources: ['250m', '512Mi', '2', '1Gi'] },
        backup: { retention: 7, storage: storage('20Gi', 'local-path'), resources: ['100m', '256Mi', '1', '1Gi'] },
        restore: { resources: ['250m', '256Mi', '2', '1Gi'] },
        drill: { dataSize: '20Gi', resources: ['250m', '512Mi', '2', '1Gi'] },
      }),
      redis.settings({
        server: { storage: storage('5Gi', 'local-path'), resources: ['100m', '256Mi', '1', '1Gi'] },
        backup: { retention: 7, storage: storage('10Gi', 'local-path'), resources: ['50m', '96Mi', '1', '1Gi'] },
        restore: { resources: ['100m', '256Mi', '1', '1Gi'] },
        drill: { dataSize: '4Gi', resources: ['100m', '128Mi', '1', '1Gi'] },
      }),
      neo4j.settings({
        server: { storage: storage('20Gi', 'local-path'), resources: ['500m', '2Gi', '2', '4Gi'] },
        backup: { retention: 7, storage: storage('40Gi', 'local-path'), resources: ['50m', '96Mi', '500m', '256Mi'] },
        restore: { resources: ['50m', '96Mi', '500m', '256Mi'] },
      }),
      clickhouse.settings({
        server: { storage: storage('20Gi', 'local-path'), resources: ['500m', '2Gi', '2', '4Gi'] },
        backup: { retention: 7, storage: storage('60Gi', 'local-path'), resources: ['100m', '256Mi', '1', '512Mi'] },
        restore: { resources: ['100m', '256Mi', '1', '512Mi'] },
        drill: { dataSize: '20Gi', resources: ['250m', '1Gi', '2', '2Gi'] },
      }),
    ],
  };
}

function dev() {
  const p = prod();
  return {
    ...p,
    secretStore: vault('http://vault-dev.platform.svc:8200', 'data-layer-dev'),
    offsite: {
      ...p.offsite, environment: 'dev', provider: 'Minio', egressCidr: null, egressPeer: Peer.podsIn('minio', { 'app.kubernetes.io/name': 'minio' }), egressPort: 9000,
    },
    monitoring: monitoringProps(false),
    stores: [
      postgres.settings({
        server: { storage: storage('2Gi', 'local-path'), resources: ['100m', '256Mi', '1', '512Mi'], sharedMemorySize: '128Mi' },
        backup: { retention: 3, storage: storage('5Gi', 'local-path'), resources: ['50m', '128Mi', '500m', '512Mi'] },
        restore: { resources: ['100m', '128Mi', '1', '512Mi'] },
        drill: { scheduled: false, dataSize: '5Gi', resources: ['100m', '256Mi', '1', '512Mi'] },
      }),
      redis.settings({
        server: { storage: storage('1Gi', 'local-path'), resources: ['50m', '64Mi', '500m', '256Mi'] },
        backup: { retention: 3, storage: storage('2Gi', 'local-path'), resources: ['20m', '96Mi', '500m', '256Mi'] },
        restore: { resources: ['50m', '64Mi', '500m', '256Mi'] },
        drill: { scheduled: false, dataSize: '1Gi', resources: ['50m', '64Mi', '500m', '256Mi'] },
      }),
      neo4j.settings({
        server: { storage: storage('5Gi', 'local-path'), resources: ['100m', '1Gi', '1', '1Gi'] },
        backup: { retention: 3, storage: storage('10Gi', 'local-path'), resources: ['20m', '96Mi', '250m', '128Mi'] },
        restore: { resources: ['20m', '96Mi', '250m', '128Mi'] },
      }),
      clickhouse.settings({
        server: { storage: storage('5Gi', 'local-path'), resources: ['100m', '512Mi', '1', '1Gi'] },
        backup: { retention: 3, storage: storage('10Gi', 'local-path'), resources: ['50m', '128Mi', '500m', '512Mi'] },
        restore: { resources: ['50m', '128Mi', '500m', '512Mi'] },
        drill: { scheduled: false, dataSize: '5Gi', resources: ['100m', '512Mi', '1', '1Gi'] },
      }),
    ],
  };
}

/** Every environment by its folder name under dist/, in synth order. */
const all = () => ({ prod, dev });

module.exports = { all };
