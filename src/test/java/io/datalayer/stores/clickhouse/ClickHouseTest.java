package io.datalayer.stores.clickhouse;

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
import io.datalayer.monitoring.MonitoringProps;
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
class ClickHouseTest {
    private static Manifests defaults;
    private static Manifests withAll;
    private static ClickHouse clickhouse;
    private Expect expect;

    static ClickHouseProps prodProps() {
        return Environments.prod().store(ClickHouseStore.class).server();
    }

    @BeforeAll
    static void synth() {
        defaults = Manifests.of(chart -> clickhouse = new ClickHouse(chart, "clickhouse", prodProps()));
        withAll = Manifests.of(chart -> {
            new DataNamespace(chart, "namespace", DataNamespaceProps.defaults());
            new ClickHouse(chart, "clickhouse", prodProps(), MonitoringProps.on(), "clickhouse-backups");
        });
    }

    private static Node server() {
        return defaults.get("StatefulSet", "clickhouse");
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
        expect.toMatchSnapshot(Manifests.of(chart -> new ClickHouse(chart, "clickhouse", prodProps().toBuilder()
                .name("events").image("clickhouse/clickhouse-server:26.8.11.7-alpine").storage(new Storage("100Gi", "fast-ssd", "ReadWriteOncePod"))
                .resources(new Resources("2", "8Gi", "4", "16Gi")).nativePort(9440).httpPort(8443).metricsPort(9100)
                .serverMemoryPercent(70).markCachePercent(10).uncompressedCachePercent(5).appDatabases(List.of("events", "rollups"))
                .terminationGracePeriodSeconds(300).usersSyncIntervalSeconds(30).build(), MonitoringProps.on(), "events-backups")).yaml());
    }

    @Test
    void emitsEverythingTheServerNeedsInTheChartsNamespace() {
        assertEquals(List.of("ServiceAccount/clickhouse", "ConfigMap/clickhouse-config", "ConfigMap/clickhouse-users-render",
                "Service/clickhouse-headless", "Service/clickhouse", "StatefulSet/clickhouse", "PodDisruptionBudget/clickhouse",
                "NetworkPolicy/clickhouse-ingress", "NetworkPolicy/clickhouse-client-egress"), defaults.kindsAndNames());
        for (Map<String, Object> o : defaults.objects()) {
            assertEquals("data", Node.of(o).at("metadata.namespace").string(), o.toString());
        }
        assertEquals("clickhouse.data.svc.cluster.local", clickhouse.host());
        assertEquals(9000, clickhouse.nativePort());
        assertEquals("clickhouse-users", clickhouse.usersSecretName());
        assertEquals("clickhouse-app", clickhouse.appSecretName());
        assertEquals("clickhouse-monitoring", clickhouse.monitoringSecretName());
        assertEquals(Map.of("data-layer/clickhouse-client", "true"), clickhouse.clientLabels());
        assertEquals(new ClickHouseLogin("backup", "clickhouse-users", "backup-password"), clickhouse.backupLogin());
        assertEquals(new ClickHouseLogin("admin", "clickhouse-users", "admin-password"), clickhouse.adminLogin());
        assertEquals("backups", ClickHouse.backupDisk());
        assertEquals("/backups", ClickHouse.backupDir());
    }

    @Test
    void passesEveryPolicyOfTheLayerAndTheUpstreamSchemas(@TempDir Path tmp) throws IOException {
        assertEquals(List.of(), Policies.check(Manifest.parse("clickhouse.yaml", withAll.yaml())).stream().map(Violation::toString).toList());
        NodeScript.Result schemas = NodeScript.run(NodeScript.VALIDATE_MANIFESTS, Files.writeString(tmp.resolve("clickhouse.yaml"), withAll.yaml()));
        assertEquals(List.of(), schemas.findings());
        assertEquals(0, schemas.exitCode(), schemas.summary());
    }

    @Test
    void oneReplicaRunningTheServerItselfNotTheImagesEntrypoint() {
        assertEquals(1, server().at("spec.replicas").value());
        assertEquals("clickhouse-headless", server().at("spec.serviceName").string());
        assertEquals("20Gi", server().at("spec.volumeClaimTemplates[0].spec.resources.requests.storage").string());
        Node container = pod().at("containers[0]");
        assertEquals("clickhouse/clickhouse-server:26.8.20.9", container.at("image").string());
        assertEquals(List.of("clickhouse-server", "--config-file=/etc/clickhouse-server/config.xml"), container.at("command").list());
        assertEquals(List.of(Map.of("name", "CLICKHOUSE_WATCHDOG_ENABLE", "value", "0")), container.at("env").list());
        assertEquals(120, pod().at("terminationGracePeriodSeconds").value());
    }

    @Test
    void restrictedAsUid101WithOnlyItsVolumesWritable() {
        assertEquals(Map.of("runAsNonRoot", true, "runAsUser", 101, "runAsGroup", 101, "fsGroup", 101,
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
        assertEquals(List.of("/var/lib/clickhouse", "/tmp"), writable(defaults, "clickhouse"));
        assertEquals(List.of("/var/lib/clickhouse", "/tmp", "/backups"), writable(withAll, "clickhouse"));
        assertEquals(List.of("/run/clickhouse-users", "/tmp"), writable(defaults, UsersRender.CONTAINER));
        assertEquals(List.of("/run/clickhouse-users"), writable(defaults, UsersRender.INIT_CONTAINER));
        assertEquals("Memory", pod().at("volumes[name=users].emptyDir.medium").string());
        assertEquals(List.of("/etc/clickhouse-server", "/run/clickhouse-users"), readOnly(defaults, "clickhouse"));
    }

    @Test
    void passwordsReachOnlyTheRenderersAsFiles() {
        // The server container sees no Secret at all: only the rendered hashes.
        assertEquals(List.of(), secretMounts("clickhouse"));
        // Without monitoring there is no monitoring user, so no monitoring Secret either.
        for (String c : List.of(UsersRender.CONTAINER, UsersRender.INIT_CONTAINER)) {
            assertEquals(List.of("/etc/clickhouse-secrets/users", "/etc/clickhouse-secrets/app"), secretMounts(c));
        }
        assertEquals("clickhouse-monitoring", withAll.get("StatefulSet", "clickhouse")
                .at("spec.template.spec.volumes[name=monitoring-secret].secret.secretName").string());
        assertEquals(List.of(Map.of("key", "admin-password", "path", "admin-password"),
                Map.of("key", "backup-password", "path", "backup-password")), pod().at("volumes[name=users-secret].secret.items").list());
        assertEquals("clickhouse-app", pod().at("volumes[name=app-secret].secret.secretName").string());
        for (String field : List.of("containers", "initContainers")) {
            for (Object c : pod().at(field).list()) {
                for (Object e : Node.of(c).at("env").list()) {
                    assertEquals(null, Node.of(e).at("valueFrom").value(), "an env var from a Secret: " + e);
                }
            }
        }
        String template = defaults.get("ConfigMap", "clickhouse-users-render").at("data").map().get(UsersRender.TEMPLATE).toString();
        assertFalse(template.matches("(?s).*[0-9a-f]{64}.*"), template);
        assertTrue(template.contains("<password_sha256_hex>@@sha256 16 /etc/clickhouse-secrets/users/admin-password@@</password_sha256_hex>"),
                template);
        assertEquals(UsersRender.script(), defaults.get("ConfigMap", "clickhouse-users-render").at("data").map().get(UsersRender.SCRIPT));
    }

    @Test
    void probesAskPingOverHttpWithoutALogin() {
        Node container = pod().at("containers[0]");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertEquals(Map.of("path", "/ping", "port", "http"), container.at(probe + ".httpGet").map());
        }
        assertEquals(60, container.at("startupProbe.failureThreshold").value());
        assertEquals(3, container.at("readinessProbe.failureThreshold").value());
        assertEquals(6, container.at("livenessProbe.failureThreshold").value());
    }

    @Test
    void aChangeOfConfigTemplateOrScriptRollsThePod() {
        String hash = server().at("spec.template.metadata.annotations").map().get(ConfigFiles.HASH_ANNOTATION).toString();
        ClickHouseProps props = prodProps();
        assertEquals(ConfigFiles.sha256(ClickHouseConfig.configXml(props, false), ClickHouseConfig.usersTemplate(props, false),
                UsersRender.script()), hash);
        Manifests changed = Manifests.of(chart -> new ClickHouse(chart, "clickhouse", props.toBuilder().appDatabases(List.of("x")).build()));
        assertNotEquals(hash, changed.get("StatefulSet", "clickhouse").at("spec.template.metadata.annotations").map()
                .get(ConfigFiles.HASH_ANNOTATION));
    }

    @Test
    void nativeAndHttpForL4AppsAndLabelledClientsOnly() {
        Node ingress = defaults.get("NetworkPolicy", "clickhouse-ingress").at("spec");
        assertEquals(List.of(Map.of("namespaceSelector", Map.of("matchLabels", Map.of("platform/layer", "l4"))),
                Map.of("podSelector", Map.of("matchLabels", Map.of("data-layer/clickhouse-client", "true")))),
                ingress.at("ingress[0].from").list());
        assertEquals(List.of(Map.of("port", 9000, "protocol", "TCP"), Map.of("port", 8123, "protocol", "TCP")),
                ingress.at("ingress[0].ports").list());
        assertEquals(List.of(Map.of("name", "native", "port", 9000, "protocol", "TCP", "targetPort", "native"),
                Map.of("name", "http", "port", 8123, "protocol", "TCP", "targetPort", "http")),
                defaults.get("Service", "clickhouse").at("spec.ports").list());
    }

    @Test
    void theMetricsEndpointIsScrapedOnlyWithMonitoringAndOnlyByPrometheus() {
        // It always listens (the config and the pod are the same in every environment), but without
        // monitoring no policy admits anyone to it: the namespace's default-deny keeps it closed.
        assertTrue(clickhouse.configXml().contains("<port>9363</port>"));
        assertEquals(List.of(), defaults.kindsAndNames().stream().filter(n -> n.contains("metrics")).toList());
        Node policy = withAll.get("NetworkPolicy", "clickhouse-metrics-ingress").at("spec");
        assertEquals(List.of(Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")),
                "podSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "prometheus")))), policy.at("ingress[0].from").list());
        assertEquals(List.of(Map.of("port", 9363, "protocol", "TCP")), policy.at("ingress[0].ports").list());
        Node monitor = withAll.get("ServiceMonitor", "clickhouse-metrics").at("spec");
        assertEquals("/metrics", monitor.at("endpoints[0].path").string());
        assertEquals(Map.of("app.kubernetes.io/instance", "clickhouse-metrics", "app.kubernetes.io/name", "clickhouse-metrics"),
                monitor.at("selector.matchLabels").map());
    }

    @Test
    void theBackupVolumeIsTheDiskTheBackupsWriteTo() {
        Node pod = withAll.get("StatefulSet", "clickhouse").at("spec.template.spec");
        assertEquals("clickhouse-backups", pod.at("volumes[name=backups].persistentVolumeClaim.claimName").string());
        String config = withAll.get("ConfigMap", "clickhouse-config").at("data").map().get("config.xml").toString();
        assertTrue(config.contains("<allowed_disk>backups</allowed_disk>"), config);
        assertFalse(clickhouse.configXml().contains("<backups>"));
    }

    private static List<String> writable(Manifests m, String container) {
        return mounts(m, container, false);
    }

    private static List<String> readOnly(Manifests m, String container) {
        return mounts(m, container, true);
    }

    private static List<String> mounts(Manifests m, String container, boolean readOnly) {
        Node spec = m.get("StatefulSet", "clickhouse").at("spec.template.spec");
        List<String> out = new ArrayList<>();
        for (String field : List.of("containers", "initContainers")) {
            for (Object c : spec.at(field).list()) {
                if (!container.equals(Node.of(c).at("name").string())) {
                    continue;
                }
                for (Object vm : Node.of(c).at("volumeMounts").list()) {
                    Node mount = Node.of(vm);
                    String name = mount.at("name").string();
                    boolean isSecret = spec.at("volumes[name=" + name + "].secret").value() != null;
                    boolean isScripts = name.equals(UsersRender.SCRIPTS_VOLUME);
                    if (!isSecret && !isScripts && readOnly == Boolean.TRUE.equals(mount.at("readOnly").value())) {
                        out.add(mount.at("mountPath").string());
                    }
                }
            }
        }
        return out;
    }

    private static List<String> secretMounts(String container) {
        List<String> out = new ArrayList<>();
        for (String field : List.of("containers", "initContainers")) {
            for (Object c : pod().at(field).list()) {
                if (!container.equals(Node.of(c).at("name").string())) {
                    continue;
                }
                for (Object vm : Node.of(c).at("volumeMounts").list()) {
                    String name = Node.of(vm).at("name").string();
                    if (pod().at("volumes[name=" + name + "].secret").value() != null) {
                        out.add(Node.of(vm).at("mountPath").string());
                    }
                }
            }
        }
        return out;
    }
}
