package io.datalayer.stores.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.app.Environments;
import io.datalayer.kit.Resources;
import org.junit.jupiter.api.Test;

class RedisRestorePropsTest {
    private static String error(RedisRestoreProps.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    @Test
    void defaultsAreDocumentedValues() {
        RedisRestoreProps p = RedisRestoreProps.builder().resources(new Resources("1", "1Gi", "1", "1Gi")).build();
        assertEquals("redis-restore", p.name());
        assertEquals(3600, p.activeDeadlineSeconds());
        assertEquals(true, p.keepReplaced());
        assertEquals(60, p.lockWaitSeconds());
        assertEquals(60, p.terminationGracePeriodSeconds());
        assertEquals(604800, p.ttlSecondsAfterFinished());
        assertEquals(p, p.toBuilder().build());
    }

    @Test
    void resourcesHaveNoDefault() {
        assertEquals("RedisRestoreProps.resources is not set; give CPU and memory requests and limits (the environment sets them,"
                + " see Environments)",
                error(RedisRestoreProps.builder()));
    }

    @Test
    void lockWaitEndsBeforeTheDeadline() {
        assertEquals("RedisRestoreProps.lockWaitSeconds 60 is not below activeDeadlineSeconds 60; a restore that waits"
                + " that long for the lock is killed before it starts",
                error(Environments.prod().redisRestore().toBuilder().activeDeadlineSeconds(60)));
    }

    @Test
    void gracePeriodLeavesTimeToRollBack() {
        assertEquals("RedisRestoreProps.terminationGracePeriodSeconds 10 is below the minimum; use 30 or more",
                error(Environments.prod().redisRestore().toBuilder().terminationGracePeriodSeconds(10)));
    }
}
