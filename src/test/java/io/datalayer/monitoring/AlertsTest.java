package io.datalayer.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.validation.NodeScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PrometheusRule: every expression parses with Prometheus' own PromQL grammar
 * (scripts/check-promql.mjs), every alert has a severity, a for: and a runbook link whose anchor
 * is a section of the runbook page it names (docs/runbooks/alerts.md by default). No Prometheus server is obtainable here, so the rules are not
 * evaluated against series: the expressions' meaning is pinned by exact text below instead.
 */
class AlertsTest {
    private static final List<Alerts.Backup> BACKUPS = List.of(new Alerts.Backup("postgresql", "postgresql-backup", "postgresql-offsite"));
    private static final List<Alerts.Exporter> EXPORTERS = List.of(new Alerts.Exporter("postgresql", "postgresql-exporter", "pg_up"));

    private static Manifests synth(MonitoringProps monitoring) {
        return Manifests.of(chart -> new Alerts(chart, "alerts", monitoring, BACKUPS, EXPORTERS));
    }

    @Test
    void everyExpressionParsesAndEveryAlertLinksItsRunbookSection(@TempDir Path tmp) throws IOException {
        Manifests m = synth(MonitoringProps.on());
        Path file = tmp.resolve("rules.yaml");
        Files.writeString(file, m.yaml());
        NodeScript.Result result = NodeScript.run(NodeScript.CHECK_PROMQL, file);
        assertEquals(List.of(), result.findings());
        assertEquals("check-promql: 6 rule(s) parse and carry severity, for, summary, description and runbook_url", result.summary());

        List<String> alerts = List.of("DataLayerBackupTooOld", "DataLayerBackupFailed", "DataLayerBackupMetricsMissing",
                "DataLayerOffsiteCopyLagging", "DataLayerExporterDown", "DataLayerStoreDown");
        Set<String> seen = new HashSet<>();
        for (Object g : m.get("PrometheusRule", Alerts.NAME).at("spec.groups").list()) {
            for (Object r : Node.of(g).at("rules").list()) {
                Node rule = Node.of(r);
                String url = rule.at("annotations.runbook_url").string();
                String page = url.substring(url.indexOf("/-/blob/main/") + "/-/blob/main/".length(), url.indexOf('#'));
                assertEquals("docs/runbooks/alerts.md", page);
                String anchor = url.substring(url.indexOf('#') + 1);
                assertTrue(headingAnchors(Path.of(page)).contains(anchor), url + ": " + page + " has no section #" + anchor);
                assertEquals(rule.at("alert").string().toLowerCase(), anchor);
                seen.add(rule.at("alert").string());
            }
        }
        assertEquals(Set.copyOf(alerts), seen);
    }

    @Test
    void aRestoreDrillGetsItsThreeAlertsWithItsOwnThresholdsAndRunbookSections(@TempDir Path tmp) throws IOException {
        AlertInputs inputs = new AlertInputs().backup(BACKUPS.get(0)).drill(new Alerts.Drill("postgresql", "postgresql-drill", 30, 90));
        Manifests m = Manifests.of(chart -> new Alerts(chart, "alerts", MonitoringProps.on(), inputs));
        Path file = tmp.resolve("rules.yaml");
        Files.writeString(file, m.yaml());
        NodeScript.Result result = NodeScript.run(NodeScript.CHECK_PROMQL, file);
        assertEquals(List.of(), result.findings());
        Node rules = m.get("PrometheusRule", Alerts.NAME).at("spec.groups[0].rules");
        List<String> names = new java.util.ArrayList<>();
        for (Object r : rules.list()) {
            Node rule = Node.of(r);
            names.add(rule.at("alert").string());
            String url = rule.at("annotations.runbook_url").string();
            String anchor = url.substring(url.indexOf('#') + 1);
            assertTrue(headingAnchors(Path.of("docs/runbooks/alerts.md")).contains(anchor), url);
        }
        assertEquals(List.of("DataLayerBackupTooOld", "DataLayerBackupFailed", "DataLayerBackupMetricsMissing",
                "DataLayerOffsiteCopyLagging", "DataLayerRestoreDrillFailed", "DataLayerRestoreDrillTooOld",
                "DataLayerRestoreDrillSlow"), names);
        Node failed = Node.of(rules.list().get(4));
        assertEquals("critical", failed.at("labels.severity").string());
        assertEquals("postgresql", failed.at("labels.store").string());
        // The same shape as DataLayerBackupFailed's, over the drill's CronJob and Jobs.
        assertEquals(Node.of(rules.list().get(1)).at("expr").string().replace("postgresql-backup", "postgresql-drill"),
                failed.at("expr").string());
        assertTrue(Node.of(rules.list().get(5)).at("expr").string().contains(
                "cronjob=\"postgresql-drill\"}) > 108000)"), "30 hours");
        assertEquals("(kube_job_status_completion_time{namespace=\"data\",job_name=~\"postgresql-drill-[0-9]+\"}"
                + " - kube_job_status_start_time{namespace=\"data\",job_name=~\"postgresql-drill-[0-9]+\"}) > 5400"
                + " or ((time() - kube_job_status_start_time{namespace=\"data\",job_name=~\"postgresql-drill-[0-9]+\"}) > 5400"
                + " and on (namespace, job_name) (kube_job_status_active{namespace=\"data\",job_name=~\"postgresql-drill-[0-9]+\"} > 0))",
                Node.of(rules.list().get(6)).at("expr").string());
    }

    @Test
    void aDrillToWatchIsValidated() {
        assertEquals("Alerts.Drill.maxAgeHours 0 is below the minimum; use 1 or more", assertThrows(IllegalArgumentException.class,
                () -> new Alerts.Drill("postgresql", "postgresql-drill", 0, 90)).getMessage());
    }

    @Test
    void theAgesComeFromTheProps() {
        Manifests m = synth(MonitoringProps.on().toBuilder().backupMaxAge("1d6h").offsiteMaxAge("3d").build());
        Node rules = m.get("PrometheusRule", Alerts.NAME).at("spec.groups[0].rules");
        assertEquals("(time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time{namespace=\"data\","
                + "cronjob=\"postgresql-backup\"}) > 108000) or (time() - max by (namespace, cronjob) (kube_cronjob_created"
                + "{namespace=\"data\",cronjob=\"postgresql-backup\"}) > 108000 unless on (namespace, cronjob)"
                + " kube_cronjob_status_last_successful_time{namespace=\"data\",cronjob=\"postgresql-backup\"})",
                rules.at("[0].expr").string());
        assertEquals("critical", rules.at("[0].labels.severity").string());
        assertEquals("15m", rules.at("[0].for").string());
        assertTrue(rules.at("[3].expr").string().contains("cronjob=\"postgresql-offsite\"}) > 259200)"), rules.at("[3].expr").string());
        assertEquals(1, Alerts.seconds("1s"));
        assertEquals(90061, Alerts.seconds("1d1h1m1s"));
        assertEquals(1_209_600, Alerts.seconds("2w"));
    }

    @Test
    void selectorLabelsReachTheRule() {
        Manifests m = synth(MonitoringProps.on().toBuilder().selectorLabels(Map.of("release", "kube-prometheus-stack")).build());
        assertEquals("kube-prometheus-stack", m.get("PrometheusRule", Alerts.NAME).at("metadata.labels").map().get("release"));
    }

    @Test
    void refusesToBeBuiltWithMonitoringOffOrNothingToWatch() {
        IllegalArgumentException off = assertThrows(IllegalArgumentException.class,
                () -> Manifests.of(chart -> new Alerts(chart, "a", MonitoringProps.off(), BACKUPS, EXPORTERS)));
        assertEquals("Alerts need MonitoringProps with enabled=true; with monitoring off the chart writes no PrometheusRule",
                off.getMessage());
        IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class,
                () -> Manifests.of(chart -> new Alerts(chart, "a", MonitoringProps.on(), List.of(), List.of())));
        assertEquals("Alerts watch nothing; pass at least one backup or exporter", nothing.getMessage());
        IllegalArgumentException metric = assertThrows(IllegalArgumentException.class,
                () -> new Alerts.Exporter("postgresql", "postgresql-exporter", "pg up"));
        assertEquals("Alerts.Exporter.upMetric \"pg up\" is not a metric name", metric.getMessage());
    }

    /** GitHub/GitLab heading anchors of a Markdown page: lowercase, spaces to '-', punctuation dropped. */
    static Set<String> headingAnchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("#")) {
                anchors.add(line.replaceFirst("^#+\\s*", "").strip().toLowerCase().replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
