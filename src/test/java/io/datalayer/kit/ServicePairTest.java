package io.datalayer.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicePairTest {
    private static final StoreNames NAMES = new StoreNames("redis", "data");

    @Test
    void aHeadlessServiceForThePodsDnsAndAClusterIpForClients() {
        Manifests m = Manifests.of(chart -> new ServicePair(chart, "svc", NAMES, "redis", 6379, Labels.of("redis", "cache")));
        assertEquals(List.of("Service/redis-headless", "Service/redis"), m.kindsAndNames());
        Node headless = m.get("Service", "redis-headless").at("spec");
        assertEquals("None", headless.at("clusterIP").string());
        assertEquals(true, headless.at("publishNotReadyAddresses").value());
        Node client = m.get("Service", "redis").at("spec");
        assertEquals("ClusterIP", client.at("type").string());
        for (Node spec : List.of(headless, client)) {
            assertEquals(NAMES.selectorLabels(), spec.at("selector").map());
            assertEquals(List.of(Map.of("name", "redis", "port", 6379, "targetPort", "redis", "protocol", "TCP")), spec.at("ports").list());
        }
        assertEquals("cache", m.get("Service", "redis").at("metadata.labels").map().get(Labels.COMPONENT));
    }

    @Test
    void badPortsAreRefused() {
        assertEquals("ServicePair.port 70000 is not a TCP port; use 1 to 65535", assertThrows(IllegalArgumentException.class,
                () -> Manifests.of(chart -> new ServicePair(chart, "s", NAMES, "redis", 70000, Map.of()))).getMessage());
    }

    @Test
    void severalPortsGoToBothServicesInOrder() {
        Manifests m = Manifests.of(chart -> new ServicePair(chart, "svc", NAMES, List.of(new ServicePair.Port("native", 9000),
                new ServicePair.Port("http", 8123)), Map.of()));
        for (String service : List.of("redis-headless", "redis")) {
            assertEquals(List.of(Map.of("name", "native", "port", 9000, "protocol", "TCP", "targetPort", "native"),
                    Map.of("name", "http", "port", 8123, "protocol", "TCP", "targetPort", "http")),
                    m.get("Service", service).at("spec.ports").list());
        }
        assertEquals("ServicePair.ports of redis is empty; give at least one port", assertThrows(IllegalArgumentException.class,
                () -> Manifests.of(chart -> new ServicePair(chart, "s", NAMES, List.of(), Map.of()))).getMessage());
    }
}
