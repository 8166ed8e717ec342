package io.datalayer.stores.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.app.Environments;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import org.junit.jupiter.api.Test;

class RedisBackupPropsTest {
    private static String error(RedisBackupProps.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    @Test
    void defaultsAreDocumentedValues() {
        RedisBackupProps p = RedisBackupProps.builder().retention(7).storage(Storage.of("1Gi", "local-path"))
                .resources(new Resources("1", "1Gi", "1", "1Gi")).build();
        assertEquals("redis-backup", p.name());
        assertEquals("redis-backups", p.claimName());
        assertEquals("redis-backup-scripts", p.scriptsName());
        assertEquals("45 2 * * *", p.schedule());
        assertEquals("Etc/UTC", p.timeZone());
        assertEquals(4, p.keepWeekly());
        assertEquals(50, p.shrinkWarnPercent());
        assertEquals(600, p.lockWaitSeconds());
        assertEquals(30, p.terminationGracePeriodSeconds());
        assertEquals(3600, p.startingDeadlineSeconds());
        assertEquals(2, p.backoffLimit());
        assertEquals(3600, p.activeDeadlineSeconds());
        assertEquals(3, p.successfulJobsHistoryLimit());
        assertEquals(3, p.failedJobsHistoryLimit());
        assertEquals(604800, p.ttlSecondsAfterFinished());
        assertEquals(p, p.toBuilder().build());
    }

    @Test
    void productionChoicesHaveNoDefault() {
        assertEquals("RedisBackupProps.retention is not set; give the number of complete runs kept (the environment"
                + " sets it, see Environments)", error(RedisBackupProps.builder()));
        assertEquals("RedisBackupProps.storage is not set; give size, storage class and access mode (the environment"
                + " sets them, see Environments)", error(RedisBackupProps.builder().retention(1)));
    }

    @Test
    void nameLeavesRoomForTheJobSuffix() {
        assertEquals("RedisBackupProps.name \"" + "b".repeat(53) + "\" is 53 characters long; use at most 52 (a CronJob's"
                + " Jobs add 11)", error(Environments.prod().redisBackup().toBuilder().name("b".repeat(53))));
    }

    @Test
    void shrinkWarnPercentIsAShare() {
        assertEquals("RedisBackupProps.shrinkWarnPercent 101 is above 100; use a share of the last normal run's size from 1 to 100",
                error(Environments.prod().redisBackup().toBuilder().shrinkWarnPercent(101)));
        assertEquals("RedisBackupProps.shrinkWarnPercent 0 is below the minimum; use 1 or more",
                error(Environments.prod().redisBackup().toBuilder().shrinkWarnPercent(0)));
    }

    @Test
    void lockWaitEndsBeforeTheDeadline() {
        assertEquals("RedisBackupProps.lockWaitSeconds 3600 is not below activeDeadlineSeconds 3600; a run that waits"
                + " that long for the lock is killed before it can take a snapshot",
                error(Environments.prod().redisBackup().toBuilder().lockWaitSeconds(3600)));
    }

    @Test
    void gracePeriodLeavesTimeToRecordTheRun() {
        assertEquals("RedisBackupProps.terminationGracePeriodSeconds 5 is below the minimum; use 10 or more",
                error(Environments.prod().redisBackup().toBuilder().terminationGracePeriodSeconds(5)));
    }
}
