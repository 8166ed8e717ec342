package io.datalayer.stores.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import au.com.origin.snapshots.Expect;
import au.com.origin.snapshots.annotations.UseSnapshotConfig;
import au.com.origin.snapshots.junit5.SnapshotExtension;
import io.datalayer.secrets.SecretRequirement;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.SnapshotSettings;
import io.datalayer.validation.NodeScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What an L4 app's chart (namespace {@code shop}) gets from {@link RedisAppAccess}. */
@ExtendWith(SnapshotExtension.class)
@UseSnapshotConfig(SnapshotSettings.class)
class RedisAppAccessTest {
    private Expect expect;

    private static Manifests app(RedisAppAccessProps props) {
        return Manifests.of("shop", chart -> new RedisAppAccess(chart, "redis", props));
    }

    @Test
    void staticSnapshot() {
        expect.scenario("static").toMatchSnapshot(app(RedisAppAccessProps.of("shop")).yaml());
    }

    @Test
    void dynamicSnapshot() {
        expect.scenario("dynamic").toMatchSnapshot(app(RedisAppAccessProps.of("shop").dynamic()).yaml());
    }

    @Test
    void theStaticUserComesFromTheSameVaultSecretAsTheServersAclFile() {
        Manifests m = app(RedisAppAccessProps.of("shop"));
        assertEquals(List.of("ServiceAccount/redis-vault", "SecretStore/redis-vault", "ExternalSecret/redis", "ConfigMap/redis-connection"),
                m.kindsAndNames());
        for (Map<String, Object> o : m.objects()) {
            assertEquals("shop", Node.of(o).at("metadata.namespace").string());
        }
        Node store = m.get("SecretStore", "redis-vault").at("spec.provider.vault");
        assertEquals("secret", store.at("path").string());
        assertEquals("shop", store.at("auth.kubernetes.role").string());
        Node es = m.get("ExternalSecret", "redis").at("spec");
        assertEquals("redis", es.at("target.name").string());
        // The path the server's RedisProps.appSecret names: one source for both.
        assertEquals(io.datalayer.app.Environments.prod().store(RedisStore.class).server().appSecret().path(), es.at("data[0].remoteRef.key").string());
        assertEquals("redis-app", es.at("data[0].remoteRef.key").string());
        assertEquals("password", es.at("data[0].remoteRef.property").string());
        assertEquals(1, es.at("data").list().size());
        assertEquals(Map.of("REDIS_HOST", "redis.data.svc.cluster.local", "REDIS_PORT", "6379", "REDIS_USERNAME", "app"),
                m.get("ConfigMap", "redis-connection").at("data").map());
    }

    @Test
    void dynamicUsersComeFromVaultsDatabaseEngine() {
        Manifests m = app(RedisAppAccessProps.of("shop").dynamic());
        assertEquals(List.of("ServiceAccount/redis-vault", "VaultDynamicSecret/redis", "ExternalSecret/redis", "ConfigMap/redis-connection"),
                m.kindsAndNames());
        assertEquals("database/creds/shop", m.get("VaultDynamicSecret", "redis").at("spec.path").string());
        assertEquals(Map.of("REDIS_HOST", "redis.data.svc.cluster.local", "REDIS_PORT", "6379"),
                m.get("ConfigMap", "redis-connection").at("data").map());
    }

    @Test
    void passesTheUpstreamSchemas(@TempDir Path tmp) throws IOException {
        String yaml = app(RedisAppAccessProps.of("shop")).yaml() + "---\n" + app(RedisAppAccessProps.of("shop").dynamic()).yaml();
        NodeScript.Result result = NodeScript.run(NodeScript.VALIDATE_MANIFESTS, Files.writeString(tmp.resolve("app.yaml"), yaml));
        assertEquals(List.of(), result.findings());
        assertEquals(0, result.exitCode(), result.summary());
    }

    @Test
    void badPropsAreRefusedByName() {
        assertEquals("RedisAppAccessProps.vaultRole is empty; set a value",
                assertThrows(IllegalArgumentException.class, () -> RedisAppAccessProps.of(" ")).getMessage());
        assertEquals("RedisAppAccessProps.vaultRole \"shop/admin\" is not a Vault role name; use letters, digits, '_', '.' and '-'",
                assertThrows(IllegalArgumentException.class, () -> RedisAppAccessProps.of("shop/admin")).getMessage());
        assertEquals("RedisAppAccessProps.appSecret secret/data/redis lacks the key \"password\"; use the requirement the"
                + " server's RedisProps.appSecret declares", assertThrows(IllegalArgumentException.class,
                () -> new RedisAppAccessProps("shop", null, null, null, null,
                        SecretRequirement.of("redis", "admin-password"), null, null, null)).getMessage());
        assertEquals("RedisAppAccess props are missing; use RedisAppAccessProps.of(vaultRole)", assertThrows(
                IllegalArgumentException.class, () -> Manifests.of("shop", chart -> new RedisAppAccess(chart, "redis", null)))
                .getMessage());
    }
}
