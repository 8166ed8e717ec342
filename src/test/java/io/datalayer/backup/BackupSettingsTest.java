package io.datalayer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.stores.postgres.PostgresStore;
import io.datalayer.stores.redis.RedisStore;
import org.junit.jupiter.api.Test;

/**
 * The one backup settings record every store shares: the defaults it applies itself, the defaults
 * each store's builder holds, and each check with the exact message it gives. Messages name the
 * setting as {@code BackupSettings.<component> of <CronJob name>}.
 */
class BackupSettingsTest {
    private static final Storage STORAGE = Storage.of("1Gi", "local-path");
    private static final Resources RESOURCES = new Resources("1", "1Gi", "1", "1Gi");

    /** PostgreSQL's builder with the three choices an environment must make. */
    private static BackupSettings.Builder postgres() {
        return PostgresStore.backupSettings().retention(7).storage(STORAGE).resources(RESOURCES);
    }

    /** Redis's builder with the three choices an environment must make. */
    private static BackupSettings.Builder redis() {
        return RedisStore.backupSettings().retention(7).storage(STORAGE).resources(RESOURCES);
    }

    private static String error(BackupSettings.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    // --- defaults ---------------------------------------------------------------------------

    @Test
    void sharedDefaultsAreAppliedByTheRecord() {
        for (BackupSettings p : new BackupSettings[] {postgres().build(), redis().build()}) {
            assertEquals("Etc/UTC", p.timeZone());
            assertEquals(4, p.keepWeekly());
            assertEquals(50, p.shrinkWarnPercent());
            assertEquals(600, p.lockWaitSeconds());
            assertEquals(3600, p.startingDeadlineSeconds());
            assertEquals(2, p.backoffLimit());
            assertEquals(3, p.successfulJobsHistoryLimit());
            assertEquals(3, p.failedJobsHistoryLimit());
            assertEquals(604800, p.ttlSecondsAfterFinished());
        }
    }

    @Test
    void postgresBuilderHoldsPostgresDefaults() {
        BackupSettings p = postgres().build();
        assertEquals("postgresql-backup", p.name());
        assertEquals("30 2 * * *", p.schedule());
        assertEquals(60, p.terminationGracePeriodSeconds());
        assertEquals(10800, p.activeDeadlineSeconds());
    }

    @Test
    void redisBuilderHoldsRedisDefaults() {
        BackupSettings p = redis().build();
        assertEquals("redis-backup", p.name());
        assertEquals("45 2 * * *", p.schedule());
        assertEquals(30, p.terminationGracePeriodSeconds());
        assertEquals(3600, p.activeDeadlineSeconds());
    }

    @Test
    void environmentChoicesAreKept() {
        BackupSettings p = postgres().build();
        assertEquals(7, p.retention());
        assertEquals(STORAGE, p.storage());
        assertEquals(RESOURCES, p.resources());
    }

    @Test
    void nullTakesTheDefaultAgain() {
        BackupSettings p = postgres().timeZone("Europe/Berlin").keepWeekly(2).build().toBuilder()
                .timeZone(null).keepWeekly(null).build();
        assertEquals("Etc/UTC", p.timeZone());
        assertEquals(4, p.keepWeekly());
    }

    @Test
    void setValuesOverrideTheDefaults() {
        BackupSettings p = postgres().timeZone("Europe/Berlin").keepWeekly(0).shrinkWarnPercent(100).lockWaitSeconds(0)
                .terminationGracePeriodSeconds(10).startingDeadlineSeconds(10).backoffLimit(0).activeDeadlineSeconds(60)
                .successfulJobsHistoryLimit(0).failedJobsHistoryLimit(1).ttlSecondsAfterFinished(0).build();
        assertEquals("Europe/Berlin", p.timeZone());
        assertEquals(0, p.keepWeekly());
        assertEquals(100, p.shrinkWarnPercent());
        assertEquals(0, p.lockWaitSeconds());
        assertEquals(10, p.terminationGracePeriodSeconds());
        assertEquals(10, p.startingDeadlineSeconds());
        assertEquals(0, p.backoffLimit());
        assertEquals(60, p.activeDeadlineSeconds());
        assertEquals(0, p.successfulJobsHistoryLimit());
        assertEquals(1, p.failedJobsHistoryLimit());
        assertEquals(0, p.ttlSecondsAfterFinished());
    }

    @Test
    void macroScheduleAndUtcAreAccepted() {
        BackupSettings p = postgres().schedule("@daily").timeZone("UTC").build();
        assertEquals("@daily", p.schedule());
        assertEquals("UTC", p.timeZone());
    }

    @Test
    void jobsMayShareTheRunsVolume() {
        // Only the server's own volume must stay on one node; the runs claim may be ReadWriteMany.
        Storage shared = STORAGE.withAccessMode("ReadWriteMany");
        assertEquals(shared, postgres().storage(shared).build().storage());
    }

    // --- names --------------------------------------------------------------------------------

    @Test
    void claimAndScriptsAreNamedAfterTheCronJob() {
        assertEquals("postgresql-backups", postgres().build().claimName());
        assertEquals("postgresql-backup-scripts", postgres().build().scriptsName());
        assertEquals("redis-backups", redis().build().claimName());
        assertEquals("redis-backup-scripts", redis().build().scriptsName());
        BackupSettings renamed = postgres().name("pg-dump").build();
        assertEquals("pg-dumps", renamed.claimName());
        assertEquals("pg-dump-scripts", renamed.scriptsName());
    }

    @Test
    void nameOf52CharactersIsAccepted() {
        assertEquals("b".repeat(52), postgres().name("b".repeat(52)).build().name());
    }

    // --- toBuilder ----------------------------------------------------------------------------

    @Test
    void toBuilderRoundTrips() {
        BackupSettings p = postgres().build();
        assertEquals(p, p.toBuilder().build());
        BackupSettings r = redis().build();
        assertEquals(r, r.toBuilder().build());
        BackupSettings everything = postgres().timeZone("Europe/Berlin").keepWeekly(1).shrinkWarnPercent(20)
                .lockWaitSeconds(30).terminationGracePeriodSeconds(90).startingDeadlineSeconds(120).backoffLimit(5)
                .activeDeadlineSeconds(7200).successfulJobsHistoryLimit(1).failedJobsHistoryLimit(2)
                .ttlSecondsAfterFinished(3600).build();
        assertEquals(everything, everything.toBuilder().build());
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet() {
        BackupSettings p = postgres().build();
        BackupSettings q = p.toBuilder().retention(3).build();
        assertEquals(3, q.retention());
        assertEquals(p, q.toBuilder().retention(7).build());
    }

    // --- the store's builder is the start -----------------------------------------------------

    @Test
    void sharedBuilderWithoutTheStoreNamesTheMissingName() {
        assertEquals("BackupSettings.name is not set; start from the store's builder (e.g."
                + " PostgresStore.backupSettings()), which holds the store's defaults",
                error(BackupSettings.builder().retention(7).storage(STORAGE).resources(RESOURCES)));
    }

    @Test
    void sharedBuilderWithoutTheStoreNamesTheMissingSchedule() {
        assertEquals("BackupSettings(mysql-backup).schedule is not set; start from the store's builder (e.g."
                + " PostgresStore.backupSettings()), which holds the store's default",
                error(BackupSettings.builder().name("mysql-backup").retention(7).storage(STORAGE).resources(RESOURCES)));
    }

    @Test
    void sharedBuilderWithoutTheStoreNamesTheMissingGracePeriod() {
        assertEquals("BackupSettings(mysql-backup).terminationGracePeriodSeconds is not set; start from the store's"
                + " builder (e.g. PostgresStore.backupSettings()), which holds the store's default",
                error(BackupSettings.builder().name("mysql-backup").schedule("0 3 * * *").retention(7).storage(STORAGE)
                        .resources(RESOURCES)));
    }

    @Test
    void sharedBuilderWithoutTheStoreNamesTheMissingDeadline() {
        assertEquals("BackupSettings(mysql-backup).activeDeadlineSeconds is not set; start from the store's builder"
                + " (e.g. PostgresStore.backupSettings()), which holds the store's default",
                error(BackupSettings.builder().name("mysql-backup").schedule("0 3 * * *").retention(7)
                        .terminationGracePeriodSeconds(30).storage(STORAGE).resources(RESOURCES)));
    }

    @Test
    void sharedBuilderWithEveryStoreComponentBuilds() {
        BackupSettings p = BackupSettings.builder().name("mysql-backup").schedule("0 3 * * *").retention(7)
                .terminationGracePeriodSeconds(30).activeDeadlineSeconds(3600).storage(STORAGE).resources(RESOURCES)
                .build();
        assertEquals("mysql-backups", p.claimName());
        assertEquals(600, p.lockWaitSeconds());
    }

    // --- production choices have no default ---------------------------------------------------

    @Test
    void retentionHasNoDefault() {
        assertEquals("BackupSettings(postgresql-backup).retention is not set; give the number of complete runs kept"
                + " (the environment sets it, see Environments)",
                error(PostgresStore.backupSettings().storage(STORAGE).resources(RESOURCES)));
        assertEquals("BackupSettings(redis-backup).retention is not set; give the number of complete runs kept"
                + " (the environment sets it, see Environments)", error(RedisStore.backupSettings()));
    }

    @Test
    void storageHasNoDefault() {
        assertEquals("BackupSettings(postgresql-backup).storage is not set; give size, storage class and access mode"
                + " (the environment sets them, see Environments)",
                error(PostgresStore.backupSettings().retention(1).resources(RESOURCES)));
        assertEquals("BackupSettings(redis-backup).storage is not set; give size, storage class and access mode"
                + " (the environment sets them, see Environments)", error(RedisStore.backupSettings().retention(1)));
    }

    @Test
    void resourcesHaveNoDefault() {
        assertEquals("BackupSettings(postgresql-backup).resources is not set; give CPU and memory requests and limits"
                + " (the environment sets them, see Environments)", error(postgres().resources(null)));
    }

    // --- name ---------------------------------------------------------------------------------

    @Test
    void nameMustBeADnsLabel() {
        assertEquals("BackupSettings.name \"Backup\" is not a valid Kubernetes name; use at most 63 lowercase letters,"
                + " digits and '-', starting and ending with a letter or digit", error(postgres().name("Backup")));
    }

    @Test
    void nameMustNotBeEmpty() {
        assertEquals("BackupSettings.name is empty; set a value", error(postgres().name("")));
    }

    @Test
    void nameLeavesRoomForJobSuffixes() {
        String name = "b".repeat(53);
        assertEquals("BackupSettings.name \"" + name + "\" is 53 characters long; use at most 52 (a CronJob's Jobs"
                + " add 11)", error(postgres().name(name)));
        assertEquals("BackupSettings.name \"" + name + "\" is 53 characters long; use at most 52 (a CronJob's Jobs"
                + " add 11)", error(redis().name(name)));
    }

    // --- schedule and time zone ---------------------------------------------------------------

    @Test
    void scheduleMustBeCron() {
        assertEquals("BackupSettings(postgresql-backup).schedule \"every night\" is not a cron schedule; use five"
                + " fields (minute hour day-of-month month day-of-week), e.g. \"30 2 * * *\"",
                error(postgres().schedule("every night")));
    }

    @Test
    void scheduleFieldsMustBeInRange() {
        assertEquals("BackupSettings(redis-backup).schedule \"61 2 * * *\" has an invalid minute field \"61\"; use *,"
                + " a number from 0 to 59, a range a-b, a list a,b or a step */n", error(redis().schedule("61 2 * * *")));
    }

    @Test
    void scheduleMustNotCarryATimeZone() {
        assertEquals("BackupSettings(postgresql-backup).schedule \"TZ=Europe/Berlin 30 2 * * *\" sets a time zone"
                + " inside the schedule, which Kubernetes rejects; set the time zone in the timeZone prop",
                error(postgres().schedule("TZ=Europe/Berlin 30 2 * * *")));
    }

    @Test
    void timeZoneMustBeIana() {
        assertEquals("BackupSettings(postgresql-backup).timeZone \"CET+1\" is not an IANA time zone name; use a name"
                + " such as UTC or Europe/Berlin", error(postgres().timeZone("CET+1")));
    }

    // --- retention ----------------------------------------------------------------------------

    @Test
    void retentionKeepsAtLeastOne() {
        assertEquals("BackupSettings(postgresql-backup).retention 0 is below the minimum; use 1 or more",
                error(postgres().retention(0)));
    }

    @Test
    void keepWeeklyIsNotNegative() {
        assertEquals("BackupSettings(postgresql-backup).keepWeekly -1 is below the minimum; use 0 or more",
                error(postgres().keepWeekly(-1)));
    }

    @Test
    void shrinkWarnPercentIsAtMost100() {
        assertEquals("BackupSettings(postgresql-backup).shrinkWarnPercent 101 is above 100; use a share of the last"
                + " normal run's size from 1 to 100", error(postgres().shrinkWarnPercent(101)));
        assertEquals("BackupSettings(redis-backup).shrinkWarnPercent 101 is above 100; use a share of the last"
                + " normal run's size from 1 to 100", error(redis().shrinkWarnPercent(101)));
    }

    @Test
    void shrinkWarnPercentIsAtLeast1() {
        assertEquals("BackupSettings(postgresql-backup).shrinkWarnPercent 0 is below the minimum; use 1 or more",
                error(postgres().shrinkWarnPercent(0)));
        assertEquals("BackupSettings(redis-backup).shrinkWarnPercent 0 is below the minimum; use 1 or more",
                error(redis().shrinkWarnPercent(0)));
    }

    // --- lock, grace, deadlines ---------------------------------------------------------------

    @Test
    void lockWaitIsNotNegative() {
        assertEquals("BackupSettings(postgresql-backup).lockWaitSeconds -1 is below the minimum; use 0 or more",
                error(postgres().lockWaitSeconds(-1)));
    }

    @Test
    void lockWaitEndsBeforeTheDeadline() {
        assertEquals("BackupSettings(postgresql-backup).lockWaitSeconds 3600 is not below activeDeadlineSeconds"
                + " 3600; a run that waits that long for the lock is killed before it can back anything up",
                error(postgres().lockWaitSeconds(3600).activeDeadlineSeconds(3600)));
    }

    @Test
    void defaultLockWaitMustEndBeforeTheStoresDeadline() {
        // Redis's deadline is 3600: a lock wait of as long fails, one second less is accepted.
        assertEquals("BackupSettings(redis-backup).lockWaitSeconds 3600 is not below activeDeadlineSeconds 3600;"
                + " a run that waits that long for the lock is killed before it can back anything up",
                error(redis().lockWaitSeconds(3600)));
        assertEquals(3599, redis().lockWaitSeconds(3599).build().lockWaitSeconds());
        // The shared default (600) against a deadline set to it.
        assertEquals("BackupSettings(postgresql-backup).lockWaitSeconds 600 is not below activeDeadlineSeconds 600;"
                + " a run that waits that long for the lock is killed before it can back anything up",
                error(postgres().activeDeadlineSeconds(600)));
    }

    @Test
    void gracePeriodLeavesTimeToRecordTheRun() {
        assertEquals("BackupSettings(postgresql-backup).terminationGracePeriodSeconds 5 is below the minimum; use 10"
                + " or more", error(postgres().terminationGracePeriodSeconds(5)));
        assertEquals("BackupSettings(redis-backup).terminationGracePeriodSeconds 5 is below the minimum; use 10"
                + " or more", error(redis().terminationGracePeriodSeconds(5)));
    }

    @Test
    void startingDeadlineHasAMinimum() {
        assertEquals("BackupSettings(postgresql-backup).startingDeadlineSeconds 5 is below the minimum; use 10 or"
                + " more", error(postgres().startingDeadlineSeconds(5)));
    }

    @Test
    void backoffLimitIsNotNegative() {
        assertEquals("BackupSettings(postgresql-backup).backoffLimit -1 is below the minimum; use 0 or more",
                error(postgres().backoffLimit(-1)));
    }

    @Test
    void activeDeadlineHasAMinimum() {
        assertEquals("BackupSettings(postgresql-backup).activeDeadlineSeconds 30 is below the minimum; use 60 or more",
                error(postgres().activeDeadlineSeconds(30)));
    }

    @Test
    void successfulJobsHistoryLimitIsNotNegative() {
        assertEquals("BackupSettings(postgresql-backup).successfulJobsHistoryLimit -1 is below the minimum; use 0 or"
                + " more", error(postgres().successfulJobsHistoryLimit(-1)));
    }

    @Test
    void failedJobsHistoryKeepsAtLeastOne() {
        assertEquals("BackupSettings(postgresql-backup).failedJobsHistoryLimit 0 is below the minimum; use 1 or more",
                error(postgres().failedJobsHistoryLimit(0)));
    }

    @Test
    void ttlIsNotNegative() {
        assertEquals("BackupSettings(postgresql-backup).ttlSecondsAfterFinished -1 is below the minimum; use 0 or"
                + " more", error(postgres().ttlSecondsAfterFinished(-1)));
    }

    // --- storage and resources ----------------------------------------------------------------
    // Storage.require and Resources.require append the component to the prop they are given,
    // which is "BackupSettings(<name>).<component>", then ".size" etc.

    @Test
    void storageSizeMustBeAQuantity() {
        assertEquals("BackupSettings(postgresql-backup).storage.size \"20GB\" is not a Kubernetes quantity; use 20Gi",
                error(postgres().storage(Storage.of("20GB", "local-path"))));
    }

    @Test
    void storageClassMustBeAName() {
        assertEquals("BackupSettings(postgresql-backup).storage.storageClass \"Fast_SSD\" is not a valid Kubernetes"
                + " name; use at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or"
                + " digit", error(postgres().storage(Storage.of("1Gi", "Fast_SSD"))));
    }

    @Test
    void storageAccessModeMustBeKnown() {
        assertEquals("BackupSettings(postgresql-backup).storage.accessMode \"ReadWriteSometimes\" is not a volume"
                + " access mode; use ReadWriteOnce or ReadWriteOncePod",
                error(postgres().storage(STORAGE.withAccessMode("ReadWriteSometimes"))));
    }

    @Test
    void memoryLimitMustBeAQuantity() {
        assertEquals("BackupSettings(postgresql-backup).resources.memoryLimit \"1GB\" is not a Kubernetes quantity;"
                + " use 1Gi", error(postgres().resources(new Resources("1", "1Gi", "1", "1GB"))));
    }

    @Test
    void cpuRequestMustBeAQuantity() {
        assertEquals("BackupSettings(redis-backup).resources.cpuRequest \"two\" is not a Kubernetes quantity; use a"
                + " number with an optional suffix, such as 500m, 512Mi or 10Gi",
                error(redis().resources(new Resources("two", "1Gi", "1", "1Gi"))));
    }
}
