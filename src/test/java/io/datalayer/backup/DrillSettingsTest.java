package io.datalayer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.kit.Resources;
import io.datalayer.stores.postgres.PostgresStore;
import org.junit.jupiter.api.Test;

/**
 * The one drill settings record every store shares: the defaults it applies, the defaults a store's
 * builder holds, and each check with the exact message it gives.
 */
class DrillSettingsTest {
    private static final Resources RESOURCES = new Resources("250m", "512Mi", "2", "1Gi");

    private static DrillSettings.Builder postgres() {
        return PostgresStore.drillSettings().dataSize("20Gi").resources(RESOURCES);
    }

    private static String error(DrillSettings.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    @Test
    void sharedDefaultsAreAppliedByTheRecordAndTheStoreBuilderHoldsItsOwn() {
        DrillSettings d = postgres().build();
        assertEquals("postgresql-drill", d.name());
        assertEquals(null, d.schedule(), "derived from the backup's by after(...)");
        assertEquals(10800, d.activeDeadlineSeconds());
        assertEquals(true, d.scheduled());
        assertEquals("Etc/UTC", d.timeZone());
        assertEquals(60, d.terminationGracePeriodSeconds());
        assertEquals(26, d.maxAgeHours());
        assertEquals(120, d.maxDurationMinutes());
        assertEquals(20480, d.dataSizeMi());
        assertEquals(d, d.toBuilder().build());
    }

    @Test
    void storeDefaultsMustComeFromTheStoresBuilder() {
        assertEquals("DrillSettings.name is not set; start from the store's builder (e.g. PostgresStore.drillSettings()),"
                + " which holds the store's defaults", error(DrillSettings.builder().dataSize("1Gi").resources(RESOURCES)));
        assertEquals("DrillSettings(x-drill).activeDeadlineSeconds is not set; start from the store's builder (e.g."
                + " PostgresStore.drillSettings()), which holds the store's default",
                error(DrillSettings.builder().name("x-drill").dataSize("1Gi").resources(RESOURCES)));
    }

    @Test
    void eachCheckNamesTheSettingAndTheFix() {
        assertEquals("DrillSettings(postgresql-drill).dataSize \"20GB\" is not a size in Mi, Gi or Ti; give room for the"
                + " fetched run and the restored data, e.g. 20Gi", error(postgres().dataSize("20GB")));
        assertEquals("DrillSettings(postgresql-drill).dataSize \"null\" is not a size in Mi, Gi or Ti; give room for the"
                + " fetched run and the restored data, e.g. 20Gi", error(postgres().dataSize(null)));
        assertEquals("DrillSettings(postgresql-drill).activeDeadlineSeconds 60 is below the minimum; use 300 or more",
                error(postgres().activeDeadlineSeconds(60)));
        assertEquals("DrillSettings(postgresql-drill).maxDurationMinutes 180 is not below activeDeadlineSeconds 10800; a"
                + " drill that slow is killed and fails before the slow-drill alert could say so: lower maxDurationMinutes"
                + " or raise activeDeadlineSeconds", error(postgres().maxDurationMinutes(180)));
        assertEquals("DrillSettings(postgresql-drill).maxAgeHours 0 is below the minimum; use 1 or more",
                error(postgres().maxAgeHours(0)));
        assertEquals("DrillSettings(postgresql-drill).resources is not set; give CPU and memory requests and limits (the environment sets them, see Environments)",
                error(postgres().resources(null)));
    }

    @Test
    void theScheduleIsDerivedFromADailyBackupsOrCheckedAgainstIt() {
        BackupSettings backup = PostgresStore.backupSettings().retention(7).resources(RESOURCES)
                .storage(io.datalayer.kit.Storage.of("20Gi", "local-path")).build();
        // 02:30 plus 3 hours plus 15 minutes; a backup moved moves the drill, across midnight too.
        assertEquals("45 5 * * *", postgres().build().after(backup).schedule());
        assertEquals("15 1 * * *", postgres().build().after(backup.toBuilder().schedule("0 22 * * *").build()).schedule());
        assertEquals("DrillSettings(postgresql-drill).schedule is not set and cannot be derived from the backup's schedule"
                + " \"0 */6 * * *\" (BackupSettings(postgresql-backup)), which is not daily (m h * * *); set the drill's"
                + " schedule, after the backup's deadline", assertThrows(IllegalArgumentException.class,
                        () -> postgres().build().after(backup.toBuilder().schedule("0 */6 * * *").build())).getMessage());
        assertEquals("DrillSettings(postgresql-drill).schedule \"0 4 * * *\" starts 90 minutes after the backup (\"30 2 * * *\"),"
                + " which may run for 180 minutes (BackupSettings(postgresql-backup).activeDeadlineSeconds); start the drill"
                + " at least 180 minutes after the backup, so it drills the night's run",
                assertThrows(IllegalArgumentException.class, () -> postgres().schedule("0 4 * * *").build().after(backup))
                        .getMessage());
        DrillSettings set = postgres().schedule("0 7 * * *").build();
        assertEquals(set, set.after(backup));
        // Schedules that are not plain daily ones are the environment's to reason about.
        assertEquals("0 * * * *", postgres().schedule("0 * * * *").build().after(backup).schedule());
    }
}
