package io.datalayer.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.Container;
import org.junit.jupiter.api.Test;

class ServerStatefulSetTest {
    @Test
    void oneReplicaWhoseDataClaimOutlivesTheStatefulSet() {
        StoreNames names = new StoreNames("redis", "data");
        PodVolumes volumes = new PodVolumes();
        Container c = Container.builder().name("redis").image("redis:8.2.1")
                .volumeMounts(volumes.mount(Mount.claimTemplate(ServerStatefulSet.DATA_VOLUME, "/data"), Mount.emptyDir("tmp", "/tmp", "64Mi")))
                .build();
        Node sts = Manifests.of(chart -> new ServerStatefulSet(chart, "sts", names, Labels.of("redis", "cache"),
                new Storage("3Gi", "local-path", "ReadWriteOncePod"), Map.of("a", "b"),
                Pods.serverPod("redis", 999, 30, List.of(c), volumes.volumes()))).get("StatefulSet", "redis").at("spec");
        assertEquals(1, sts.at("replicas").value());
        assertEquals("redis-headless", sts.at("serviceName").string());
        assertEquals(names.selectorLabels(), sts.at("selector.matchLabels").map());
        assertEquals(Map.of("whenDeleted", "Retain", "whenScaled", "Retain"), sts.at("persistentVolumeClaimRetentionPolicy").map());
        // apiVersion, kind and volumeMode are what the API server would add: written out, Argo CD sees no drift.
        assertEquals(Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim",
                "metadata", Map.of("name", "data", "labels", names.selectorLabels()),
                "spec", Map.of("accessModes", List.of("ReadWriteOncePod"), "storageClassName", "local-path",
                        "volumeMode", "Filesystem", "resources", Map.of("requests", Map.of("storage", "3Gi")))),
                sts.at("volumeClaimTemplates[0]").map());
        assertEquals(Map.of("a", "b"), sts.at("template.metadata.annotations").map());
        Node pod = sts.at("template.spec");
        assertEquals("redis", pod.at("serviceAccountName").string());
        assertEquals(false, pod.at("automountServiceAccountToken").value());
        assertEquals(false, pod.at("enableServiceLinks").value());
        assertEquals(30, pod.at("terminationGracePeriodSeconds").value());
        assertEquals(List.of(Map.of("name", "tmp", "emptyDir", Map.of("sizeLimit", "64Mi"))), pod.at("volumes").list());
    }
}
