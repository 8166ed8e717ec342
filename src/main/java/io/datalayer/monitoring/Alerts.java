package io.datalayer.monitoring;

import imports.com.coreos.monitoring.PrometheusRuleProps;
import imports.com.coreos.monitoring.PrometheusRuleSpec;
import imports.com.coreos.monitoring.PrometheusRuleSpecGroups;
import imports.com.coreos.monitoring.PrometheusRuleSpecGroupsRules;
import io.datalayer.kit.Checks;
import io.datalayer.kit.Labels;
import io.datalayer.kit.Namespaces;
import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cdk8s.ApiObjectMetadata;
import software.constructs.Construct;

/**
 * The environment's PrometheusRule {@value #NAME}: alerts on the backups (from kube-state-metrics'
 * CronJob and Job metrics, so they work whatever the job printed or could not print) and on the
 * exporters. Each alert has a severity, a {@code for:} duration that rides out one scrape gap, and a
 * {@code runbook_url} pointing at its section of the README.
 *
 * <p>Why kube-state-metrics and not the exporters: a backup that never starts (CronJob suspended,
 * image pull failing, node gone) writes no log line and no file, but its CronJob's
 * {@code status.lastSuccessfulTime} stops moving, and that is what kube-state-metrics exports.
 */
public final class Alerts extends KubeConstruct {
    public static final String NAME = "data-layer-alerts";
    /** One number and unit of a Prometheus duration ({@code ms} before {@code m}). */
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|y|w|d|h|m|s)");

    /** A backup CronJob to watch, and the CronJob that copies its runs off-site (null: none). */
    public record Backup(String store, String cronJob, String offsiteCronJob) {
        public Backup {
            Checks.dnsLabel("Alerts.Backup.store", store);
            Checks.dnsLabel("Alerts.Backup.cronJob", cronJob);
            if (offsiteCronJob != null) {
                Checks.dnsLabel("Alerts.Backup.offsiteCronJob", offsiteCronJob);
            }
        }
    }

    /**
     * A restore drill CronJob to watch ({@code RestoreDrill}): its store, its name, how long without a
     * successful drill before {@code DataLayerRestoreDrillTooOld} fires, and how long a drill may take
     * before {@code DataLayerRestoreDrillSlow} does.
     */
    public record Drill(String store, String cronJob, int maxAgeHours, int maxDurationMinutes) {
        public Drill {
            Checks.dnsLabel("Alerts.Drill.store", store);
            Checks.dnsLabel("Alerts.Drill.cronJob", cronJob);
            Checks.atLeast("Alerts.Drill.maxAgeHours", maxAgeHours, 1);
            Checks.atLeast("Alerts.Drill.maxDurationMinutes", maxDurationMinutes, 1);
        }
    }

    /** An exporter to watch: its store, its ServiceMonitor's job name, and the metric that says the store is up. */
    public record Exporter(String store, String job, String upMetric) {
        public Exporter {
            Checks.dnsLabel("Alerts.Exporter.store", store);
            Checks.dnsLabel("Alerts.Exporter.job", job);
            if (upMetric == null || !upMetric.matches("^[a-zA-Z_:][a-zA-Z0-9_:]*$")) {
                throw new IllegalArgumentException("Alerts.Exporter.upMetric \"" + upMetric + "\" is not a metric name");
            }
        }
    }

    /**
     * An alert only one store has (e.g. a cache that evicts keys it must keep): a rule in the
     * {@code data-layer-stores} group with the {@code store} label, its runbook at the anchor of its
     * name, like every other alert. {@code expr} is PromQL over the store's own metrics.
     */
    public record StoreAlert(String store, String alert, String expr, String forDuration, String severity,
                             String summary, String description) {
        public StoreAlert {
            Checks.dnsLabel("Alerts.StoreAlert.store", store);
            if (alert == null || !alert.matches("^DataLayer[A-Z][A-Za-z0-9]*$")) {
                throw new IllegalArgumentException("Alerts.StoreAlert.alert \"" + alert + "\" is not an alert name of this"
                        + " layer; use DataLayer followed by a capitalized word, e.g. DataLayerCacheEvicting");
            }
            Checks.requireValue("Alerts.StoreAlert.expr", expr);
            Checks.requireValue("Alerts.StoreAlert.forDuration", forDuration);
            if (!"critical".equals(severity) && !"warning".equals(severity)) {
                throw new IllegalArgumentException("Alerts.StoreAlert.severity \"" + severity + "\" is not critical or warning");
            }
            Checks.requireValue("Alerts.StoreAlert.summary", summary);
            Checks.requireValue("Alerts.StoreAlert.description", description);
        }
    }

    private final List<PrometheusRuleSpecGroupsRules> backupRules = new ArrayList<>();
    private final List<PrometheusRuleSpecGroupsRules> storeRules = new ArrayList<>();

    public Alerts(Construct scope, String id, MonitoringProps monitoring, List<Backup> backups, List<Exporter> exporters) {
        this(scope, id, monitoring, inputs(backups, exporters));
    }

    /** The alerts on everything the environment's stores registered ({@link AlertInputs}). */
    public Alerts(Construct scope, String id, MonitoringProps monitoring, AlertInputs inputs) {
        super(scope, id);
        List<Backup> backups = inputs == null ? null : inputs.backups();
        List<Exporter> exporters = inputs == null ? null : inputs.exporters();
        if (monitoring == null || !monitoring.enabled()) {
            throw new IllegalArgumentException("Alerts need MonitoringProps with enabled=true; with monitoring off the"
                    + " chart writes no PrometheusRule");
        }
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("Alerts watch nothing; pass at least one backup or exporter");
        }
        String ns = Namespaces.of(this);
        String runbook = monitoring.runbookUrl();
        long maxAge = seconds(monitoring.backupMaxAge());
        long offsiteMaxAge = seconds(monitoring.offsiteMaxAge());
        for (Backup b : backups) {
            String cron = "{namespace=\"" + ns + "\",cronjob=\"" + b.cronJob() + "\"}";
            String jobs = "{namespace=\"" + ns + "\",job_name=~\"" + b.cronJob() + "-[0-9]+\"}";
            Map<String, String> labels = Map.of("store", b.store());
            backupRules.add(rule("DataLayerBackupTooOld",
                    stale(cron, maxAge),
                    "15m", "critical", labels,
                    "No " + b.store() + " backup has succeeded for more than " + monitoring.backupMaxAge(),
                    "CronJob {{ $labels.namespace }}/" + b.cronJob() + " last succeeded {{ $value | humanizeDuration }} ago"
                            + " (or never, counted from its creation). Until a backup succeeds, a lost volume loses data.",
                    runbook + "#datalayerbackuptooold"));
            // The newest failed Job started after the last success: a failure a later success already
            // made good does not fire. Manual Jobs (other names) are left to the person who started them.
            backupRules.add(rule("DataLayerBackupFailed",
                    failedSinceLastSuccess(cron, jobs),
                    "5m", "warning", labels,
                    "The last " + b.store() + " backup failed",
                    "Job {{ $labels.namespace }}/{{ $labels.job_name }} failed after the last successful backup."
                            + " Its log names each failed database and why (search DATALAYER_BACKUP_SUMMARY).",
                    runbook + "#datalayerbackupfailed"));
            // Without the CronJob's series every rule above is silent: say so.
            backupRules.add(rule("DataLayerBackupMetricsMissing",
                    "absent(kube_cronjob_info" + cron + ")",
                    "30m", "warning", labels,
                    "No kube-state-metrics series for the " + b.store() + " backup CronJob",
                    "kube_cronjob_info" + cron + " is absent: kube-state-metrics is not scraped, or the CronJob is gone."
                            + " The backup alerts cannot fire until it is back.",
                    runbook + "#datalayerbackupmetricsmissing"));
            if (b.offsiteCronJob() != null) {
                String copy = "{namespace=\"" + ns + "\",cronjob=\"" + b.offsiteCronJob() + "\"}";
                backupRules.add(rule("DataLayerOffsiteCopyLagging",
                        stale(copy, offsiteMaxAge),
                        "15m", "warning", labels,
                        "The off-site copy of the " + b.store() + " backups is older than " + monitoring.offsiteMaxAge(),
                        "CronJob {{ $labels.namespace }}/" + b.offsiteCronJob() + " last succeeded {{ $value | humanizeDuration }}"
                                + " ago (or never). A lost node would take every newer backup with it.",
                        runbook + "#datalayeroffsitecopylagging"));
            }
        }
        for (Drill d : inputs.drills()) {
            String cron = "{namespace=\"" + ns + "\",cronjob=\"" + d.cronJob() + "\"}";
            String jobs = "{namespace=\"" + ns + "\",job_name=~\"" + d.cronJob() + "-[0-9]+\"}";
            Map<String, String> labels = Map.of("store", d.store());
            backupRules.add(rule("DataLayerRestoreDrillFailed",
                    failedSinceLastSuccess(cron, jobs),
                    "5m", "critical", labels,
                    "The last restore drill of the " + d.store() + " backup failed",
                    "Job {{ $labels.namespace }}/{{ $labels.job_name }} could not restore the newest backup run, or the"
                            + " restored data differs from what the backup recorded. Its log names the first difference"
                            + " (search DATALAYER_DRILL_SUMMARY). Until a drill passes, assume that run does not restore.",
                    runbook + "#datalayerrestoredrillfailed"));
            backupRules.add(rule("DataLayerRestoreDrillTooOld",
                    stale(cron, d.maxAgeHours() * 3600L),
                    "15m", "warning", labels,
                    "No restore drill of the " + d.store() + " backup has passed for more than " + d.maxAgeHours() + "h",
                    "CronJob {{ $labels.namespace }}/" + d.cronJob() + " last succeeded {{ $value | humanizeDuration }} ago"
                            + " (or never, counted from its creation). Nothing proves the newer backups restore.",
                    runbook + "#datalayerrestoredrilltooold"));
            long maxSeconds = d.maxDurationMinutes() * 60L;
            backupRules.add(rule("DataLayerRestoreDrillSlow",
                    "(kube_job_status_completion_time" + jobs + " - kube_job_status_start_time" + jobs + ") > " + maxSeconds
                            + " or ((time() - kube_job_status_start_time" + jobs + ") > " + maxSeconds
                            + " and on (namespace, job_name) (kube_job_status_active" + jobs + " > 0))",
                    "5m", "warning", labels,
                    "A restore drill of the " + d.store() + " backup took longer than " + d.maxDurationMinutes() + "m",
                    "Job {{ $labels.namespace }}/{{ $labels.job_name }} ran for {{ $value | humanizeDuration }}: a real"
                            + " recovery would take about as long (its log's DATALAYER_DRILL_SUMMARY line has rto_seconds).",
                    runbook + "#datalayerrestoredrillslow"));
        }
        for (Exporter e : exporters) {
            Map<String, String> labels = Map.of("store", e.store());
            String job = "{namespace=\"" + ns + "\",job=\"" + e.job() + "\"}";
            storeRules.add(rule("DataLayerExporterDown",
                    "up" + job + " == 0 or absent(up" + job + ")",
                    "10m", "warning", labels,
                    "Prometheus cannot scrape the " + e.store() + " exporter",
                    "The " + e.job() + " target is down or not discovered; the " + e.store() + " metrics and the alert on"
                            + " the store itself are blind.",
                    runbook + "#datalayerexporterdown"));
            storeRules.add(rule("DataLayerStoreDown",
                    e.upMetric() + job + " == 0",
                    "5m", "critical", labels,
                    "The " + e.store() + " exporter cannot reach its store",
                    "{{ $labels.job }} reports " + e.upMetric() + " = 0: the server is down or refuses the monitoring login.",
                    runbook + "#datalayerstoredown"));
        }
        for (StoreAlert a : inputs.storeAlerts()) {
            storeRules.add(rule(a.alert(), a.expr(), a.forDuration(), a.severity(), Map.of("store", a.store()),
                    a.summary(), a.description(), runbook + "#" + a.alert().toLowerCase(java.util.Locale.ROOT)));
        }

        List<PrometheusRuleSpecGroups> groups = new ArrayList<>();
        if (!backupRules.isEmpty()) {
            groups.add(PrometheusRuleSpecGroups.builder().name("data-layer-backups").interval("1m").rules(backupRules).build());
        }
        if (!storeRules.isEmpty()) {
            groups.add(PrometheusRuleSpecGroups.builder().name("data-layer-stores").interval("1m").rules(storeRules).build());
        }
        Map<String, String> metaLabels = new TreeMap<>(Labels.layer());
        metaLabels.putAll(monitoring.selectorLabels());
        Kube.prometheusRule(this, "rule", PrometheusRuleProps.builder()
                .metadata(ApiObjectMetadata.builder().name(NAME).namespace(ns).labels(metaLabels).build())
                .spec(PrometheusRuleSpec.builder().groups(groups).build())
                .build());
    }

    private static AlertInputs inputs(List<Backup> backups, List<Exporter> exporters) {
        AlertInputs inputs = new AlertInputs();
        if (backups == null || exporters == null) {
            return null;
        }
        backups.forEach(inputs::backup);
        exporters.forEach(inputs::exporter);
        return inputs;
    }

    /**
     * The CronJob's newest failed Job started after its last success: a failure a later success already
     * made good does not fire. Manual Jobs (other names) are left to the person who started them.
     */
    private static String failedSinceLastSuccess(String cron, String jobs) {
        return "(kube_job_status_start_time" + jobs + " and on (namespace, job_name) (kube_job_status_failed" + jobs + " > 0))"
                + " > on (namespace) group_left () max by (namespace) (kube_cronjob_status_last_successful_time" + cron + ")"
                + " or (kube_job_status_start_time" + jobs + " and on (namespace, job_name) (kube_job_status_failed" + jobs
                + " > 0)) unless on (namespace) kube_cronjob_status_last_successful_time" + cron;
    }

    /**
     * Seconds since the CronJob's last success when more than {@code maxAge}; a CronJob that never
     * succeeded counts from its creation, so a new environment gets the same grace.
     */
    private static String stale(String cronJobSelector, long maxAge) {
        return "(time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time" + cronJobSelector + ") > " + maxAge + ")"
                + " or (time() - max by (namespace, cronjob) (kube_cronjob_created" + cronJobSelector + ") > " + maxAge
                + " unless on (namespace, cronjob) kube_cronjob_status_last_successful_time" + cronJobSelector + ")";
    }

    private static PrometheusRuleSpecGroupsRules rule(String alert, String expr, String forDuration, String severity,
                                                      Map<String, String> extraLabels, String summary, String description,
                                                      String runbookUrl) {
        Map<String, String> labels = new TreeMap<>(extraLabels);
        labels.put("severity", severity);
        Map<String, String> annotations = new TreeMap<>();
        annotations.put("summary", summary);
        annotations.put("description", description);
        annotations.put("runbook_url", runbookUrl);
        return PrometheusRuleSpecGroupsRules.builder()
                .alert(alert).expr(expr).forValue(forDuration).labels(labels).annotations(annotations).build();
    }

    /** A duration {@link MonitoringProps} validated, in seconds (PromQL compares timestamps in seconds). */
    static long seconds(String duration) {
        Matcher m = DURATION_PART.matcher(duration);
        long millis = 0;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            millis += n * switch (m.group(2)) {
                case "y" -> 365L * 24 * 3600 * 1000;
                case "w" -> 7L * 24 * 3600 * 1000;
                case "d" -> 24L * 3600 * 1000;
                case "h" -> 3600L * 1000;
                case "m" -> 60L * 1000;
                case "s" -> 1000L;
                default -> 1L;
            };
        }
        return Math.max(1, millis / 1000);
    }

    /** The alert names, in the order they are written. */
    public List<String> alertNames() {
        List<String> all = new ArrayList<>();
        backupRules.forEach(r -> all.add(r.getAlert()));
        storeRules.forEach(r -> all.add(r.getAlert()));
        return all;
    }
}
