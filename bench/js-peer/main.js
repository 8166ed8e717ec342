#!/usr/bin/env node
// The benchmark's JavaScript peer: every environment of data-layer (io.datalayer.Environments:
// prod and dev, each in its own folder with its kustomization.yaml) written as a plain cdk8s app
// on Node, with the same constructs the Java app reaches through jsii (cdk8s-plus-28's Kubernetes
// 1.28 types, and the ESO types `cdk8s import` generated from imports/). It exists to show what the
// same synth costs without the JVM and the jsii bridge; scripts/bench.py runs both side by side
// and checks that they write the same bytes. It is not the product: change the Java constructs,
// then mirror the change here when the benchmark says the outputs differ.
//
// Usage: node bench/js-peer/main.js [outdir]   (default: $CDK8S_OUTDIR, else target/js-peer/out)
// writes <outdir>/<environment>/data-layer.k8s.yaml and kustomization.yaml, as the app's dist/.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { ApiObject, App, Chart, YamlOutputType } = require('cdk8s');
const { k8s } = require('cdk8s-plus-28');

const ROOT = path.resolve(__dirname, '..', '..');
const outdir = process.argv[2] || process.env.CDK8S_OUTDIR || path.join(ROOT, 'target', 'js-peer', 'out');

// The ESO types: the very module `cdk8s import` packed into the Java sources' jsii tarball,
// extracted once (the jsii runtime keeps a package cache of the same kind for the Java app).
// Keyed by the tarball's size and time, so a re-import is picked up.
function esoModule(tarball, file) {
  const source = path.join(ROOT, 'src', 'main', 'resources', 'imports', tarball);
  const { size, mtimeMs } = fs.statSync(source);
  const dir = path.join(ROOT, 'target', 'js-peer', 'imports', `${path.basename(tarball, '.jsii.tgz')}-${size}-${Math.floor(mtimeMs)}`);
  const js = path.join(dir, 'package', file);
  if (!fs.existsSync(js)) {
    const partial = `${dir}.partial-${process.pid}`;
    fs.mkdirSync(partial, { recursive: true });
    execFileSync('tar', ['-xzf', source, '-C', partial]);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(partial, dir);
  }
  return require(js);
}
const eso = esoModule('io/external_secrets/ioexternal-secrets@0.0.0.jsii.tgz', 'io.external-secrets.js');

// --- what io.datalayer.k8s gives every construct --------------------------------------------
const layerLabels = () => ({
  'app.kubernetes.io/managed-by': 'cdk8s', 'app.kubernetes.io/part-of': 'data-layer', 'platform/layer': 'l3',
});
const selector = (name) => ({ 'app.kubernetes.io/instance': name, 'app.kubernetes.io/name': name });
const labels = (name, component) => ({ ...selector(name), 'app.kubernetes.io/component': component, ...layerLabels() });
const meta = (name, namespace, objectLabels) => ({ name, namespace, labels: objectLabels });
const q = (v) => k8s.Quantity.fromString(v);
const env = (name, value) => ({ name, value });
const fieldEnv = (name, fieldPath) => ({ name, valueFrom: { fieldRef: { fieldPath } } });
const mount = (name, mountPath, readOnly) => ({ name, mountPath, readOnly });
const resources = (cpuRequest, memoryRequest, cpuLimit, memoryLimit) => ({
  requests: { cpu: q(cpuRequest), memory: q(memoryRequest) },
  limits: { cpu: q(cpuLimit), memory: q(memoryLimit) },
});
const seccomp = { type: 'RuntimeDefault' };
const podSecurityContext = (uid, gid) => ({
  runAsNonRoot: true, runAsUser: uid, runAsGroup: gid, fsGroup: gid, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: seccomp,
});
const containerSecurityContext = () => ({
  runAsNonRoot: true, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] }, seccompProfile: seccomp,
});

// --- the settings every environment shares (DataLayerConfig's defaults) ----------------------
const NS = 'data';
const PG = 'postgresql';
const PORT = 5432;
const IMAGE = 'postgres:18.1';
const UID = 999;
const SUPERUSER_SECRET = 'postgresql-superuser';
const CLIENT_LABEL = 'data-layer/postgresql-client';

// --- the environments (io.datalayer.Environments), in synth order ---------------------------
const PROD = {
  vault: { server: 'http://vault.platform.svc:8200', role: 'data-layer' },
  postgres: { storage: '10Gi', resources: ['250m', '512Mi', '2', '1Gi'], sharedMemory: '256Mi' },
  backup: { retention: 7, storage: '20Gi', resources: ['100m', '256Mi', '1', '1Gi'] },
  restore: { resources: ['250m', '256Mi', '2', '1Gi'] },
};
const ENVIRONMENTS = {
  prod: PROD,
  dev: {
    vault: { server: 'http://vault-dev.platform.svc:8200', role: 'data-layer-dev' },
    postgres: { storage: '2Gi', resources: ['100m', '256Mi', '1', '512Mi'], sharedMemory: '128Mi' },
    backup: { ...PROD.backup, retention: 3, storage: '5Gi', resources: ['50m', '128Mi', '500m', '512Mi'] },
    restore: { resources: ['100m', '128Mi', '1', '512Mi'] },
  },
};

function dataNamespace(chart) {
  const nsLabels = { ...layerLabels(), 'kubernetes.io/metadata.name': NS };
  for (const mode of ['enforce', 'audit', 'warn']) {
    nsLabels[`pod-security.kubernetes.io/${mode}`] = 'restricted';
    nsLabels[`pod-security.kubernetes.io/${mode}-version`] = 'v1.28';
  }
  new k8s.KubeNamespace(chart, 'namespace', { metadata: { name: NS, labels: nsLabels } });
  new k8s.KubeNetworkPolicy(chart, 'default-deny', {
    metadata: meta('default-deny', NS, layerLabels()),
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
}

function secretStore(chart, cfg) {
  const storeLabels = labels('vault', 'secret-store');
  new k8s.KubeServiceAccount(chart, 'vault-sa', {
    metadata: meta('vault-secret-store', NS, storeLabels), automountServiceAccountToken: false,
  });
  new eso.SecretStore(chart, 'vault', {
    metadata: meta('vault', NS, storeLabels),
    spec: {
      provider: {
        vault: {
          server: cfg.vault.server, path: 'secret', version: eso.SecretStoreSpecProviderVaultVersion.V2,
          auth: { kubernetes: { mountPath: 'kubernetes', role: cfg.vault.role, serviceAccountRef: { name: 'vault-secret-store' } } },
        },
      },
    },
  });
  new eso.ExternalSecret(chart, SUPERUSER_SECRET, {
    metadata: meta(SUPERUSER_SECRET, NS, labels(SUPERUSER_SECRET, 'secret')),
    spec: {
      secretStoreRef: { name: 'vault', kind: eso.ExternalSecretSpecSecretStoreRefKind.SECRET_STORE },
      refreshInterval: '1h',
      target: {
        name: SUPERUSER_SECRET,
        creationPolicy: eso.ExternalSecretSpecTargetCreationPolicy.OWNER,
        deletionPolicy: eso.ExternalSecretSpecTargetDeletionPolicy.RETAIN,
      },
      // The three strategies as ESO's CRD defaults them (VaultExternalSecret writes them out).
      data: [{
        secretKey: 'password',
        remoteRef: {
          key: 'postgres', property: 'password',
          conversionStrategy: eso.ExternalSecretSpecDataRemoteRefConversionStrategy.DEFAULT,
          decodingStrategy: eso.ExternalSecretSpecDataRemoteRefDecodingStrategy.NONE,
          metadataPolicy: eso.ExternalSecretSpecDataRemoteRefMetadataPolicy.NONE,
        },
      }],
    },
  });
}

function serverConfig() {
  const settings = {
    max_connections: '100', shared_buffers: '128MB', log_destination: 'stderr', logging_collector: 'off',
    log_connections: 'on', log_disconnections: 'on', log_line_prefix: '%m [%p] %q%u@%d ',
    listen_addresses: '*', port: String(PORT), unix_socket_directories: '/var/run/postgresql',
    password_encryption: 'scram-sha-256',
  };
  const conf = '# Written by data-layer from PostgresProps; change the props, not this file.\n'
    + Object.keys(settings).sort().map((k) => `${k} = '${settings[k].replace(/'/g, "''")}'\n`).join('');
  const hba = '# Written by data-layer. No trust, no md5; which peers may connect is decided by NetworkPolicy.\n'
    + '# TYPE  DATABASE  USER  ADDRESS    METHOD\n'
    + 'local   all       postgres  peer map=local-superuser\n'
    + 'local   all       all              scram-sha-256\n'
    + 'host    all       all   0.0.0.0/0  scram-sha-256\n'
    + 'host    all       all   ::/0       scram-sha-256\n';
  const ident = '# Written by data-layer. Peer login on the pod-local socket: OS user -> superuser, nothing else.\n'
    + '# MAPNAME  SYSTEM-USERNAME  PG-USERNAME\n'
    + 'local-superuser  postgres  postgres\n';
  const sync = fs.readFileSync(path.join(ROOT, 'src', 'main', 'resources', 'io', 'datalayer', 'postgres', 'superuser-sync.sh'), 'utf8');
  const digest = crypto.createHash('sha256');
  for (const file of [conf, hba, ident, sync]) {
    digest.update(file, 'utf8');
    digest.update(Buffer.from([0]));
  }
  return { conf, hba, ident, sync, hash: digest.digest('hex') };
}

// io.datalayer.k8s.ServerStatefulSet: apiVersion and kind written into each claim template, as the
// API server does (argoproj/argo-cd#11143), added to the finished JSON.
class ClaimTemplatesWithKind extends k8s.KubeStatefulSet {
  toJson() {
    const json = super.toJson();
    json.spec.volumeClaimTemplates = json.spec.volumeClaimTemplates
      .map((template) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', ...template }));
    return json;
  }
}

const superuserVolume = {
  name: 'superuser',
  secret: { secretName: SUPERUSER_SECRET, defaultMode: 0o440, items: [{ key: 'password', path: 'password' }] },
};

function postgres(chart, cfg) {
  const pgLabels = labels(PG, 'database');
  const { conf, hba, ident, sync, hash } = serverConfig();
  new k8s.KubeServiceAccount(chart, 'pg-sa', { metadata: meta(PG, NS, pgLabels), automountServiceAccountToken: false });
  new k8s.KubeConfigMap(chart, 'pg-config', {
    metadata: meta(`${PG}-config`, NS, pgLabels), data: { 'pg_hba.conf': hba, 'pg_ident.conf': ident, 'postgresql.conf': conf },
  });
  new k8s.KubeConfigMap(chart, 'pg-password-sync', {
    metadata: meta(`${PG}-password-sync`, NS, pgLabels), data: { 'superuser-sync.sh': sync },
  });
  const servicePorts = [{ name: PG, port: PORT, protocol: 'TCP', targetPort: k8s.IntOrString.fromString(PG) }];
  new k8s.KubeService(chart, 'pg-headless', {
    metadata: meta(`${PG}-headless`, NS, pgLabels),
    spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector: selector(PG), ports: servicePorts },
  });
  new k8s.KubeService(chart, 'pg-service', {
    metadata: meta(PG, NS, pgLabels), spec: { type: 'ClusterIP', selector: selector(PG), ports: servicePorts },
  });
  const ready = ['pg_isready', '--host=127.0.0.1', `--port=${PORT}`, '--username=postgres', '--dbname=postgres', '--quiet'];
  const probe = (failureThreshold, periodSeconds, timeoutSeconds) => ({
    exec: { command: ready }, failureThreshold, periodSeconds, timeoutSeconds,
  });
  const pgdata = '/var/lib/postgresql/data';
  const syncProbe = {
    exec: { command: ['/bin/sh', '/opt/data-layer/superuser-sync.sh', '--check'] }, failureThreshold: 3, periodSeconds: 30, timeoutSeconds: 5,
  };
  new ClaimTemplatesWithKind(chart, 'pg-statefulset', {
    metadata: meta(PG, NS, pgLabels),
    spec: {
      serviceName: `${PG}-headless`, replicas: 1, podManagementPolicy: 'OrderedReady',
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      selector: { matchLabels: selector(PG) },
      template: {
        metadata: { labels: pgLabels, annotations: { 'data-layer/config-sha256': hash } },
        spec: {
          automountServiceAccountToken: false, enableServiceLinks: false, serviceAccountName: PG,
          terminationGracePeriodSeconds: 120, securityContext: podSecurityContext(UID, UID),
          containers: [{
            name: PG, image: IMAGE, imagePullPolicy: 'IfNotPresent',
            args: ['postgres', '-c', 'config_file=/etc/postgresql/postgresql.conf', '-c', 'hba_file=/etc/postgresql/pg_hba.conf',
              '-c', 'ident_file=/etc/postgresql/pg_ident.conf'],
            env: [env('PGDATA', pgdata), env('POSTGRES_USER', 'postgres'),
              env('POSTGRES_PASSWORD_FILE', '/etc/postgresql-superuser/password')],
            ports: [{ name: PG, containerPort: PORT, protocol: 'TCP' }],
            lifecycle: { preStop: { exec: { command: ['pg_ctl', 'stop', `--pgdata=${pgdata}`, '--mode=fast', '--wait', '--timeout=110'] } } },
            startupProbe: probe(60, 10, 5), readinessProbe: probe(3, 10, 5), livenessProbe: probe(6, 15, 10),
            resources: resources(...cfg.postgres.resources),
            securityContext: containerSecurityContext(),
            volumeMounts: [mount('data', '/var/lib/postgresql', false), mount('config', '/etc/postgresql', true),
              mount('superuser', '/etc/postgresql-superuser', true), mount('run', '/var/run/postgresql', false),
              mount('tmp', '/tmp', false), mount('shm', '/dev/shm', false)],
          }, {
            name: 'password-sync', image: IMAGE, imagePullPolicy: 'IfNotPresent',
            command: ['/bin/sh', '/opt/data-layer/superuser-sync.sh'],
            env: [env('POSTGRES_PASSWORD_FILE', '/etc/postgresql-superuser/password'), env('PGHOST', '/var/run/postgresql'),
              env('PGPORT', String(PORT)), env('PGUSER', 'postgres'), env('SYNC_INTERVAL_SECONDS', '10'),
              env('SYNC_MIN_LENGTH', '16'), env('HEARTBEAT_FILE', '/tmp/password-sync.alive')],
            readinessProbe: syncProbe, livenessProbe: syncProbe,
            resources: resources('10m', '16Mi', '100m', '64Mi'),
            securityContext: containerSecurityContext(),
            volumeMounts: [mount('password-sync-script', '/opt/data-layer', true), mount('superuser', '/etc/postgresql-superuser', true),
              mount('run', '/var/run/postgresql', false), mount('password-sync-tmp', '/tmp', false)],
          }],
          volumes: [
            { name: 'config', configMap: { name: `${PG}-config`, defaultMode: 0o444 } },
            superuserVolume,
            { name: 'run', emptyDir: { sizeLimit: q('16Mi') } },
            { name: 'tmp', emptyDir: { sizeLimit: q('1Gi') } },
            { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: q(cfg.postgres.sharedMemory) } },
            { name: 'password-sync-script', configMap: { name: `${PG}-password-sync`, defaultMode: 0o444 } },
            { name: 'password-sync-tmp', emptyDir: { sizeLimit: q('1Mi') } },
          ],
        },
      },
      volumeClaimTemplates: [{
        metadata: { name: 'data', labels: selector(PG) },
        spec: {
          accessModes: ['ReadWriteOnce'], storageClassName: 'local-path', volumeMode: 'Filesystem',
          resources: { requests: { storage: q(cfg.postgres.storage) } },
        },
      }],
    },
  });
  new k8s.KubePodDisruptionBudget(chart, 'pg-pdb', {
    metadata: meta(PG, NS, pgLabels),
    spec: { minAvailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector(PG) }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
  });
  const tcp = (port) => ({ port: k8s.IntOrString.fromNumber(port), protocol: 'TCP' });
  new k8s.KubeNetworkPolicy(chart, 'pg-ingress', {
    metadata: meta(`${PG}-ingress`, NS, pgLabels),
    spec: {
      podSelector: { matchLabels: selector(PG) }, policyTypes: ['Ingress'],
      ingress: [{
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'platform' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'vault', component: 'server' } },
          },
          { namespaceSelector: { matchLabels: { 'platform/layer': 'l4' } } },
          { podSelector: { matchLabels: { [CLIENT_LABEL]: 'true' } } },
        ],
        ports: [tcp(PORT)],
      }],
    },
  });
  new k8s.KubeNetworkPolicy(chart, 'pg-client-egress', {
    metadata: meta(`${PG}-client-egress`, NS, pgLabels),
    spec: {
      podSelector: { matchLabels: { [CLIENT_LABEL]: 'true' } }, policyTypes: ['Egress'],
      egress: [
        { to: [{ podSelector: { matchLabels: selector(PG) } }], ports: [tcp(PORT)] },
        {
          to: [{
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          }],
          ports: [{ port: k8s.IntOrString.fromNumber(53), protocol: 'UDP' }, tcp(53)],
        },
      ],
    },
  });
}

// One CronJob running a script of the backup ConfigMap against the server, as the superuser.
function scriptJob(chart, id, name, component, o) {
  const jobLabels = labels(name, component);
  new k8s.KubeCronJob(chart, id, {
    metadata: meta(name, NS, jobLabels),
    spec: {
      schedule: o.schedule, timeZone: 'Etc/UTC', suspend: o.suspend, concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: o.startingDeadlineSeconds, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels: jobLabels },
        spec: {
          activeDeadlineSeconds: o.activeDeadlineSeconds, backoffLimit: o.backoffLimit, ttlSecondsAfterFinished: 604800,
          template: {
            metadata: { labels: { ...jobLabels, [CLIENT_LABEL]: 'true' } },
            spec: {
              automountServiceAccountToken: false, enableServiceLinks: false, restartPolicy: 'Never',
              terminationGracePeriodSeconds: o.terminationGracePeriodSeconds, securityContext: podSecurityContext(UID, UID),
              containers: [{
                name: o.container, image: IMAGE, imagePullPolicy: 'IfNotPresent',
                command: ['/bin/sh', `/opt/data-layer/${o.script}`],
                env: [env('PGHOST', `${PG}.${NS}.svc.cluster.local`), env('PGPORT', String(PORT)), env('PGUSER', 'postgres'),
                  env('POSTGRES_PASSWORD_FILE', '/etc/postgresql-superuser/password'), env('BACKUP_DIR', '/backups'), ...o.env,
                  fieldEnv('JOB_NAME', "metadata.labels['batch.kubernetes.io/job-name']"), fieldEnv('POD_NAME', 'metadata.name')],
                resources: o.resources, securityContext: containerSecurityContext(),
                volumeMounts: [mount('dumps', '/backups', false), mount('scripts', '/opt/data-layer', true),
                  mount('superuser', '/etc/postgresql-superuser', true), mount('tmp', '/tmp', false)],
              }],
              volumes: [
                { name: 'dumps', persistentVolumeClaim: { claimName: `${PG}-backups` } },
                { name: 'scripts', configMap: { name: `${PG}-backup-scripts`, defaultMode: 0o444 } },
                superuserVolume,
                { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: q('64Mi') } },
              ],
            },
          },
        },
      },
    },
  });
}

function backupAndRestore(chart, cfg) {
  const name = `${PG}-backup`;
  const backupLabels = labels(name, 'backup');
  new k8s.KubePersistentVolumeClaim(chart, 'backup-pvc', {
    metadata: meta(`${PG}-backups`, NS, backupLabels),
    spec: {
      accessModes: ['ReadWriteOnce'], storageClassName: 'local-path', volumeMode: 'Filesystem',
      resources: { requests: { storage: q(cfg.backup.storage) } },
    },
  });
  const resourceDir = path.join(ROOT, 'src', 'main', 'resources', 'io', 'datalayer');
  const scripts = { 'backup.sh': 'postgres', 'pg.sh': 'postgres', 'restore.sh': 'postgres', 'runs.sh': 'backup' };
  new k8s.KubeConfigMap(chart, 'backup-scripts', {
    metadata: meta(`${PG}-backup-scripts`, NS, backupLabels),
    data: Object.fromEntries(Object.entries(scripts).map(([f, dir]) => [f, fs.readFileSync(path.join(resourceDir, dir, f), 'utf8')])),
  });
  scriptJob(chart, 'backup-cronjob', name, 'backup', {
    schedule: '30 2 * * *', startingDeadlineSeconds: 3600, activeDeadlineSeconds: 10800, backoffLimit: 2,
    container: 'backup', script: 'backup.sh', terminationGracePeriodSeconds: 60,
    env: [env('BACKUP_RETENTION', String(cfg.backup.retention)), env('BACKUP_KEEP_WEEKLY', '4'), env('BACKUP_SHRINK_PERCENT', '50'),
      env('BACKUP_LOCK_WAIT_SECONDS', '600'), env('BACKUP_DATABASES', '')],
    resources: resources(...cfg.backup.resources),
  });
  scriptJob(chart, 'restore-cronjob', `${PG}-restore`, 'restore', {
    schedule: '0 0 31 2 *', suspend: true, activeDeadlineSeconds: 21600, backoffLimit: 0,
    container: 'restore', script: 'restore.sh', terminationGracePeriodSeconds: 120,
    env: [env('RESTORE_RUN', ''), env('RESTORE_DATABASE', ''), env('RESTORE_TERMINATE_CLIENTS', 'false'),
      env('RESTORE_KEEP_REPLACED', 'true'), env('BACKUP_LOCK_WAIT_SECONDS', '60')],
    resources: resources(...cfg.restore.resources),
  });
}

// --- io.datalayer.gitops.GitOps: Argo CD and Flux annotations on every object, by kind --------
const WAVES = {
  Namespace: -1, ServiceAccount: 0, NetworkPolicy: 0, SecretStore: 0, ExternalSecret: 1, ConfigMap: 1, Service: 1,
  PersistentVolumeClaim: 1, StatefulSet: 2, PodDisruptionBudget: 2, CronJob: 3,
};
const HOLDS_DATA = new Set(['Namespace', 'PersistentVolumeClaim', 'StatefulSet']);
const BUILT_IN_GROUPS = new Set(['', 'apps', 'batch', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io',
  'storage.k8s.io', 'autoscaling']);

function gitOps(chart) {
  for (const child of chart.node.findAll()) {
    if (!(child instanceof ApiObject)) continue;
    const wave = WAVES[child.kind];
    if (wave === undefined) throw new Error(`${child.kind}/${child.name} has no Argo CD sync wave; add it to WAVES`);
    child.metadata.addAnnotation('argocd.argoproj.io/sync-wave', String(wave));
    const slash = child.apiVersion.indexOf('/');
    if (HOLDS_DATA.has(child.kind)) {
      child.metadata.addAnnotation('argocd.argoproj.io/sync-options', 'Prune=false,Delete=false');
      child.metadata.addAnnotation('kustomize.toolkit.fluxcd.io/prune', 'disabled');
    } else if (!BUILT_IN_GROUPS.has(slash < 0 ? '' : child.apiVersion.substring(0, slash))) {
      child.metadata.addAnnotation('argocd.argoproj.io/sync-options', 'SkipDryRunOnMissingResource=true');
    }
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
for (const [name, cfg] of Object.entries(ENVIRONMENTS)) {
  const folder = path.join(outdir, name);
  const app = new App({ outdir: folder, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const chart = new Chart(app, 'data-layer', { disableResourceNameHashes: true });
  dataNamespace(chart);
  secretStore(chart, cfg);
  postgres(chart, cfg);
  backupAndRestore(chart, cfg);
  gitOps(chart);
  app.synth();
  writeKustomization(folder);
}
