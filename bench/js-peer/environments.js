// The environments of the JavaScript peer, as io.datalayer.Environments builds them: the production
// choices made there, and each props record's defaults (the effective values its compact
// constructor applies) in one function per record.
'use strict';
const { Peer, storage } = require('./kit');
const { requirement } = require('./layer');

const withMinLength = (req, minLength) => ({ ...req, minLength });

const postgresProps = (o) => ({
  name: 'postgresql', image: 'postgres:18.1', uid: 999, superuser: 'postgres', superuserSecretName: 'postgresql-superuser',
  superuserPasswordKey: 'password', port: 5432, sharedMemorySize: '256Mi', terminationGracePeriodSeconds: 120,
  vaultNamespace: 'platform', vaultPodSelector: { 'app.kubernetes.io/name': 'vault', component: 'server' },
  passwordSyncIntervalSeconds: 10, parameters: {}, ...o,
});
const backupTiming = {
  timeZone: 'Etc/UTC', keepWeekly: 4, shrinkWarnPercent: 50, lockWaitSeconds: 600, startingDeadlineSeconds: 3600,
  backoffLimit: 2, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3, ttlSecondsAfterFinished: 604800,
};
const postgresBackupProps = (o) => ({
  ...backupTiming, name: 'postgresql-backup', schedule: '30 2 * * *', terminationGracePeriodSeconds: 60, databases: [],
  activeDeadlineSeconds: 10800, ...o,
});
const restoreTiming = { keepReplaced: true, lockWaitSeconds: 60, ttlSecondsAfterFinished: 604800 };
const postgresRestoreProps = (o) => ({
  ...restoreTiming, name: 'postgresql-restore', activeDeadlineSeconds: 21600, terminateClients: false, terminationGracePeriodSeconds: 120, ...o,
});
const redisProps = (o) => ({
  name: 'redis', image: 'redis:8.10.2', uid: 999, port: 6379, maxmemoryPercent: 70, evictionPolicy: 'volatile-lru',
  snapshots: '3600 1 300 100 60 10000', usersSecret: withMinLength(requirement('redis', 'admin-password', 'backup-password'), 16),
  appSecret: withMinLength(requirement('redis-app', 'password'), 16), terminationGracePeriodSeconds: 60, aclSyncIntervalSeconds: 10,
  vaultPeer: null, ...o,
});
const redisBackupProps = (o) => ({
  ...backupTiming, name: 'redis-backup', schedule: '45 2 * * *', terminationGracePeriodSeconds: 30, activeDeadlineSeconds: 3600, ...o,
});
const redisRestoreProps = (o) => ({ ...restoreTiming, name: 'redis-restore', activeDeadlineSeconds: 3600, terminationGracePeriodSeconds: 60, ...o });
const offsiteProps = (o) => ({
  enabled: true, secretName: 'backup-s3', provider: 'Other', prefix: 'data-layer', egressCidr: null, egressPeer: null, egressPort: 443,
  image: 'rclone/rclone:1.75.1', syncSchedule: '10 * * * *',
  secret: requirement('backup-s3', 'bucket', 'endpoint', 'region', 'access-key-id', 'secret-access-key', 'crypt-password', 'crypt-salt'),
  ...o,
});
const monitoringProps = (enabled) => ({
  enabled, prometheusNamespace: 'monitoring', prometheusPodSelector: { 'app.kubernetes.io/name': 'prometheus' }, selectorLabels: {},
  scrapeInterval: '30s', backupMaxAge: '26h', offsiteMaxAge: '6h',
  runbookUrl: 'https://git.example.org/platform/data-layer/-/blob/main/docs/runbooks/alerts.md', postgresRole: 'monitoring',
  postgresSecret: withMinLength(requirement('postgres-monitoring', 'password'), 16),
  postgresExporterImage: 'quay.io/prometheuscommunity/postgres-exporter:v0.17.1', exporterResources: ['10m', '32Mi', '200m', '64Mi'],
  redisUser: 'monitoring', redisSecret: withMinLength(requirement('redis-monitoring', 'password'), 16),
  redisExporterImage: 'oliver006/redis_exporter:v1.89.0-alpine',
});
const vault = (server, role) => ({
  name: 'vault', kvMount: 'secret',
  connection: { server, role, authMountPath: 'kubernetes', serviceAccountName: 'vault-secret-store' },
});

function prod() {
  return {
    namespace: { name: 'data', podSecurityVersion: 'v1.28' },
    secretStore: vault('http://vault.platform.svc:8200', 'data-layer'),
    postgresSecret: withMinLength(requirement('postgres', 'password'), 16),
    postgres: postgresProps({ storage: storage('10Gi', 'local-path'), resources: ['250m', '512Mi', '2', '1Gi'] }),
    backup: postgresBackupProps({ retention: 7, storage: storage('20Gi', 'local-path'), resources: ['100m', '256Mi', '1', '1Gi'] }),
    restore: postgresRestoreProps({ resources: ['250m', '256Mi', '2', '1Gi'] }),
    redis: redisProps({ storage: storage('5Gi', 'local-path'), resources: ['100m', '256Mi', '1', '1Gi'] }),
    redisBackup: redisBackupProps({ retention: 7, storage: storage('10Gi', 'local-path'), resources: ['50m', '96Mi', '500m', '256Mi'] }),
    redisRestore: redisRestoreProps({ resources: ['100m', '256Mi', '1', '1Gi'] }),
    offsite: offsiteProps({ egressCidr: '10.0.40.10/32' }),
    monitoring: monitoringProps(true),
  };
}

function dev() {
  const p = prod();
  return {
    ...p,
    secretStore: vault('http://vault-dev.platform.svc:8200', 'data-layer-dev'),
    postgres: { ...p.postgres, storage: storage('2Gi', 'local-path'), resources: ['100m', '256Mi', '1', '512Mi'], sharedMemorySize: '128Mi' },
    backup: { ...p.backup, retention: 3, storage: storage('5Gi', 'local-path'), resources: ['50m', '128Mi', '500m', '512Mi'] },
    restore: { ...p.restore, resources: ['100m', '128Mi', '1', '512Mi'] },
    redis: { ...p.redis, storage: storage('1Gi', 'local-path'), resources: ['50m', '64Mi', '500m', '256Mi'] },
    redisBackup: { ...p.redisBackup, retention: 3, storage: storage('2Gi', 'local-path'), resources: ['20m', '96Mi', '250m', '128Mi'] },
    redisRestore: { ...p.redisRestore, resources: ['50m', '64Mi', '500m', '256Mi'] },
    offsite: {
      ...p.offsite, provider: 'Minio', egressCidr: null, egressPeer: Peer.podsIn('minio', { 'app.kubernetes.io/name': 'minio' }), egressPort: 9000,
    },
    monitoring: monitoringProps(false),
  };
}

/** Every environment by its folder name under dist/, in synth order. */
const all = () => ({ prod, dev });

module.exports = { all };
