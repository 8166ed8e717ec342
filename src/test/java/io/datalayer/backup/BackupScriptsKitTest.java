package io.datalayer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared parts: runs.sh in every store's ConfigMap, the checks every backup's props make. */
class BackupScriptsKitTest {
    @Test
    void everyStoresConfigMapCarriesTheSameRunsLibrary() {
        String runs = BackupScripts.read(BackupScripts.class, BackupScripts.RUNS_LIBRARY);
        assertEquals(runs, BackupScripts.configMapData(io.datalayer.stores.postgres.PostgresBackup.class, List.of("pg.sh")).get("runs.sh"));
        assertEquals(runs, BackupScripts.configMapData(io.datalayer.stores.redis.RedisBackup.class, List.of("redis.sh")).get("runs.sh"));
    }

    @Test
    void runsShIsNotListedTwice() {
        assertEquals("runs.sh is shared by every store and added by BackupScripts; do not list it among RedisBackup's scripts",
                assertThrows(IllegalArgumentException.class, () -> BackupScripts.configMapData(io.datalayer.stores.redis.RedisBackup.class,
                        List.of("runs.sh"))).getMessage());
    }

    @Test
    void aMissingScriptNamesItsPlace() {
        assertEquals("the script nope.sh is missing from the classpath beside io.datalayer.stores.redis.RedisBackup; rebuild with mvn compile",
                assertThrows(IllegalStateException.class, () -> BackupScripts.read(io.datalayer.stores.redis.RedisBackup.class, "nope.sh"))
                        .getMessage());
    }

    @Test
    void checksNameTheProp() {
        assertEquals("X.name \"" + "a".repeat(53) + "\" is 53 characters long; use at most 52 (a CronJob's Jobs add 11)",
                assertThrows(IllegalArgumentException.class, () -> BackupChecks.cronJobName("X.name", "a".repeat(53))).getMessage());
        assertEquals("a".repeat(52), BackupChecks.cronJobName("X.name", "a".repeat(52)));
        assertEquals("X.shrink 101 is above 100; use a share of the last normal run's size from 1 to 100",
                assertThrows(IllegalArgumentException.class, () -> BackupChecks.shrinkPercent("X.shrink", 101)).getMessage());
        assertEquals(100, BackupChecks.shrinkPercent("X.shrink", 100));
        assertEquals("X.lockWaitSeconds 10 is not below activeDeadlineSeconds 10; it waits forever",
                assertThrows(IllegalArgumentException.class, () -> BackupChecks.lockWaitBelowDeadline("X", 10, 10, "it waits forever"))
                        .getMessage());
    }

    @Test
    void aRestoreTemplateNeverFires() {
        JobTiming t = JobTiming.suspendedTemplate(60, 0);
        assertEquals(true, t.suspended());
        assertEquals("0 0 31 2 *", t.schedule());
        assertEquals(0, t.backoffLimit());
    }
}
