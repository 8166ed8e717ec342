package io.datalayer.stores.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.secrets.SecretRequirement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ClickHouseProps: its documented defaults and each validation message, exactly. */
class ClickHousePropsTest {
    private static ClickHouseProps.Builder valid() {
        return ClickHouseProps.builder().storage(Storage.of("10Gi", "local-path")).resources(new Resources("1", "1Gi", "2", "4Gi"));
    }

    private static String error(ClickHouseProps.Builder b) {
        return assertThrows(IllegalArgumentException.class, b::build).getMessage();
    }

    @Test
    void defaultsAreDocumentedValues() {
        ClickHouseProps p = valid().build();
        assertEquals("clickhouse", p.name());
        assertEquals("clickhouse/clickhouse-server:26.8.20.9", p.image());
        assertEquals(101, p.uid());
        assertEquals(List.of(9000, 8123, 9363), List.of(p.nativePort(), p.httpPort(), p.metricsPort()));
        assertEquals(List.of(80, 5, 0), List.of(p.serverMemoryPercent(), p.markCachePercent(), p.uncompressedCachePercent()));
        assertEquals(ClickHouseProps.USERS_SECRET, p.usersSecret());
        assertEquals("secret/data/clickhouse-app", p.appSecret().apiPath());
        assertEquals("secret/data/clickhouse-monitoring", p.monitoringSecret().apiPath());
        assertEquals(List.of("app"), p.appDatabases());
        assertEquals(120, p.terminationGracePeriodSeconds());
        assertEquals(10, p.usersSyncIntervalSeconds());
        assertEquals((4L << 30) / 100 * 80, p.serverMemoryBytes());
        assertEquals(p, p.toBuilder().build());
    }

    @Test
    void storageAndResourcesAreRequired() {
        assertEquals("ClickHouseProps.resources is not set; give CPU and memory requests and limits (the environment sets them,"
                + " see Environments)", error(valid().resources(null)));
    }

    @Test
    void portsMustDiffer() {
        assertEquals("ClickHouseProps ports native 9000, http 9000 and metrics 9363 are not all different; give each listener"
                + " its own port", error(valid().httpPort(9000)));
    }

    @Test
    void memorySharesAreBounded() {
        assertEquals("ClickHouseProps.serverMemoryPercent 95 is outside 50 to 90; the server needs headroom above"
                + " max_server_memory_usage for what its tracker does not count", error(valid().serverMemoryPercent(95)));
        assertEquals("ClickHouseProps.markCachePercent 0 is outside 1 to 25; the mark cache is counted in the server's memory and"
                + " must leave room for queries", error(valid().markCachePercent(0)));
        assertEquals("ClickHouseProps.markCachePercent 25 plus uncompressedCachePercent 20 exceed half of serverMemoryPercent 80;"
                + " lower the caches so queries keep at least half of the server's memory",
                error(valid().markCachePercent(25).uncompressedCachePercent(20)));
    }

    @Test
    void secretsNeedTheirKeysAndPathsOfTheirOwn() {
        assertEquals("ClickHouseProps.usersSecret secret/data/clickhouse lacks the key \"backup-password\"; its keys are"
                + " [admin-password] and the construct mounts \"backup-password\", so add it",
                error(valid().usersSecret(SecretRequirement.of("clickhouse", "admin-password"))));
        assertEquals("ClickHouseProps.appSecret secret/data/clickhouse is the path of usersSecret; give it a path of its own"
                + " (KV v2 policies grant whole paths, so its readers would read the admin password)",
                error(valid().appSecret(SecretRequirement.of("clickhouse", "password"))));
        assertEquals("ClickHouseProps.monitoringSecret secret/data/clickhouse is the path of usersSecret; give it a path of its own"
                + " (KV v2 policies grant whole paths, so its readers would read the admin password)",
                error(valid().monitoringSecret(SecretRequirement.of("clickhouse", "password"))));
    }

    @Test
    void appDatabasesAreBareNamesNotTheServers() {
        String rule = " is not a database the app user may be given; use lower-case letters, digits and '_' (at most 63,"
                + " not starting with a digit), and none of [system, information_schema, default]";
        assertEquals("ClickHouseProps.appDatabases \"system\"" + rule, error(valid().appDatabases(List.of("system"))));
        assertEquals("ClickHouseProps.appDatabases \"a.b\"" + rule, error(valid().appDatabases(List.of("a.b"))));
        assertEquals("ClickHouseProps.appDatabases null" + rule, error(valid().appDatabases(Arrays.asList("app", null))));
        assertEquals("ClickHouseProps.appDatabases is empty; name at least one database the app user may use",
                error(valid().appDatabases(List.of())));
        assertEquals("ClickHouseProps.appDatabases [app, app] names a database twice; name each once",
                error(valid().appDatabases(List.of("app", "app"))));
    }
}
