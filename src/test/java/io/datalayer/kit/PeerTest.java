package io.datalayer.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.NetworkPolicyPeer;
import org.junit.jupiter.api.Test;

class PeerTest {
    @Test
    void eachKindSelectsWhatItSays() {
        NetworkPolicyPeer ns = Peer.namespace("platform").policyPeer();
        assertEquals(Map.of("kubernetes.io/metadata.name", "platform"), ns.getNamespaceSelector().getMatchLabels());
        assertNull(ns.getPodSelector());
        NetworkPolicyPeer pods = Peer.podsLabelled(Map.of("a", "b")).policyPeer();
        assertNull(pods.getNamespaceSelector());
        assertEquals(Map.of("a", "b"), pods.getPodSelector().getMatchLabels());
        NetworkPolicyPeer both = Peer.podsIn("platform", Map.of("app.kubernetes.io/name", "vault")).policyPeer();
        assertEquals(Map.of("kubernetes.io/metadata.name", "platform"), both.getNamespaceSelector().getMatchLabels());
        assertEquals(Map.of("app.kubernetes.io/name", "vault"), both.getPodSelector().getMatchLabels());
        assertEquals(Map.of("platform/layer", "l4"),
                Peer.namespacesLabelled(Map.of("platform/layer", "l4")).policyPeer().getNamespaceSelector().getMatchLabels());
    }

    @Test
    void labelsAreSortedSoTheOutputIsStable() {
        Peer peer = Peer.podsLabelled(Map.of("z", "1", "a", "2", "m", "3"));
        assertEquals(List.of("a", "m", "z"), List.copyOf(peer.podLabels().keySet()));
    }

    @Test
    void aPeerSelectingNothingOrABadNamespaceIsRefused() {
        assertEquals("Peer selects nothing; give namespace labels, pod labels or both",
                assertThrows(IllegalArgumentException.class, () -> new Peer(null, null)).getMessage());
        assertEquals("Peer namespace \"Platform\" is not a valid Kubernetes name; use at most 63 lowercase letters, digits"
                + " and '-', starting and ending with a letter or digit",
                assertThrows(IllegalArgumentException.class, () -> Peer.namespace("Platform")).getMessage());
    }
}
