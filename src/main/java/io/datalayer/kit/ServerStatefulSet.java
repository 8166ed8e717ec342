package io.datalayer.kit;

import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.kube.KubeObject;
import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.KubePersistentVolumeClaimProps;
import org.cdk8s.plus28.k8s.KubeStatefulSetProps;
import org.cdk8s.plus28.k8s.ObjectMeta;
import org.cdk8s.plus28.k8s.PodSpec;
import org.cdk8s.plus28.k8s.PodTemplateSpec;
import org.cdk8s.plus28.k8s.StatefulSetPersistentVolumeClaimRetentionPolicy;
import org.cdk8s.plus28.k8s.StatefulSetSpec;
import software.constructs.Construct;

/**
 * The StatefulSet of a single-server store: one replica behind the {@link ServicePair}'s headless
 * Service, its data on a claim of its own ({@link #DATA_VOLUME}, mount it with
 * {@link Mount#claimTemplate}) that is kept when the StatefulSet is deleted or scaled down.
 */
public final class ServerStatefulSet extends KubeConstruct {
    /** The claim template's name; the pod's volume of the same name. */
    public static final String DATA_VOLUME = "data";

    private final KubeObject statefulSet;

    /**
     * @param names          the store: name, selector, headless Service
     * @param labels         labels of the StatefulSet and its pods
     * @param storage        the data claim
     * @param podAnnotations annotations of the pod template (e.g. a config hash that rolls the pod)
     * @param pod            the pod spec, e.g. from {@link Pods#serverPod}
     */
    public ServerStatefulSet(Construct scope, String id, StoreNames names, Map<String, String> labels, Storage storage,
                             Map<String, String> podAnnotations, PodSpec pod) {
        super(scope, id);
        this.statefulSet = Kube.statefulSet(this, "statefulset", KubeStatefulSetProps.builder()
                .metadata(names.meta(names.name(), labels))
                .spec(StatefulSetSpec.builder()
                        .replicas(1)
                        .serviceName(names.headless())
                        .podManagementPolicy("OrderedReady")
                        .selector(names.selector())
                        .persistentVolumeClaimRetentionPolicy(StatefulSetPersistentVolumeClaimRetentionPolicy.builder()
                                .whenDeleted("Retain").whenScaled("Retain").build())
                        .volumeClaimTemplates(List.of(KubePersistentVolumeClaimProps.builder()
                                // volumeClaimTemplates cannot change on a live StatefulSet: only the stable selector labels.
                                .metadata(ObjectMeta.builder().name(DATA_VOLUME).labels(names.selectorLabels()).build())
                                .spec(storage.claimSpec())
                                .build()))
                        .template(PodTemplateSpec.builder()
                                .metadata(ObjectMeta.builder().labels(labels).annotations(podAnnotations).build())
                                .spec(pod)
                                .build())
                        .build())
                .build());
        // The API server writes apiVersion and kind into each claim template, and Argo CD then shows
        // the StatefulSet as out of sync for ever (argoproj/argo-cd#11143): write them ourselves (the
        // props type has no such fields).
        statefulSet.jsonPatchAdd("/spec/volumeClaimTemplates/0/apiVersion", "v1");
        statefulSet.jsonPatchAdd("/spec/volumeClaimTemplates/0/kind", "PersistentVolumeClaim");
    }

    public KubeObject apiObject() {
        return statefulSet;
    }
}
