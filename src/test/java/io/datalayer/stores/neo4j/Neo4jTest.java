package io.datalayer.stores.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import au.com.origin.snapshots.Expect;
import au.com.origin.snapshots.annotations.UseSnapshotConfig;
import au.com.origin.snapshots.junit5.SnapshotExtension;
import io.datalayer.app.Environments;
import io.datalayer.gate.Policies;
import io.datalayer.gate.Violation;
import io.datalayer.kit.Mount;
import io.datalayer.kit.Pods;
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
class Neo4jTest {
    private static Manifests defaults;
    private static Neo4j neo4j;
    private Expect expect;

    @BeforeAll
    static void synthDefaults() {
        defaults = Manifests.of(chart -> neo4j = new Neo4j(chart, "neo4j", prod()));
    }

    static Neo4jProps prod() {
        return Environments.prod().store(Neo4jStore.class).server();
    }

    private static Node pod() {
        return defaults.get("StatefulSet", "neo4j").at("spec.template.spec");
    }

    private static Node container() {
        return Node.of(pod().at("containers").list().get(0));
    }

    @Test
    void defaultsSnapshot() {
        expect.toMatchSnapshot(defaults.yaml());
    }

    @Test
    void customSnapshot() {
        expect.toMatchSnapshot(Manifests.of(chart -> new Neo4j(chart, "neo4j", prod().toBuilder()
                .name("graph").image("neo4j:5.26.29-community").storage(new Storage("50Gi", "fast-ssd", "ReadWriteOncePod"))
                .resources(new Resources("1", "8Gi", "4", "8Gi")).boltPort(7688).httpPort(7475).heapPercent(30)
                .pageCachePercent(50).appUser("graph_app").terminationGracePeriodSeconds(300).startTimeoutSeconds(1200)
                .maintenancePollSeconds(5).maintenanceWindowSeconds(7200).build(),
                List.of(Mount.claim("backups", "graph-backups", Neo4j.BACKUPS_DIR)), List.of())).yaml());
    }

    @Test
    void emitsEverythingTheServerNeedsInTheChartsNamespace() {
        assertEquals(List.of("ServiceAccount/neo4j", "ConfigMap/neo4j-config", "ConfigMap/neo4j-supervisor",
                "Service/neo4j-headless", "Service/neo4j", "StatefulSet/neo4j", "PodDisruptionBudget/neo4j",
                "NetworkPolicy/neo4j-ingress", "NetworkPolicy/neo4j-client-egress"), defaults.kindsAndNames());
        for (Map<String, Object> o : defaults.objects()) {
            assertEquals("data", Node.of(o).at("metadata.namespace").string(), o.toString());
        }
        assertEquals("neo4j.data.svc.cluster.local", neo4j.host());
        assertEquals(7687, neo4j.port());
        assertEquals("neo4j-admin", neo4j.adminSecretName());
        assertEquals("neo4j-app", neo4j.appSecretName());
    }

    @Test
    void passesEveryPolicyOfTheLayerAndTheUpstreamSchemas(@TempDir Path tmp) throws IOException {
        Manifests layer = Manifests.of(chart -> {
            new DataNamespace(chart, "namespace", DataNamespaceProps.defaults());
            new Neo4j(chart, "neo4j", prod());
        });
        assertEquals(List.of(), Policies.check(Manifest.parse("neo4j.yaml", layer.yaml())).stream().map(Violation::toString).toList());
        NodeScript.Result schemas = NodeScript.run(NodeScript.VALIDATE_MANIFESTS, Files.writeString(tmp.resolve("neo4j.yaml"), layer.yaml()));
        assertEquals(List.of(), schemas.findings());
        assertEquals(0, schemas.exitCode(), schemas.summary());
    }

    @Test
    void restrictedAsUid7474WithAReadOnlyRootAndOnlyItsVolumesWritable() {
        assertEquals(Map.of("runAsNonRoot", true, "runAsUser", 7474, "runAsGroup", 7474, "fsGroup", 7474,
                "fsGroupChangePolicy", "OnRootMismatch", "seccompProfile", Map.of("type", "RuntimeDefault")),
                pod().at("securityContext").map());
        Node sc = container().at("securityContext");
        assertEquals(true, sc.at("readOnlyRootFilesystem").value());
        assertEquals(false, sc.at("allowPrivilegeEscalation").value());
        assertEquals(List.of("ALL"), sc.at("capabilities.drop").list());
        List<String> writable = new ArrayList<>();
        for (Object m : container().at("volumeMounts").list()) {
            if (!Boolean.TRUE.equals(Node.of(m).at("readOnly").value())) {
                writable.add(Node.of(m).at("mountPath").string());
            }
        }
        assertEquals(List.of("/data", "/logs", "/run/neo4j", "/tmp"), writable);
        assertEquals(1, ((Number) defaults.get("StatefulSet", "neo4j").at("spec.replicas").value()).intValue());
    }

    @Test
    void theSupervisorReplacesTheImagesEntrypointAndPasswordsArriveOnlyAsFiles() {
        assertEquals(List.of("sh", "/supervisor/server.sh"), container().at("command").list());
        assertEquals(null, container().at("args").value());
        for (Object e : container().at("env").list()) {
            assertEquals(null, Node.of(e).at("valueFrom").value(), "no Secret in the environment: " + e);
        }
        assertEquals(List.of(Map.of("key", "admin-password", "path", "admin-password")),
                volume("admin").at("secret.items").list());
        assertEquals("neo4j-admin", volume("admin").at("secret.secretName").string());
        assertEquals(List.of(Map.of("key", "password", "path", "password")), volume("app").at("secret.items").list());
        assertEquals(List.of("sh", "/supervisor/server.sh", "--ready"), container().at("readinessProbe.exec.command").list());
        assertEquals(List.of("sh", "/supervisor/server.sh", "--live"), container().at("livenessProbe.exec.command").list());
    }

    @Test
    void heapAndPageCacheComeFromTheMemoryLimit() {
        String conf = defaults.get("ConfigMap", "neo4j-config").at("data").map().get("neo4j.conf").toString();
        // prod: 4Gi limit; 40% heap, 30% page cache.
        assertTrue(conf.contains("server.memory.heap.initial_size=1638m\nserver.memory.heap.max_size=1638m\n"), conf);
        assertTrue(conf.contains("server.memory.pagecache.size=1228m\n"), conf);
        assertTrue(conf.contains("server.http.listen_address=127.0.0.1:7474\n"), conf);
        assertTrue(conf.contains("server.default_advertised_address=neo4j.data.svc.cluster.local\n"), conf);
    }

    @Test
    void aChangeOfTheConfigurationRollsThePod() {
        String hash = annotation(defaults);
        String otherHeap = annotation(Manifests.of(chart -> new Neo4j(chart, "neo4j", prod().toBuilder().heapPercent(41).build())));
        assertNotEquals(hash, otherHeap);
        assertEquals(hash, annotation(Manifests.of(chart -> new Neo4j(chart, "neo4j", prod()))));
    }

    @Test
    void onlyL4AppsAndLabelledClientsReachBoltAndNoServiceExposesHttp() {
        Node ingress = defaults.get("NetworkPolicy", "neo4j-ingress").at("spec");
        assertEquals(List.of(Map.of("namespaceSelector", Map.of("matchLabels", Map.of("platform/layer", "l4"))),
                Map.of("podSelector", Map.of("matchLabels", Map.of("data-layer/neo4j-client", "true")))),
                ingress.at("ingress[0].from").list());
        assertEquals(List.of(Map.of("port", 7687, "protocol", "TCP")), ingress.at("ingress[0].ports").list());
        for (String service : List.of("neo4j", "neo4j-headless")) {
            List<Object> ports = defaults.get("Service", service).at("spec.ports").list();
            assertEquals(1, ports.size());
            assertEquals(7687, ((Number) Node.of(ports.get(0)).at("port").value()).intValue());
        }
        assertEquals(List.of(Map.of("containerPort", 7687, "name", "bolt", "protocol", "TCP")), container().at("ports").list());
    }

    @Test
    void maintenanceMountsGoOnlyWhereTheSupervisorLooks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Manifests.of(chart -> new Neo4j(chart,
                "neo4j", prod(), List.of(Mount.claim("backups", "neo4j-backups", "/backup")), List.of())));
        assertEquals("Neo4j maintenance mount \"backups\" is at /backup; the supervisor's scripts use only /backups (the"
                + " backup volume), /scripts (backup.sh, restore.sh) and /backup-scratch (the scratch homes the dumps are"
                + " proven in)", e.getMessage());
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class, () -> Manifests.of(chart -> new Neo4j(chart,
                "neo4j", prod(), List.of(), List.of(Pods.env("NEO4J_MAINTENANCE_WINDOW_SECONDS", "60")))));
        assertEquals("Neo4j maintenance env NEO4J_MAINTENANCE_WINDOW_SECONDS is the server container's own; the backup side"
                + " must not set it (the server's value is the one its supervisor uses)", own.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Manifests.of(chart -> new Neo4j(chart, "neo4j", null)));
        assertEquals("Neo4j props are missing; pass Neo4jProps from the environment", none.getMessage());
    }

    private static Node volume(String name) {
        for (Object v : pod().at("volumes").list()) {
            if (name.equals(Node.of(v).at("name").string())) {
                return Node.of(v);
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static String annotation(Manifests m) {
        return m.get("StatefulSet", "neo4j").at("spec.template.metadata.annotations").map().get("data-layer/config-sha256").toString();
    }
}
