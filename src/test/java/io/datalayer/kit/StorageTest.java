package io.datalayer.kit;

import io.datalayer.kube.Kube;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.testing.Manifests;
import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.KubePersistentVolumeClaimProps;
import org.cdk8s.plus28.k8s.ObjectMeta;
import org.junit.jupiter.api.Test;

class StorageTest {
    private static String error(Storage storage) {
        return assertThrows(IllegalArgumentException.class, () -> Storage.require("RedisProps.storage", storage)).getMessage();
    }

    @Test
    void aCheckedValueBecomesTheClaimSpec() {
        Storage storage = Storage.require("RedisProps.storage", new Storage("5Gi", "fast-ssd", "ReadWriteOncePod"));
        Manifests m = Manifests.of(chart -> Kube.persistentVolumeClaim(chart, "c", KubePersistentVolumeClaimProps.builder()
                .metadata(ObjectMeta.builder().name("c").build()).spec(storage.claimSpec()).build()));
        assertEquals(Map.of("accessModes", List.of("ReadWriteOncePod"), "storageClassName", "fast-ssd", "volumeMode", "Filesystem",
                "resources", Map.of("requests", Map.of("storage", "5Gi"))),
                m.get("PersistentVolumeClaim", "c").at("spec").map());
    }

    @Test
    void ofIsASingleNodeVolumeAndWithersChangeOnePart() {
        Storage s = Storage.of("1Gi", "local-path");
        assertEquals(new Storage("1Gi", "local-path", "ReadWriteOnce"), s);
        assertEquals(new Storage("2Gi", "nfs", "ReadWriteMany"), s.withSize("2Gi").withStorageClass("nfs").withAccessMode("ReadWriteMany"));
        assertSame(s, Storage.require("p", s));
    }

    @Test
    void errorsNameTheOwningPropAndThePart() {
        assertEquals("RedisProps.storage is not set; give size, storage class and access mode (the environment sets them,"
                + " see Environments)", error(null));
        assertEquals("RedisProps.storage.size \"5GB\" is not a Kubernetes quantity; use 5Gi", error(Storage.of("5GB", "x")));
        assertEquals("RedisProps.storage.storageClass \"Local_Path\" is not a valid Kubernetes name; use at most 253"
                + " lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
                error(Storage.of("5Gi", "Local_Path")));
        assertEquals("RedisProps.storage.accessMode \"ReadOnlyMany\" is not a volume access mode; use ReadWriteOnce or"
                + " ReadWriteOncePod", error(new Storage("5Gi", "x", "ReadOnlyMany")));
        assertEquals("RedisProps.storage.accessMode is empty; set a value", error(new Storage("5Gi", "x", null)));
    }
}
