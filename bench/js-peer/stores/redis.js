// Redis in the JavaScript peer (io.datalayer.stores.redis), one file for everything the store owns:
// its settings with the defaults of its props records, its ExternalSecrets, the server with its ACL
// rendering (init container and sidecar), the nightly snapshot backup with its off-site sync, the
// suspended restore, the metrics exporter and what the alerts watch. It exports what every store
// file exports (main.js calls it): name, scriptsDir, settings(overrides) for environments.js, and
// phases(chart, settings, ctx).
'use strict';
const { Construct } = require('constructs');
const { k8s } = require('cdk8s-plus-28');
const {
  APP_LAYER, DATA_VOLUME, LAYER, Mount, NetworkAccess, Peer, PodVolumes, ScriptSidecar, ServerStatefulSet, ServicePair, SingleServerBudget,
  StoreNames, containerSecurityContext, env, execProbe, labelsOf, memoryLimitBytes, namespaceOf, readScript, requirements,
  serverPod, serviceAccount, sha256,
} = require('../kit');
const {
  BACKUP_DIR, backupParts, backupTiming, cronJob, drillTiming, lockHolderEnv, offsiteSync, pod, restoreDrill, restoreTiming, scheduled,
  suspendedTemplate,
} = require('../backup');
const { requirement, withMinLength } = require('../layer');
const { MetricsExporter } = require('../monitoring');

/**
 * This store's scripts: src/main/resources/io/datalayer/<scriptsDir>/ (kit.readScript). The one word
 * to change when the Java app's resources move to io/datalayer/stores/redis/.
 */
const scriptsDir = 'stores/redis';
const storeScript = (file) => readScript(scriptsDir, file);

const CLIENT_LABEL = 'data-layer/redis-client';
const ADMIN_USER = 'admin';
const DATA_DIR = '/data';
const CONFIG_DIR = '/etc/redis';
const CONFIG_FILE = 'redis.conf';
// RedisConfig.SERVER_LOCK / SERVER_SHELL: the server's command holds a flock on the volume for its life.
const SERVER_LOCK = '/data/.datalayer-server.lock';
const SERVER_SHELL = `exec 9>>${SERVER_LOCK} || exit 1\n`
  + 'if ! flock -n 9; then\n'
  + `  echo "waiting for the lock on ${SERVER_LOCK}: a restore of this volume holds it" >&2\n`
  + "  trap 'exit 143' TERM INT\n"
  + '  flock 9 &\n'
  + '  wait $! || exit 1\n'
  + '  trap - TERM INT\n'
  + `  echo "took the lock on ${SERVER_LOCK}; starting redis-server" >&2\n`
  + 'fi\n'
  + 'exec redis-server "$@"\n';
const ACL_DIR = '/run/redis';
const ACL_FILE = `${ACL_DIR}/users.acl`;
const USERS_DIR = '/etc/redis-users';
const APP_DIR = '/etc/redis-app';
const ADMIN_DIR = '/etc/redis-admin';
const ADMIN_PASSWORD_KEY = 'admin-password';
const BACKUP_PASSWORD_KEY = 'backup-password';
const APP_PASSWORD_KEY = 'password';
const SCRIPTS_DIR = '/opt/data-layer'; // where the pods mount them
const ACL_SCRIPT = 'acl-sync.sh';
const ACL_RULES = 'acl-rules';
const STORE = 'redis';

const maxmemoryBytes = (props) => Math.trunc(memoryLimitBytes(props.resources) / 100) * props.maxmemoryPercent;

// --- RedisConfig --------------------------------------------------------------------------------------
const directives = (props) => [
  ['bind', '* -::*'], ['port', String(props.port)], ['protected-mode', 'yes'], ['tcp-keepalive', '300'], ['timeout', '0'],
  ['daemonize', 'no'], ['supervised', 'no'], ['logfile', '""'], ['loglevel', 'notice'], ['always-show-logo', 'no'],
  ['dir', DATA_DIR], ['dbfilename', 'dump.rdb'], ['save', props.snapshots], ['stop-writes-on-bgsave-error', 'yes'],
  ['rdbcompression', 'yes'], ['rdbchecksum', 'yes'], ['appendonly', 'yes'], ['appendfilename', '"appendonly.aof"'],
  ['appenddirname', '"appendonlydir"'], ['appendfsync', 'everysec'], ['aof-use-rdb-preamble', 'yes'],
  ['maxmemory', String(maxmemoryBytes(props))], ['maxmemory-policy', props.evictionPolicy], ['aclfile', ACL_FILE],
  ['enable-debug-command', 'no'], ['enable-module-command', 'no'], ['enable-protected-configs', 'no'],
];
const redisConf = (props) => '# Written by data-layer from RedisProps; change the props, not this file.\n'
  + directives(props).map(([key, value]) => `${key} ${value}\n`).join('');
// What the exporter's ACL user may run: INFO, CONFIG GET, LATENCY LATEST/HISTOGRAM, SLOWLOG LEN, PING, CLIENT SETNAME.
const MONITORING_COMMANDS = ['+info', '+config|get', '+latency|latest', '+latency|histogram', '+slowlog|len', '+ping', '+client|setname'];
const aclRules = (props, monitoring) => {
  const usersMin = props.usersSecret.minLength;
  return '# Written by data-layer. user  min-length  password-file  ACL rules (the pod adds #<sha256> of the file)\n'
    + 'default - - off resetpass resetkeys resetchannels -@all\n'
    + `${ADMIN_USER} ${usersMin} ${USERS_DIR}/${ADMIN_PASSWORD_KEY} on resetpass ~* &* +@all\n`
    + `app ${props.appSecret.minLength} ${APP_DIR}/${APP_PASSWORD_KEY} on resetpass ~* &* +@all -@dangerous +info\n`
    + `backup ${usersMin} ${USERS_DIR}/${BACKUP_PASSWORD_KEY} on resetpass resetkeys resetchannels -@all +ping +replconf +sync +psync\n`
    + (monitoring ? `${monitoring.user} ${monitoring.minLength} ${MONITORING_PASSWORD_FILE} on resetpass resetkeys resetchannels -@all `
      + `${MONITORING_COMMANDS.join(' ')}\n` : '');
};

// --- RedisMonitoringUser: the exporter's ACL user and the Secret with its password -------------------
const MONITORING_SECRET_DIR = '/etc/redis-monitoring';
const MONITORING_PASSWORD_FILE = `${MONITORING_SECRET_DIR}/password`;
/** From the store's monitoring settings. */
const monitoringUser = (monitoring, server) => ({
  user: monitoring.user, secretName: `${server.name}-monitoring`, key: monitoring.secret.keys[0],
  minLength: Math.max(1, monitoring.secret.minLength),
  mount() { return Mount.secretKey('monitoring-user', this.secretName, this.key, 'password', MONITORING_SECRET_DIR); },
});
const usersSecretName = (props) => `${props.name}-users`;
const appSecretName = (props) => `${props.name}-app`;

// --- AclSync ------------------------------------------------------------------------------------------
const aclMount = () => Mount.memory('acl', ACL_DIR, '1Mi');

class AclSync extends Construct {
  constructor(scope, id, props, monitoring, names, labels) {
    super(scope, id);
    this.props = props;
    this.monitoring = monitoring;
    this.rules = aclRules(props, monitoring);
    new k8s.KubeConfigMap(this, 'script', {
      metadata: names.meta(`${props.name}-acl-sync`, labels), data: { [ACL_SCRIPT]: storeScript(ACL_SCRIPT), [ACL_RULES]: this.rules },
    });
  }
  initContainer(volumes) { return this.sidecar().initContainer('acl-render', volumes, this.mounts(aclMount())); }
  container(volumes) { return this.sidecar().sidecar('acl-sync', volumes, this.mounts(aclMount()), 'acl-sync-tmp'); }
  /** The scripts, the users' password files (the monitoring user's when monitoring is on), then more. */
  mounts(...more) {
    return [this.scriptsMount(), this.usersMount(), this.appMount(), ...(this.monitoring ? [this.monitoring.mount()] : []), ...more];
  }
  sidecar() {
    const p = this.props;
    return new ScriptSidecar(p.image, `${SCRIPTS_DIR}/${ACL_SCRIPT}`, [env('ACL_RULES_FILE', `${SCRIPTS_DIR}/${ACL_RULES}`),
      env('ACL_FILE', ACL_FILE), env('ADMIN_USER', ADMIN_USER), env('ADMIN_PASSWORD_FILE', `${USERS_DIR}/${ADMIN_PASSWORD_KEY}`),
      env('REDIS_HOST', '127.0.0.1'), env('REDIS_PORT', String(p.port)), env('SYNC_INTERVAL_SECONDS', String(p.aclSyncIntervalSeconds)),
      env('HEARTBEAT_FILE', '/tmp/acl-sync.alive')]);
  }
  scriptsMount() { return Mount.configMap('acl-sync', `${this.props.name}-acl-sync`, SCRIPTS_DIR); }
  usersMount() { return Mount.secretKeys('users', usersSecretName(this.props), [ADMIN_PASSWORD_KEY, BACKUP_PASSWORD_KEY], USERS_DIR); }
  appMount() { return Mount.secretKeys('app-user', appSecretName(this.props), [APP_PASSWORD_KEY], APP_DIR); }
}

// --- Redis --------------------------------------------------------------------------------------------
class Redis extends Construct {
  constructor(scope, id, props, monitoring) {
    super(scope, id);
    this.props = props;
    this.monitoringUser = monitoring;
    this.names = new StoreNames(props.name, namespaceOf(this));
    const names = this.names;
    const conf = redisConf(props);
    const labels = labelsOf(props.name, 'cache');
    serviceAccount(this, 'service-account', names.meta(props.name, labels));
    new k8s.KubeConfigMap(this, 'config', { metadata: names.meta(names.config(), labels), data: { [CONFIG_FILE]: conf } });
    this.aclSync = new AclSync(this, 'acl-sync', props, monitoring, names, labels);
    new ServicePair(this, 'services', names, 'redis', props.port, labels);
    new ServerStatefulSet(this, 'statefulset', names, labels, props.storage,
      { 'data-layer/config-sha256': sha256(conf, this.aclSync.rules, storeScript(ACL_SCRIPT)) }, this.podSpec());
    new SingleServerBudget(this, 'disruption-budget', names, labels);
    const peers = [Peer.namespacesLabelled({ [LAYER]: APP_LAYER })];
    if (props.vaultPeer) peers.push(props.vaultPeer);
    this.access = new NetworkAccess(this, 'network', names, props.port, CLIENT_LABEL, peers, labels);
  }

  host() { return this.names.host(); }
  clientLabels() { return this.access.clientLabels; }
  usersSecretName() { return usersSecretName(this.props); }
  appSecretName() { return appSecretName(this.props); }

  podSpec() {
    const props = this.props;
    const ping = ['/bin/sh', '-c', `reply=$(redis-cli -h 127.0.0.1 -p ${props.port} --user ${ADMIN_USER} --askpass PING <${ADMIN_DIR}/`
      + `${ADMIN_PASSWORD_KEY} 2>&1); [ "$reply" = PONG ] || { echo "$reply"; exit 1; }`];
    const volumes = new PodVolumes();
    const init = this.aclSync.initContainer(volumes);
    const server = {
      name: 'redis', image: props.image, imagePullPolicy: 'IfNotPresent', command: ['/bin/sh', '-c', SERVER_SHELL, 'redis-server', `${CONFIG_DIR}/${CONFIG_FILE}`],
      ports: [{ name: 'redis', containerPort: props.port, protocol: 'TCP' }],
      resources: requirements(props.resources), securityContext: containerSecurityContext(),
      startupProbe: execProbe(ping, 10, 5, 60), readinessProbe: execProbe(ping, 10, 5, 3), livenessProbe: execProbe(ping, 15, 5, 6),
      volumeMounts: volumes.mount(Mount.claimTemplate(DATA_VOLUME, DATA_DIR), Mount.configMap('config', this.names.config(), CONFIG_DIR),
        aclMount().at(ACL_DIR, true), Mount.secretKey('admin', this.usersSecretName(), ADMIN_PASSWORD_KEY, ADMIN_PASSWORD_KEY, ADMIN_DIR)),
    };
    const sidecar = this.aclSync.container(volumes);
    return serverPod(props.name, props.uid, props.terminationGracePeriodSeconds, [init], [server, sidecar], volumes.volumes());
  }
}

// --- RedisBackup and RedisRestore -----------------------------------------------------------------------
const SCRIPTS = ['backup.sh', 'restore.sh', 'drill.sh', 'redis.sh', 'redis-facts.sh'];
const PASSWORD_DIR = '/etc/redis-backup';

const connectionEnv = (redis) => [env('REDIS_HOST', redis.host()), env('REDIS_PORT', String(redis.props.port)), env('BACKUP_DIR', BACKUP_DIR)];

const podTemplate = (redis, backup, labels, container, script, envs, terminationGracePeriodSeconds, resources, storeMounts, offsite, mode) => pod({
  podLabels: { ...labels, ...redis.clientLabels() }, container, image: redis.props.image, uid: redis.props.uid, script, env: envs,
  resources: requirements(resources), terminationGracePeriodSeconds, claimName: `${backup.name}s`, scriptsName: `${backup.name}-scripts`,
  storeMounts, tmpSize: '16Mi', offsite, mode, store: STORE,
});

class RedisBackup extends Construct {
  constructor(scope, id, redis, props, offsite) {
    super(scope, id);
    Object.assign(this, { redis, props, offsite });
    const labels = backupParts(this, 'runs', redis.names, props, scriptsDir, SCRIPTS);
    const envs = [...connectionEnv(redis), env('REDIS_USER', 'backup'), env('REDIS_PASSWORD_FILE', `${PASSWORD_DIR}/${BACKUP_PASSWORD_KEY}`),
      env('BACKUP_RETENTION', String(props.retention)), env('BACKUP_KEEP_WEEKLY', String(props.keepWeekly)),
      env('BACKUP_SHRINK_PERCENT', String(props.shrinkWarnPercent)), env('BACKUP_LOCK_WAIT_SECONDS', String(props.lockWaitSeconds)),
      ...lockHolderEnv()];
    const password = Mount.secretKey('backup-password', redis.usersSecretName(), BACKUP_PASSWORD_KEY, BACKUP_PASSWORD_KEY, PASSWORD_DIR);
    cronJob(this, 'cronjob', redis.names.meta(props.name, labels), labels, scheduled(props),
      podTemplate(redis, props, labels, 'backup', 'backup.sh', envs, props.terminationGracePeriodSeconds, props.resources, [password],
        offsite, 'after'));
    this.offsiteSyncName = offsiteSync(this, redis.names, props, redis.props.image, redis.props.uid, props.resources, offsite, STORE);
  }
}

class RedisRestore extends Construct {
  constructor(scope, id, backup, props) {
    super(scope, id);
    const { redis } = backup;
    const labels = labelsOf(props.name, 'restore');
    const setting = (directive) => directives(redis.props).find(([key]) => key === directive)[1].replace(/"/g, '');
    const envs = [...connectionEnv(redis), env('REDIS_DATA_DIR', DATA_DIR), env('REDIS_SERVER_LOCK', SERVER_LOCK), env('REDIS_DBFILENAME', setting('dbfilename')),
      env('REDIS_APPENDDIRNAME', setting('appenddirname')), env('REDIS_APPENDFILENAME', setting('appendfilename')),
      env('RESTORE_RUN', ''), env('RESTORE_FROM', 'local'), env('RESTORE_KEEP_REPLACED', String(props.keepReplaced)),
      env('BACKUP_LOCK_WAIT_SECONDS', String(props.lockWaitSeconds)), ...lockHolderEnv()];
    const data = Mount.claim('redis-data', `${DATA_VOLUME}-${redis.props.name}-0`, DATA_DIR);
    cronJob(this, 'cronjob', redis.names.meta(props.name, labels), labels, suspendedTemplate(props),
      podTemplate(redis, backup.props, labels, 'restore', 'restore.sh', envs, props.terminationGracePeriodSeconds, props.resources, [data],
        backup.offsite, 'before'));
  }
}

// --- RedisExporter -------------------------------------------------------------------------------------
const EXPORTER_PORT = 9121;
const EXPORTER_SCRIPT = 'exporter-auth.sh';
const EXPORTER_PASSWORD_DIR = '/run/redis-exporter';
const EXPORTER_PASSWORD_FILE = `${EXPORTER_PASSWORD_DIR}/password.json`;
const exporterName = (props) => `${props.name}-exporter`;

/** redis_exporter logging in as the monitoring user, its password file rendered by companion containers. */
class RedisExporter extends Construct {
  constructor(scope, id, redis, image, monitoring) {
    super(scope, id);
    const user = redis.monitoringUser;
    const { props } = redis;
    const name = exporterName(props);
    const scripts = `${name}-scripts`;
    new k8s.KubeConfigMap(this, 'scripts', {
      metadata: redis.names.meta(scripts, labelsOf(name, 'metrics')), data: { [EXPORTER_SCRIPT]: storeScript(EXPORTER_SCRIPT) },
    });
    const address = `redis://${redis.host()}:${props.port}`;
    const withUser = `redis://${user.user}@${redis.host()}:${props.port}`;
    const rendered = Mount.memory('password-file', EXPORTER_PASSWORD_DIR, '1Mi');
    const scriptsMount = Mount.configMap('password-scripts', scripts, SCRIPTS_DIR);
    const envs = [env('PASSWORD_FILE', MONITORING_PASSWORD_FILE), env('MIN_LENGTH', String(user.minLength)),
      env('OUTPUT_FILE', EXPORTER_PASSWORD_FILE), env('REDIS_URIS', `${withUser} ${address}`),
      env('RELOAD_URL', `http://127.0.0.1:${EXPORTER_PORT}/-/reload`), env('SYNC_INTERVAL_SECONDS', '10'),
      env('HEARTBEAT_FILE', '/tmp/password-sync.alive')];
    const companion = (containerName, args, volumes, ...mounts) => ({
      name: containerName, image, imagePullPolicy: 'IfNotPresent', command: ['/bin/sh', `${SCRIPTS_DIR}/${EXPORTER_SCRIPT}`, ...args],
      env: envs, resources: requirements(['5m', '8Mi', '50m', '32Mi']), securityContext: containerSecurityContext(),
      volumeMounts: volumes.mount(mounts),
    });
    new MetricsExporter(this, 'exporter', {
      name, image, port: EXPORTER_PORT, metricsPath: '/metrics',
      args: [`--redis.addr=${address}`, `--redis.user=${user.user}`, `--redis.password-file=${EXPORTER_PASSWORD_FILE}`,
        `--web.listen-address=:${EXPORTER_PORT}`, '--web.telemetry-path=/metrics'],
      env: [], mounts: [rendered.at(EXPORTER_PASSWORD_DIR, true)], uid: 59000, clientLabels: redis.clientLabels(),
      companions: (volumes) => {
        const init = companion('password-render', ['--once'], volumes, scriptsMount, user.mount(), rendered);
        const alive = execProbe(['/bin/sh', `${SCRIPTS_DIR}/${EXPORTER_SCRIPT}`, '--check'], 30, 5, 3);
        const sidecar = {
          ...companion('password-sync', [], volumes, scriptsMount, user.mount(), rendered, Mount.emptyDir('password-sync-tmp', '/tmp', '1Mi')),
          readinessProbe: alive, livenessProbe: alive,
        };
        return { initContainers: [init], sidecars: [sidecar], files: [storeScript(EXPORTER_SCRIPT)] };
      },
    }, monitoring);
  }
}

// --- The store's settings and phases ------------------------------------------------------------------
const serverProps = (o) => ({
  name: 'redis', image: 'redis:8.10.2', uid: 999, port: 6379, maxmemoryPercent: 70, evictionPolicy: 'volatile-lru',
  snapshots: '3600 1 300 100 60 10000', usersSecret: withMinLength(requirement('redis', 'admin-password', 'backup-password'), 16),
  appSecret: withMinLength(requirement('redis-app', 'password'), 16), terminationGracePeriodSeconds: 60, aclSyncIntervalSeconds: 10,
  vaultPeer: null, ...o,
});
const backupProps = (o) => ({
  ...backupTiming, name: 'redis-backup', schedule: '45 2 * * *', terminationGracePeriodSeconds: 30, activeDeadlineSeconds: 3600, ...o,
});
const drillProps = (o) => ({ ...drillTiming, name: 'redis-drill', schedule: null, activeDeadlineSeconds: 3600, maxDurationMinutes: 30, ...o });
const restoreProps = (o) => ({ ...restoreTiming, name: 'redis-restore', activeDeadlineSeconds: 3600, terminationGracePeriodSeconds: 60, ...o });
/** The exporter's login and image (used when the environment's monitoring is on). */
const monitoringProps = (o) => ({
  user: 'monitoring', secret: withMinLength(requirement('redis-monitoring', 'password'), 16),
  exporterImage: 'oliver006/redis_exporter:v1.89.0-alpine', ...o,
});

/**
 * This store's settings in one environment (an entry of its stores list in environments.js): each
 * props record's defaults (the effective values its compact constructor applies) under the
 * environment's choices, { server, backup, restore, monitoring }.
 */
const settings = (o = {}) => ({
  store: module.exports,
  server: serverProps(o.server), backup: backupProps(o.backup), restore: restoreProps(o.restore),
  monitoring: monitoringProps(o.monitoring), drill: o.drill ? drillProps(o.drill) : null,
});

/**
 * The store's objects in one chart, as phases main.js calls in the chart's order: secrets (the
 * layer's users, the app user, the monitoring user's when monitoring is on), server, backups (the
 * backup with its off-site sync, the restore), exporter (when monitoring is on) and alerts (what the
 * PrometheusRule watches: this store's backup and exporter). ctx is main.js's: externalSecret,
 * offsite(), monitoring.
 */
function phases(chart, s, ctx) {
  const { monitoring } = ctx;
  const user = monitoring.enabled ? monitoringUser(s.monitoring, s.server) : null;
  let server = null;
  let backup = null;
  let drill = null;
  return {
    // The order RedisStore.build creates them in: the Secrets after the server, which named them.
    order: ['server', 'secrets', 'backups', 'exporter'],
    secrets() {
      ctx.externalSecret('redis-users', s.server.usersSecret, usersSecretName(s.server));
      ctx.externalSecret('redis-app', s.server.appSecret, appSecretName(s.server));
      // The exporter's user from its own path: its ExternalSecret cannot read the admin password.
      if (user) ctx.externalSecret('redis-monitoring', s.monitoring.secret, user.secretName);
    },
    server() { server = new Redis(chart, 'redis', s.server, user); },
    backups() {
      backup = new RedisBackup(chart, 'redis-backup', server, s.backup, ctx.offsite());
      new RedisRestore(chart, 'redis-restore', backup, s.restore);
      if (s.drill) {
        drill = restoreDrill(chart, 'redis-drill', server.names, STORE, s.server.image, s.server.uid, s.drill, s.backup, 'drill.sh',
          ctx.offsite());
      }
    },
    exporter() {
      if (monitoring.enabled) new RedisExporter(chart, 'redis-exporter', server, s.monitoring.exporterImage, monitoring);
    },
    alerts: () => ({
      backups: [{ store: STORE, cronJob: s.backup.name, offsiteCronJob: backup.offsiteSyncName }],
      exporters: [{ store: STORE, job: exporterName(s.server), upMetric: 'redis_up' }],
      drills: drill ? [drill] : [],
    }),
  };
}

module.exports = { name: STORE, scriptsDir, settings, phases };
