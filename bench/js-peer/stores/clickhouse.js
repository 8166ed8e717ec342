// ClickHouse in the JavaScript peer (io.datalayer.stores.clickhouse), one file for everything the
// store owns: its settings with the defaults of its props record, its three ExternalSecrets, the
// server with its users rendering (init container and sidecar) and the backup claim as its disk, the
// nightly BACKUP with its off-site sync, the suspended restore, the built-in Prometheus endpoint and
// the store-down alert when monitoring is on. It exports what every store file exports (main.js calls
// it): name, scriptsDir, settings(overrides) for environments.js, and phases(chart, settings, ctx).
'use strict';
const { ApiObject, JsonPatch } = require('cdk8s');
const { Construct } = require('constructs');
const { k8s } = require('cdk8s-plus-28');
const { ScrapeTarget } = require('../monitoring');
const {
  APP_LAYER, DATA_VOLUME, LAYER, Mount, NetworkAccess, Peer, PodVolumes, ServerStatefulSet, ServicePair, SingleServerBudget,
  ScriptSidecar, StoreNames, containerSecurityContext, env, intOrString, labelsOf, memoryLimitBytes, namespaceOf, readScript,
  requirements, serverPod, serviceAccount, sha256,
} = require('../kit');
const {
  BACKUP_DIR: JOBS_BACKUP_DIR, backupParts, backupTiming, cronJob, drillTiming, lockHolderEnv, offsiteSync, pod, restoreDrill,
  restoreTiming, scheduled, suspendedTemplate,
} = require('../backup');
const { requirement, withMinLength } = require('../layer');

const scriptsDir = 'stores/clickhouse';
const storeScript = (file) => readScript(scriptsDir, file);

const STORE = 'clickhouse';
const CLIENT_LABEL = 'data-layer/clickhouse-client';
const DATA_DIR = '/var/lib/clickhouse';
const CONFIG_DIR = '/etc/clickhouse-server';
const CONFIG_FILE = 'config.xml';
const USERS_DIR = '/run/clickhouse-users';
const USERS_FILE = `${USERS_DIR}/users.xml`;
const USERS_SECRET_DIR = '/etc/clickhouse-secrets/users';
const APP_SECRET_DIR = '/etc/clickhouse-secrets/app';
const MONITORING_SECRET_DIR = '/etc/clickhouse-secrets/monitoring';
const BACKUP_DIR = JOBS_BACKUP_DIR;
const BACKUP_DISK = 'backups';
const METRICS_PATH = '/metrics';
const SCRIPTS_DIR = '/opt/data-layer';
const SCRIPT = 'users-render.sh';
const TEMPLATE = 'users-template.xml';

// --- ClickHouseConfig -----------------------------------------------------------------------------------
const TABLE_ENGINES = ['MergeTree', 'ReplacingMergeTree', 'SummingMergeTree', 'AggregatingMergeTree', 'CollapsingMergeTree',
  'VersionedCollapsingMergeTree', 'Memory', 'Log', 'TinyLog', 'StripeLog', 'Null', 'Buffer', 'Set', 'Join'];
const APP_PRIVILEGES = 'SHOW, SELECT, INSERT, ALTER, CREATE DATABASE, CREATE TABLE, CREATE VIEW, DROP TABLE, DROP VIEW, TRUNCATE, OPTIMIZE';
const SCRATCH_PREFIX = 'datalayer_scratch_';
const BACKUP_GRANTS = ['GRANT BACKUP, SELECT, SHOW DATABASES, SHOW TABLES ON *.*',
  `GRANT CREATE DATABASE, CREATE TABLE, CREATE VIEW, INSERT, DROP DATABASE, DROP TABLE, DROP VIEW ON ${SCRATCH_PREFIX}*.*`];
const MONITORING_GRANTS = ['GRANT SHOW DATABASES, SHOW TABLES, SHOW COLUMNS ON *.*', 'GRANT SELECT ON system.metrics',
  'GRANT SELECT ON system.events', 'GRANT SELECT ON system.asynchronous_metrics', 'GRANT SELECT ON system.disks',
  'GRANT SELECT(database, table, active, rows, bytes_on_disk, modification_time) ON system.parts',
  'GRANT SELECT(id, status, start_time, end_time, num_files, total_size) ON system.backups'];

// An element: [name, text] or [name, [children]], written with four spaces per level.
const leaf = (name, value) => [name, String(value)];
const el = (name, ...children) => [name, children];
const write = ([name, body], depth) => {
  const indent = '    '.repeat(depth);
  if (typeof body === 'string') return `${indent}<${name}>${body}</${name}>\n`;
  return `${indent}<${name}>\n${body.map((c) => write(c, depth + 1)).join('')}${indent}</${name}>\n`;
};
const documentOf = (comment, top) => `<?xml version="1.0"?>\n<!-- ${comment} -->\n<clickhouse>\n`
  + `${top.map((x) => write(x, 1)).join('')}</clickhouse>\n`;

const share = (props, percent) => Math.trunc(memoryLimitBytes(props.resources) / 100) * percent;
const serverMemoryBytes = (props) => share(props, props.serverMemoryPercent);

function configXml(props, backupDisk) {
  const top = [
    el('logger', leaf('level', 'information'), leaf('console', '1')),
    leaf('listen_host', '0.0.0.0'), leaf('tcp_port', props.nativePort), leaf('http_port', props.httpPort),
    leaf('path', `${DATA_DIR}/`), leaf('tmp_path', `${DATA_DIR}/tmp/`), leaf('user_files_path', `${DATA_DIR}/user_files/`),
    leaf('format_schema_path', `${DATA_DIR}/format_schemas/`), leaf('user_scripts_path', `${DATA_DIR}/user_scripts/`),
    el('user_directories', el('users_xml', leaf('path', USERS_FILE)), el('local_directory', leaf('path', `${DATA_DIR}/access/`))),
    el('access_control_improvements', leaf('select_from_system_db_requires_grant', 'true'),
      leaf('select_from_information_schema_requires_grant', 'true'), leaf('table_engines_require_grant', 'true')),
    leaf('default_profile', 'default'),
    leaf('max_server_memory_usage', serverMemoryBytes(props)),
    leaf('mark_cache_size', share(props, props.markCachePercent)),
    leaf('uncompressed_cache_size', share(props, props.uncompressedCachePercent)),
    leaf('mlock_executable', 'false'),
  ];
  if (backupDisk) {
    top.push(el('storage_configuration', el('disks', el(BACKUP_DISK, leaf('type', 'local'), leaf('path', `${BACKUP_DIR}/`)))));
    top.push(el('backups', leaf('allowed_disk', BACKUP_DISK), leaf('allowed_path', `${BACKUP_DIR}/`)));
  }
  top.push(el('prometheus', leaf('endpoint', METRICS_PATH), leaf('port', props.metricsPort), leaf('metrics', 'true'),
    leaf('events', 'true'), leaf('asynchronous_metrics', 'true'), leaf('errors', 'true')));
  return documentOf('Written by data-layer from ClickHouseProps; change the props, not this file.', top);
}

const password = (minLength, file) => leaf('password_sha256_hex', `@@sha256 ${Math.max(1, minLength)} ${file}@@`);
const anyNetwork = () => el('networks', leaf('ip', '::/0'));
const user = (name, minLength, file, profile, grants) => el(name, password(minLength, file), anyNetwork(), leaf('profile', profile),
  el('grants', ...grants.map((g) => leaf('query', g))));

function usersTemplate(props, monitoringUser) {
  const usersMin = props.usersSecret.minLength;
  const engineGrants = TABLE_ENGINES.map((e) => `GRANT TABLE ENGINE ON ${e}`);
  const appGrants = [...props.appDatabases.map((db) => `GRANT ${APP_PRIVILEGES} ON ${db}.*`), ...engineGrants];
  const queryMemory = Math.trunc(serverMemoryBytes(props) / 2);
  return documentOf('Written by data-layer from ClickHouseProps. users-render.sh writes the users file from it,'
    + ' replacing each password marker by the SHA-256 of the file it names.', [
    el('profiles', el('default', leaf('max_memory_usage', queryMemory)),
      ...(monitoringUser ? [el('monitoring', leaf('max_memory_usage', queryMemory), leaf('readonly', '1'))] : [])),
    el('users',
      el('admin', password(usersMin, `${USERS_SECRET_DIR}/admin-password`), anyNetwork(), leaf('profile', 'default'),
        leaf('access_management', '1')),
      user('app', props.appSecret.minLength, `${APP_SECRET_DIR}/password`, 'default', appGrants),
      user('backup', usersMin, `${USERS_SECRET_DIR}/backup-password`, 'default', [...BACKUP_GRANTS, ...engineGrants]),
      ...(monitoringUser ? [user('monitoring', props.monitoringSecret.minLength, `${MONITORING_SECRET_DIR}/password`, 'monitoring',
        MONITORING_GRANTS)] : [])),
  ]);
}

const usersSecretName = (props) => `${props.name}-users`;
const appSecretName = (props) => `${props.name}-app`;
const monitoringSecretName = (props) => `${props.name}-monitoring`;
const metricsJob = (props) => `${props.name}-metrics`;

// --- UsersRender ------------------------------------------------------------------------------------------
const usersMount = () => Mount.memory('users', USERS_DIR, '1Mi');

class UsersRender extends Construct {
  constructor(scope, id, props, monitoringUser, names, labels) {
    super(scope, id);
    this.props = props;
    this.monitoringUser = monitoringUser;
    this.template = usersTemplate(props, monitoringUser);
    new k8s.KubeConfigMap(this, 'script', {
      metadata: names.meta(`${props.name}-users-render`, labels), data: { [SCRIPT]: storeScript(SCRIPT), [TEMPLATE]: this.template },
    });
  }
  initContainer(volumes) { return this.sidecar().initContainer('users-init', volumes, this.mounts(usersMount())); }
  container(volumes) { return this.sidecar().sidecar('users-render', volumes, this.mounts(usersMount()), 'users-render-tmp'); }
  sidecar() {
    const p = this.props;
    return new ScriptSidecar(p.image, `${SCRIPTS_DIR}/${SCRIPT}`, [env('USERS_TEMPLATE', `${SCRIPTS_DIR}/${TEMPLATE}`),
      env('USERS_FILE', USERS_FILE),
      env('WATCH_DIRS', [USERS_SECRET_DIR, APP_SECRET_DIR, ...(this.monitoringUser ? [MONITORING_SECRET_DIR] : [])].join(' ')),
      env('SYNC_INTERVAL_SECONDS', String(p.usersSyncIntervalSeconds)), env('HEARTBEAT_FILE', '/tmp/users-render.alive')]);
  }
  mounts(...more) {
    const p = this.props;
    return [Mount.configMap('users-render', `${p.name}-users-render`, SCRIPTS_DIR),
      Mount.secretKeys('users-secret', usersSecretName(p), ['admin-password', 'backup-password'], USERS_SECRET_DIR),
      Mount.secretKeys('app-secret', appSecretName(p), ['password'], APP_SECRET_DIR),
      ...(this.monitoringUser ? [Mount.secretKeys('monitoring-secret', monitoringSecretName(p), ['password'], MONITORING_SECRET_DIR)] : []),
      ...more];
  }
}

// --- ClickHouseMetrics: the server's own endpoint as a ScrapeTarget named <name>-metrics ------------------
class ClickHouseMetrics extends Construct {
  constructor(scope, id, server, port, monitoring) {
    super(scope, id);
    new ScrapeTarget(this, 'scrape', new StoreNames(metricsJob(server), server.namespace), server.selectorLabels(), port, METRICS_PATH,
      monitoring);
  }
}

// --- ClickHouse -------------------------------------------------------------------------------------------
class ClickHouse extends Construct {
  constructor(scope, id, props, monitoring, backupsClaim) {
    super(scope, id);
    this.props = props;
    this.backupsClaim = backupsClaim;
    this.names = new StoreNames(props.name, namespaceOf(this));
    const names = this.names;
    this.configXml = configXml(props, backupsClaim !== null);
    const labels = labelsOf(props.name, 'analytics');
    serviceAccount(this, 'service-account', names.meta(props.name, labels));
    new k8s.KubeConfigMap(this, 'config', { metadata: names.meta(names.config(), labels), data: { [CONFIG_FILE]: this.configXml } });
    this.users = new UsersRender(this, 'users-render', props, monitoring.enabled, names, labels);
    new ServicePair(this, 'services', names, [['native', props.nativePort], ['http', props.httpPort]], undefined, labels);
    new ServerStatefulSet(this, 'statefulset', names, labels, props.storage,
      { 'data-layer/config-sha256': sha256(this.configXml, this.users.template, storeScript(SCRIPT)) }, this.podSpec());
    new SingleServerBudget(this, 'disruption-budget', names, labels);
    this.access = new NetworkAccess(this, 'network', names, [props.nativePort, props.httpPort], CLIENT_LABEL,
      [Peer.namespacesLabelled({ [LAYER]: APP_LAYER })], labels);
    if (monitoring.enabled) new ClickHouseMetrics(this, 'metrics', names, props.metricsPort, monitoring);
  }

  podSpec() {
    const props = this.props;
    const ping = (periodSeconds, failureThreshold) => ({
      httpGet: { path: '/ping', port: intOrString('http') }, timeoutSeconds: 5, periodSeconds, failureThreshold,
    });
    const ports = [{ name: 'native', containerPort: props.nativePort, protocol: 'TCP' },
      { name: 'http', containerPort: props.httpPort, protocol: 'TCP' }, { name: 'metrics', containerPort: props.metricsPort, protocol: 'TCP' }];
    const mounts = [Mount.claimTemplate(DATA_VOLUME, DATA_DIR), Mount.configMap('config', this.names.config(), CONFIG_DIR),
      usersMount().at(USERS_DIR, true), Mount.emptyDir('tmp', '/tmp', '64Mi')];
    if (this.backupsClaim !== null) mounts.push(Mount.claim('backups', this.backupsClaim, BACKUP_DIR));
    const volumes = new PodVolumes();
    const init = this.users.initContainer(volumes);
    const server = {
      name: 'clickhouse', image: props.image, imagePullPolicy: 'IfNotPresent',
      command: ['clickhouse-server', `--config-file=${CONFIG_DIR}/${CONFIG_FILE}`], env: [env('CLICKHOUSE_WATCHDOG_ENABLE', '0')],
      ports, resources: requirements(props.resources), securityContext: containerSecurityContext(),
      startupProbe: ping(10, 60), readinessProbe: ping(10, 3), livenessProbe: ping(15, 6), volumeMounts: volumes.mount(mounts),
    };
    const sidecar = this.users.container(volumes);
    return serverPod(props.name, props.uid, props.terminationGracePeriodSeconds, [init], [server, sidecar], volumes.volumes());
  }

  host() { return this.names.host(); }
  podLabels() { return this.names.selectorLabels(); }
  clientLabels() { return this.access.clientLabels; }
  backupLogin() { return { user: 'backup', secretName: usersSecretName(this.props), key: 'backup-password' }; }
  adminLogin() { return { user: 'admin', secretName: usersSecretName(this.props), key: 'admin-password' }; }
}

// --- ClickHouseBackup and ClickHouseRestore ---------------------------------------------------------------
const SCRIPTS = ['backup.sh', 'restore.sh', 'drill.sh', 'clickhouse.sh', 'clickhouse-common.sh'];
const PASSWORD_DIR = '/etc/clickhouse-login';
const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

class ClickHouseBackup extends Construct {
  constructor(scope, id, server, props, offsite) {
    super(scope, id);
    Object.assign(this, { server, props, offsite });
    const labels = backupParts(this, 'runs', server.names, props, scriptsDir, SCRIPTS);
    const envs = [...this.connectionEnv(server.backupLogin()), env('BACKUP_RETENTION', String(props.retention)),
      env('BACKUP_KEEP_WEEKLY', String(props.keepWeekly)), env('BACKUP_SHRINK_PERCENT', String(props.shrinkWarnPercent)),
      env('BACKUP_LOCK_WAIT_SECONDS', String(props.lockWaitSeconds)), ...lockHolderEnv()];
    this.besideTheServer(cronJob(this, 'cronjob', server.names.meta(props.name, labels), labels, scheduled(props),
      this.podTemplate(labels, 'backup', 'backup.sh', envs, props.terminationGracePeriodSeconds, props.resources, server.backupLogin(),
        'after')));
    this.offsiteSyncName = offsiteSync(this, server.names, props, server.props.image, server.props.uid, props.resources, offsite, STORE);
    if (this.offsiteSyncName) this.besideTheServer(this.node.findChild('offsite-sync'));
  }

  connectionEnv(login) {
    return [env('CLICKHOUSE_HOST', this.server.host()), env('CLICKHOUSE_PORT', String(this.server.props.nativePort)),
      env('CLICKHOUSE_USER', login.user), env('CLICKHOUSE_PASSWORD_FILE', `${PASSWORD_DIR}/${login.key}`),
      env('CLICKHOUSE_BACKUP_DISK', BACKUP_DISK), env('CLICKHOUSE_SCRATCH_PREFIX', SCRATCH_PREFIX), env('BACKUP_DIR', JOBS_BACKUP_DIR)];
  }

  podTemplate(labels, container, script, envs, terminationGracePeriodSeconds, resources, login, mode) {
    const password = Mount.secretKey('login-password', login.secretName, login.key, login.key, PASSWORD_DIR);
    return pod({
      podLabels: sorted({ ...labels, ...this.server.clientLabels() }), container, image: this.server.props.image, uid: this.server.props.uid,
      script, env: envs, resources: requirements(resources), terminationGracePeriodSeconds, claimName: `${this.props.name}s`,
      scriptsName: `${this.props.name}-scripts`, storeMounts: [password], tmpSize: '16Mi', offsite: this.offsite, mode, store: STORE,
    });
  }

  /** A required podAffinity to the server's pod on its node: the claim is ReadWriteOnce and the server has it mounted. */
  besideTheServer(cronJobObject) {
    const term = { labelSelector: { matchLabels: sorted(this.server.podLabels()) }, topologyKey: 'kubernetes.io/hostname' };
    ApiObject.of(cronJobObject).addJsonPatch(JsonPatch.add('/spec/jobTemplate/spec/template/spec/affinity',
      { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } }));
  }
}

class ClickHouseRestore extends Construct {
  constructor(scope, id, backup, props) {
    super(scope, id);
    const labels = labelsOf(props.name, 'restore');
    const login = backup.server.adminLogin();
    const envs = [...backup.connectionEnv(login), env('RESTORE_RUN', ''), env('RESTORE_FROM', 'local'),
      env('RESTORE_KEEP_REPLACED', String(props.keepReplaced)), env('BACKUP_LOCK_WAIT_SECONDS', String(props.lockWaitSeconds)),
      ...lockHolderEnv()];
    backup.besideTheServer(cronJob(this, 'cronjob', backup.server.names.meta(props.name, labels), labels, suspendedTemplate(props),
      backup.podTemplate(labels, 'restore', 'restore.sh', envs, props.terminationGracePeriodSeconds, props.resources, login, 'before')));
  }
}

// --- The store's settings and phases ------------------------------------------------------------------
const serverProps = (o) => ({
  name: 'clickhouse', image: 'clickhouse/clickhouse-server:26.8.20.9', uid: 101, nativePort: 9000, httpPort: 8123, metricsPort: 9363,
  serverMemoryPercent: 80, markCachePercent: 5, uncompressedCachePercent: 0,
  usersSecret: withMinLength(requirement('clickhouse', 'admin-password', 'backup-password'), 16),
  appSecret: withMinLength(requirement('clickhouse-app', 'password'), 16),
  monitoringSecret: withMinLength(requirement('clickhouse-monitoring', 'password'), 16),
  appDatabases: ['app'], terminationGracePeriodSeconds: 120, usersSyncIntervalSeconds: 10, ...o,
});

const backupProps = (o) => ({
  ...backupTiming, name: 'clickhouse-backup', schedule: '15 3 * * *', terminationGracePeriodSeconds: 60, activeDeadlineSeconds: 7200, ...o,
});
const restoreProps = (o) => ({
  ...restoreTiming, name: 'clickhouse-restore', activeDeadlineSeconds: 7200, terminationGracePeriodSeconds: 60, ...o,
});
const drillProps = (o) => ({
  ...drillTiming, name: 'clickhouse-drill', schedule: null, activeDeadlineSeconds: 10800, ...o,
});

/**
 * This store's settings in one environment: { server, backup, restore, drill } with ClickHouseProps' and
 * ClickHouseStore's defaults under the environment's choices.
 */
const settings = (o = {}) => ({
  store: module.exports, server: serverProps(o.server), backup: backupProps(o.backup), restore: restoreProps(o.restore),
  drill: o.drill ? drillProps(o.drill) : null,
});

/**
 * The store's objects in one chart, in the order ClickHouseStore.build creates them: the users' three
 * Secrets, then the server (with its metrics endpoint when monitoring is on), the backup with its
 * off-site sync, the restore and the restore drill; alerts: this store's backup, its drill and the store-down alert.
 */
function phases(chart, s, ctx) {
  const { monitoring } = ctx;
  let backup = null;
  let drill = null;
  return {
    order: ['secrets', 'server'],
    secrets() {
      ctx.externalSecret('clickhouse-users', s.server.usersSecret, usersSecretName(s.server));
      ctx.externalSecret('clickhouse-app', s.server.appSecret, appSecretName(s.server));
      if (monitoring.enabled) ctx.externalSecret('clickhouse-monitoring', s.server.monitoringSecret, monitoringSecretName(s.server));
    },
    server() {
      const server = new ClickHouse(chart, 'clickhouse', s.server, monitoring, `${s.backup.name}s`);
      backup = new ClickHouseBackup(chart, 'clickhouse-backup', server, s.backup, ctx.offsite());
      new ClickHouseRestore(chart, 'clickhouse-restore', backup, s.restore);
      if (s.drill) {
        drill = restoreDrill(chart, 'clickhouse-drill', server.names, STORE, s.server.image, s.server.uid, s.drill, s.backup,
          'drill.sh', ctx.offsite());
      }
    },
    alerts: () => {
      const up = `up{namespace="${namespaceOf(chart)}",job="${metricsJob(s.server)}"}`;
      return {
        backups: [{ store: STORE, cronJob: s.backup.name, offsiteCronJob: backup.offsiteSyncName }], exporters: [],
        drills: drill ? [drill] : [],
        storeAlerts: [{
          store: STORE, alert: 'DataLayerClickHouseDown', expr: `${up} == 0 or absent(${up})`, forDuration: '5m', severity: 'critical',
          summary: 'ClickHouse is down or Prometheus cannot reach it',
          description: 'Prometheus has not scraped the ClickHouse server\'s own metrics endpoint for 5 minutes: the server is not'
            + ' running, not ready, or its metrics port is not reachable. L4 apps\' analytics queries fail meanwhile.',
        }],
      };
    },
  };
}

module.exports = { name: STORE, scriptsDir, settings, phases };
