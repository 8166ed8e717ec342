package io.datalayer.namespace;

import io.datalayer.kit.Labels;
import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeChart;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.kube.KubeObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cdk8s.plus28.k8s.KubeNamespaceProps;
import org.cdk8s.plus28.k8s.KubeNetworkPolicyProps;
import org.cdk8s.plus28.k8s.LabelSelector;
import org.cdk8s.plus28.k8s.NetworkPolicySpec;
import org.cdk8s.plus28.k8s.ObjectMeta;
import software.constructs.Construct;

/**
 * The namespace this layer owns, with Pod Security admission {@code restricted} enforced, audited and
 * warned, and a default-deny NetworkPolicy for ingress and egress. Each store then opens exactly
 * the paths it needs with policies of its own, so nothing is reachable by accident.
 */
public final class DataNamespace extends KubeConstruct {
    /** Name of the policy that denies all traffic not admitted by another policy. */
    public static final String DEFAULT_DENY = "default-deny";

    private final String name;

    public DataNamespace(Construct scope, String id, DataNamespaceProps props) {
        super(scope, id);
        if (props == null) {
            throw new IllegalArgumentException("DataNamespace props are missing; pass DataNamespaceProps.defaults()");
        }
        this.name = props.name();
        String chartNamespace = KubeChart.of(this).defaultNamespace();
        if (chartNamespace != null && !chartNamespace.equals(name)) {
            throw new IllegalArgumentException("DataNamespaceProps.name \"" + name + "\" differs from the chart's namespace \""
                    + chartNamespace + "\"; build the chart from the same DataLayerConfig");
        }

        Map<String, String> labels = new TreeMap<>(Labels.layer());
        labels.put("kubernetes.io/metadata.name", name);
        for (String mode : List.of("enforce", "audit", "warn")) {
            labels.put("pod-security.kubernetes.io/" + mode, "restricted");
            labels.put("pod-security.kubernetes.io/" + mode + "-version", props.podSecurityVersion());
        }
        KubeObject namespace = Kube.namespace(this, "namespace", KubeNamespaceProps.builder()
                .metadata(ObjectMeta.builder().name(name).labels(labels).build())
                .build());
        // A chart's namespace is written into every object, this cluster-scoped one included.
        if (chartNamespace != null) {
            namespace.jsonPatchRemove("/metadata/namespace");
        }

        Kube.networkPolicy(this, "default-deny", KubeNetworkPolicyProps.builder()
                .metadata(ObjectMeta.builder().name(DEFAULT_DENY).namespace(name).labels(Labels.layer()).build())
                .spec(NetworkPolicySpec.builder()
                        .podSelector(LabelSelector.builder().build())
                        .policyTypes(List.of("Ingress", "Egress"))
                        .build())
                .build());
    }

    /** The namespace's name. */
    public String name() {
        return name;
    }
}
