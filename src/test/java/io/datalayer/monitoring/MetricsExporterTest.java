package io.datalayer.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.gate.Policies;
import io.datalayer.kit.Mount;
import io.datalayer.kit.Pods;
import io.datalayer.output.Manifest;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsExporterTest {
    private static MetricsExporterProps props(String image, String path) {
        return new MetricsExporterProps("cache-exporter", image, 9121, path, List.of("--web.listen-address=:9121"),
                List.of(Pods.env("REDIS_ADDR", "cache:6379")), List.of(Mount.secretKey("pw", "cache-monitoring", "password",
                "password", "/etc/cache-monitoring")), 65534, Map.of("data-layer/cache-client", "true"));
    }

    private static Manifests synth(MonitoringProps monitoring) {
        return Manifests.of(chart -> new MetricsExporter(chart, "exporter", props("oliver006/redis_exporter:v1.67.0", "/metrics"),
                monitoring));
    }

    @Test
    void aRestrictedExporterOnlyPrometheusReachesAndAServiceMonitorScrapes() {
        Manifests m = synth(MonitoringProps.on().toBuilder().prometheusNamespace("observability").scrapeInterval("15s")
                .selectorLabels(Map.of("release", "kps")).build());
        assertEquals(List.of("ServiceAccount/cache-exporter", "Deployment/cache-exporter", "Service/cache-exporter",
                "NetworkPolicy/cache-exporter-ingress", "ServiceMonitor/cache-exporter"), m.kindsAndNames());
        Node pod = m.get("Deployment", "cache-exporter").at("spec.template");
        assertEquals("true", pod.at("metadata.labels").map().get("data-layer/cache-client"), "the store admits its clients");
        assertEquals(false, pod.at("spec.automountServiceAccountToken").value());
        assertEquals(true, pod.at("spec.containers[0].securityContext.readOnlyRootFilesystem").value());
        assertEquals("Recreate", m.get("Deployment", "cache-exporter").at("spec.strategy.type").string());
        Node from = m.get("NetworkPolicy", "cache-exporter-ingress").at("spec.ingress[0]");
        assertEquals(Map.of("kubernetes.io/metadata.name", "observability"), from.at("from[0].namespaceSelector.matchLabels").map());
        assertEquals(Map.of("app.kubernetes.io/name", "prometheus"), from.at("from[0].podSelector.matchLabels").map());
        assertEquals(9121, ((Number) from.at("ports[0].port").value()).intValue());
        Node monitor = m.get("ServiceMonitor", "cache-exporter");
        assertEquals("kps", monitor.at("metadata.labels").map().get("release"));
        assertEquals("15s", monitor.at("spec.endpoints[0].interval").string());
        assertEquals("metrics", monitor.at("spec.endpoints[0].port").string());
        // Restricted, probes, requests and limits, Prometheus admitted: every policy passes (plus a default deny).
        List<Manifest> all = new java.util.ArrayList<>(Manifest.parse("exporter.yaml", m.yaml()));
        all.addAll(Manifest.parse("deny.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: default-deny, namespace: data}
                spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
                """));
        assertEquals(List.of(), Policies.check(all).stream().map(Object::toString).toList());
    }

    @Test
    void badPropsAndMonitoringOffAreRefused() {
        assertEquals("MetricsExporter cache-exporter needs MonitoringProps with enabled=true; with monitoring off the store"
                + " creates no exporter", assertThrows(IllegalArgumentException.class, () -> synth(MonitoringProps.off())).getMessage());
        assertEquals("MetricsExporterProps.metricsPath \"metrics\" is not an absolute HTTP path; use e.g. /metrics",
                assertThrows(IllegalArgumentException.class, () -> props("oliver006/redis_exporter:v1.67.0", "metrics")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> props("oliver006/redis_exporter:latest", "/metrics"));
    }
}
