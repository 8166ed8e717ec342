package io.datalayer.gate;

import static io.datalayer.testing.LayerFixture.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datalayer.testing.LayerFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostAccessTest {
    private static List<String> check(LayerFixture f) {
        return lines(HostAccess.check(f.manifests()));
    }

    @Test
    void theGoodLayerPasses() {
        assertEquals(List.of(), check(LayerFixture.good()));
    }

    @Test
    void findsHostFlagsInPodTemplates() {
        LayerFixture f = LayerFixture.good()
                .set("CronJob/db-backup", "spec.jobTemplate.spec.template.spec.hostNetwork", true)
                .set("StatefulSet/db", "spec.template.spec.containers[0].securityContext.privileged", true);
        assertEquals(List.of(
                LayerFixture.FILE + ": StatefulSet/db: host-access: spec.template.spec.containers[0].securityContext.privileged is true",
                LayerFixture.FILE + ": CronJob/db-backup: host-access: spec.jobTemplate.spec.template.spec.hostNetwork is true"), check(f));
    }

    @Test
    void findsHostPathOutsidePodTemplates() {
        LayerFixture f = LayerFixture.good().add("""
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: node-disk}
                spec:
                  capacity: {storage: 1Gi}
                  accessModes: [ReadWriteOnce]
                  hostPath: {path: /srv}
                """);
        assertEquals(List.of(LayerFixture.EXTRA + ": PersistentVolume/node-disk: host-access: spec.hostPath is set"), check(f));
    }

    @Test
    void falseFlagsAndDataKeysAreNotFindings() {
        LayerFixture f = LayerFixture.good()
                .set("StatefulSet/db", "spec.template.spec.hostPID", false)
                .add("""
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: notes, namespace: data, annotations: {hostPath: documented}}
                        data: {hostPath: "a file named hostPath"}
                        """);
        assertEquals(List.of(), check(f));
        f.set("StatefulSet/db", "spec.template.spec.hostPID", true);
        assertEquals(List.of(LayerFixture.FILE + ": StatefulSet/db: host-access: spec.template.spec.hostPID is true"), check(f));
    }
}
