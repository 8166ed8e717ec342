package io.datalayer.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreNamesTest {
    @Test
    void everyDerivedNameComesFromTheStoresName() {
        StoreNames n = new StoreNames("redis", "data");
        assertEquals("redis-headless", n.headless());
        assertEquals("redis-config", n.config());
        assertEquals("redis-ingress", n.ingressPolicy());
        assertEquals("redis-client-egress", n.clientEgressPolicy());
        assertEquals("redis.data.svc.cluster.local", n.host());
        assertEquals(Map.of("app.kubernetes.io/name", "redis", "app.kubernetes.io/instance", "redis"), n.selectorLabels());
        assertEquals(n.selectorLabels(), n.selector().getMatchLabels());
        assertEquals("data", n.meta("x", Map.of()).getNamespace());
    }

    @Test
    void badNamesAreRefused() {
        assertEquals("StoreNames.namespace \"Data\" is not a valid Kubernetes name; use at most 63 lowercase letters, digits"
                + " and '-', starting and ending with a letter or digit",
                assertThrows(IllegalArgumentException.class, () -> new StoreNames("redis", "Data")).getMessage());
    }
}
