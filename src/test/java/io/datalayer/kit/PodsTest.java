package io.datalayer.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.KubePod;
import org.cdk8s.plus28.k8s.KubePodProps;
import org.cdk8s.plus28.k8s.ObjectMeta;
import org.cdk8s.plus28.k8s.PodSpec;
import org.junit.jupiter.api.Test;

class PodsTest {
    private static Node pod(PodSpec spec) {
        return Manifests.ofCdk8s(chart -> new KubePod(chart, "p", KubePodProps.builder()
                .metadata(ObjectMeta.builder().name("p").build()).spec(spec).build())).get("Pod", "p").at("spec");
    }

    private static final List<Container> CONTAINERS = List.of(Container.builder().name("c").image("postgres:18.1")
            .env(List.of(Pods.env("PGPORT", "5432"))).build());

    @Test
    void envIsALiteralValue() {
        assertEquals(List.of(Map.of("name", "PGPORT", "value", "5432")), pod(Pods.jobPod(999, CONTAINERS, List.of())).at("containers[0].env").list());
    }

    @Test
    void aServerPodHasItsAccountButNoTokenAndTheRestrictedContext() {
        Node spec = pod(Pods.serverPod("db", 999, 60, CONTAINERS, List.of()));
        assertEquals("db", spec.at("serviceAccountName").string());
        assertEquals(false, spec.at("automountServiceAccountToken").value());
        assertEquals(false, spec.at("enableServiceLinks").value());
        assertEquals(60, spec.at("terminationGracePeriodSeconds").value());
        assertEquals(999, spec.at("securityContext.runAsUser").value());
    }

    @Test
    void aJobPodIsNeverRestartedInPlace() {
        Node spec = pod(Pods.jobPod(70, CONTAINERS, List.of()));
        assertEquals("Never", spec.at("restartPolicy").string());
        assertEquals(false, spec.at("automountServiceAccountToken").value());
        assertEquals(70, spec.at("securityContext.fsGroup").value());
        assertEquals(null, spec.at("terminationGracePeriodSeconds").value());
        assertEquals(90, pod(Pods.jobPod(70, 90, CONTAINERS, List.of())).at("terminationGracePeriodSeconds").value());
    }

    @Test
    void aServiceAccountMountsNoToken() {
        Manifests m = Manifests.of(chart -> Pods.serviceAccount(chart, "sa", ObjectMeta.builder().name("db").build()));
        assertEquals(false, m.get("ServiceAccount", "db").at("automountServiceAccountToken").value());
    }
}
