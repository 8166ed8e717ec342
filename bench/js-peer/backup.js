// The store-agnostic backup parts of the JavaScript peer (io.datalayer.backup): the runs claim, the
// scripts ConfigMap with runs.sh and offsite.sh, the Job pod and its CronJob, and the environment's
// off-site copies (ExternalSecret, egress policy, and what a store's pod needs to take part).
'use strict';
const { Construct } = require('constructs');
const { k8s } = require('cdk8s-plus-28');
const {
  Mount, PodVolumes, claimSpec, containerSecurityContext, dnsEgress, env, jobPod, labelsOf, namespaceOf, quantity, readScript,
  requirements, tcp,
} = require('./kit');
const { VaultExternalSecret } = require('./layer');

const BACKUP_DIR = '/backups';
const SCRIPTS_DIR = '/opt/data-layer';
const RUNS_LIBRARY = 'runs.sh';
const OFFSITE_SCRIPT = 'offsite.sh';
const DRILL_LIBRARY = 'drills.sh';
const DRILL_DATA_DIR = '/var/lib/datalayer-drill';

const claim = (scope, id, metadata, store) => new k8s.KubePersistentVolumeClaim(scope, id, { metadata, spec: claimSpec(store) });

/** The ConfigMap with runs.sh and offsite.sh (shared by every store) and the store's own scripts, read from its scriptsDir. */
function scripts(scope, id, metadata, scriptsDir, names) {
  const data = {
    [RUNS_LIBRARY]: readScript('backup', RUNS_LIBRARY), [OFFSITE_SCRIPT]: readScript('backup', OFFSITE_SCRIPT),
    [DRILL_LIBRARY]: readScript('backup', DRILL_LIBRARY),
  };
  for (const name of names) data[name] = readScript(scriptsDir, name);
  return new k8s.KubeConfigMap(scope, id, { metadata, data });
}

/** Who holds the backup volume's lock: the Job and the pod, from the downward API. */
const lockHolderEnv = () => [
  { name: 'JOB_NAME', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-name']" } } },
  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
];

/**
 * The pod of a backup or restore Job: o = { podLabels, container, image, uid, script, env, resources,
 * terminationGracePeriodSeconds, claimName, scriptsName, storeMounts, tmpSize, offsite, mode, store }.
 */
function pod(o) {
  const volumes = new PodVolumes();
  const labels = { ...o.podLabels };
  const allEnv = [...o.env];
  let command = ['/bin/sh', `${SCRIPTS_DIR}/${o.script}`];
  let init = [];
  let offsiteMounts = [];
  if (o.offsite) {
    const wiring = o.offsite.apply(o.store, SCRIPTS_DIR, o.script, o.mode, volumes);
    init = wiring.initContainers;
    offsiteMounts = wiring.mounts;
    allEnv.push(...wiring.env);
    Object.assign(labels, wiring.podLabels);
    command = wiring.command;
  }
  const mounts = [Mount.claim('dumps', o.claimName, BACKUP_DIR, o.claimReadOnly === true), Mount.configMap('scripts', o.scriptsName, SCRIPTS_DIR),
    ...o.storeMounts, Mount.memory('tmp', '/tmp', o.tmpSize), ...offsiteMounts];
  const job = {
    name: o.container, image: o.image, imagePullPolicy: 'IfNotPresent', command, env: allEnv, resources: o.resources,
    securityContext: containerSecurityContext(), volumeMounts: volumes.mount(mounts),
  };
  return { metadata: { labels }, spec: jobPod(o.uid, o.terminationGracePeriodSeconds, init, [job], volumes.volumes()) };
}

/** The defaults every store's backup props and restore props share (each store's file adds its own). */
const backupTiming = {
  timeZone: 'Etc/UTC', keepWeekly: 4, shrinkWarnPercent: 50, lockWaitSeconds: 600, startingDeadlineSeconds: 3600,
  backoffLimit: 2, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3, ttlSecondsAfterFinished: 604800,
};
const restoreTiming = { keepReplaced: true, lockWaitSeconds: 60, ttlSecondsAfterFinished: 604800 };

/** A scheduled backup's timing (JobTiming.scheduled) from a backup's props. */
const scheduled = (p) => ({
  suspended: false, schedule: p.schedule, timeZone: p.timeZone, startingDeadlineSeconds: p.startingDeadlineSeconds,
  successfulJobsHistoryLimit: p.successfulJobsHistoryLimit, failedJobsHistoryLimit: p.failedJobsHistoryLimit,
  backoffLimit: p.backoffLimit, activeDeadlineSeconds: p.activeDeadlineSeconds, ttlSecondsAfterFinished: p.ttlSecondsAfterFinished,
});
/** A restore started by hand (JobTiming.suspendedTemplate): suspended, never scheduled, not retried. */
const suspendedTemplate = (p) => ({
  suspended: true, schedule: '0 0 31 2 *', timeZone: 'Etc/UTC', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3,
  backoffLimit: 0, activeDeadlineSeconds: p.activeDeadlineSeconds, ttlSecondsAfterFinished: p.ttlSecondsAfterFinished,
});

function cronJob(scope, id, metadata, jobLabels, timing, template) {
  return new k8s.KubeCronJob(scope, id, {
    metadata,
    spec: {
      suspend: timing.suspended ? true : undefined, schedule: timing.schedule, timeZone: timing.timeZone,
      concurrencyPolicy: 'Forbid', startingDeadlineSeconds: timing.startingDeadlineSeconds,
      successfulJobsHistoryLimit: timing.successfulJobsHistoryLimit, failedJobsHistoryLimit: timing.failedJobsHistoryLimit,
      jobTemplate: {
        metadata: { labels: jobLabels },
        spec: {
          backoffLimit: timing.backoffLimit, activeDeadlineSeconds: timing.activeDeadlineSeconds,
          ttlSecondsAfterFinished: timing.ttlSecondsAfterFinished, template,
        },
      },
    },
  });
}

/** What runs.sh needs for the runs of a store's volume (retention, lock), without the store's own settings. */
const runsEnv = (retention, keepWeekly, lockWaitSeconds) => [env('BACKUP_DIR', BACKUP_DIR), env('BACKUP_RETENTION', String(retention)),
  env('BACKUP_KEEP_WEEKLY', String(keepWeekly)), env('BACKUP_LOCK_WAIT_SECONDS', String(lockWaitSeconds)), ...lockHolderEnv()];

/** The name of a store's off-site sync CronJob. */
const syncName = (store) => `${store}-offsite-sync`;

/**
 * A store's hourly off-site sync CronJob (offsite.sh sync on the backup's volume and lock), when
 * off-site copies are on; returns its name, or null.
 */
function offsiteSync(scope, names, backup, image, uid, resources, offsite, store) {
  if (!offsite) return null;
  const name = syncName(store);
  const labels = labelsOf(name, 'backup');
  const template = pod({
    podLabels: labels, container: 'offsite-sync', image, uid, script: OFFSITE_SCRIPT,
    env: runsEnv(backup.retention, backup.keepWeekly, backup.lockWaitSeconds), resources: requirements(resources),
    terminationGracePeriodSeconds: 30, claimName: `${backup.name}s`, scriptsName: `${backup.name}-scripts`, storeMounts: [],
    tmpSize: '16Mi', offsite, mode: 'sync', store,
  });
  cronJob(scope, 'offsite-sync', names.meta(name, labels), labels, {
    suspended: false, schedule: offsite.props.syncSchedule, timeZone: 'Etc/UTC', startingDeadlineSeconds: 600,
    successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3, backoffLimit: 0, activeDeadlineSeconds: 3000, ttlSecondsAfterFinished: 86400,
  }, template);
  return name;
}

/** A backup CronJob's runs claim and scripts (the store's, from its scriptsDir): what every store's backup shares. */
function backupParts(scope, claimId, names, props, scriptsDir, scriptNames) {
  const labels = labelsOf(props.name, 'backup');
  claim(scope, claimId, names.meta(`${props.name}s`, labels), props.storage);
  scripts(scope, 'scripts', names.meta(`${props.name}-scripts`, labels), scriptsDir, scriptNames);
  return labels;
}

/**
 * A store's restore drill CronJob (io.datalayer.backup.RestoreDrill): the store's drill script on its
 * image, the runs claim read-only, an emptyDir of drill.dataSize, through offsite.sh drill when off-site
 * copies are on. Returns what the alerts watch, or null when the drill is not scheduled.
 */
function restoreDrill(scope, id, names, store, image, uid, drill, backup, script, offsite) {
  const self = new Construct(scope, id);
  const labels = labelsOf(drill.name, 'drill');
  // DrillSettings.after: a daily backup's start plus its deadline plus 15 minutes, unless set.
  let { schedule, timeZone } = drill;
  if (schedule === null) {
    const [minute, hour] = backup.schedule.split(' ').map(Number);
    const start = (hour * 60 + minute + Math.ceil(backup.activeDeadlineSeconds / 60) + 15) % (24 * 60);
    schedule = `${start % 60} ${Math.floor(start / 60)} * * *`;
    timeZone = backup.timeZone;
  }
  const [, n, unit] = /^(\d+)(Mi|Gi|Ti)$/.exec(drill.dataSize);
  const storage = `${Number(n) * { Mi: 1, Gi: 1024, Ti: 1024 * 1024 }[unit] + 256}Mi`;
  const base = requirements(drill.resources);
  const resources = {
    requests: { cpu: base.requests.cpu, 'ephemeral-storage': quantity(storage), memory: base.requests.memory },
    limits: { cpu: base.limits.cpu, 'ephemeral-storage': quantity(storage), memory: base.limits.memory },
  };
  const template = pod({
    podLabels: labels, container: 'drill', image, uid, script,
    env: [env('BACKUP_DIR', BACKUP_DIR), env('DRILL_DATA_DIR', DRILL_DATA_DIR)], resources,
    terminationGracePeriodSeconds: drill.terminationGracePeriodSeconds, claimName: `${backup.name}s`,
    scriptsName: `${backup.name}-scripts`, claimReadOnly: true, storeMounts: [Mount.emptyDir('drill-data', DRILL_DATA_DIR, drill.dataSize)],
    tmpSize: '64Mi', offsite, mode: 'drill', store,
  });
  cronJob(self, 'cronjob', names.meta(drill.name, labels), labels, {
    suspended: !drill.scheduled, schedule, timeZone, startingDeadlineSeconds: 3600,
    successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3, backoffLimit: 0, activeDeadlineSeconds: drill.activeDeadlineSeconds,
    ttlSecondsAfterFinished: 604800,
  }, template);
  return drill.scheduled
    ? { store, cronJob: drill.name, maxAgeHours: drill.maxAgeHours, maxDurationMinutes: drill.maxDurationMinutes } : null;
}

/** The defaults every store's drill props share (DrillSettings); each store's file adds its own. */
const drillTiming = { scheduled: true, timeZone: 'Etc/UTC', terminationGracePeriodSeconds: 60, maxAgeHours: 26, maxDurationMinutes: 120 };

// --- Offsite ----------------------------------------------------------------------------------------
const OFFSITE_CLIENT_LABEL = 'data-layer/offsite-client';
const RCLONE_DIR = '/opt/rclone';
const OFFSITE_SECRET_DIR = '/etc/backup-s3';
const EGRESS_POLICY = 'offsite-egress';

class Offsite extends Construct {
  constructor(scope, id, store, props) {
    super(scope, id);
    this.props = props;
    new VaultExternalSecret(this, 'secret', store, props.secret, props.secretName);
    const destination = props.egressCidr ? { ipBlock: { cidr: props.egressCidr } } : props.egressPeer.policyPeer();
    new k8s.KubeNetworkPolicy(this, 'egress', {
      metadata: { name: EGRESS_POLICY, namespace: namespaceOf(this), labels: labelsOf(EGRESS_POLICY, 'backup') },
      spec: {
        podSelector: { matchLabels: { [OFFSITE_CLIENT_LABEL]: 'true' } }, policyTypes: ['Egress'],
        egress: [{ to: [destination], ports: [tcp(props.egressPort)] }, dnsEgress()],
      },
    });
  }

  /** The deployment's identity, <environment>/<namespace>: its folder under the prefix, recorded in every manifest. */
  deployment() {
    return `${this.props.environment}/${namespaceOf(this)}`;
  }

  /** A store's folder in the bucket: <prefix>/<environment>/<namespace>/<store>. */
  path(store) {
    return `${this.props.prefix}/${this.deployment()}/${store}`;
  }

  /** What a store's backup or restore pod needs: init container, mounts, env, label, command. */
  apply(store, scriptsDir, script, mode, volumes) {
    const rclone = Mount.emptyDir('rclone', RCLONE_DIR, '256Mi');
    const copy = {
      name: 'rclone', image: this.props.image, imagePullPolicy: 'IfNotPresent',
      command: ['cp', '/usr/local/bin/rclone', '/etc/ssl/certs/ca-certificates.crt', `${RCLONE_DIR}/`],
      resources: requirements(['10m', '16Mi', '200m', '64Mi']), securityContext: containerSecurityContext(),
      volumeMounts: volumes.mount(rclone),
    };
    return {
      initContainers: [copy],
      mounts: [rclone.at(RCLONE_DIR, true), Mount.secret('offsite-secret', this.props.secretName, OFFSITE_SECRET_DIR)],
      env: [env('OFFSITE_CONFIG_DIR', OFFSITE_SECRET_DIR), env('OFFSITE_VAULT_PATH', this.props.secret.apiPath),
        env('OFFSITE_PROVIDER', this.props.provider), env('OFFSITE_PATH', this.path(store)),
        env('OFFSITE_DEPLOYMENT', this.deployment()),
        env('OFFSITE_RCLONE', `${RCLONE_DIR}/rclone`), env('OFFSITE_CA_FILE', `${RCLONE_DIR}/ca-certificates.crt`)],
      podLabels: { [OFFSITE_CLIENT_LABEL]: 'true' },
      command: mode === 'sync' ? ['/bin/sh', `${scriptsDir}/${OFFSITE_SCRIPT}`, mode]
        : ['/bin/sh', `${scriptsDir}/${OFFSITE_SCRIPT}`, mode, `${scriptsDir}/${script}`],
    };
  }
}

module.exports = {
  BACKUP_DIR, Offsite, backupParts, backupTiming, cronJob, drillTiming, lockHolderEnv, offsiteSync, pod, restoreDrill,
  restoreTiming, runsEnv, scheduled, suspendedTemplate,
};
