package io.datalayer.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkAccessTest {
    private static final StoreNames NAMES = new StoreNames("redis", "data");

    private static Manifests access(List<Peer> peers) {
        return Manifests.of(chart -> new NetworkAccess(chart, "net", NAMES, 6379, "data-layer/redis-client", peers,
                Map.of("app.kubernetes.io/name", "redis")));
    }

    @Test
    void ingressAdmitsThePeersThenTheClientPodsToThePortOnly() {
        Node ingress = access(List.of(Peer.namespace("platform"))).get("NetworkPolicy", "redis-ingress").at("spec");
        assertEquals(NAMES.selectorLabels(), ingress.at("podSelector.matchLabels").map());
        assertEquals(List.of("Ingress"), ingress.at("policyTypes").list());
        assertEquals(List.of(
                Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "platform"))),
                Map.of("podSelector", Map.of("matchLabels", Map.of("data-layer/redis-client", "true")))),
                ingress.at("ingress[0].from").list());
        assertEquals(List.of(Map.of("port", 6379, "protocol", "TCP")), ingress.at("ingress[0].ports").list());
    }

    @Test
    void clientPodsMayReachTheStoreAndDnsAndNothingElse() {
        Node egress = access(List.of()).get("NetworkPolicy", "redis-client-egress").at("spec");
        assertEquals(Map.of("data-layer/redis-client", "true"), egress.at("podSelector.matchLabels").map());
        assertEquals(List.of("Egress"), egress.at("policyTypes").list());
        assertEquals(List.of(Map.of("podSelector", Map.of("matchLabels", NAMES.selectorLabels()))), egress.at("egress[0].to").list());
        assertEquals(List.of(Map.of("port", 6379, "protocol", "TCP")), egress.at("egress[0].ports").list());
        assertEquals(List.of(Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "kube-system")),
                "podSelector", Map.of("matchLabels", Map.of("k8s-app", "kube-dns")))), egress.at("egress[1].to").list());
        assertEquals(List.of(Map.of("port", 53, "protocol", "UDP"), Map.of("port", 53, "protocol", "TCP")),
                egress.at("egress[1].ports").list());
        assertEquals(2, egress.at("egress").list().size());
    }

    @Test
    void aBadPortIsRefused() {
        assertEquals("NetworkAccess.port 0 is not a TCP port; use 1 to 65535", assertThrows(IllegalArgumentException.class,
                () -> Manifests.of(chart -> new NetworkAccess(chart, "n", NAMES, 0, "l", List.of(), Map.of()))).getMessage());
    }

    @Test
    void severalPortsAreOpenToEveryPeerAndClient() {
        Manifests m = Manifests.of(chart -> new NetworkAccess(chart, "n", NAMES, List.of(9000, 8123), "data-layer/redis-client",
                List.of(), Map.of()));
        List<Object> both = List.of(Map.of("port", 9000, "protocol", "TCP"), Map.of("port", 8123, "protocol", "TCP"));
        assertEquals(both, m.get("NetworkPolicy", "redis-ingress").at("spec.ingress[0].ports").list());
        assertEquals(both, m.get("NetworkPolicy", "redis-client-egress").at("spec.egress[0].ports").list());
        assertEquals("NetworkAccess.ports of redis is empty; give the store's TCP ports", assertThrows(IllegalArgumentException.class,
                () -> Manifests.of(chart -> new NetworkAccess(chart, "n", NAMES, List.<Integer>of(), "l", List.of(), Map.of()))).getMessage());
    }
}
