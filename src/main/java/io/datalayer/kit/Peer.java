package io.datalayer.kit;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.cdk8s.plus28.k8s.LabelSelector;
import org.cdk8s.plus28.k8s.NetworkPolicyPeer;

/**
 * Who may reach a store: a namespace, namespaces with a label, pods of the store's own namespace
 * with a label, or pods with a label in a named namespace. Used by {@link NetworkAccess}.
 */
public record Peer(Map<String, String> namespaceLabels, Map<String, String> podLabels) {
    private static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

    public Peer {
        // Sorted, so the policy's YAML does not depend on a map's iteration order.
        namespaceLabels = namespaceLabels == null ? null : Collections.unmodifiableMap(new TreeMap<>(namespaceLabels));
        podLabels = podLabels == null ? null : Collections.unmodifiableMap(new TreeMap<>(podLabels));
        if (namespaceLabels == null && podLabels == null) {
            throw new IllegalArgumentException("Peer selects nothing; give namespace labels, pod labels or both");
        }
    }

    /** Every pod of the namespace {@code name}. */
    public static Peer namespace(String name) {
        return new Peer(Map.of(NAMESPACE_NAME, Checks.dnsLabel("Peer namespace", name)), null);
    }

    /** Every pod of every namespace carrying these labels. */
    public static Peer namespacesLabelled(Map<String, String> labels) {
        return new Peer(labels, null);
    }

    /** Pods with these labels in the store's own namespace. */
    public static Peer podsLabelled(Map<String, String> labels) {
        return new Peer(null, labels);
    }

    /** Pods with these labels in the namespace {@code name}. */
    public static Peer podsIn(String name, Map<String, String> labels) {
        return new Peer(Map.of(NAMESPACE_NAME, Checks.dnsLabel("Peer namespace", name)), labels);
    }

    /** The NetworkPolicy peer. */
    public NetworkPolicyPeer policyPeer() {
        NetworkPolicyPeer.Builder peer = NetworkPolicyPeer.builder();
        if (namespaceLabels != null) {
            peer.namespaceSelector(LabelSelector.builder().matchLabels(namespaceLabels).build());
        }
        if (podLabels != null) {
            peer.podSelector(LabelSelector.builder().matchLabels(podLabels).build());
        }
        return peer.build();
    }
}
