package io.datalayer.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.testing.Manifests;
import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.KubePod;
import org.cdk8s.plus28.k8s.KubePodProps;
import org.cdk8s.plus28.k8s.ObjectMeta;
import org.cdk8s.plus28.k8s.PodSpec;
import org.junit.jupiter.api.Test;

class ResourcesTest {
    private static String error(Resources resources) {
        return assertThrows(IllegalArgumentException.class, () -> Resources.require("RedisProps.resources", resources)).getMessage();
    }

    @Test
    void becomesTheContainersRequestsAndLimits() {
        Resources r = Resources.require("RedisProps.resources", new Resources("100m", "128Mi", "500m", "256Mi"));
        Manifests m = Manifests.ofCdk8s(chart -> new KubePod(chart, "p", KubePodProps.builder().metadata(ObjectMeta.builder().name("p").build())
                .spec(PodSpec.builder().containers(List.of(Container.builder().name("c").image("redis:8.2.1")
                        .resources(r.requirements()).build())).build()).build()));
        assertEquals(Map.of("requests", Map.of("cpu", "100m", "memory", "128Mi"), "limits", Map.of("cpu", "500m", "memory", "256Mi")),
                m.get("Pod", "p").at("spec.containers[0].resources").map());
    }

    @Test
    void errorsNameTheOwningPropAndThePart() {
        assertEquals("RedisProps.resources is not set; give CPU and memory requests and limits (the environment sets them,"
                + " see Environments)", error(null));
        assertEquals("RedisProps.resources.cpuRequest is empty; set a value",
                error(new Resources("", "1Gi", "1", "1Gi")));
        assertEquals("RedisProps.resources.memoryRequest \"1GB\" is not a Kubernetes quantity; use 1Gi",
                error(new Resources("1", "1GB", "1", "1Gi")));
        assertEquals("RedisProps.resources.cpuLimit \"one\" is not a Kubernetes quantity; use a number with an optional"
                + " suffix, such as 500m, 512Mi or 10Gi", error(new Resources("1", "1Gi", "one", "1Gi")));
        assertEquals("RedisProps.resources.memoryLimit \"2 GB\" is not a Kubernetes quantity; use 2Gi",
                error(new Resources("1", "1Gi", "1", "2 GB")));
    }
}
