package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import au.com.origin.snapshots.Expect;
import au.com.origin.snapshots.annotations.UseSnapshotConfig;
import au.com.origin.snapshots.junit5.SnapshotExtension;
import io.datalayer.app.Environments;
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
class PostgresRestoreTest {
    private static Manifests defaults;
    private Expect expect;

    @BeforeAll
    static void synthDefaults() {
        defaults = Manifests.of(chart -> new PostgresRestore(chart, "restore", new PostgresBackup(chart, "backup",
                new Postgres(chart, "postgresql", Environments.prod().store(PostgresStore.class).server()), Environments.prod().store(PostgresStore.class).backup()),
                Environments.prod().store(PostgresStore.class).restore()));
    }

    private static Node cronJob() {
        return defaults.get("CronJob", "postgresql-restore");
    }

    @Test
    void defaultsSnapshot() {
        // The synthesized YAML of the restore CronJob only (the last object).
        String[] docs = defaults.yaml().split("(?m)^---\n");
        assertTrue(docs[docs.length - 1].contains("name: postgresql-restore\n"));
        expect.toMatchSnapshot(docs[docs.length - 1]);
    }

    @Test
    void suspendedAndNeverScheduled() {
        Node spec = cronJob().at("spec");
        assertEquals(true, spec.at("suspend").value());
        assertEquals("0 0 31 2 *", spec.at("schedule").string());
        assertEquals(0, spec.at("jobTemplate.spec.backoffLimit").value());
        assertEquals(21600, spec.at("jobTemplate.spec.activeDeadlineSeconds").value());
        assertEquals(604800, spec.at("jobTemplate.spec.ttlSecondsAfterFinished").value());
    }

    @Test
    void runsRestoreOnTheBackupClaimWhichHoldsTheLock() {
        Node pod = cronJob().at("spec.jobTemplate.spec.template.spec");
        Node backupPod = defaults.get("CronJob", "postgresql-backup").at("spec.jobTemplate.spec.template.spec");
        assertEquals(List.of("/bin/sh", "/opt/data-layer/restore.sh"), pod.at("containers[0].command").list());
        assertEquals(backupPod.at("containers[0].image").string(), pod.at("containers[0].image").string());
        // Writable: the restore takes the volume's lock so no backup runs while it loads.
        assertEquals(Map.of("claimName", "postgresql-backups"), pod.at("volumes[0].persistentVolumeClaim").map());
        assertEquals(Map.of("mountPath", "/backups", "name", "dumps", "readOnly", false), pod.at("containers[0].volumeMounts[0]").map());
        assertEquals(backupPod.at("securityContext").map(), pod.at("securityContext").map());
        assertEquals(backupPod.at("containers[0].securityContext").map(), pod.at("containers[0].securityContext").map());
        assertEquals(List.of(Map.of("name", "RESTORE_RUN", "value", ""), Map.of("name", "RESTORE_DATABASE", "value", ""),
                Map.of("name", "RESTORE_FROM", "value", "local"), Map.of("name", "RESTORE_TERMINATE_CLIENTS", "value", "false"), Map.of("name", "RESTORE_KEEP_REPLACED", "value", "true"),
                Map.of("name", "BACKUP_LOCK_WAIT_SECONDS", "value", "60")), pod.at("containers[0].env").list().subList(5, 11));
        assertEquals(120, pod.at("terminationGracePeriodSeconds").value());
        assertEquals("true", cronJob().at("spec.jobTemplate.spec.template.metadata.labels").map().get(Postgres.CLIENT_LABEL));
    }

    @Test
    void nameMustDifferFromTheBackups() {
        assertEquals("RestoreSettings.name \"postgresql-backup\" is the backup CronJob's name; give the restore its own name",
                assertThrows(IllegalArgumentException.class, () -> Manifests.of(chart -> new PostgresRestore(chart, "restore",
                        new PostgresBackup(chart, "backup", new Postgres(chart, "postgresql", Environments.prod().store(PostgresStore.class).server()),
                                Environments.prod().store(PostgresStore.class).backup()),
                        Environments.prod().store(PostgresStore.class).restore().toBuilder().name("postgresql-backup").build()))).getMessage());
    }

    @Test
    void missingArgumentsAreRejected() {
        assertEquals("PostgresRestore needs the PostgresBackup whose dumps it restores; pass it, not null",
                assertThrows(IllegalArgumentException.class, () -> Manifests.of(chart -> new PostgresRestore(chart, "restore",
                        null, Environments.prod().store(PostgresStore.class).restore()))).getMessage());
    }
}
