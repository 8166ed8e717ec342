package io.datalayer.stores.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.app.Environments;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.secrets.SecretRequirement;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisPropsTest {
    private static String error(RedisProps.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    private static RedisProps.Builder prod() {
        return Environments.prod().store(RedisStore.class).server().toBuilder();
    }

    @Test
    void defaultsAreDocumentedValues() {
        RedisProps p = RedisProps.builder().storage(Storage.of("1Gi", "local-path"))
                .resources(new Resources("100m", "256Mi", "1", "1Gi")).build();
        assertEquals("redis", p.name());
        assertEquals("redis:8.10.2", p.image());
        assertEquals(999, p.uid());
        assertEquals(6379, p.port());
        assertEquals(70, p.maxmemoryPercent());
        assertEquals("volatile-lru", p.evictionPolicy());
        assertEquals("3600 1 300 100 60 10000", p.snapshots());
        assertEquals("secret/data/redis", p.usersSecret().apiPath());
        assertEquals(List.of("admin-password", "backup-password"), p.usersSecret().keys());
        assertEquals(16, p.usersSecret().minLength());
        assertEquals("secret/data/redis-app", p.appSecret().apiPath());
        assertEquals(List.of("password"), p.appSecret().keys());
        assertEquals(16, p.appSecret().minLength());
        assertEquals(60, p.terminationGracePeriodSeconds());
        assertEquals(10, p.aclSyncIntervalSeconds());
        assertEquals(null, p.vaultPeer());
        // 70% of 1Gi, in bytes: 751619260.
        assertEquals(1024L * 1024 * 1024 / 100 * 70, p.maxmemoryBytes());
    }

    @Test
    void maxmemoryFollowsTheLimitInEveryNotation() {
        assertEquals(512L * 1024 * 1024 / 100 * 70, prod().resources(new Resources("1", "1", "1", "512Mi")).build().maxmemoryBytes());
        assertEquals(500_000_000L / 100 * 50, prod().resources(new Resources("1", "1", "1", "500M")).maxmemoryPercent(50).build()
                .maxmemoryBytes());
        assertEquals(1536L * 1024 * 1024 / 100 * 90, prod().resources(new Resources("1", "1", "1", "1.5Gi")).maxmemoryPercent(90)
                .build().maxmemoryBytes());
    }

    @Test
    void productionChoicesHaveNoDefault() {
        assertEquals("RedisProps.storage is not set; give size, storage class and access mode (the environment sets"
                + " them, see Environments)", error(RedisProps.builder()));
        assertEquals("RedisProps.resources is not set; give CPU and memory requests and limits (the environment sets"
                + " them, see Environments)", error(RedisProps.builder().storage(Storage.of("1Gi", "local-path"))));
    }

    @Test
    void imageMustBePinned() {
        assertEquals("RedisProps.image \"redis:8\" is not pinned to an exact version; pin an exact version"
                + " (major.minor, e.g. redis:8.1) or a digest", error(prod().image("redis:8")));
        assertEquals("RedisProps.image \"redis:latest\" uses the moving tag latest; pin an exact version"
                + " (major.minor, e.g. redis:1.2) or a digest", error(prod().image("redis:latest")));
    }

    @Test
    void memoryLimitMustBeASizeMaxmemoryCanBeDerivedFrom() {
        assertEquals("RedisProps.resources.memoryLimit \"1e9\" is not a memory size this setting can be derived from;"
                + " use bytes with a suffix Ki, Mi, Gi, Ti, k, M, G or T, e.g. 512Mi",
                error(prod().resources(new Resources("1", "1", "1", "1e9"))));
        assertEquals("RedisProps.resources.memoryLimit \"1GB\" is not a Kubernetes quantity; use 1Gi",
                error(prod().resources(new Resources("1", "1", "1", "1GB"))));
    }

    @Test
    void maxmemoryPercentLeavesHeadroom() {
        assertEquals("RedisProps.maxmemoryPercent 95 is outside 10 to 90; Redis needs headroom above maxmemory for forks"
                + " and buffers, and a data set below 10% wastes the limit", error(prod().maxmemoryPercent(95)));
        assertEquals("RedisProps.maxmemoryPercent 5 is outside 10 to 90; Redis needs headroom above maxmemory for forks"
                + " and buffers, and a data set below 10% wastes the limit", error(prod().maxmemoryPercent(5)));
    }

    @Test
    void evictionPolicyMustBeOneRedisKnows() {
        assertEquals("RedisProps.evictionPolicy \"lru\" is not a maxmemory-policy; use one of [allkeys-lfu, allkeys-lru,"
                + " allkeys-random, noeviction, volatile-lfu, volatile-lru, volatile-random, volatile-ttl]",
                error(prod().evictionPolicy("lru")));
        assertEquals("allkeys-lru", prod().evictionPolicy("allkeys-lru").build().evictionPolicy());
    }

    @Test
    void snapshotsArePairsOfPositiveNumbers() {
        for (String bad : List.of("", "3600", "3600 1 300", "3600  1", "0 1", "3600 1\nsave 1 1", "3600 -1")) {
            assertEquals("RedisProps.snapshots \"" + bad + "\" is not a list of RDB save points; use \"seconds changes\" pairs"
                    + " of positive numbers separated by single spaces, e.g. \"3600 1 300 100 60 10000\"",
                    error(prod().snapshots(bad)));
        }
        assertEquals("900 1", prod().snapshots("900 1").build().snapshots());
    }

    @Test
    void theSecretsMustHoldTheKeysTheConstructMounts() {
        assertEquals("RedisProps.usersSecret secret/data/redis lacks the key \"backup-password\"; its keys are"
                + " [admin-password] and the construct mounts \"backup-password\", so add it",
                error(prod().usersSecret(SecretRequirement.of("redis", "admin-password"))));
        assertEquals("RedisProps.appSecret secret/data/redis-app lacks the key \"password\"; its keys are [app-password]"
                + " and the construct mounts \"password\", so add it",
                error(prod().appSecret(SecretRequirement.of("redis-app", "app-password"))));
    }

    @Test
    void theAppSecretIsAPathOfItsOwn() {
        assertEquals("RedisProps.appSecret secret/data/redis is the path of usersSecret; give the app user a path of its"
                + " own (KV v2 policies grant whole paths, so L4 apps would read the admin password)",
                error(prod().appSecret(SecretRequirement.of("redis", "password", "admin-password", "backup-password"))));
    }

    @Test
    void storageIsNeverShared() {
        assertEquals("RedisProps.storage.accessMode \"ReadWriteMany\" is not a volume access mode for a server's data;"
                + " use ReadWriteOnce or ReadWriteOncePod",
                error(prod().storage(new Storage("1Gi", "nfs", "ReadWriteMany"))));
    }

    @Test
    void namesAndNumbersAreChecked() {
        assertEquals("RedisProps.name \"Cache_1\" is not a valid Kubernetes name; use at most 63 lowercase letters, digits"
                + " and '-', starting and ending with a letter or digit", error(prod().name("Cache_1")));
        assertEquals("RedisProps.port 0 is not a TCP port; use 1 to 65535", error(prod().port(0)));
        assertEquals("RedisProps.terminationGracePeriodSeconds 5 is below the minimum; use 10 or more",
                error(prod().terminationGracePeriodSeconds(5)));
        assertEquals("RedisProps.aclSyncIntervalSeconds 0 is below the minimum; use 1 or more",
                error(prod().aclSyncIntervalSeconds(0)));
    }

    @Test
    void theConstructRefusesMissingProps() {
        assertEquals("Redis props are missing; pass RedisProps from the environment", assertThrows(
                IllegalArgumentException.class, () -> io.datalayer.testing.Manifests.of(chart -> new Redis(chart, "redis", null)))
                .getMessage());
    }
}
