package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import au.com.origin.snapshots.Expect;
import au.com.origin.snapshots.annotations.UseSnapshotConfig;
import au.com.origin.snapshots.junit5.SnapshotExtension;
import io.datalayer.app.Environments;
import io.datalayer.kit.ConfigFiles;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.SnapshotSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SnapshotExtension.class)
@UseSnapshotConfig(SnapshotSettings.class)
class PostgresTest {
    private static Manifests defaults;
    private Expect expect;

    @BeforeAll
    static void synthDefaults() {
        defaults = Manifests.of(chart -> new Postgres(chart, "postgresql", Environments.prod().store(PostgresStore.class).server()));
    }

    private static Node server() {
        return defaults.get("StatefulSet", "postgresql");
    }

    @Test
    void defaultsSnapshot() {
        expect.toMatchSnapshot(defaults.yaml());
    }

    @Test
    void customSnapshot() {
        Manifests custom = Manifests.of(chart -> new Postgres(chart, "postgresql", Environments.prod().store(PostgresStore.class).server().toBuilder()
                .name("orders-db").image("postgres:17.7-bookworm").storage(new Storage("50Gi", "fast-ssd", "ReadWriteOncePod"))
                .resources(new Resources("250m", "512Mi", "4", "4Gi")).port(5433)
                .superuserSecretName("orders-superuser").superuserPasswordKey("root-password")
                .parameters(Map.of("max_connections", "300", "work_mem", "16MB"))
                .vaultNamespace("secrets").vaultPodSelector(Map.of("app", "openbao")).passwordSyncIntervalSeconds(30)
                .build()));
        expect.toMatchSnapshot(custom.yaml());
    }

    @Test
    void emitsEverythingTheServerNeeds() {
        assertEquals(List.of("ServiceAccount/postgresql", "ConfigMap/postgresql-config", "ConfigMap/postgresql-password-sync",
                "Service/postgresql-headless",
                "Service/postgresql", "StatefulSet/postgresql", "PodDisruptionBudget/postgresql",
                "NetworkPolicy/postgresql-ingress", "NetworkPolicy/postgresql-client-egress"), defaults.kindsAndNames());
        for (Map<String, Object> o : defaults.objects()) {
            assertEquals("data", Node.of(o).at("metadata.namespace").string(), o.toString());
        }
    }

    @Test
    void oneReplicaWithPgdataOnItsOwnClaim() {
        assertEquals(1, server().at("spec.replicas").value());
        assertEquals("postgresql-headless", server().at("spec.serviceName").string());
        Node claim = server().at("spec.volumeClaimTemplates[0]");
        assertEquals("data", claim.at("metadata.name").string());
        assertEquals("10Gi", claim.at("spec.resources.requests.storage").string());
        assertEquals("local-path", claim.at("spec.storageClassName").string());
        assertEquals(List.of("ReadWriteOnce"), claim.at("spec.accessModes").list());
        Node container = server().at("spec.template.spec.containers[0]");
        assertEquals("postgres:18.4", container.at("image").string());
        assertEquals(Map.of("name", "PGDATA", "value", "/var/lib/postgresql/data"), container.at("env[name=PGDATA]").map());
    }

    @Test
    void securityContextPassesRestricted() {
        Node pod = server().at("spec.template.spec");
        assertEquals(Map.of("runAsNonRoot", true, "runAsUser", 999, "runAsGroup", 999, "fsGroup", 999,
                "fsGroupChangePolicy", "OnRootMismatch", "seccompProfile", Map.of("type", "RuntimeDefault")),
                pod.at("securityContext").map());
        Node sc = pod.at("containers[0].securityContext");
        assertEquals(false, sc.at("allowPrivilegeEscalation").value());
        assertEquals(true, sc.at("readOnlyRootFilesystem").value());
        assertEquals(List.of("ALL"), sc.at("capabilities.drop").list());
        assertEquals(false, pod.at("automountServiceAccountToken").value());
        List<String> writable = pod.at("containers[0].volumeMounts").list().stream()
                .map(m -> (Map<?, ?>) m).filter(m -> Boolean.FALSE.equals(m.get("readOnly")))
                .map(m -> (String) m.get("mountPath")).toList();
        assertEquals(List.of("/var/lib/postgresql", "/var/run/postgresql", "/tmp", "/dev/shm"), writable);
    }

    @Test
    void passwordComesFromTheSecretAsAFile() {
        Node pod = server().at("spec.template.spec");
        assertEquals(Map.of("name", "POSTGRES_PASSWORD_FILE", "value", "/etc/postgresql-superuser/password"),
                pod.at("containers[0].env[name=POSTGRES_PASSWORD_FILE]").map());
        Node secret = pod.at("volumes[name=superuser].secret");
        assertEquals("postgresql-superuser", secret.at("secretName").string());
        assertEquals(List.of(Map.of("key", "password", "path", "password")), secret.at("items").list());
        assertEquals(0440, secret.at("defaultMode").value());
    }

    @Test
    void probesUsePgIsready() {
        Node container = server().at("spec.template.spec.containers[0]");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertEquals("pg_isready", container.at(probe + ".exec.command[0]").string(), probe);
        }
        assertEquals(60, container.at("startupProbe.failureThreshold").value());
        assertEquals(120, server().at("spec.template.spec.terminationGracePeriodSeconds").value());
        assertEquals("--mode=fast", container.at("lifecycle.preStop.exec.command[3]").string());
    }

    @Test
    void configChangeRollsThePods() {
        String hash = server().at("spec.template.metadata.annotations").map().get(ConfigFiles.HASH_ANNOTATION).toString();
        Manifests changed = Manifests.of(chart -> new Postgres(chart, "postgresql",
                Environments.prod().store(PostgresStore.class).server().toBuilder().parameters(Map.of("work_mem", "8MB")).build()));
        String changedHash = changed.get("StatefulSet", "postgresql").at("spec.template.metadata.annotations").map()
                .get(ConfigFiles.HASH_ANNOTATION).toString();
        assertEquals(64, hash.length());
        assertNotEquals(hash, changedHash);
        assertTrue(changed.get("ConfigMap", "postgresql-config").at("data").map().get("postgresql.conf").toString()
                .contains("work_mem = '8MB'"));
    }

    @Test
    void onlyNamedPeersReachThePort() {
        Node ingress = defaults.get("NetworkPolicy", "postgresql-ingress").at("spec");
        assertEquals(List.of("Ingress"), ingress.at("policyTypes").list());
        assertEquals(List.of(
                // Vault's server pods only: namespace AND pod selector in one peer.
                Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "platform")),
                        "podSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "vault", "component", "server"))),
                Map.of("namespaceSelector", Map.of("matchLabels", Map.of("platform/layer", "l4"))),
                Map.of("podSelector", Map.of("matchLabels", Map.of(Postgres.CLIENT_LABEL, "true")))),
                ingress.at("ingress[0].from").list());
        assertEquals(List.of(Map.of("port", 5432, "protocol", "TCP")), ingress.at("ingress[0].ports").list());
    }

    @Test
    void vaultPodSelectorIsAProp() {
        Manifests custom = Manifests.of(chart -> new Postgres(chart, "postgresql", Environments.prod().store(PostgresStore.class).server().toBuilder()
                .vaultNamespace("secrets").vaultPodSelector(Map.of("app.kubernetes.io/name", "openbao")).build()));
        assertEquals(Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "secrets")),
                        "podSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "openbao"))),
                custom.get("NetworkPolicy", "postgresql-ingress").at("spec.ingress[0].from[0]").value());
    }

    @Test
    void aNewSidecarScriptRollsThePod() {
        String hash = server().at("spec.template.metadata.annotations").map().get(ConfigFiles.HASH_ANNOTATION).toString();
        String conf = defaults.get("ConfigMap", "postgresql-config").at("data").map().get("postgresql.conf").toString();
        String hba = defaults.get("ConfigMap", "postgresql-config").at("data").map().get("pg_hba.conf").toString();
        String ident = defaults.get("ConfigMap", "postgresql-config").at("data").map().get("pg_ident.conf").toString();
        assertEquals(ConfigFiles.sha256(conf, hba, ident, PasswordSync.script()), hash);
        assertNotEquals(ConfigFiles.sha256(conf, hba, ident, PasswordSync.script() + "#"), hash);
    }

    @Test
    void servicesExposeThePort() {
        assertEquals("None", defaults.get("Service", "postgresql-headless").at("spec.clusterIP").string());
        Node service = defaults.get("Service", "postgresql").at("spec");
        assertEquals("ClusterIP", service.at("type").string());
        assertEquals(5432, service.at("ports[0].port").value());
        assertEquals(Map.of("app.kubernetes.io/name", "postgresql", "app.kubernetes.io/instance", "postgresql"),
                service.at("selector").map());
    }

    @Test
    void disruptionBudgetKeepsTheOnlyServer() {
        Node pdb = defaults.get("PodDisruptionBudget", "postgresql").at("spec");
        assertEquals(1, pdb.at("minAvailable").value());
        assertEquals("AlwaysAllow", pdb.at("unhealthyPodEvictionPolicy").string());
    }

    @Test
    void missingPropsAreRejected() {
        assertEquals("Postgres props are missing; pass PostgresProps from the environment",
                assertThrows(IllegalArgumentException.class,
                        () -> Manifests.of(chart -> new Postgres(chart, "postgresql", null))).getMessage());
    }
}
