package io.datalayer.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.KubePod;
import org.cdk8s.plus28.k8s.KubePodProps;
import org.cdk8s.plus28.k8s.PodSpec;
import org.junit.jupiter.api.Test;

class PodsTest {
    @Test
    void buildersProduceTheManifestFields() {
        Manifests m = Manifests.of(chart -> new KubePod(chart, "p", KubePodProps.builder()
                .spec(PodSpec.builder().containers(List.of(Container.builder().name("c").image("postgres:18.1")
                        .env(List.of(Pods.env("PGPORT", "5432")))
                        .volumeMounts(List.of(Pods.mount("tmp", "/tmp", false)))
                        .resources(Pods.resources("100m", "256Mi", "1", "1Gi"))
                        .build())).build())
                .build()));
        Node c = Node.of(m.objects().get(0)).at("spec.containers[0]");
        assertEquals(List.of(Map.of("name", "PGPORT", "value", "5432")), c.at("env").list());
        assertEquals(List.of(Map.of("name", "tmp", "mountPath", "/tmp", "readOnly", false)), c.at("volumeMounts").list());
        assertEquals(Map.of("requests", Map.of("cpu", "100m", "memory", "256Mi"), "limits", Map.of("cpu", "1", "memory", "1Gi")),
                c.at("resources").map());
    }
}
