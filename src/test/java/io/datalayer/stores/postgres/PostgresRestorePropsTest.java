package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.app.Environments;
import io.datalayer.kit.Resources;
import org.junit.jupiter.api.Test;

class PostgresRestorePropsTest {
    private static String error(PostgresRestoreProps.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    @Test
    void defaultsAreDocumentedValues() {
        PostgresRestoreProps p = PostgresRestoreProps.builder().resources(new Resources("1", "1Gi", "1", "1Gi")).build();
        assertEquals("postgresql-restore", p.name());
        assertEquals(21600, p.activeDeadlineSeconds());
        assertEquals(604800, p.ttlSecondsAfterFinished());
        assertEquals(true, p.keepReplaced());
        assertEquals(false, p.terminateClients());
        assertEquals(60, p.lockWaitSeconds());
        assertEquals(120, p.terminationGracePeriodSeconds());
    }

    @Test
    void lockWaitAndGracePeriodHaveLimits() {
        assertEquals("PostgresRestoreProps.lockWaitSeconds 600 is not below activeDeadlineSeconds 600; a restore that waits"
                + " that long for the lock is killed before it starts",
                error(Environments.prod().restore().toBuilder().lockWaitSeconds(600).activeDeadlineSeconds(600)));
        assertEquals("PostgresRestoreProps.terminationGracePeriodSeconds 10 is below the minimum; use 30 or more",
                error(Environments.prod().restore().toBuilder().terminationGracePeriodSeconds(10)));
    }

    @Test
    void nameMustBeADnsLabel() {
        assertEquals("PostgresRestoreProps.name \"Restore\" is not a valid Kubernetes name; use at most 63 lowercase"
                + " letters, digits and '-', starting and ending with a letter or digit",
                error(Environments.prod().restore().toBuilder().name("Restore")));
    }

    @Test
    void deadlineHasAMinimum() {
        assertEquals("PostgresRestoreProps.activeDeadlineSeconds 10 is below the minimum; use 60 or more",
                error(Environments.prod().restore().toBuilder().activeDeadlineSeconds(10)));
    }

    @Test
    void resourcesMustBeQuantities() {
        assertEquals("PostgresRestoreProps.resources.cpuLimit \"two\" is not a Kubernetes quantity; use a number with an"
                + " optional suffix, such as 500m, 512Mi or 10Gi",
                error(Environments.prod().restore().toBuilder().resources(new Resources("1", "1Gi", "two", "1Gi"))));
        assertEquals("PostgresRestoreProps.resources is not set; give CPU and memory requests and limits (the environment"
                + " sets them, see Environments)", error(PostgresRestoreProps.builder()));
    }
}
