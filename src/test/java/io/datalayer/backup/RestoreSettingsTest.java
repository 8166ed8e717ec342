package io.datalayer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.kit.Resources;
import io.datalayer.stores.postgres.PostgresStore;
import io.datalayer.stores.redis.RedisStore;
import org.junit.jupiter.api.Test;

/**
 * The one restore settings record every store shares: the defaults it applies itself, the defaults
 * each store's builder holds, and each check with the exact message it gives.
 */
class RestoreSettingsTest {
    private static final Resources RESOURCES = new Resources("1", "1Gi", "1", "1Gi");

    private static RestoreSettings.Builder postgres() {
        return PostgresStore.restoreSettings().resources(RESOURCES);
    }

    private static RestoreSettings.Builder redis() {
        return RedisStore.restoreSettings().resources(RESOURCES);
    }

    private static String error(RestoreSettings.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    // --- defaults ---------------------------------------------------------------------------

    @Test
    void sharedDefaultsAreAppliedByTheRecord() {
        for (RestoreSettings p : new RestoreSettings[] {postgres().build(), redis().build()}) {
            assertEquals(true, p.keepReplaced());
            assertEquals(60, p.lockWaitSeconds());
            assertEquals(604800, p.ttlSecondsAfterFinished());
            assertEquals(RESOURCES, p.resources());
        }
    }

    @Test
    void postgresBuilderHoldsPostgresDefaults() {
        RestoreSettings p = postgres().build();
        assertEquals("postgresql-restore", p.name());
        assertEquals(21600, p.activeDeadlineSeconds());
        assertEquals(120, p.terminationGracePeriodSeconds());
    }

    @Test
    void redisBuilderHoldsRedisDefaults() {
        RestoreSettings p = redis().build();
        assertEquals("redis-restore", p.name());
        assertEquals(3600, p.activeDeadlineSeconds());
        assertEquals(60, p.terminationGracePeriodSeconds());
    }

    @Test
    void setValuesOverrideTheDefaults() {
        RestoreSettings p = postgres().keepReplaced(false).lockWaitSeconds(0).activeDeadlineSeconds(60)
                .terminationGracePeriodSeconds(30).ttlSecondsAfterFinished(0).build();
        assertEquals(false, p.keepReplaced());
        assertEquals(0, p.lockWaitSeconds());
        assertEquals(60, p.activeDeadlineSeconds());
        assertEquals(30, p.terminationGracePeriodSeconds());
        assertEquals(0, p.ttlSecondsAfterFinished());
    }

    @Test
    void nullTakesTheDefaultAgain() {
        RestoreSettings p = postgres().keepReplaced(false).lockWaitSeconds(5).build().toBuilder()
                .keepReplaced(null).lockWaitSeconds(null).build();
        assertEquals(true, p.keepReplaced());
        assertEquals(60, p.lockWaitSeconds());
    }

    // --- toBuilder ----------------------------------------------------------------------------

    @Test
    void toBuilderRoundTrips() {
        RestoreSettings p = postgres().build();
        assertEquals(p, p.toBuilder().build());
        RestoreSettings r = redis().build();
        assertEquals(r, r.toBuilder().build());
        RestoreSettings everything = redis().keepReplaced(false).lockWaitSeconds(10).activeDeadlineSeconds(7200)
                .terminationGracePeriodSeconds(90).ttlSecondsAfterFinished(60).build();
        assertEquals(everything, everything.toBuilder().build());
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet() {
        RestoreSettings p = postgres().build();
        RestoreSettings q = p.toBuilder().keepReplaced(false).build();
        assertEquals(false, q.keepReplaced());
        assertEquals(p, q.toBuilder().keepReplaced(true).build());
    }

    // --- the store's builder is the start -----------------------------------------------------

    @Test
    void sharedBuilderWithoutTheStoreNamesTheMissingName() {
        assertEquals("RestoreSettings.name is not set; start from the store's builder (e.g."
                + " PostgresStore.restoreSettings()), which holds the store's defaults",
                error(RestoreSettings.builder().resources(RESOURCES)));
    }

    @Test
    void sharedBuilderWithoutTheStoreNamesTheMissingDeadline() {
        assertEquals("RestoreSettings(mysql-restore).activeDeadlineSeconds is not set; start from the store's builder"
                + " (e.g. PostgresStore.restoreSettings()), which holds the store's default",
                error(RestoreSettings.builder().name("mysql-restore").resources(RESOURCES)));
    }

    @Test
    void sharedBuilderWithoutTheStoreNamesTheMissingGracePeriod() {
        assertEquals("RestoreSettings(mysql-restore).terminationGracePeriodSeconds is not set; start from the store's"
                + " builder (e.g. PostgresStore.restoreSettings()), which holds the store's default",
                error(RestoreSettings.builder().name("mysql-restore").activeDeadlineSeconds(3600).resources(RESOURCES)));
    }

    @Test
    void sharedBuilderWithEveryStoreComponentBuilds() {
        RestoreSettings p = RestoreSettings.builder().name("mysql-restore").activeDeadlineSeconds(3600)
                .terminationGracePeriodSeconds(60).resources(RESOURCES).build();
        assertEquals(true, p.keepReplaced());
        assertEquals(60, p.lockWaitSeconds());
    }

    // --- checks -------------------------------------------------------------------------------

    @Test
    void resourcesHaveNoDefault() {
        assertEquals("RestoreSettings(postgresql-restore).resources is not set; give CPU and memory requests and limits"
                + " (the environment sets them, see Environments)", error(PostgresStore.restoreSettings()));
        assertEquals("RestoreSettings(redis-restore).resources is not set; give CPU and memory requests and limits"
                + " (the environment sets them, see Environments)", error(RedisStore.restoreSettings()));
    }

    @Test
    void resourcesMustBeQuantities() {
        assertEquals("RestoreSettings(postgresql-restore).resources.cpuLimit \"two\" is not a Kubernetes quantity; use"
                + " a number with an optional suffix, such as 500m, 512Mi or 10Gi",
                error(postgres().resources(new Resources("1", "1Gi", "two", "1Gi"))));
    }

    @Test
    void nameMustBeADnsLabel() {
        assertEquals("RestoreSettings.name \"Restore\" is not a valid Kubernetes name; use at most 63 lowercase"
                + " letters, digits and '-', starting and ending with a letter or digit", error(postgres().name("Restore")));
    }

    @Test
    void nameLeavesRoomForJobSuffixes() {
        String name = "r".repeat(53);
        assertEquals("RestoreSettings.name \"" + name + "\" is 53 characters long; use at most 52 (a CronJob's Jobs"
                + " add 11)", error(postgres().name(name)));
    }

    @Test
    void deadlineHasAMinimum() {
        assertEquals("RestoreSettings(postgresql-restore).activeDeadlineSeconds 10 is below the minimum; use 60 or"
                + " more", error(postgres().activeDeadlineSeconds(10)));
    }

    @Test
    void lockWaitIsNotNegative() {
        assertEquals("RestoreSettings(postgresql-restore).lockWaitSeconds -1 is below the minimum; use 0 or more",
                error(postgres().lockWaitSeconds(-1)));
    }

    @Test
    void lockWaitEndsBeforeTheDeadline() {
        assertEquals("RestoreSettings(postgresql-restore).lockWaitSeconds 600 is not below activeDeadlineSeconds"
                + " 600; a restore that waits that long for the lock is killed before it starts",
                error(postgres().lockWaitSeconds(600).activeDeadlineSeconds(600)));
    }

    @Test
    void defaultLockWaitEndsBeforeTheDeadline() {
        // The shared default (60) against the smallest deadline there is.
        assertEquals("RestoreSettings(redis-restore).lockWaitSeconds 60 is not below activeDeadlineSeconds 60;"
                + " a restore that waits that long for the lock is killed before it starts",
                error(redis().activeDeadlineSeconds(60)));
        assertEquals(61, redis().activeDeadlineSeconds(61).build().activeDeadlineSeconds());
    }

    @Test
    void gracePeriodLeavesTimeToRollBack() {
        assertEquals("RestoreSettings(postgresql-restore).terminationGracePeriodSeconds 10 is below the minimum; use"
                + " 30 or more", error(postgres().terminationGracePeriodSeconds(10)));
        assertEquals("RestoreSettings(redis-restore).terminationGracePeriodSeconds 10 is below the minimum; use"
                + " 30 or more", error(redis().terminationGracePeriodSeconds(10)));
    }

    @Test
    void ttlIsNotNegative() {
        assertEquals("RestoreSettings(postgresql-restore).ttlSecondsAfterFinished -1 is below the minimum; use 0 or"
                + " more", error(postgres().ttlSecondsAfterFinished(-1)));
    }
}
