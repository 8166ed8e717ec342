// Monitoring in the JavaScript peer (io.datalayer.monitoring): a store's metrics exporter with its
// Service, policy and ServiceMonitor, and the environment's PrometheusRule.
'use strict';
const { Construct } = require('constructs');
const { k8s } = require('cdk8s-plus-28');
const { monitoring: prom } = require('./imports');
const {
  NAME, Peer, PodVolumes, StoreNames, containerSecurityContext, intOrString, labelsOf, layerLabels, namespaceOf, requirements,
  serverPod, serviceAccount, sha256, tcp,
} = require('./kit');

const PORT_NAME = 'metrics';

/**
 * props = { name, image, port, metricsPath, args, env, mounts, uid, clientLabels, companions }:
 * companions(volumes) gives the init containers and sidecars (after the exporter) and the files they
 * run (their hash goes on the pod template), or is absent.
 */
class MetricsExporter extends Construct {
  constructor(scope, id, props, monitoring) {
    super(scope, id);
    const names = new StoreNames(props.name, namespaceOf(this));
    const labels = labelsOf(props.name, 'metrics');
    serviceAccount(this, 'service-account', names.meta(props.name, labels));
    const volumes = new PodVolumes();
    const http = { httpGet: { path: props.metricsPath, port: intOrString(PORT_NAME) }, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3 };
    const container = {
      name: 'exporter', image: props.image, imagePullPolicy: 'IfNotPresent', args: props.args, env: props.env,
      ports: [{ name: PORT_NAME, containerPort: props.port, protocol: 'TCP' }], resources: requirements(monitoring.exporterResources),
      securityContext: containerSecurityContext(), readinessProbe: http, livenessProbe: http, volumeMounts: volumes.mount(props.mounts),
    };
    const companions = props.companions ? props.companions(volumes) : { initContainers: [], sidecars: [], files: [] };
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: names.meta(props.name, labels),
      spec: {
        replicas: 1, revisionHistoryLimit: 3, strategy: { type: 'Recreate' }, selector: names.selector(),
        template: {
          metadata: {
            annotations: companions.files.length ? { 'data-layer/config-sha256': sha256(...companions.files) } : undefined,
            labels: { ...names.selectorLabels(), ...props.clientLabels },
          },
          spec: serverPod(props.name, props.uid, 30, companions.initContainers, [container, ...companions.sidecars], volumes.volumes()),
        },
      },
    });
    new ScrapeTarget(this, 'scrape', names, names.selectorLabels(), props.port, props.metricsPath, monitoring);
  }
}

/** A metrics port made a Prometheus target: Service <name>, NetworkPolicy <name>-ingress (Prometheus only), ServiceMonitor <name>. */
class ScrapeTarget extends Construct {
  constructor(scope, id, names, podSelector, port, metricsPath, monitoring) {
    super(scope, id);
    const name = names.name;
    const labels = labelsOf(name, 'metrics');
    new k8s.KubeService(this, 'service', {
      metadata: names.meta(name, labels),
      spec: { type: 'ClusterIP', selector: podSelector, ports: [{ name: PORT_NAME, port, targetPort: intOrString(PORT_NAME), protocol: 'TCP' }] },
    });
    new k8s.KubeNetworkPolicy(this, 'ingress', {
      metadata: names.meta(names.ingressPolicy(), labels),
      spec: {
        podSelector: { matchLabels: podSelector }, policyTypes: ['Ingress'],
        ingress: [{ from: [Peer.podsIn(monitoring.prometheusNamespace, monitoring.prometheusPodSelector).policyPeer()], ports: [tcp(port)] }],
      },
    });
    new prom.ServiceMonitor(this, 'service-monitor', {
      metadata: { name, namespace: names.namespace, labels: { ...labels, ...monitoring.selectorLabels } },
      spec: {
        jobLabel: NAME, selector: { matchLabels: names.selectorLabels() }, namespaceSelector: { matchNames: [names.namespace] },
        endpoints: [{ port: PORT_NAME, path: metricsPath, scheme: prom.ServiceMonitorSpecEndpointsScheme.HTTP, interval: monitoring.scrapeInterval }],
      },
    });
  }
}

// --- Alerts -----------------------------------------------------------------------------------------
const SECONDS = { y: 365 * 24 * 3600, w: 7 * 24 * 3600, d: 24 * 3600, h: 3600, m: 60, s: 1, ms: 0.001 };
/** A Prometheus duration in whole seconds, at least 1. */
function seconds(duration) {
  let total = 0;
  for (const m of duration.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) total += Number(m[1]) * SECONDS[m[2]] * 1000;
  return Math.max(1, Math.floor(total / 1000));
}
const stale = (cron, maxAge) => `(time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time${cron}) > ${maxAge})`
  + ` or (time() - max by (namespace, cronjob) (kube_cronjob_created${cron}) > ${maxAge}`
  + ` unless on (namespace, cronjob) kube_cronjob_status_last_successful_time${cron})`;
const rule = (alert, expr, forDuration, severity, labels, summary, description, runbookUrl) => ({
  alert, expr, for: forDuration, labels: { ...labels, severity }, annotations: { summary, description, runbook_url: runbookUrl },
});

/** The CronJob's newest failed Job started after its last success (Alerts.failedSinceLastSuccess). */
const failedSinceLastSuccess = (cron, jobs) => {
  const failed = `(kube_job_status_start_time${jobs} and on (namespace, job_name) (kube_job_status_failed${jobs} > 0))`;
  return `${failed} > on (namespace) group_left () max by (namespace) (kube_cronjob_status_last_successful_time${cron})`
    + ` or ${failed} unless on (namespace) kube_cronjob_status_last_successful_time${cron}`;
};

/**
 * backups: [{ store, cronJob, offsiteCronJob }]; exporters: [{ store, job, upMetric }]; storeAlerts:
 * [{ store, alert, expr, forDuration, severity, summary, description }] (an alert only one store has:
 * Alerts.StoreAlert); drills: [{ store, cronJob, maxAgeHours, maxDurationMinutes }].
 */
class Alerts extends Construct {
  constructor(scope, id, monitoring, backups, exporters, storeAlerts = [], drills = []) {
    super(scope, id);
    const ns = namespaceOf(this);
    const runbook = monitoring.runbookUrl;
    const maxAge = seconds(monitoring.backupMaxAge);
    const backupRules = [];
    const storeRules = [];
    for (const b of backups) {
      const cron = `{namespace="${ns}",cronjob="${b.cronJob}"}`;
      const jobs = `{namespace="${ns}",job_name=~"${b.cronJob}-[0-9]+"}`;
      const labels = { store: b.store };
      backupRules.push(rule('DataLayerBackupTooOld', stale(cron, maxAge), '15m', 'critical', labels,
        `No ${b.store} backup has succeeded for more than ${monitoring.backupMaxAge}`,
        `CronJob {{ $labels.namespace }}/${b.cronJob} last succeeded {{ $value | humanizeDuration }} ago`
          + ' (or never, counted from its creation). Until a backup succeeds, a lost volume loses data.',
        `${runbook}#datalayerbackuptooold`));
      backupRules.push(rule('DataLayerBackupFailed', failedSinceLastSuccess(cron, jobs),
        '5m', 'warning', labels, `The last ${b.store} backup failed`,
        'Job {{ $labels.namespace }}/{{ $labels.job_name }} failed after the last successful backup.'
          + ' Its log names each failed database and why (search DATALAYER_BACKUP_SUMMARY).',
        `${runbook}#datalayerbackupfailed`));
      backupRules.push(rule('DataLayerBackupMetricsMissing', `absent(kube_cronjob_info${cron})`, '30m', 'warning', labels,
        `No kube-state-metrics series for the ${b.store} backup CronJob`,
        `kube_cronjob_info${cron} is absent: kube-state-metrics is not scraped, or the CronJob is gone.`
          + ' The backup alerts cannot fire until it is back.',
        `${runbook}#datalayerbackupmetricsmissing`));
      if (b.offsiteCronJob) {
        const copy = `{namespace="${ns}",cronjob="${b.offsiteCronJob}"}`;
        backupRules.push(rule('DataLayerOffsiteCopyLagging', stale(copy, seconds(monitoring.offsiteMaxAge)), '15m', 'warning', labels,
          `The off-site copy of the ${b.store} backups is older than ${monitoring.offsiteMaxAge}`,
          `CronJob {{ $labels.namespace }}/${b.offsiteCronJob} last succeeded {{ $value | humanizeDuration }}`
            + ' ago (or never). A lost node would take every newer backup with it.',
          `${runbook}#datalayeroffsitecopylagging`));
      }
    }
    for (const d of drills) {
      const cron = `{namespace="${ns}",cronjob="${d.cronJob}"}`;
      const jobs = `{namespace="${ns}",job_name=~"${d.cronJob}-[0-9]+"}`;
      const labels = { store: d.store };
      backupRules.push(rule('DataLayerRestoreDrillFailed', failedSinceLastSuccess(cron, jobs), '5m', 'critical', labels,
        `The last restore drill of the ${d.store} backup failed`,
        'Job {{ $labels.namespace }}/{{ $labels.job_name }} could not restore the newest backup run, or the'
          + ' restored data differs from what the backup recorded. Its log names the first difference'
          + ' (search DATALAYER_DRILL_SUMMARY). Until a drill passes, assume that run does not restore.',
        `${runbook}#datalayerrestoredrillfailed`));
      backupRules.push(rule('DataLayerRestoreDrillTooOld', stale(cron, d.maxAgeHours * 3600), '15m', 'warning', labels,
        `No restore drill of the ${d.store} backup has passed for more than ${d.maxAgeHours}h`,
        `CronJob {{ $labels.namespace }}/${d.cronJob} last succeeded {{ $value | humanizeDuration }} ago`
          + ' (or never, counted from its creation). Nothing proves the newer backups restore.',
        `${runbook}#datalayerrestoredrilltooold`));
      const max = d.maxDurationMinutes * 60;
      backupRules.push(rule('DataLayerRestoreDrillSlow',
        `(kube_job_status_completion_time${jobs} - kube_job_status_start_time${jobs}) > ${max}`
          + ` or ((time() - kube_job_status_start_time${jobs}) > ${max}`
          + ` and on (namespace, job_name) (kube_job_status_active${jobs} > 0))`,
        '5m', 'warning', labels, `A restore drill of the ${d.store} backup took longer than ${d.maxDurationMinutes}m`,
        'Job {{ $labels.namespace }}/{{ $labels.job_name }} ran for {{ $value | humanizeDuration }}: a real'
          + " recovery would take about as long (its log's DATALAYER_DRILL_SUMMARY line has rto_seconds).",
        `${runbook}#datalayerrestoredrillslow`));
    }
    for (const e of exporters) {
      const labels = { store: e.store };
      const job = `{namespace="${ns}",job="${e.job}"}`;
      storeRules.push(rule('DataLayerExporterDown', `up${job} == 0 or absent(up${job})`, '10m', 'warning', labels,
        `Prometheus cannot scrape the ${e.store} exporter`,
        `The ${e.job} target is down or not discovered; the ${e.store} metrics and the alert on the store itself are blind.`,
        `${runbook}#datalayerexporterdown`));
      storeRules.push(rule('DataLayerStoreDown', `${e.upMetric}${job} == 0`, '5m', 'critical', labels,
        `The ${e.store} exporter cannot reach its store`,
        `{{ $labels.job }} reports ${e.upMetric} = 0: the server is down or refuses the monitoring login.`,
        `${runbook}#datalayerstoredown`));
    }
    for (const a of storeAlerts) {
      storeRules.push(rule(a.alert, a.expr, a.forDuration, a.severity, { store: a.store }, a.summary, a.description,
        `${runbook}#${a.alert.toLowerCase()}`));
    }
    const groups = [];
    if (backupRules.length) groups.push({ name: 'data-layer-backups', interval: '1m', rules: backupRules });
    if (storeRules.length) groups.push({ name: 'data-layer-stores', interval: '1m', rules: storeRules });
    new prom.PrometheusRule(this, 'rule', {
      metadata: { name: 'data-layer-alerts', namespace: ns, labels: { ...layerLabels(), ...monitoring.selectorLabels } },
      spec: { groups },
    });
  }
}

module.exports = { Alerts, MetricsExporter, ScrapeTarget };
