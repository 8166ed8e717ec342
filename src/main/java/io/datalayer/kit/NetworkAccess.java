package io.datalayer.kit;

import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.kube.KubeValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.KubeNetworkPolicyProps;
import org.cdk8s.plus28.k8s.LabelSelector;
import org.cdk8s.plus28.k8s.NetworkPolicyEgressRule;
import org.cdk8s.plus28.k8s.NetworkPolicyIngressRule;
import org.cdk8s.plus28.k8s.NetworkPolicyPeer;
import org.cdk8s.plus28.k8s.NetworkPolicyPort;
import org.cdk8s.plus28.k8s.NetworkPolicySpec;
import software.constructs.Construct;

/**
 * The two NetworkPolicies a store needs in a default-deny namespace: ingress to the store's port
 * from exactly the given peers, and egress for the store's client pods of this namespace to that
 * port and to cluster DNS. A client pod opts in by carrying {@link #clientLabels()}.
 */
public final class NetworkAccess extends KubeConstruct {
    /** Cluster DNS (CoreDNS in k3s and most distributions): namespace, pod label, port. */
    static final Peer CLUSTER_DNS = Peer.podsIn("kube-system", Map.of("k8s-app", "kube-dns"));

    private final Map<String, String> clientLabels;

    /**
     * @param names        the store: its selector, namespace and policy names
     * @param port         the TCP port clients reach
     * @param clientLabel  the label (value {@code "true"}) that makes a pod of this namespace a client
     * @param peers        who may reach the port; the client pods are added after them
     * @param labels       labels of the two policies
     */
    public NetworkAccess(Construct scope, String id, StoreNames names, int port, String clientLabel, List<Peer> peers,
                         Map<String, String> labels) {
        this(scope, id, names, List.of(port), clientLabel, peers, labels);
    }

    /**
     * The same two policies for a store that serves several TCP ports (ClickHouse: native and HTTP):
     * every peer and client may reach each of {@code ports}, in the order given.
     */
    public NetworkAccess(Construct scope, String id, StoreNames names, List<Integer> ports, String clientLabel, List<Peer> peers,
                         Map<String, String> labels) {
        super(scope, id);
        if (ports == null || ports.isEmpty()) {
            throw new IllegalArgumentException("NetworkAccess.ports of " + names.name() + " is empty; give the store's TCP ports");
        }
        ports.forEach(p -> Checks.port("NetworkAccess.port", p));
        Checks.requireValue("NetworkAccess.clientLabel", clientLabel);
        this.clientLabels = Map.of(clientLabel, "true");
        List<NetworkPolicyPort> tcp = ports.stream().map(NetworkAccess::tcp).toList();
        List<NetworkPolicyPeer> from = new ArrayList<>();
        peers.forEach(p -> from.add(p.policyPeer()));
        from.add(Peer.podsLabelled(clientLabels).policyPeer());
        LabelSelector clients = LabelSelector.builder().matchLabels(clientLabels).build();

        Kube.networkPolicy(this, "ingress", KubeNetworkPolicyProps.builder()
                .metadata(names.meta(names.ingressPolicy(), labels))
                .spec(NetworkPolicySpec.builder()
                        .podSelector(names.selector())
                        .policyTypes(List.of("Ingress"))
                        .ingress(List.of(NetworkPolicyIngressRule.builder().from(from).ports(tcp).build()))
                        .build())
                .build());

        Kube.networkPolicy(this, "client-egress", KubeNetworkPolicyProps.builder()
                .metadata(names.meta(names.clientEgressPolicy(), labels))
                .spec(NetworkPolicySpec.builder()
                        .podSelector(clients)
                        .policyTypes(List.of("Egress"))
                        .egress(List.of(
                                NetworkPolicyEgressRule.builder()
                                        .to(List.of(NetworkPolicyPeer.builder().podSelector(names.selector()).build()))
                                        .ports(tcp)
                                        .build(),
                                dnsEgress()))
                        .build())
                .build());
    }

    /** Egress to cluster DNS (UDP and TCP 53): every client resolves a name before it connects. */
    public static NetworkPolicyEgressRule dnsEgress() {
        return NetworkPolicyEgressRule.builder()
                .to(List.of(CLUSTER_DNS.policyPeer()))
                .ports(List.of(NetworkPolicyPort.builder().protocol("UDP").port(KubeValues.intOrString(53)).build(), tcp(53)))
                .build();
    }

    /** The labels a pod of this namespace carries to be admitted as a client (and to reach DNS). */
    public Map<String, String> clientLabels() {
        return clientLabels;
    }

    /** A TCP port of a NetworkPolicy rule (shared: every policy of the layer names ports this way). */
    public static NetworkPolicyPort tcp(int port) {
        return NetworkPolicyPort.builder().protocol("TCP").port(KubeValues.intOrString(port)).build();
    }
}
