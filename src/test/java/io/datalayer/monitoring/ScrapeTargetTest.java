package io.datalayer.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datalayer.kit.StoreNames;
import io.datalayer.testing.Manifests;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A metrics port of some pods made a Prometheus target: its Service, Prometheus-only policy and ServiceMonitor. */
class ScrapeTargetTest {
    @Test
    void theServiceSelectsThePodsThePolicyAdmitsOnlyPrometheusAndTheJobIsTheName() {
        Map<String, String> pods = Map.of("app.kubernetes.io/name", "db");
        Manifests m = Manifests.of(chart -> new ScrapeTarget(chart, "scrape", new StoreNames("db-metrics", "data"), pods, 9363,
                "/metrics", MonitoringProps.on()));
        assertEquals(List.of("Service/db-metrics", "NetworkPolicy/db-metrics-ingress", "ServiceMonitor/db-metrics"), m.kindsAndNames());
        assertEquals(pods, m.get("Service", "db-metrics").at("spec.selector").map());
        assertEquals(pods, m.get("NetworkPolicy", "db-metrics-ingress").at("spec.podSelector.matchLabels").map());
        assertEquals(List.of(Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")),
                "podSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "prometheus")))),
                m.get("NetworkPolicy", "db-metrics-ingress").at("spec.ingress[0].from").list());
        assertEquals("app.kubernetes.io/name", m.get("ServiceMonitor", "db-metrics").at("spec.jobLabel").string());
        assertEquals("db-metrics", m.get("Service", "db-metrics").at("metadata.labels").map().get("app.kubernetes.io/name"));
        assertEquals("/metrics", m.get("ServiceMonitor", "db-metrics").at("spec.endpoints[0].path").string());
    }
}
