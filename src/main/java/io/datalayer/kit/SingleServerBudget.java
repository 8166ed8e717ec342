package io.datalayer.kit;

import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.kube.KubeValues;
import java.util.Map;
import org.cdk8s.plus28.k8s.KubePodDisruptionBudgetProps;
import org.cdk8s.plus28.k8s.PodDisruptionBudgetSpec;
import software.constructs.Construct;

/**
 * The PodDisruptionBudget of a store with one server: a node drain stops at it until a person
 * takes the downtime; a pod that is already unhealthy may still be evicted, so a broken server
 * never blocks a drain.
 */
public final class SingleServerBudget extends KubeConstruct {
    public SingleServerBudget(Construct scope, String id, StoreNames names, Map<String, String> labels) {
        super(scope, id);
        Kube.podDisruptionBudget(this, "budget", KubePodDisruptionBudgetProps.builder()
                .metadata(names.meta(names.name(), labels))
                .spec(PodDisruptionBudgetSpec.builder()
                        .minAvailable(KubeValues.intOrString(1))
                        .unhealthyPodEvictionPolicy("AlwaysAllow")
                        .selector(names.selector())
                        .build())
                .build());
    }
}
