package io.datalayer.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.cdk8s.plus28.k8s.Volume;
import org.junit.jupiter.api.Test;

class MountTest {
    @Test
    void eachFactoryCarriesAVolumeOfItsOwnName() {
        for (Mount m : List.of(Mount.claim("dumps", "backups", "/backups", true), Mount.configMap("cfg", "redis-config", "/etc/redis"),
                Mount.secretKey("pw", "redis-auth", "password", "password", "/etc/redis-auth"),
                Mount.emptyDir("tmp", "/tmp", "64Mi"), Mount.memory("shm", "/dev/shm", "128Mi"))) {
            assertEquals(m.volumeName(), m.volume().getName(), m.toString());
            assertEquals(m.volumeName(), m.volumeMount().getName());
            assertEquals(m.path(), m.volumeMount().getMountPath());
        }
    }

    @Test
    void readOnlyIsWhatTheSourceAllows() {
        Mount dumps = Mount.claim("dumps", "backups", "/backups", true);
        assertEquals(true, dumps.volumeMount().getReadOnly());
        assertEquals(true, dumps.volume().getPersistentVolumeClaim().getReadOnly());
        Mount writable = Mount.claim("runs", "backups", "/backups");
        assertEquals(false, writable.volumeMount().getReadOnly());
        assertEquals(null, writable.volume().getPersistentVolumeClaim().getReadOnly());
        assertEquals(true, Mount.configMap("c", "m", "/c").readOnly());
        assertEquals(0444, Mount.configMap("c", "m", "/c").volume().getConfigMap().getDefaultMode());
        assertEquals(0440, Mount.secretKey("s", "sec", "k", "f", "/s").volume().getSecret().getDefaultMode());
        assertEquals(false, Mount.emptyDir("t", "/t", "1Mi").readOnly());
        assertEquals("Memory", Mount.memory("m", "/m", "1Mi").volume().getEmptyDir().getMedium());
    }

    @Test
    void aClaimTemplateHasNoPodVolume() {
        Mount data = Mount.claimTemplate("data", "/data");
        assertNull(data.volume());
        assertEquals(false, data.readOnly());
    }

    @Test
    void atMountsTheSameVolumeElsewhere() {
        Mount tmp = Mount.emptyDir("tmp", "/tmp", "1Mi");
        Mount other = tmp.at("/scratch", true);
        assertEquals(tmp.volume(), other.volume());
        assertEquals("/scratch", other.path());
    }

    @Test
    void badMountsAreRefused() {
        assertEquals("Mount.path \"tmp\" of volume \"tmp\" is not an absolute path; use a path starting with '/'",
                assertThrows(IllegalArgumentException.class, () -> Mount.emptyDir("tmp", "tmp", "1Mi")).getMessage());
        assertEquals("Mount.volumeName \"a\" differs from its volume's name \"b\"; build mounts with the Mount factories",
                assertThrows(IllegalArgumentException.class,
                        () -> new Mount("a", "/a", false, Volume.builder().name("b").build(), "b")).getMessage());
        assertEquals("Mount.volumeName \"Data\" is not a valid Kubernetes name; use at most 63 lowercase letters, digits"
                + " and '-', starting and ending with a letter or digit",
                assertThrows(IllegalArgumentException.class, () -> Mount.claimTemplate("Data", "/d")).getMessage());
    }

    @Test
    void secretKeysAreFilesOfTheirOwnNamesReadableByTheGroupOnly() {
        Mount users = Mount.secretKeys("users", "redis-users", List.of("admin-password", "backup-password"), "/etc/redis-users");
        assertEquals(true, users.readOnly());
        assertEquals("redis-users", users.volume().getSecret().getSecretName());
        assertEquals(List.of("admin-password", "backup-password"),
                users.volume().getSecret().getItems().stream().map(i -> i.getKey() + "").toList());
        assertEquals(List.of("admin-password", "backup-password"),
                users.volume().getSecret().getItems().stream().map(i -> i.getPath()).toList());
        assertEquals(0440, users.volume().getSecret().getDefaultMode().intValue());
        assertEquals("Mount.secretKeys of Secret \"redis-users\" names no key; give at least one",
                assertThrows(IllegalArgumentException.class,
                        () -> Mount.secretKeys("users", "redis-users", List.of(), "/etc/redis-users")).getMessage());
    }
}
