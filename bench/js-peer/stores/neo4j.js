// Neo4j in the JavaScript peer (io.datalayer.stores.neo4j), one file for everything the store owns:
// its settings with the defaults of Neo4jProps, its two ExternalSecrets, the server (StatefulSet run
// by the supervisor server.sh, neo4j.conf, Services for Bolt, budget, policies), the backup and restore
// CronJobs whose request.sh asks that supervisor (Neo4jBackup, Neo4jRestore), and the alerts on them
// (DataLayerNeo4jDown and DataLayerNeo4jDownTooLong from kube-state-metrics: Community has no metrics
// endpoint). It exports what
// every store file exports (main.js calls it): name, scriptsDir, settings(overrides) for
// environments.js, and phases(chart, settings, ctx).
'use strict';
const { JsonPatch } = require('cdk8s');
const { Construct } = require('constructs');
const { k8s } = require('cdk8s-plus-28');
const {
  APP_LAYER, DATA_VOLUME, LAYER, Mount, NetworkAccess, Peer, PodVolumes, ServerStatefulSet, ServicePair, SingleServerBudget,
  StoreNames, containerSecurityContext, env, execProbe, labelsOf, memoryLimitBytes, namespaceOf, readScript, requirements,
  serverPod, serviceAccount, sha256,
} = require('../kit');
const { requirement, withMinLength } = require('../layer');
const {
  BACKUP_DIR, backupParts, backupTiming, cronJob, lockHolderEnv, offsiteSync, pod, restoreTiming, runsEnv, scheduled, suspendedTemplate,
} = require('../backup');

/** This store's scripts: src/main/resources/io/datalayer/<scriptsDir>/ (kit.readScript). */
const scriptsDir = 'stores/neo4j';
const storeScript = (file) => readScript(scriptsDir, file);

const STORE = 'neo4j';
const CLIENT_LABEL = 'data-layer/neo4j-client';
const DOWN_ALERT = 'DataLayerNeo4jDown';
const CONFIG_DIR = '/conf';
const CONFIG_FILE = 'neo4j.conf';
const DATA_DIR = '/data';
const LOGS_DIR = '/logs';
const RUN_DIR = '/run/neo4j';
const STATE_DIR = `${DATA_DIR}/.datalayer`;
const SUPERVISOR_DIR = '/supervisor';
const SUPERVISOR_SCRIPT = 'server.sh';
const ADMIN_DIR = '/etc/neo4j-admin';
const APP_DIR = '/etc/neo4j-app';
const ADMIN_PASSWORD_KEY = 'admin-password';
const APP_PASSWORD_KEY = 'password';
const REQUESTS_DIR = '/backups/.requests';
const SCRIPTS_DIR = '/scripts';
const SCRATCH_DIR = '/backup-scratch';
const IMAGE_HOME = '/var/lib/neo4j';

const limitMib = (props) => Math.trunc(memoryLimitBytes(props.resources) / 1048576);
const heapMib = (props) => Math.trunc(limitMib(props) * props.heapPercent / 100);
const pageCacheMib = (props) => Math.trunc(limitMib(props) * props.pageCachePercent / 100);
const passwordMinLength = (props) => Math.min(props.adminSecret.minLength, props.appSecret.minLength);

// --- Neo4jConfig --------------------------------------------------------------------------------------
const settingsOf = (props, host) => [
  ['server.config.strict_validation.enabled', 'true'], ['server.directories.data', DATA_DIR], ['server.directories.logs', LOGS_DIR],
  ['server.directories.run', RUN_DIR], ['server.default_advertised_address', host], ['server.bolt.enabled', 'true'],
  ['server.bolt.listen_address', `0.0.0.0:${props.boltPort}`], ['server.bolt.tls_level', 'DISABLED'], ['server.http.enabled', 'true'],
  ['server.http.listen_address', `127.0.0.1:${props.httpPort}`], ['server.http_enabled_modules', 'TRANSACTIONAL_ENDPOINTS'],
  ['server.https.enabled', 'false'], ['dbms.security.auth_enabled', 'true'],
  ['dbms.security.auth_minimum_password_length', String(passwordMinLength(props))],
  ['server.memory.heap.initial_size', `${heapMib(props)}m`], ['server.memory.heap.max_size', `${heapMib(props)}m`],
  ['server.memory.pagecache.size', `${pageCacheMib(props)}m`], ['server.jvm.additional', '-XX:+ExitOnOutOfMemoryError'],
  ['dbms.usage_report.enabled', 'false'],
];
const neo4jConf = (props, host) => '# Written by data-layer from Neo4jProps; change the props, not this file.\n'
  + settingsOf(props, host).map(([key, value]) => `${key}=${value}\n`).join('');

// --- Neo4j --------------------------------------------------------------------------------------------
const adminSecretName = (props) => `${props.name}-admin`;
const appSecretName = (props) => `${props.name}-app`;

class Neo4j extends Construct {
  /** maintenanceMounts and maintenanceEnv: what the backup side's scripts need in the server container. */
  constructor(scope, id, props, maintenanceMounts, maintenanceEnv) {
    super(scope, id);
    this.props = props;
    this.maintenanceMounts = maintenanceMounts;
    this.maintenanceEnv = maintenanceEnv;
    this.names = new StoreNames(props.name, namespaceOf(this));
    const names = this.names;
    const conf = neo4jConf(props, names.host());
    const supervisor = storeScript(SUPERVISOR_SCRIPT);
    const labels = labelsOf(props.name, 'graph');
    serviceAccount(this, 'service-account', names.meta(props.name, labels));
    new k8s.KubeConfigMap(this, 'config', { metadata: names.meta(names.config(), labels), data: { [CONFIG_FILE]: conf } });
    new k8s.KubeConfigMap(this, 'supervisor', {
      metadata: names.meta(`${props.name}-supervisor`, labels), data: { [SUPERVISOR_SCRIPT]: supervisor },
    });
    new ServicePair(this, 'services', names, 'bolt', props.boltPort, labels);
    new ServerStatefulSet(this, 'statefulset', names, labels, props.storage, { 'data-layer/config-sha256': sha256(conf, supervisor) },
      this.podSpec());
    new SingleServerBudget(this, 'disruption-budget', names, labels);
    this.access = new NetworkAccess(this, 'network', names, props.boltPort, CLIENT_LABEL,
      [Peer.namespacesLabelled({ [LAYER]: APP_LAYER })], labels);
  }

  podSpec() {
    const p = this.props;
    const script = `${SUPERVISOR_DIR}/${SUPERVISOR_SCRIPT}`;
    const ready = ['sh', script, '--ready'];
    const volumes = new PodVolumes();
    const server = {
      name: 'neo4j', image: p.image, imagePullPolicy: 'IfNotPresent', command: ['sh', script],
      env: [env('NEO4J_HOME', IMAGE_HOME), env('NEO4J_CONF', CONFIG_DIR), env('NEO4J_DATA_DIR', DATA_DIR), env('NEO4J_STATE_DIR', STATE_DIR),
        env('NEO4J_RUN_DIR', RUN_DIR), env('NEO4J_HTTP_URL', `http://127.0.0.1:${p.httpPort}`),
        env('NEO4J_ADMIN_PASSWORD_FILE', `${ADMIN_DIR}/${ADMIN_PASSWORD_KEY}`), env('NEO4J_APP_USER', p.appUser),
        env('NEO4J_APP_PASSWORD_FILE', `${APP_DIR}/${APP_PASSWORD_KEY}`), env('NEO4J_SYNC_MIN_LENGTH', String(passwordMinLength(p))),
        env('NEO4J_START_TIMEOUT_SECONDS', String(p.startTimeoutSeconds)),
        env('NEO4J_STOP_TIMEOUT_SECONDS', String(p.terminationGracePeriodSeconds - 10)),
        env('NEO4J_MAINTENANCE_POLL_SECONDS', String(p.maintenancePollSeconds)),
        env('NEO4J_MAINTENANCE_WINDOW_SECONDS', String(p.maintenanceWindowSeconds)), env('NEO4J_REQUESTS_DIR', REQUESTS_DIR),
        env('NEO4J_SCRIPTS_DIR', SCRIPTS_DIR), env('TMPDIR', '/tmp'), ...this.maintenanceEnv],
      ports: [{ name: 'bolt', containerPort: p.boltPort, protocol: 'TCP' }],
      resources: requirements(p.resources), securityContext: containerSecurityContext(),
      startupProbe: execProbe(ready, 10, 10, Math.trunc(p.startTimeoutSeconds / 10) + 6), readinessProbe: execProbe(ready, 10, 10, 3),
      livenessProbe: execProbe(['sh', script, '--live'], 15, 10, 4),
      volumeMounts: volumes.mount(Mount.claimTemplate(DATA_VOLUME, DATA_DIR), Mount.configMap('config', this.names.config(), CONFIG_DIR),
        Mount.configMap('supervisor', `${p.name}-supervisor`, SUPERVISOR_DIR),
        Mount.secretKey('admin', adminSecretName(p), ADMIN_PASSWORD_KEY, ADMIN_PASSWORD_KEY, ADMIN_DIR),
        Mount.secretKey('app', appSecretName(p), APP_PASSWORD_KEY, APP_PASSWORD_KEY, APP_DIR),
        Mount.emptyDir('logs', LOGS_DIR, '1Gi'), Mount.memory('run', RUN_DIR, '16Mi'), Mount.emptyDir('tmp', '/tmp', '256Mi'),
        ...this.maintenanceMounts),
    };
    return serverPod(p.name, p.uid, p.terminationGracePeriodSeconds, [], [server], volumes.volumes());
  }
}

const noReadyPod = (names) => `kube_statefulset_status_replicas_ready{namespace="${names.namespace}",statefulset="${names.name}"} < 1`;
const maintenanceJobActive = (names) => `(sum by (namespace) (kube_job_status_active{namespace="${names.namespace}",`
  + `job_name=~"${names.name}-(backup|restore)-.*"}) > 0)`;

/** Neo4jStore.downAlert: no ready pod while no backup or restore job of the store runs. */
const downAlert = (names) => ({
  store: STORE, alert: DOWN_ALERT, expr: `${noReadyPod(names)} unless on (namespace) ${maintenanceJobActive(names)}`,
  forDuration: '5m', severity: 'critical', summary: `The ${STORE} server has no ready pod`,
  description: `StatefulSet {{ $labels.namespace }}/${names.name} has had no ready pod for 5 minutes and no backup or`
    + ' restore job of it runs: L4 apps cannot reach the graph store.',
});

// --- Neo4jBackup and Neo4jRestore ------------------------------------------------------------------------
const SCRIPTS = ['backup.sh', 'restore.sh', 'request.sh', 'neo4j-dumps.sh'];
const TOO_LONG_ALERT = 'DataLayerNeo4jDownTooLong';

/** Neo4jBackupProps.of: the server's image, uid and window; the margin covers a poll, a stop and a start. */
const backupPropsOf = (names, server, settings) => ({
  server: names, image: server.image, uid: server.uid, settings, maintenanceWindowSeconds: server.maintenanceWindowSeconds,
  requestMarginSeconds: server.maintenancePollSeconds + server.terminationGracePeriodSeconds + server.startTimeoutSeconds,
  scratchSize: settings.storage.size, databases: ['neo4j', 'system'],
});
const requestEnv = (p, action) => [env('NEO4J_REQUEST_ACTION', action),
  env('NEO4J_MAINTENANCE_WINDOW_SECONDS', String(p.maintenanceWindowSeconds)),
  env('NEO4J_REQUEST_MARGIN_SECONDS', String(p.requestMarginSeconds))];
const jobPod = (p, labels, container, envs, terminationGracePeriodSeconds, resources, offsite, mode) => pod({
  podLabels: labels, container, image: p.image, uid: p.uid, script: 'request.sh', env: envs, resources: requirements(resources),
  terminationGracePeriodSeconds, claimName: `${p.settings.name}s`, scriptsName: `${p.settings.name}-scripts`, storeMounts: [],
  tmpSize: '16Mi', offsite, mode, store: STORE,
});
/**
 * The required podAffinity to the server's pod on its node: the runs claim is ReadWriteOnce and the
 * server mounts it. The labels in key order, as the Java side's map of them is written.
 */
const besideServer = (cron, p) => {
  const labels = p.server.selectorLabels();
  const matchLabels = Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]]));
  cron.addJsonPatch(JsonPatch.add('/spec/jobTemplate/spec/template/spec/affinity', {
    podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels }, topologyKey: 'kubernetes.io/hostname' }] },
  }));
};

class Neo4jBackup extends Construct {
  constructor(scope, id, props, offsite) {
    super(scope, id);
    Object.assign(this, { props, offsite });
    const { settings } = props;
    const labels = backupParts(this, 'runs', props.server, settings, scriptsDir, SCRIPTS);
    const cron = cronJob(this, 'cronjob', props.server.meta(settings.name, labels), labels, scheduled(settings),
      jobPod(props, labels, 'backup', [...runsEnv(settings.retention, settings.keepWeekly, settings.lockWaitSeconds), ...requestEnv(props, 'backup')],
        settings.terminationGracePeriodSeconds, settings.resources, offsite, 'after'));
    besideServer(cron, props);
    this.offsiteSyncName = offsiteSync(this, props.server, settings, props.image, props.uid, settings.resources, offsite, STORE);
    if (this.offsiteSyncName) besideServer(this.node.findChild('offsite-sync'), props);
  }

  serverMounts() {
    const { settings } = this.props;
    return [Mount.claim('backups', `${settings.name}s`, BACKUP_DIR), Mount.configMap('backup-scripts', `${settings.name}-scripts`, SCRIPTS_DIR),
      Mount.emptyDir('backup-scratch', SCRATCH_DIR, this.props.scratchSize)];
  }

  serverEnv() {
    const { settings } = this.props;
    return [env('BACKUP_DIR', BACKUP_DIR), env('BACKUP_RETENTION', String(settings.retention)),
      env('BACKUP_KEEP_WEEKLY', String(settings.keepWeekly)), env('BACKUP_SHRINK_PERCENT', String(settings.shrinkWarnPercent)),
      env('BACKUP_LOCK_WAIT_SECONDS', String(settings.lockWaitSeconds)), ...lockHolderEnv().filter((e) => e.name === 'POD_NAME'),
      env('NEO4J_BACKUP_DATABASES', this.props.databases.join(' ')), env('NEO4J_BACKUP_SCRATCH_DIR', SCRATCH_DIR),
      ...(this.offsite ? [env('OFFSITE_DEPLOYMENT', this.offsite.deployment())] : [])];
  }

  tooLongAlert() {
    const p = this.props;
    return {
      store: STORE, alert: TOO_LONG_ALERT, expr: `${noReadyPod(p.server)} and on (namespace) ${maintenanceJobActive(p.server)}`,
      forDuration: `${p.maintenanceWindowSeconds + p.requestMarginSeconds}s`, severity: 'critical',
      summary: 'Neo4j has been down longer than its maintenance window',
      description: `StatefulSet {{ $labels.namespace }}/${p.server.name} has had no ready pod for longer than the`
        + ` maintenance window (${p.maintenanceWindowSeconds}s) plus the margin (${p.requestMarginSeconds}s) while a backup or`
        + ' restore Job of it runs. A maintenance never takes that long: the supervisor did not bring neo4j back.',
    };
  }
}

class Neo4jRestore extends Construct {
  constructor(scope, id, backup, props) {
    super(scope, id);
    this.props = props;
    const p = backup.props;
    const labels = labelsOf(props.name, 'restore');
    const envs = [...runsEnv(p.settings.retention, p.settings.keepWeekly, props.lockWaitSeconds), ...requestEnv(p, 'restore'), env('RESTORE_RUN', ''),
      env('RESTORE_FROM', 'local')];
    besideServer(cronJob(this, 'cronjob', p.server.meta(props.name, labels), labels, suspendedTemplate(props),
      jobPod(p, labels, 'restore', envs, props.terminationGracePeriodSeconds, props.resources, backup.offsite, 'before')), p);
  }

  serverEnv() {
    return [env('RESTORE_KEEP_REPLACED', String(this.props.keepReplaced)),
      env('RESTORE_LOCK_WAIT_SECONDS', String(this.props.lockWaitSeconds)), env('RESTORE_FROM', 'local')];
  }
}

// --- The store's settings and phases ------------------------------------------------------------------
const serverProps = (o) => ({
  name: 'neo4j', image: 'neo4j:5.26.30-community', uid: 7474, boltPort: 7687, httpPort: 7474, heapPercent: 40, pageCachePercent: 30,
  adminSecret: withMinLength(requirement('neo4j', ADMIN_PASSWORD_KEY), 16), appSecret: withMinLength(requirement('neo4j-app', APP_PASSWORD_KEY), 16),
  appUser: 'app', terminationGracePeriodSeconds: 120, startTimeoutSeconds: 600, maintenancePollSeconds: 10, maintenanceWindowSeconds: 3600,
  ...o,
});

/** Neo4jBackupProps.backupSettings and Neo4jRestore.restoreSettings. */
const backupProps = (o) => ({
  ...backupTiming, name: 'neo4j-backup', schedule: '30 3 * * *', terminationGracePeriodSeconds: 60, activeDeadlineSeconds: 7200,
  lockWaitSeconds: 300, ...o,
});
const restoreProps = (o) => ({ ...restoreTiming, name: 'neo4j-restore', activeDeadlineSeconds: 7200, terminationGracePeriodSeconds: 60, ...o });

/** This store's settings in one environment: the records' defaults under the environment's choices, { server, backup, restore }. */
const settings = (o = {}) => ({
  store: module.exports, server: serverProps(o.server), backup: backupProps(o.backup), restore: restoreProps(o.restore),
});

/**
 * The store's objects in one chart, in Neo4jStore.build's order: the backup and restore (the server
 * pod mounts their volume and scripts and carries their env), the server, then its two Secrets
 * (named by the server), and what the alerts watch.
 */
function phases(chart, s, ctx) {
  let server = null;
  let backup = null;
  let restore = null;
  return {
    order: ['backups', 'server', 'secrets'],
    backups() {
      const names = new StoreNames(s.server.name, namespaceOf(chart));
      backup = new Neo4jBackup(chart, 'neo4j-backup', backupPropsOf(names, s.server, s.backup), ctx.offsite());
      restore = new Neo4jRestore(chart, 'neo4j-restore', backup, s.restore);
    },
    server() {
      server = new Neo4j(chart, 'neo4j', s.server, backup.serverMounts(), [...backup.serverEnv(), ...restore.serverEnv()]);
    },
    secrets() {
      ctx.externalSecret('neo4j-admin', s.server.adminSecret, adminSecretName(s.server));
      ctx.externalSecret('neo4j-app', s.server.appSecret, appSecretName(s.server));
    },
    alerts: () => ({
      backups: [{ store: STORE, cronJob: s.backup.name, offsiteCronJob: backup.offsiteSyncName }],
      exporters: [], storeAlerts: [downAlert(server.names), backup.tooLongAlert()],
    }),
  };
}

module.exports = { name: STORE, scriptsDir, settings, phases };
