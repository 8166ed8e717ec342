package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.app.Environments;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresBackupPropsTest {
    private static String error(PostgresBackupProps.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    @Test
    void defaultsAreDocumentedValues() {
        PostgresBackupProps p = PostgresBackupProps.builder().retention(7).storage(Storage.of("1Gi", "local-path"))
                .resources(new Resources("1", "1Gi", "1", "1Gi")).build();
        assertEquals("postgresql-backup", p.name());
        assertEquals("postgresql-backups", p.claimName());
        assertEquals("postgresql-backup-scripts", p.scriptsName());
        assertEquals("30 2 * * *", p.schedule());
        assertEquals("Etc/UTC", p.timeZone());
        assertEquals(7, p.retention());
        assertEquals(List.of(), p.databases());
        assertEquals(3600, p.startingDeadlineSeconds());
        assertEquals(2, p.backoffLimit());
        assertEquals(10800, p.activeDeadlineSeconds());
        assertEquals(3, p.successfulJobsHistoryLimit());
        assertEquals(3, p.failedJobsHistoryLimit());
        assertEquals(604800, p.ttlSecondsAfterFinished());
    }

    @Test
    void databasesAreCopied() {
        List<String> dbs = new ArrayList<>(List.of("shop"));
        PostgresBackupProps p = Environments.prod().backup().toBuilder().databases(dbs).build();
        dbs.add("other");
        assertEquals(List.of("shop"), p.databases());
    }

    @Test
    void scheduleMustBeCron() {
        assertEquals("PostgresBackupProps.schedule \"every night\" is not a cron schedule; use five fields"
                + " (minute hour day-of-month month day-of-week), e.g. \"30 2 * * *\"",
                error(Environments.prod().backup().toBuilder().schedule("every night")));
    }

    @Test
    void timeZoneMustBeIana() {
        assertEquals("PostgresBackupProps.timeZone \"CET+1\" is not an IANA time zone name; use a name such as UTC or"
                + " Europe/Berlin", error(Environments.prod().backup().toBuilder().timeZone("CET+1")));
    }

    @Test
    void retentionKeepsAtLeastOne() {
        assertEquals("PostgresBackupProps.retention 0 is below the minimum; use 1 or more",
                error(Environments.prod().backup().toBuilder().retention(0)));
    }

    @Test
    void listedDatabaseNamesMustSurviveASpaceSeparatedList() {
        assertEquals("PostgresBackupProps.databases entry \"my db\" cannot be listed; use at most 63 letters, digits,"
                + " '_', '.' and '-', not starting with '.' or '-', or leave databases empty to back up every database"
                + " whatever its name", error(Environments.prod().backup().toBuilder().databases(List.of("shop", "my db"))));
    }

    @Test
    void template1MayBeListedButNotTemplate0() {
        assertEquals(List.of("template1"), Environments.prod().backup().toBuilder().databases(List.of("template1")).build().databases());
        assertEquals("PostgresBackupProps.databases entry \"template0\" cannot be dumped (it accepts no connections and"
                + " every server has it); remove it", error(Environments.prod().backup().toBuilder().databases(List.of("template0"))));
    }

    @Test
    void runSettingsHaveDefaultsAndLimits() {
        PostgresBackupProps p = Environments.prod().backup();
        assertEquals(4, p.keepWeekly());
        assertEquals(50, p.shrinkWarnPercent());
        assertEquals(600, p.lockWaitSeconds());
        assertEquals(60, p.terminationGracePeriodSeconds());
        assertEquals("PostgresBackupProps.keepWeekly -1 is below the minimum; use 0 or more",
                error(Environments.prod().backup().toBuilder().keepWeekly(-1)));
        assertEquals("PostgresBackupProps.shrinkWarnPercent 101 is above 100; use a share of the last normal run's size"
                + " from 1 to 100", error(Environments.prod().backup().toBuilder().shrinkWarnPercent(101)));
        assertEquals("PostgresBackupProps.shrinkWarnPercent 0 is below the minimum; use 1 or more",
                error(Environments.prod().backup().toBuilder().shrinkWarnPercent(0)));
        assertEquals("PostgresBackupProps.terminationGracePeriodSeconds 5 is below the minimum; use 10 or more",
                error(Environments.prod().backup().toBuilder().terminationGracePeriodSeconds(5)));
        assertEquals("PostgresBackupProps.lockWaitSeconds 3600 is not below activeDeadlineSeconds 3600; a run that waits"
                + " that long for the lock is killed before it can dump anything",
                error(Environments.prod().backup().toBuilder().lockWaitSeconds(3600).activeDeadlineSeconds(3600)));
    }

    @Test
    void databasesAreListedOnce() {
        assertEquals("PostgresBackupProps.databases [shop, shop] names a database twice; list each once",
                error(Environments.prod().backup().toBuilder().databases(List.of("shop", "shop"))));
    }

    @Test
    void storageSizeMustBeAQuantity() {
        assertEquals("PostgresBackupProps.storage.size \"20GB\" is not a Kubernetes quantity; use 20Gi",
                error(Environments.prod().backup().toBuilder().storage(Storage.of("20GB", "local-path"))));
    }

    @Test
    void productionChoicesHaveNoDefault() {
        assertEquals("PostgresBackupProps.retention is not set; give the number of dumps kept per database (the"
                + " environment sets it, see Environments)", error(PostgresBackupProps.builder()));
        assertEquals("PostgresBackupProps.storage is not set; give size, storage class and access mode (the environment"
                + " sets them, see Environments)", error(PostgresBackupProps.builder().retention(1)));
    }

    @Test
    void storageClassMustBeAName() {
        assertEquals("PostgresBackupProps.storage.storageClass \"Fast_SSD\" is not a valid Kubernetes name; use at most 253"
                + " lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
                error(Environments.prod().backup().toBuilder().storage(Storage.of("1Gi", "Fast_SSD"))));
    }

    @Test
    void nameLeavesRoomForJobSuffixes() {
        String name = "b".repeat(53);
        assertEquals("PostgresBackupProps.name \"" + name + "\" is 53 characters long; use at most 52 (a CronJob's Jobs"
                + " add 11)", error(Environments.prod().backup().toBuilder().name(name)));
    }

    @Test
    void jobLimitsHaveMinimums() {
        assertEquals("PostgresBackupProps.startingDeadlineSeconds 5 is below the minimum; use 10 or more",
                error(Environments.prod().backup().toBuilder().startingDeadlineSeconds(5)));
        assertEquals("PostgresBackupProps.backoffLimit -1 is below the minimum; use 0 or more",
                error(Environments.prod().backup().toBuilder().backoffLimit(-1)));
        assertEquals("PostgresBackupProps.activeDeadlineSeconds 30 is below the minimum; use 60 or more",
                error(Environments.prod().backup().toBuilder().activeDeadlineSeconds(30)));
        assertEquals("PostgresBackupProps.failedJobsHistoryLimit 0 is below the minimum; use 1 or more",
                error(Environments.prod().backup().toBuilder().failedJobsHistoryLimit(0)));
        assertEquals("PostgresBackupProps.ttlSecondsAfterFinished -1 is below the minimum; use 0 or more",
                error(Environments.prod().backup().toBuilder().ttlSecondsAfterFinished(-1)));
    }

    @Test
    void resourcesMustBeQuantities() {
        assertEquals("PostgresBackupProps.resources.memoryLimit \"1GB\" is not a Kubernetes quantity; use 1Gi",
                error(Environments.prod().backup().toBuilder().resources(new Resources("1", "1Gi", "1", "1GB"))));
    }
}
