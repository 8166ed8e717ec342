package io.datalayer.gate;

import static io.datalayer.testing.LayerFixture.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datalayer.testing.LayerFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitoringWiringTest {
    /** A ServiceMonitor on the good layer's Service/db (port pg, admitted from namespace platform) and one alert. */
    private static final String MONITORING = """
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata: {name: db, namespace: data}
            spec:
              selector: {matchLabels: {app: db}}
              namespaceSelector: {matchNames: [data]}
              endpoints: [{port: pg, path: /metrics}]
            ---
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            metadata: {name: alerts, namespace: data}
            spec:
              groups:
                - name: g
                  rules:
                    - alert: DbDown
                      expr: up == 0
                      for: 5m
                      labels: {severity: critical}
                      annotations: {summary: s, runbook_url: "https://x.example/README.md#dbdown"}
                    - record: job:up:sum
                      expr: sum by (job) (up)
            """;

    private static LayerFixture withMonitoring() {
        return LayerFixture.good().add(MONITORING).set("Service/db", "metadata.labels", Map.of("app", "db"));
    }

    private static List<String> check(LayerFixture f) {
        return lines(MonitoringWiring.check(f.manifests()));
    }

    @Test
    void aWiredMonitorAndACompleteAlertPass() {
        assertEquals(List.of(), check(withMonitoring()));
        assertEquals(List.of(), lines(Policies.check(withMonitoring().manifests())));
    }

    @Test
    void aMonitorThatSelectsNoServiceOrNamesNoPortIsRejected() {
        assertEquals(List.of("extra.yaml: ServiceMonitor/db: servicemonitor-target: selects no Service of this output;"
                + " Prometheus would scrape nothing"), check(withMonitoring().set("Service/db", "metadata.labels", Map.of("app", "other"))));
        assertEquals(List.of("extra.yaml: ServiceMonitor/db: servicemonitor-target: endpoint port \"metrics\" is not a port of"
                + " Service/db; name one of its ports"), check(withMonitoring().set("ServiceMonitor/db", "spec.endpoints",
                List.of(Map.of("port", "metrics")))));
    }

    @Test
    void aPortPrometheusCannotReachIsRejected() {
        // Only pods of the same namespace admitted: Prometheus, elsewhere, is not.
        assertEquals(List.of("extra.yaml: ServiceMonitor/db: servicemonitor-target: no NetworkPolicy admits Prometheus"
                + " (another namespace) to port pg of StatefulSet/db behind Service/db"),
                check(withMonitoring().set("NetworkPolicy/db-ingress", "spec.ingress[0].from",
                        List.of(Map.of("podSelector", Map.of("matchLabels", Map.of("role", "client")))))));
    }

    @Test
    void anAlertWithoutSeverityForSummaryOrRunbookIsRejected() {
        String at = "extra.yaml: PrometheusRule/alerts: alert-complete: alert g/DbDown: ";
        assertEquals(List.of(at + "labels.severity must be critical or warning", at + "no for:; one failed scrape would page",
                at + "annotations.summary is missing",
                at + "annotations.runbook_url must link a runbook section (http(s)://...#anchor)"),
                check(withMonitoring().set("PrometheusRule/alerts", "spec.groups[0].rules[0]",
                        Map.of("alert", "DbDown", "expr", "up == 0", "labels", Map.of("severity", "page"),
                                "annotations", Map.of("runbook_url", "https://x.example/README.md")))));
    }

    /** A backup CronJob (component backup) in a namespace with alerts must be named by one; suspended ones need not. */
    @Test
    void aBackupNoAlertWatchesIsRejected() {
        LayerFixture labelled = withMonitoring().set("CronJob/db-backup", "metadata.labels",
                Map.of("app.kubernetes.io/component", "backup"));
        assertEquals(List.of(LayerFixture.FILE + ": CronJob/db-backup: backup-watched: no alert watches this backup CronJob; register it"
                + " with the environment's alerts (StoreContext.alerts().backup(...)) so a backup that stops is paged"),
                check(labelled));
        assertEquals(List.of(), check(labelled.set("PrometheusRule/alerts", "spec.groups[0].rules[0].expr",
                "time() - kube_cronjob_status_last_successful_time{cronjob=\"db-backup\"} > 93600")));
        assertEquals(List.of(), check(withMonitoring().set("CronJob/db-backup", "metadata.labels",
                Map.of("app.kubernetes.io/component", "backup")).set("CronJob/db-backup", "spec.suspend", true)));
        // Without alerts in the output (monitoring off) there is nothing to register with.
        assertEquals(List.of(), check(LayerFixture.good().set("CronJob/db-backup", "metadata.labels",
                Map.of("app.kubernetes.io/component", "backup"))));
    }
}
