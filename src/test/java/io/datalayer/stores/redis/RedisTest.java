package io.datalayer.stores.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import au.com.origin.snapshots.Expect;
import au.com.origin.snapshots.annotations.UseSnapshotConfig;
import au.com.origin.snapshots.junit5.SnapshotExtension;
import io.datalayer.app.Environments;
import io.datalayer.gate.Policies;
import io.datalayer.gate.Violation;
import io.datalayer.kit.ConfigFiles;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.namespace.DataNamespace;
import io.datalayer.namespace.DataNamespaceProps;
import io.datalayer.output.Manifest;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.SnapshotSettings;
import io.datalayer.validation.NodeScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SnapshotExtension.class)
@UseSnapshotConfig(SnapshotSettings.class)
class RedisTest {
    private static Manifests defaults;
    private static Redis redis;
    private Expect expect;

    @BeforeAll
    static void synthDefaults() {
        defaults = Manifests.of(chart -> redis = new Redis(chart, "redis", Environments.prod().store(RedisStore.class).server()));
    }

    private static Node server() {
        return defaults.get("StatefulSet", "redis");
    }

    private static Node pod() {
        return server().at("spec.template.spec");
    }

    @Test
    void defaultsSnapshot() {
        expect.toMatchSnapshot(defaults.yaml());
    }

    @Test
    void customSnapshot() {
        expect.toMatchSnapshot(Manifests.of(chart -> new Redis(chart, "redis", Environments.prod().store(RedisStore.class).server().toBuilder()
                .name("sessions").image("redis:8.8.3-alpine").storage(new Storage("20Gi", "fast-ssd", "ReadWriteOncePod"))
                .resources(new Resources("500m", "2Gi", "2", "4Gi")).port(6380).maxmemoryPercent(50)
                .evictionPolicy("allkeys-lfu").snapshots("900 1").terminationGracePeriodSeconds(120).aclSyncIntervalSeconds(30)
                .build())).yaml());
    }

    @Test
    void emitsEverythingTheServerNeedsInTheChartsNamespace() {
        assertEquals(List.of("ServiceAccount/redis", "ConfigMap/redis-config", "ConfigMap/redis-acl-sync", "Service/redis-headless",
                "Service/redis", "StatefulSet/redis", "PodDisruptionBudget/redis", "NetworkPolicy/redis-ingress",
                "NetworkPolicy/redis-client-egress"), defaults.kindsAndNames());
        for (Map<String, Object> o : defaults.objects()) {
            assertEquals("data", Node.of(o).at("metadata.namespace").string(), o.toString());
        }
        // The names the backup jobs and apps build on, in one place.
        assertEquals("redis.data.svc.cluster.local", redis.host());
        assertEquals(6379, redis.port());
        assertEquals("redis-users", redis.usersSecretName());
        assertEquals("redis-app", redis.appSecretName());
        assertEquals("redis-config", redis.configMapName());
        assertEquals(Map.of("data-layer/redis-client", "true"), redis.clientLabels());
        assertEquals("/data", Redis.dataDir());
        assertEquals("/etc/redis/redis.conf", Redis.configPath());
    }

    @Test
    void passesEveryPolicyOfTheLayerAndTheUpstreamSchemas(@TempDir Path tmp) throws IOException {
        Manifests layer = Manifests.of(chart -> {
            new DataNamespace(chart, "namespace", DataNamespaceProps.defaults());
            new Redis(chart, "redis", Environments.prod().store(RedisStore.class).server());
        });
        assertEquals(List.of(), Policies.check(Manifest.parse("redis.yaml", layer.yaml())).stream().map(Violation::toString).toList());
        NodeScript.Result schemas = NodeScript.run(NodeScript.VALIDATE_MANIFESTS, Files.writeString(tmp.resolve("redis.yaml"), layer.yaml()));
        assertEquals(List.of(), schemas.findings());
        assertEquals(0, schemas.exitCode(), schemas.summary());
    }

    @Test
    void oneReplicaWithDataOnItsOwnClaim() {
        assertEquals(1, server().at("spec.replicas").value());
        assertEquals("redis-headless", server().at("spec.serviceName").string());
        Node claim = server().at("spec.volumeClaimTemplates[0]");
        assertEquals("data", claim.at("metadata.name").string());
        assertEquals("5Gi", claim.at("spec.resources.requests.storage").string());
        Node container = pod().at("containers[0]");
        assertEquals("redis:8.10.2", container.at("image").string());
        // The command replaces the image's entrypoint (which would load its bundled modules): a shell
        // that takes the server lock on the data volume, then execs redis-server with the config.
        List<Object> command = container.at("command").list();
        assertEquals(List.of("/bin/sh", "-c"), command.subList(0, 2));
        assertEquals(List.of("redis-server", "/etc/redis/redis.conf"), command.subList(3, 5));
        assertTrue(command.get(2).toString().startsWith("exec 9>>/data/.datalayer-server.lock || exit 1\n"), command.get(2).toString());
        assertTrue(command.get(2).toString().endsWith("exec redis-server \"$@\"\n"), command.get(2).toString());
        assertEquals(null, container.at("args").value());
    }

    @Test
    void restrictedWithOnlyDataAndTheAclFolderWritable() {
        assertEquals(Map.of("runAsNonRoot", true, "runAsUser", 999, "runAsGroup", 999, "fsGroup", 999,
                "fsGroupChangePolicy", "OnRootMismatch", "seccompProfile", Map.of("type", "RuntimeDefault")),
                pod().at("securityContext").map());
        for (String field : List.of("containers", "initContainers")) {
            for (Object c : pod().at(field).list()) {
                Node sc = Node.of(c).at("securityContext");
                assertEquals(true, sc.at("readOnlyRootFilesystem").value());
                assertEquals(false, sc.at("allowPrivilegeEscalation").value());
                assertEquals(List.of("ALL"), sc.at("capabilities.drop").list());
            }
        }
        assertEquals(List.of("/data"), writable("redis"));
        assertEquals(List.of("/run/redis", "/tmp"), writable(AclSync.CONTAINER));
        assertEquals(List.of("/run/redis"), writable(AclSync.INIT_CONTAINER));
        Node acl = pod().at("volumes[name=acl].emptyDir");
        assertEquals("Memory", acl.at("medium").string());
    }

    @Test
    void passwordsReachThePodOnlyAsFilesAndOnlyWhereNeeded() {
        // The server sees only the admin password (its probes); the ACL renderers see every user's.
        Node admin = pod().at("volumes[name=admin].secret");
        assertEquals("redis-users", admin.at("secretName").string());
        assertEquals(List.of(Map.of("key", "admin-password", "path", "admin-password")), admin.at("items").list());
        assertEquals(0440, admin.at("defaultMode").value());
        assertEquals(List.of(Map.of("key", "admin-password", "path", "admin-password"),
                Map.of("key", "backup-password", "path", "backup-password")), pod().at("volumes[name=users].secret.items").list());
        assertEquals(List.of(Map.of("key", "password", "path", "password")), pod().at("volumes[name=app-user].secret.items").list());
        for (String field : List.of("containers", "initContainers")) {
            for (Object c : pod().at(field).list()) {
                Object env = Node.of(c).at("env").value();
                for (Object e : env == null ? List.of() : Node.of(env).list()) {
                    assertEquals(null, Node.of(e).at("valueFrom").value(), "an env var from a Secret: " + e);
                }
            }
        }
        // No ConfigMap holds a password or a hash of one: the rules name files.
        String rules = defaults.get("ConfigMap", "redis-acl-sync").at("data").map().get("acl-rules").toString();
        assertFalse(rules.contains("#") && rules.matches("(?s).*#[0-9a-f]{64}.*"), rules);
        assertTrue(rules.contains("admin 16 /etc/redis-users/admin-password on"), rules);
    }

    @Test
    void probesAuthenticateFromTheFileNeverTheCommandLine() {
        Node container = pod().at("containers[0]");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            List<Object> command = container.at(probe + ".exec.command").list();
            assertEquals("/bin/sh", command.get(0));
            String script = command.get(2).toString();
            assertTrue(script.contains("--user admin --askpass PING </etc/redis-admin/admin-password"), script);
            assertFalse(script.contains(" -a ") || script.contains("REDISCLI_AUTH"), script);
        }
        assertEquals(60, container.at("startupProbe.failureThreshold").value());
        assertEquals(60, pod().at("terminationGracePeriodSeconds").value());
    }

    @Test
    void aChangeOfConfigRulesOrScriptRollsThePod() {
        String hash = server().at("spec.template.metadata.annotations").map().get("data-layer/config-sha256").toString();
        RedisProps props = Environments.prod().store(RedisStore.class).server();
        assertEquals(ConfigFiles.sha256(RedisConfig.redisConf(props), RedisConfig.aclRules(props), AclSync.script()), hash);
        assertNotEquals(ConfigFiles.sha256(RedisConfig.redisConf(props), RedisConfig.aclRules(props), AclSync.script() + "#"), hash);
        Manifests changed = Manifests.of(chart -> new Redis(chart, "redis", props.toBuilder().evictionPolicy("allkeys-lru").build()));
        assertNotEquals(hash, changed.get("StatefulSet", "redis").at("spec.template.metadata.annotations").map()
                .get("data-layer/config-sha256"));
    }

    @Test
    void onlyL4AppsAndLabelledClientsReachThePort() {
        Node ingress = defaults.get("NetworkPolicy", "redis-ingress").at("spec");
        assertEquals(List.of(Map.of("namespaceSelector", Map.of("matchLabels", Map.of("platform/layer", "l4"))),
                Map.of("podSelector", Map.of("matchLabels", Map.of("data-layer/redis-client", "true")))),
                ingress.at("ingress[0].from").list());
        assertEquals(List.of(Map.of("port", 6379, "protocol", "TCP")), ingress.at("ingress[0].ports").list());
        Node egress = defaults.get("NetworkPolicy", "redis-client-egress").at("spec");
        assertEquals(Map.of("matchLabels", Map.of("data-layer/redis-client", "true")), egress.at("podSelector").map());
    }

    @Test
    void vaultsPodsAreAdmittedOnlyWhenAskedForDynamicUsers() {
        Manifests withVault = Manifests.of(chart -> new Redis(chart, "redis", Environments.prod().store(RedisStore.class).server().toBuilder()
                .vaultPeer(io.datalayer.kit.Peer.podsIn("platform", io.datalayer.stores.postgres.PostgresProps.VAULT_HELM_SERVER_LABELS))
                .build()));
        assertEquals(Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "platform")),
                "podSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "vault", "component", "server"))),
                withVault.get("NetworkPolicy", "redis-ingress").at("spec.ingress[0].from[1]").map());
        assertEquals(2, defaults.get("NetworkPolicy", "redis-ingress").at("spec.ingress[0].from").list().size());
    }

    @Test
    void servicesAndBudget() {
        assertEquals("None", defaults.get("Service", "redis-headless").at("spec.clusterIP").string());
        assertEquals(6379, defaults.get("Service", "redis").at("spec.ports[0].port").value());
        assertEquals(1, defaults.get("PodDisruptionBudget", "redis").at("spec.minAvailable").value());
    }

    private static List<String> writable(String container) {
        List<String> out = new ArrayList<>();
        Node c = null;
        for (String field : List.of("containers", "initContainers")) {
            for (Object o : pod().at(field).list()) {
                if (container.equals(Node.of(o).at("name").string())) {
                    c = Node.of(o);
                }
            }
        }
        for (Object m : c.at("volumeMounts").list()) {
            if (!Boolean.TRUE.equals(Node.of(m).at("readOnly").value())) {
                out.add(Node.of(m).at("mountPath").string());
            }
        }
        return out;
    }
}
