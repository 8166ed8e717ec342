package io.datalayer.stores.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import au.com.origin.snapshots.Expect;
import au.com.origin.snapshots.annotations.UseSnapshotConfig;
import au.com.origin.snapshots.junit5.SnapshotExtension;
import io.datalayer.app.Environments;
import io.datalayer.kit.Resources;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.SnapshotSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SnapshotExtension.class)
@UseSnapshotConfig(SnapshotSettings.class)
class RedisRestoreTest {
    private static Manifests defaults;
    private Expect expect;

    @BeforeAll
    static void synthDefaults() {
        defaults = Manifests.of(chart -> new RedisRestore(chart, "restore", new RedisBackup(chart, "backup",
                new Redis(chart, "redis", Environments.prod().store(RedisStore.class).server()), Environments.prod().store(RedisStore.class).backup()),
                Environments.prod().store(RedisStore.class).restore()));
    }

    private static Node cronJob() {
        return defaults.get("CronJob", "redis-restore");
    }

    @Test
    void defaultsSnapshot() {
        // The synthesized YAML of the restore CronJob only (the last object).
        String[] docs = defaults.yaml().split("(?m)^---\n");
        assertTrue(docs[docs.length - 1].contains("name: redis-restore\n"));
        expect.toMatchSnapshot(docs[docs.length - 1]);
    }

    @Test
    void suspendedAndNeverScheduled() {
        Node spec = cronJob().at("spec");
        assertEquals(true, spec.at("suspend").value());
        assertEquals("0 0 31 2 *", spec.at("schedule").string());
        assertEquals("Forbid", spec.at("concurrencyPolicy").string());
        assertEquals(0, spec.at("jobTemplate.spec.backoffLimit").value());
        assertEquals(3600, spec.at("jobTemplate.spec.activeDeadlineSeconds").value());
    }

    @Test
    void mountsTheBackupClaimAndTheServersDataClaimAndTellsTheScriptTheServersFileNames() {
        Node pod = cronJob().at("spec.jobTemplate.spec.template.spec");
        Node backupPod = defaults.get("CronJob", "redis-backup").at("spec.jobTemplate.spec.template.spec");
        assertEquals(List.of("/bin/sh", "/opt/data-layer/restore.sh"), pod.at("containers[0].command").list());
        assertEquals(backupPod.at("containers[0].image").string(), pod.at("containers[0].image").string());
        // The claim the StatefulSet made for its only pod, at the server's own path.
        Map<String, Object> claimTemplate = defaults.get("StatefulSet", "redis").at("spec.volumeClaimTemplates[0].metadata").map();
        assertEquals(claimTemplate.get("name") + "-redis-0", pod.at("volumes[name=redis-data].persistentVolumeClaim.claimName").string());
        assertEquals(Map.of("mountPath", "/data", "name", "redis-data", "readOnly", false),
                pod.at("containers[0].volumeMounts[2]").map());
        assertEquals(Map.of("claimName", "redis-backups"), pod.at("volumes[name=dumps].persistentVolumeClaim").map());
        assertEquals(List.of(
                Map.of("name", "REDIS_HOST", "value", "redis.data.svc.cluster.local"),
                Map.of("name", "REDIS_PORT", "value", "6379"),
                Map.of("name", "BACKUP_DIR", "value", "/backups"),
                Map.of("name", "REDIS_DATA_DIR", "value", "/data"),
                // The file whose flock the server's own command holds while it runs (ready or not).
                Map.of("name", "REDIS_SERVER_LOCK", "value", "/data/.datalayer-server.lock"),
                Map.of("name", "REDIS_DBFILENAME", "value", "dump.rdb"),
                Map.of("name", "REDIS_APPENDDIRNAME", "value", "appendonlydir"),
                Map.of("name", "REDIS_APPENDFILENAME", "value", "appendonly.aof"),
                Map.of("name", "RESTORE_RUN", "value", ""),
                Map.of("name", "RESTORE_FROM", "value", "local"),
                Map.of("name", "RESTORE_KEEP_REPLACED", "value", "true"),
                Map.of("name", "BACKUP_LOCK_WAIT_SECONDS", "value", "60")), pod.at("containers[0].env").list().subList(0, 12));
        // No Secret: the restore never logs in (it only checks that nothing answers).
        assertTrue(pod.at("volumes").list().stream().noneMatch(v -> ((Map<?, ?>) v).containsKey("secret")), pod.at("volumes").list().toString());
        assertEquals(backupPod.at("securityContext").map(), pod.at("securityContext").map());
        assertEquals(60, pod.at("terminationGracePeriodSeconds").value());
        assertEquals("true", cronJob().at("spec.jobTemplate.spec.template.metadata.labels").map().get(Redis.CLIENT_LABEL));
    }

    @Test
    void theFileNamesAreTheOnesTheServersConfigWrites() {
        String conf = defaults.get("ConfigMap", "redis-config").at("data").map().get(RedisConfig.CONFIG_FILE).toString();
        assertTrue(conf.contains("\ndbfilename dump.rdb\n") && conf.contains("\nappenddirname \"appendonlydir\"\n")
                && conf.contains("\nappendfilename \"appendonly.aof\"\n") && conf.contains("\ndir /data\n"), conf);
    }

    @Test
    void theRestoreMemoryMustHoldTheDataSet() {
        assertEquals("RestoreSettings(redis-restore).resources.memoryLimit \"256Mi\" is below the server's maxmemory (751619260 bytes,"
                + " from RedisProps.resources); the restore's private redis-server loads the whole data set, so give it at least"
                + " the server's memory limit",
                assertThrows(IllegalArgumentException.class, () -> Manifests.of(chart -> new RedisRestore(chart, "restore",
                        new RedisBackup(chart, "backup", new Redis(chart, "redis", Environments.prod().store(RedisStore.class).server()),
                                Environments.prod().store(RedisStore.class).backup()),
                        Environments.prod().store(RedisStore.class).restore().toBuilder().resources(new Resources("100m", "64Mi", "1", "256Mi"))
                                .build()))).getMessage());
    }

    @Test
    void nameMustDifferFromTheBackups() {
        assertEquals("RestoreSettings.name \"redis-backup\" is the backup CronJob's name; give the restore its own name",
                assertThrows(IllegalArgumentException.class, () -> Manifests.of(chart -> new RedisRestore(chart, "restore",
                        new RedisBackup(chart, "backup", new Redis(chart, "redis", Environments.prod().store(RedisStore.class).server()),
                                Environments.prod().store(RedisStore.class).backup()),
                        Environments.prod().store(RedisStore.class).restore().toBuilder().name("redis-backup").build()))).getMessage());
    }

    @Test
    void missingArgumentsAreRejected() {
        assertEquals("RedisRestore needs the RedisBackup whose runs it restores; pass it, not null",
                assertThrows(IllegalArgumentException.class, () -> Manifests.of(chart -> new RedisRestore(chart, "restore",
                        null, Environments.prod().store(RedisStore.class).restore()))).getMessage());
        assertEquals("RedisRestore props are missing; pass the RestoreSettings of RedisStore.restore",
                assertThrows(IllegalArgumentException.class, () -> Manifests.of(chart -> new RedisRestore(chart, "restore",
                        new RedisBackup(chart, "backup", new Redis(chart, "redis", Environments.prod().store(RedisStore.class).server()),
                                Environments.prod().store(RedisStore.class).backup()), null))).getMessage());
    }
}
