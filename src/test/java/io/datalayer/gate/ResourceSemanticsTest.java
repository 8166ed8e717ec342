package io.datalayer.gate;

import static io.datalayer.testing.LayerFixture.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datalayer.output.Quantity;
import io.datalayer.testing.LayerFixture;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each rule with the bad object the review published (negative or zero sizes, requests above limits, /dev/shm). */
class ResourceSemanticsTest {
    private static final String STS = LayerFixture.FILE + ": StatefulSet/db: ";
    private static final String C = "spec.template.spec.containers[0].";
    private static final String CLAIM = "spec.volumeClaimTemplates[0].spec.resources.requests.storage";

    private static List<String> check(LayerFixture f) {
        return lines(ResourceSemantics.check(f.manifests()));
    }

    @Test
    void theGoodLayerPasses() {
        assertEquals(List.of(), check(LayerFixture.good()));
    }

    @ParameterizedTest
    @CsvSource({"-10Gi", "0", "0Mi", "-1"})
    void aClaimOfNoOrNegativeSizeIsRefused(String size) {
        LayerFixture f = LayerFixture.good().set("StatefulSet/db", "spec.volumeClaimTemplates[0].spec.resources.requests",
                Map.of("storage", size));
        assertEquals(List.of(STS + "quantity-positive: " + CLAIM + " is " + size + "; it must be positive"), check(f));
    }

    @Test
    void aPersistentVolumeClaimWithoutASizeOrWithGarbage() {
        LayerFixture f = LayerFixture.good().add("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: dumps, namespace: data}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 10GB}}}
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: empty, namespace: data}
                spec: {accessModes: [ReadWriteOnce]}
                """);
        assertEquals(List.of(
                LayerFixture.EXTRA + ": PersistentVolumeClaim/dumps: quantity-positive: spec.resources.requests.storage \"10GB\" is not a"
                        + " Kubernetes quantity; use a number with an optional suffix, such as 500m, 512Mi or 10Gi",
                LayerFixture.EXTRA + ": PersistentVolumeClaim/empty: quantity-positive: spec.resources.requests.storage is missing; a"
                        + " claim needs a size"), check(f));
    }

    @Test
    void aNegativeCpuRequestIsRefused() {
        LayerFixture f = LayerFixture.good().set("StatefulSet/db", C + "resources.requests.cpu", "-250m");
        assertEquals(List.of(STS + "quantity-positive: container \"db\" resources.requests.cpu is -250m; it must be positive"),
                check(f));
    }

    @Test
    void aRequestAboveItsLimitIsRefused() {
        LayerFixture f = LayerFixture.good().set("StatefulSet/db", C + "resources.requests.memory", "2Gi")
                .set("CronJob/db-backup", "spec.jobTemplate.spec.template.spec.containers[0].resources.limits",
                        Map.of("memory", "512Mi", "cpu", "100m"))
                .set("CronJob/db-backup", "spec.jobTemplate.spec.template.spec.containers[0].resources.requests",
                        Map.of("memory", "128Mi", "cpu", "0.5"));
        assertEquals(List.of(
                STS + "request-within-limit: container \"db\" requests memory 2Gi above its limit 1Gi; the API server refuses"
                        + " a request above the limit",
                LayerFixture.FILE + ": CronJob/db-backup: request-within-limit: container \"backup\" requests cpu 0.5 above its"
                        + " limit 100m; the API server refuses a request above the limit"), check(f));
    }

    @Test
    void sharedMemoryMustFitTheMemoryLimit() {
        String volume = "spec.template.spec.volumes[1]"; // "tmp", mounted at /tmp by container "db"
        LayerFixture f = LayerFixture.good().set("StatefulSet/db", volume, Map.of("name", "tmp",
                "emptyDir", Map.of("medium", "Memory", "sizeLimit", "2Gi")));
        assertEquals(List.of(STS + "memory-volume-within-limit: container \"db\" mounts the memory-backed volume \"tmp\" at"
                + " /tmp with sizeLimit 2Gi above the container's memory limit 1Gi; its pages count against that"
                + " limit, so keep it within"), check(f));
        f.set("StatefulSet/db", volume, Map.of("name", "tmp", "emptyDir", Map.of("medium", "Memory")));
        assertEquals(List.of(STS + "memory-volume-within-limit: container \"db\" mounts the memory-backed volume \"tmp\" at"
                + " /tmp without a sizeLimit; give it one within the container's memory limit"), check(f));
        f.set("StatefulSet/db", volume, Map.of("name", "tmp", "emptyDir", Map.of("medium", "Memory", "sizeLimit", "1Gi")));
        assertEquals(List.of(), check(f));
    }

    @Test
    void podSpecsTheApiServerRejects() {
        LayerFixture f = LayerFixture.good()
                .set("StatefulSet/db", C + "volumeMounts[2]", Map.of("name", "scratch", "mountPath", "/etc/db"))
                .set("StatefulSet/db", C + "ports[0]", Map.of("name", "postgresql-server", "containerPort", 70000))
                .set("StatefulSet/db", "spec.template.spec.volumes[1].emptyDir", Map.of("sizeLimit", "0"));
        assertEquals(List.of(
                STS + "quantity-positive: spec.template.spec.volumes[1].emptyDir.sizeLimit is 0; it must be positive",
                STS + "pod-spec-valid: container \"db\" ports[0].containerPort 70000 is not a port number (1 to 65535)",
                STS + "pod-spec-valid: container \"db\" port name \"postgresql-server\" is not valid; use at most 15"
                        + " lowercase letters, digits and '-', with at least one letter",
                STS + "pod-spec-valid: container \"db\" mounts two volumes at /etc/db",
                STS + "pod-spec-valid: container \"db\" mounts volume \"scratch\", which the pod does not declare"), check(f));
    }

    @Test
    void quantitiesParseToTheirExactValue() {
        assertEquals(Optional.of(new BigDecimal("0.250")), Quantity.parse("250m"));
        assertEquals(0, new BigDecimal(1L << 30).compareTo(Quantity.parse("1Gi").orElseThrow()));
        assertEquals(0, new BigDecimal("1000").compareTo(Quantity.parse("1e3").orElseThrow()));
        assertEquals(0, new BigDecimal("-10").compareTo(Quantity.parse("-10").orElseThrow()));
        assertEquals(Optional.empty(), Quantity.parse("10GB"));
        assertEquals(Optional.of(new BigDecimal("2")), Quantity.parse(2));
    }

    @Test
    void namesAndLabelsTheApiServerRefuses() {
        LayerFixture f = LayerFixture.good()
                .set("Service/db", "metadata.labels", Map.of("app", "-bad-", "Bad Key", "x"))
                .set("StatefulSet/db", "spec.template.metadata.labels.tier", "x".repeat(64))
                .add("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Not_Valid, namespace: data}\n");
        assertEquals(List.of(
                LayerFixture.FILE + ": Service/db: metadata-valid: metadata.labels key \"Bad Key\" is not a valid label key",
                LayerFixture.FILE + ": Service/db: metadata-valid: metadata.labels app has a value the API server refuses: at most"
                        + " 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
                STS + "metadata-valid: pod template labels tier has a value the API server refuses: at most 63 letters,"
                        + " digits, '-', '_' and '.', starting and ending with a letter or digit",
                LayerFixture.EXTRA + ": ConfigMap/Not_Valid: metadata-valid: metadata.name \"Not_Valid\" is not a valid name (at most"
                        + " 253 lowercase letters, digits, '-' and '.')").stream().sorted().toList(),
                check(f).stream().sorted().toList());
    }

    @Test
    void aKustomizationNeedsNoName() {
        LayerFixture f = LayerFixture.good().add("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                + "resources: [data-layer.k8s.yaml]\n");
        assertEquals(List.of(), check(f));
    }
}
