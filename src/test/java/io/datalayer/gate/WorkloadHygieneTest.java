package io.datalayer.gate;

import static io.datalayer.testing.LayerFixture.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datalayer.testing.LayerFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkloadHygieneTest {
    private static final String STS = LayerFixture.FILE + ": StatefulSet/db: ";
    private static final String C = "spec.template.spec.containers[0].";

    private static List<String> check(LayerFixture f) {
        return lines(WorkloadHygiene.check(f.manifests()));
    }

    @Test
    void theGoodLayerPasses() {
        assertEquals(List.of(), check(LayerFixture.good()));
    }

    @Test
    void everyContainerNeedsRequestsAndAMemoryLimit() {
        LayerFixture f = LayerFixture.good().remove("StatefulSet/db", C + "resources");
        assertEquals(List.of(
                STS + "container-resources: container \"db\" has no resources.requests.cpu",
                STS + "container-resources: container \"db\" has no resources.requests.memory",
                STS + "container-resources: container \"db\" has no resources.limits.memory"), check(f));
    }

    @Test
    void initContainersNeedResourcesToo() {
        LayerFixture f = LayerFixture.good().remove("CronJob/db-backup", "spec.jobTemplate.spec.template.spec.initContainers[0].resources.limits");
        assertEquals(List.of(LayerFixture.FILE + ": CronJob/db-backup: container-resources: init container \"wait\" has no resources.limits.memory"),
                check(f));
    }

    @Test
    void longRunningContainersNeedReadinessAndLivenessProbes() {
        LayerFixture f = LayerFixture.good().remove("StatefulSet/db", C + "readinessProbe").remove("StatefulSet/db", C + "livenessProbe");
        assertEquals(List.of(
                STS + "container-probes: container \"db\" runs long but has no readinessProbe",
                STS + "container-probes: container \"db\" runs long but has no livenessProbe"), check(f));
    }

    @Test
    void jobsAndInitContainersNeedNoProbesButSidecarsDo() {
        LayerFixture f = LayerFixture.good().set("StatefulSet/db", "spec.template.spec.initContainers", List.of(
                Map.of("name", "init", "image", "busybox:1.37.0",
                        "resources", Map.of("requests", Map.of("cpu", "1m", "memory", "1Mi"), "limits", Map.of("memory", "1Mi"))),
                Map.of("name", "proxy", "image", "busybox:1.37.0", "restartPolicy", "Always", "livenessProbe", Map.of(),
                        "resources", Map.of("requests", Map.of("cpu", "1m", "memory", "1Mi"), "limits", Map.of("memory", "1Mi")))));
        assertEquals(List.of(STS + "container-probes: init container \"proxy\" runs long but has no readinessProbe"), check(f));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres:18.1", "postgres:18.1-bookworm", "redis:7.4.2-alpine", "ghcr.io/org/app:v1.2.3",
        "clickhouse/clickhouse-server:24.8.4.13", "registry.local:5000/postgres:16.6",
        "postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void exactVersionsAndDigestsArePinned(String image) {
        LayerFixture f = LayerFixture.good().set("StatefulSet/db", C + "image", image);
        assertEquals(List.of(), check(f));
    }

    @Test
    void unpinnedImagesAreRejectedWithTheReason() {
        String pin = "; pin an exact version (postgres:18.1) or a digest";
        String at = STS + "image-pinned: container \"db\" image ";
        Map<String, String> cases = Map.of(
                "postgres", at + "\"postgres\" has no tag" + pin,
                "postgres:latest", at + "\"postgres:latest\" uses latest" + pin,
                "postgres:16", at + "\"postgres:16\" names only a major version" + pin,
                "postgres:16-alpine", at + "\"postgres:16-alpine\" names only a major version" + pin,
                "registry.local:5000/postgres", at + "\"registry.local:5000/postgres\" has no tag" + pin,
                "postgres:bookworm", at + "\"postgres:bookworm\" has no exact version tag" + pin,
                "postgres@sha256:abc", at + "\"postgres@sha256:abc\" has a malformed digest");
        cases.forEach((image, expected) ->
                assertEquals(List.of(expected), check(LayerFixture.good().set("StatefulSet/db", C + "image", image)), image));
    }
}
