// PostgreSQL in the JavaScript peer (io.datalayer.stores.postgres), one file for everything the store
// owns: its settings with the defaults of its props records, its ExternalSecrets, the server with its
// password-sync sidecar, the nightly backup with its off-site sync, the suspended restore, the metrics
// exporter and what the alerts watch. It exports what every store file exports (main.js calls it):
// name, scriptsDir, settings(overrides) for environments.js, and phases(chart, settings, ctx).
'use strict';
const { Construct } = require('constructs');
const { k8s } = require('cdk8s-plus-28');
const {
  Mount, NetworkAccess, APP_LAYER, LAYER, DATA_VOLUME, Peer, PodVolumes, ServerStatefulSet, ServicePair, SingleServerBudget,
  StoreNames, containerSecurityContext, env, execProbe, labelsOf, namespaceOf, readScript, requirements, serverPod,
  serviceAccount, sha256,
} = require('../kit');
const {
  BACKUP_DIR, backupParts, backupTiming, cronJob, drillTiming, lockHolderEnv, offsiteSync, pod, restoreDrill, restoreTiming, scheduled,
  suspendedTemplate,
} = require('../backup');
const { requirement, withMinLength } = require('../layer');
const { MetricsExporter } = require('../monitoring');

/**
 * This store's scripts: src/main/resources/io/datalayer/<scriptsDir>/ (kit.readScript). The one word
 * to change when the Java app's resources move to io/datalayer/stores/postgres/.
 */
const scriptsDir = 'stores/postgres';
const storeScript = (file) => readScript(scriptsDir, file);

const CLIENT_LABEL = 'data-layer/postgresql-client';
const DATA_DIR = '/var/lib/postgresql';
const PGDATA = `${DATA_DIR}/data`;
const CONFIG_DIR = '/etc/postgresql';
const SECRET_DIR = '/etc/postgresql-superuser';
const SOCKET_DIR = '/var/run/postgresql';
const SCRIPTS_DIR = '/opt/data-layer'; // where the pods mount them
const SYNC_SCRIPT = 'superuser-sync.sh';
const MONITORING_SECRET_DIR = '/etc/postgresql-monitoring';
const PORT_NAME = 'postgresql';
const STORE = 'postgresql';

// --- ServerConfig ---------------------------------------------------------------------------------
function postgresqlConf(props) {
  const settings = {
    max_connections: '100', shared_buffers: '128MB', log_destination: 'stderr', logging_collector: 'off',
    log_connections: 'on', log_disconnections: 'on', log_line_prefix: '%m [%p] %q%u@%d ', ...props.parameters,
    listen_addresses: '*', port: String(props.port), unix_socket_directories: SOCKET_DIR, password_encryption: 'scram-sha-256',
  };
  return '# Written by data-layer from PostgresProps; change the props, not this file.\n'
    + Object.keys(settings).sort().map((k) => `${k} = '${settings[k].replace(/\\/g, '\\\\').replace(/'/g, "''")}'\n`).join('');
}
const pgHbaConf = (props) => '# Written by data-layer. No trust, no md5; which peers may connect is decided by NetworkPolicy.\n'
  + '# TYPE  DATABASE  USER  ADDRESS    METHOD\n'
  + `local   all       ${props.superuser}  peer map=local-superuser\n`
  + 'local   all       all              scram-sha-256\n'
  + 'host    all       all   0.0.0.0/0  scram-sha-256\n'
  + 'host    all       all   ::/0       scram-sha-256\n';
const pgIdentConf = (props) => '# Written by data-layer. Peer login on the pod-local socket: OS user -> superuser, nothing else.\n'
  + '# MAPNAME  SYSTEM-USERNAME  PG-USERNAME\n'
  + `local-superuser  postgres  ${props.superuser}\n`;

/** The exporter's role and the Secret with its password (MonitoringRole), from the store's monitoring settings. */
const monitoringRole = (monitoring, server) => ({
  role: monitoring.role, secretName: `${server.name}-monitoring`, key: monitoring.secret.keys[0],
  mount() { return Mount.secretKey('monitoring', this.secretName, this.key, 'password', MONITORING_SECRET_DIR); },
});

// --- PasswordSync -----------------------------------------------------------------------------------
class PasswordSync extends Construct {
  constructor(scope, id, props, names, labels, monitoring) {
    super(scope, id);
    this.props = props;
    this.monitoring = monitoring;
    new k8s.KubeConfigMap(this, 'script', {
      metadata: names.meta(this.configMapName(), labels), data: { [SYNC_SCRIPT]: storeScript(SYNC_SCRIPT) },
    });
  }
  configMapName() { return `${this.props.name}-password-sync`; }
  container(volumes, superuser) {
    const script = `${SCRIPTS_DIR}/${SYNC_SCRIPT}`;
    const props = this.props;
    const envs = [env('POSTGRES_PASSWORD_FILE', `${SECRET_DIR}/password`), env('PGHOST', SOCKET_DIR), env('PGPORT', String(props.port)),
      env('PGUSER', props.superuser), env('SYNC_INTERVAL_SECONDS', String(props.passwordSyncIntervalSeconds)),
      env('SYNC_MIN_LENGTH', '16'), env('HEARTBEAT_FILE', '/tmp/password-sync.alive')];
    const mounts = [Mount.configMap('password-sync-script', this.configMapName(), SCRIPTS_DIR), superuser, runMount(),
      Mount.emptyDir('password-sync-tmp', '/tmp', '1Mi')];
    if (this.monitoring) {
      envs.push(env('MONITORING_ROLE', this.monitoring.role), env('MONITORING_PASSWORD_FILE', `${MONITORING_SECRET_DIR}/password`));
      mounts.push(this.monitoring.mount());
    }
    const alive = execProbe(['/bin/sh', script, '--check'], 30, 5, 3);
    return {
      name: 'password-sync', image: props.image, imagePullPolicy: 'IfNotPresent', command: ['/bin/sh', script], env: envs,
      resources: requirements(['10m', '16Mi', '100m', '64Mi']), securityContext: containerSecurityContext(),
      readinessProbe: alive, livenessProbe: alive, volumeMounts: volumes.mount(mounts),
    };
  }
}

const runMount = () => Mount.emptyDir('run', SOCKET_DIR, '16Mi');

// --- Postgres ---------------------------------------------------------------------------------------
class Postgres extends Construct {
  constructor(scope, id, props, role) {
    super(scope, id);
    this.props = props;
    this.monitoringRole = role;
    this.names = new StoreNames(props.name, namespaceOf(this));
    const names = this.names;
    const conf = postgresqlConf(props);
    const hba = pgHbaConf(props);
    const ident = pgIdentConf(props);
    const labels = labelsOf(props.name, 'database');
    serviceAccount(this, 'service-account', names.meta(props.name, labels));
    new k8s.KubeConfigMap(this, 'config', {
      metadata: names.meta(names.config(), labels), data: { 'postgresql.conf': conf, 'pg_hba.conf': hba, 'pg_ident.conf': ident },
    });
    this.passwordSync = new PasswordSync(this, 'password-sync', props, names, labels, role);
    new ServicePair(this, 'services', names, PORT_NAME, props.port, labels);
    new ServerStatefulSet(this, 'statefulset', names, labels, props.storage,
      { 'data-layer/config-sha256': sha256(conf, hba, ident, storeScript(SYNC_SCRIPT)) }, this.podSpec());
    new SingleServerBudget(this, 'disruption-budget', names, labels);
    this.access = new NetworkAccess(this, 'network', names, props.port, CLIENT_LABEL, [
      Peer.podsIn(props.vaultNamespace, props.vaultPodSelector), Peer.namespacesLabelled({ [LAYER]: APP_LAYER })], labels);
  }

  host() { return this.names.host(); }
  clientLabels() { return this.access.clientLabels; }
  superuserMount() {
    return Mount.secretKey('superuser', this.props.superuserSecretName, this.props.superuserPasswordKey, 'password', SECRET_DIR);
  }

  podSpec() {
    const props = this.props;
    const isReady = ['pg_isready', '--host=127.0.0.1', `--port=${props.port}`, `--username=${props.superuser}`, '--dbname=postgres', '--quiet'];
    const volumes = new PodVolumes();
    const server = {
      name: 'postgresql', image: props.image, imagePullPolicy: 'IfNotPresent',
      args: ['postgres', '-c', `config_file=${CONFIG_DIR}/postgresql.conf`, '-c', `hba_file=${CONFIG_DIR}/pg_hba.conf`,
        '-c', `ident_file=${CONFIG_DIR}/pg_ident.conf`],
      env: [env('PGDATA', PGDATA), env('POSTGRES_USER', props.superuser), env('POSTGRES_PASSWORD_FILE', `${SECRET_DIR}/password`)],
      ports: [{ name: PORT_NAME, containerPort: props.port, protocol: 'TCP' }],
      resources: requirements(props.resources), securityContext: containerSecurityContext(),
      startupProbe: execProbe(isReady, 10, 5, 60), readinessProbe: execProbe(isReady, 10, 5, 3), livenessProbe: execProbe(isReady, 15, 10, 6),
      lifecycle: {
        preStop: {
          exec: { command: ['pg_ctl', 'stop', `--pgdata=${PGDATA}`, '--mode=fast', '--wait', `--timeout=${props.terminationGracePeriodSeconds - 10}`] },
        },
      },
      volumeMounts: volumes.mount(Mount.claimTemplate(DATA_VOLUME, DATA_DIR), Mount.configMap('config', this.names.config(), CONFIG_DIR),
        this.superuserMount(), runMount(), Mount.emptyDir('tmp', '/tmp', '1Gi'), Mount.memory('shm', '/dev/shm', props.sharedMemorySize)),
    };
    const sidecar = this.passwordSync.container(volumes, this.superuserMount());
    return serverPod(props.name, props.uid, props.terminationGracePeriodSeconds, [], [server, sidecar], volumes.volumes());
  }
}

// --- PostgresBackup and PostgresRestore ---------------------------------------------------------------
const SCRIPTS = ['backup.sh', 'restore.sh', 'drill.sh', 'pg.sh', 'pg-common.sh'];

/** How the scripts reach the server: libpq variables and the password file. */
const connectionEnv = (postgres) => [env('PGHOST', postgres.host()), env('PGPORT', String(postgres.props.port)),
  env('PGUSER', postgres.props.superuser), env('POSTGRES_PASSWORD_FILE', `${SECRET_DIR}/password`), env('BACKUP_DIR', BACKUP_DIR)];

/** The pod of a backup or restore Job: the server's image, uid, client labels and password file. */
const podTemplate = (postgres, backup, labels, container, script, envs, terminationGracePeriodSeconds, resources, offsite, mode) => pod({
  podLabels: { ...labels, ...postgres.clientLabels() }, container, image: postgres.props.image, uid: postgres.props.uid, script,
  env: envs, resources: requirements(resources), terminationGracePeriodSeconds, claimName: `${backup.name}s`,
  scriptsName: `${backup.name}-scripts`, storeMounts: [postgres.superuserMount()], tmpSize: '64Mi', offsite, mode, store: STORE,
});

class PostgresBackup extends Construct {
  constructor(scope, id, postgres, props, offsite) {
    super(scope, id);
    Object.assign(this, { postgres, props, offsite });
    const labels = backupParts(this, 'dumps', postgres.names, props, scriptsDir, SCRIPTS);
    const envs = [...connectionEnv(postgres), env('BACKUP_RETENTION', String(props.retention)),
      env('BACKUP_KEEP_WEEKLY', String(props.keepWeekly)), env('BACKUP_SHRINK_PERCENT', String(props.shrinkWarnPercent)),
      env('BACKUP_LOCK_WAIT_SECONDS', String(props.lockWaitSeconds)), env('BACKUP_DATABASES', props.databases.join(' ')),
      ...lockHolderEnv()];
    cronJob(this, 'cronjob', postgres.names.meta(props.name, labels), labels, scheduled(props),
      podTemplate(postgres, props, labels, 'backup', 'backup.sh', envs, props.terminationGracePeriodSeconds, props.resources, offsite, 'after'));
    this.offsiteSyncName = offsiteSync(this, postgres.names, props, postgres.props.image, postgres.props.uid, props.resources, offsite, STORE);
  }
}

class PostgresRestore extends Construct {
  constructor(scope, id, backup, props) {
    super(scope, id);
    const { postgres } = backup;
    const labels = labelsOf(props.name, 'restore');
    const envs = [...connectionEnv(postgres), env('RESTORE_RUN', ''), env('RESTORE_DATABASE', ''), env('RESTORE_FROM', 'local'),
      env('RESTORE_TERMINATE_CLIENTS', String(props.terminateClients)), env('RESTORE_KEEP_REPLACED', String(props.keepReplaced)),
      env('BACKUP_LOCK_WAIT_SECONDS', String(props.lockWaitSeconds)), ...lockHolderEnv()];
    cronJob(this, 'cronjob', postgres.names.meta(props.name, labels), labels, suspendedTemplate(props),
      podTemplate(postgres, backup.props, labels, 'restore', 'restore.sh', envs, props.terminationGracePeriodSeconds, props.resources,
        backup.offsite, 'before'));
  }
}

// --- PostgresExporter ---------------------------------------------------------------------------------
const EXPORTER_PORT = 9187;
const exporterName = (props) => `${props.name}-exporter`;

class PostgresExporter extends Construct {
  constructor(scope, id, postgres, image, monitoring) {
    super(scope, id);
    const { props } = postgres;
    const role = postgres.monitoringRole;
    new MetricsExporter(this, 'exporter', {
      name: exporterName(props), image, port: EXPORTER_PORT, metricsPath: '/metrics',
      args: [`--web.listen-address=:${EXPORTER_PORT}`, '--web.telemetry-path=/metrics', '--log.level=info'],
      env: [env('DATA_SOURCE_URI', `${postgres.host()}:${props.port}/postgres?sslmode=disable`), env('DATA_SOURCE_USER', role.role),
        env('DATA_SOURCE_PASS_FILE', `${MONITORING_SECRET_DIR}/password`)],
      mounts: [role.mount()], uid: 65534, clientLabels: postgres.clientLabels(),
    }, monitoring);
  }
}

// --- The store's settings and phases ------------------------------------------------------------------
const backupProps = (o) => ({
  ...backupTiming, name: 'postgresql-backup', schedule: '30 2 * * *', terminationGracePeriodSeconds: 60, databases: [],
  activeDeadlineSeconds: 10800, ...o,
});
const drillProps = (o) => ({
  ...drillTiming, name: 'postgresql-drill', schedule: null, activeDeadlineSeconds: 10800, ...o,
});
const restoreProps = (o) => ({
  ...restoreTiming, name: 'postgresql-restore', activeDeadlineSeconds: 21600, terminateClients: false, terminationGracePeriodSeconds: 120, ...o,
});
const serverProps = (o) => ({
  name: 'postgresql', image: 'postgres:18.4', uid: 999, superuser: 'postgres', superuserSecretName: 'postgresql-superuser',
  superuserPasswordKey: 'password', port: 5432, sharedMemorySize: '256Mi', terminationGracePeriodSeconds: 120,
  vaultNamespace: 'platform', vaultPodSelector: { 'app.kubernetes.io/name': 'vault', component: 'server' },
  passwordSyncIntervalSeconds: 10, parameters: {}, ...o,
});
/** The exporter's login and image (used when the environment's monitoring is on). */
const monitoringProps = (o) => ({
  role: 'monitoring', secret: withMinLength(requirement('postgres-monitoring', 'password'), 16),
  exporterImage: 'quay.io/prometheuscommunity/postgres-exporter:v0.17.1', ...o,
});

/**
 * This store's settings in one environment (an entry of its stores list in environments.js): each
 * props record's defaults (the effective values its compact constructor applies) under the
 * environment's choices, { server, backup, restore, monitoring }.
 */
const settings = (o = {}) => ({
  store: module.exports,
  superuserSecret: withMinLength(requirement('postgres', 'password'), 16),
  server: serverProps(o.server), backup: backupProps(o.backup), restore: restoreProps(o.restore),
  monitoring: monitoringProps(o.monitoring), drill: o.drill ? drillProps(o.drill) : null,
});

/**
 * The store's objects in one chart, as phases main.js calls in the chart's order: secrets (the
 * superuser's ExternalSecret, the monitoring role's when monitoring is on), server, backups (the
 * backup with its off-site sync, the restore), exporter (when monitoring is on) and alerts (what the
 * PrometheusRule watches: this store's backup and exporter). ctx is main.js's: externalSecret,
 * offsite(), monitoring.
 */
function phases(chart, s, ctx) {
  const { monitoring } = ctx;
  const role = monitoring.enabled ? monitoringRole(s.monitoring, s.server) : null;
  let server = null;
  let backup = null;
  let drill = null;
  return {
    // The order PostgresStore.build creates them in.
    order: ['secrets', 'server', 'backups', 'exporter'],
    secrets() {
      ctx.externalSecret('postgresql-superuser', s.superuserSecret, s.server.superuserSecretName);
      if (role) ctx.externalSecret('postgresql-monitoring', s.monitoring.secret, role.secretName);
    },
    server() { server = new Postgres(chart, 'postgresql', s.server, role); },
    backups() {
      backup = new PostgresBackup(chart, 'postgresql-backup', server, s.backup, ctx.offsite());
      new PostgresRestore(chart, 'postgresql-restore', backup, s.restore);
      if (s.drill) {
        drill = restoreDrill(chart, 'postgresql-drill', server.names, STORE, s.server.image, s.server.uid, s.drill, s.backup,
          'drill.sh', ctx.offsite());
      }
    },
    exporter() {
      if (monitoring.enabled) new PostgresExporter(chart, 'postgresql-exporter', server, s.monitoring.exporterImage, monitoring);
    },
    alerts: () => ({
      backups: [{ store: STORE, cronJob: s.backup.name, offsiteCronJob: backup.offsiteSyncName }],
      exporters: [{ store: STORE, job: exporterName(s.server), upMetric: 'pg_up' }],
      drills: drill ? [drill] : [],
    }),
  };
}

module.exports = { name: STORE, scriptsDir, settings, phases };
