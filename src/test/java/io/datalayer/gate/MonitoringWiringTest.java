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
        return monitored(LayerFixture.good(), LayerFixture.ENVIRONMENT);
    }

    /** {@code f} with {@link #MONITORING} in {@code environment}, its Service/db labelled for the ServiceMonitor. */
    private static LayerFixture monitored(LayerFixture f, String environment) {
        return f.add(environment, MONITORING).set(environment, "Service/db", "metadata.labels", Map.of("app", "db"));
    }

    /** Every finding of the gate, which runs each rule per environment. */
    private static List<String> gate(LayerFixture f) {
        return lines(Policies.check(f.manifests()));
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
        assertEquals(List.of(LayerFixture.EXTRA + ": ServiceMonitor/db: servicemonitor-target: selects no Service of this output;"
                + " Prometheus would scrape nothing"), check(withMonitoring().set("Service/db", "metadata.labels", Map.of("app", "other"))));
        assertEquals(List.of(LayerFixture.EXTRA + ": ServiceMonitor/db: servicemonitor-target: endpoint port \"metrics\" is not a port of"
                + " Service/db; name one of its ports"), check(withMonitoring().set("ServiceMonitor/db", "spec.endpoints",
                List.of(Map.of("port", "metrics")))));
    }

    @Test
    void aPortPrometheusCannotReachIsRejected() {
        // Only pods of the same namespace admitted: Prometheus, elsewhere, is not.
        assertEquals(List.of(LayerFixture.EXTRA + ": ServiceMonitor/db: servicemonitor-target: no NetworkPolicy admits Prometheus"
                + " (another namespace) to port pg of StatefulSet/db behind Service/db"),
                check(withMonitoring().set("NetworkPolicy/db-ingress", "spec.ingress[0].from",
                        List.of(Map.of("podSelector", Map.of("matchLabels", Map.of("role", "client")))))));
    }

    @Test
    void anAlertWithoutSeverityForSummaryOrRunbookIsRejected() {
        String at = LayerFixture.EXTRA + ": PrometheusRule/alerts: alert-complete: alert g/DbDown: ";
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

    // dist/dev and dist/prod share the namespace and every name, but each is a cluster of its own:
    // Prometheus in one never scrapes the other, and one's alerts never page for the other's backups.

    private static final String DEV = "dev";

    /** Both environments monitored and wired. */
    private static LayerFixture bothMonitored() {
        return monitored(withMonitoring().withEnvironment(DEV), DEV);
    }

    @Test
    void aServiceOnlyTheOtherEnvironmentHasIsNoScrapeTarget() {
        assertEquals(List.of(), gate(bothMonitored()));
        // Dev's Service/db lacks the labels: the Service with the scraped port is prod's alone.
        assertEquals(List.of("dev/extra.yaml: ServiceMonitor/db: servicemonitor-target: selects no Service of this output;"
                + " Prometheus would scrape nothing"), gate(bothMonitored().set(DEV, "Service/db", "metadata.labels", null)));
    }

    @Test
    void aPolicyOnlyTheOtherEnvironmentHasAdmitsNoPrometheusHere() {
        assertEquals(List.of("dev/extra.yaml: ServiceMonitor/db: servicemonitor-target: no NetworkPolicy admits Prometheus"
                + " (another namespace) to port pg of StatefulSet/db behind Service/db"),
                gate(bothMonitored().set(DEV, "NetworkPolicy/db-ingress", "spec.ingress[0].from",
                        List.of(Map.of("podSelector", Map.of("matchLabels", Map.of("role", "client")))))));
    }

    /** The bug found adding ClickHouse: dev (unmonitored) names its port differently, which broke prod's check. */
    @Test
    void theOtherEnvironmentsPodsCannotBreakThisEnvironmentsTarget() {
        LayerFixture f = withMonitoring().withEnvironment(DEV)
                .set(DEV, "StatefulSet/db", "spec.template.spec.containers[0].ports[0].name", "sql")
                .set(DEV, "Service/db", "spec.ports[0]", Map.of("name", "sql", "port", 5432, "targetPort", "sql", "protocol", "TCP"));
        assertEquals(List.of(), gate(f));
    }

    @Test
    void aBackupWatchedOnlyInTheOtherEnvironmentIsUnwatchedHere() {
        LayerFixture f = bothMonitored()
                .set("CronJob/db-backup", "metadata.labels", Map.of("app.kubernetes.io/component", "backup"))
                .set(DEV, "CronJob/db-backup", "metadata.labels", Map.of("app.kubernetes.io/component", "backup"))
                .set("PrometheusRule/alerts", "spec.groups[0].rules[0].expr",
                        "time() - kube_cronjob_status_last_successful_time{cronjob=\"db-backup\"} > 93600");
        assertEquals(List.of("dev/layer.yaml: CronJob/db-backup: backup-watched: no alert watches this backup CronJob; register"
                + " it with the environment's alerts (StoreContext.alerts().backup(...)) so a backup that stops is paged"), gate(f));
        assertEquals(List.of(), gate(f.set(DEV, "PrometheusRule/alerts", "spec.groups[0].rules[0].expr",
                "time() - kube_cronjob_status_last_successful_time{cronjob=\"db-backup\"} > 93600")));
    }
}
