package io.datalayer.stores.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import au.com.origin.snapshots.Expect;
import au.com.origin.snapshots.annotations.UseSnapshotConfig;
import au.com.origin.snapshots.junit5.SnapshotExtension;
import io.datalayer.gate.Policies;
import io.datalayer.gate.Violation;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.monitoring.AlertInputs;
import io.datalayer.monitoring.Alerts;
import io.datalayer.monitoring.MonitoringProps;
import io.datalayer.namespace.DataNamespace;
import io.datalayer.namespace.DataNamespaceProps;
import io.datalayer.output.Manifest;
import io.datalayer.validation.NodeScript;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.SnapshotSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SnapshotExtension.class)
@UseSnapshotConfig(SnapshotSettings.class)
class Neo4jBackupTest {
    private static Manifests defaults;
    private Expect expect;

    @BeforeAll
    static void synthDefaults() {
        defaults = Neo4jBackupChart.synth(Neo4jBackupChart.props(), false);
    }

    private static Node pod(String cronJob) {
        return defaults.get("CronJob", cronJob).at("spec.jobTemplate.spec.template.spec");
    }

    /** The backup's and restore's objects, the scripts' bodies left out (they are the repository files). */
    private static String ownYaml(Manifests m) {
        return Arrays.stream(m.yaml().split("(?m)^---\n"))
                .filter(doc -> doc.contains("app.kubernetes.io/component: backup\n") || doc.contains("app.kubernetes.io/component: restore\n"))
                .map(doc -> doc.contains("\nkind: ConfigMap\n") ? Manifests.withoutScripts(doc) : doc)
                .collect(Collectors.joining("---\n"));
    }

    @Test
    void defaultsSnapshot() {
        expect.toMatchSnapshot(ownYaml(defaults));
    }

    @Test
    void customSnapshot() {
        Neo4jBackupProps custom = Neo4jBackupChart.props().toBuilder().maintenanceWindowSeconds(900).requestMarginSeconds(120)
                .scratchSize("5Gi").uid(7000)
                .settings(Neo4jBackupChart.props().settings().toBuilder().schedule("0 1 * * 0").timeZone("Europe/Berlin")
                        .retention(3).storage(Storage.of("50Gi", "nfs")).resources(new Resources("1", "1Gi", "2", "2Gi")).build())
                .build();
        expect.toMatchSnapshot(ownYaml(Neo4jBackupChart.synth(custom, true)));
    }

    @Test
    void scriptsAreTheRepositoryFilesByteForByte() throws IOException {
        Map<String, Object> data = defaults.get("ConfigMap", "neo4j-backup-scripts").at("data").map();
        assertEquals(List.of("backup.sh", "drills.sh", "neo4j-dumps.sh", "offsite.sh", "request.sh", "restore.sh", "runs.sh"),
                List.copyOf(data.keySet()));
        for (String name : data.keySet()) {
            Path file = name.equals("runs.sh") || name.equals("offsite.sh") || name.equals("drills.sh") ? Path.of("src/main/resources/io/datalayer/backup").resolve(name)
                    : Path.of("src/main/resources/io/datalayer/stores/neo4j").resolve(name);
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), data.get(name), name);
        }
    }

    @Test
    void defaultScheduleIsAtNightAfterTheOtherStoresWithAWindowOfHalfAnHour() {
        Node spec = defaults.get("CronJob", "neo4j-backup").at("spec");
        assertEquals("30 3 * * *", spec.at("schedule").string());
        assertEquals("Etc/UTC", spec.at("timeZone").string());
        assertEquals("Forbid", spec.at("concurrencyPolicy").string());
        assertEquals(7200, spec.at("jobTemplate.spec.activeDeadlineSeconds").value());
        assertEquals(1800, Neo4jBackupChart.props().maintenanceWindowSeconds());
        assertEquals(2100, Neo4jBackupChart.props().requestWaitSeconds());
        Node restore = defaults.get("CronJob", "neo4j-restore").at("spec");
        assertEquals(Boolean.TRUE, restore.at("suspend").value());
    }

    @Test
    void jobsOnlyAskTheSupervisorAndLandBesideTheServerPod() {
        for (String cronJob : List.of("neo4j-backup", "neo4j-restore")) {
            Node pod = pod(cronJob);
            assertEquals(List.of("/bin/sh", "/opt/data-layer/request.sh"), pod.at("containers[0].command").list(), cronJob);
            assertEquals(Neo4jBackupChart.IMAGE, pod.at("containers[0].image").string());
            assertEquals(List.of(Map.of(
                            "labelSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/instance", "neo4j", "app.kubernetes.io/name", "neo4j")),
                            "topologyKey", "kubernetes.io/hostname")),
                    pod.at("affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution").list(), cronJob);
            assertEquals("neo4j-backups", pod.at("volumes[name=dumps].persistentVolumeClaim.claimName").string());
            assertEquals(7474, pod.at("securityContext.runAsUser").value());
        }
        Map<String, String> backupEnv = env(pod("neo4j-backup"));
        assertEquals("backup", backupEnv.get("NEO4J_REQUEST_ACTION"));
        assertEquals("1800", backupEnv.get("NEO4J_MAINTENANCE_WINDOW_SECONDS"));
        assertEquals("300", backupEnv.get("NEO4J_REQUEST_MARGIN_SECONDS"));
        Map<String, String> restoreEnv = env(pod("neo4j-restore"));
        assertEquals("restore", restoreEnv.get("NEO4J_REQUEST_ACTION"));
        assertEquals("", restoreEnv.get("RESTORE_RUN"));
        assertEquals("60", restoreEnv.get("BACKUP_LOCK_WAIT_SECONDS"));
    }

    @Test
    void theServerContainerGetsTheRunsClaimScriptsScratchAndSettings() {
        Node server = defaults.get("StatefulSet", "neo4j").at("spec.template.spec");
        assertEquals("neo4j-backups", server.at("volumes[name=backups].persistentVolumeClaim.claimName").string());
        assertEquals("neo4j-backup-scripts", server.at("volumes[name=backup-scripts].configMap.name").string());
        assertEquals("20Gi", server.at("volumes[name=backup-scratch].emptyDir.sizeLimit").string());
        Map<String, String> env = env(server);
        assertEquals("/backups", env.get("BACKUP_DIR"));
        assertEquals("neo4j system", env.get("NEO4J_BACKUP_DATABASES"));
        assertEquals("/backup-scratch", env.get("NEO4J_BACKUP_SCRATCH_DIR"));
        assertEquals("300", env.get("BACKUP_LOCK_WAIT_SECONDS"));
        assertEquals("60", env.get("RESTORE_LOCK_WAIT_SECONDS"));
        assertEquals("true", env.get("RESTORE_KEEP_REPLACED"));
        // The server container's own settings stay the server's: the backup half does not set them twice.
        Neo4jBackup backup = new Neo4jBackup(new io.datalayer.kube.KubeChart(new org.cdk8s.App(), "c"), "b", Neo4jBackupChart.props());
        assertEquals(List.of(), backup.serverEnv().stream().map(e -> e.getName())
                .filter(n -> n.equals("NEO4J_CONF") || n.equals("NEO4J_DATA_DIR") || n.equals("TMPDIR")).toList());
    }

    @Test
    void offsiteCopiesCarryTheDeploymentAndTheSyncSitsBesideTheServer() {
        Manifests m = Neo4jBackupChart.synth(Neo4jBackupChart.props(), true);
        Node pod = m.get("CronJob", "neo4j-backup").at("spec.jobTemplate.spec.template.spec");
        assertEquals(List.of("/bin/sh", "/opt/data-layer/offsite.sh", "after", "/opt/data-layer/request.sh"),
                pod.at("containers[0].command").list());
        Node sync = m.get("CronJob", "neo4j-offsite-sync").at("spec.jobTemplate.spec.template.spec");
        assertEquals("kubernetes.io/hostname",
                sync.at("affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey").string());
        Map<String, String> server = env(m.get("StatefulSet", "neo4j").at("spec.template.spec"));
        assertEquals(env(pod).get("OFFSITE_DEPLOYMENT"), server.get("OFFSITE_DEPLOYMENT"));
    }

    @Test
    void registersTheSharedBackupAlertsAndTheDownAlert() {
        AlertInputs inputs = new AlertInputs();
        Manifests.of(chart -> new Neo4jBackup(chart, "b", Neo4jBackupChart.props()).watch(inputs));
        assertEquals(List.of(new Alerts.Backup("neo4j", "neo4j-backup", null)), inputs.backups());
        Alerts.StoreAlert down = inputs.storeAlerts().get(0);
        assertEquals("DataLayerNeo4jDownTooLong", down.alert());
        // Only while a maintenance Job runs: without one, the store's DataLayerNeo4jDown speaks (never both).
        assertEquals("kube_statefulset_status_replicas_ready{namespace=\"data\",statefulset=\"neo4j\"} < 1 and on (namespace)"
                + " (sum by (namespace) (kube_job_status_active{namespace=\"data\",job_name=~\"neo4j-(backup|restore)-.*\"}) > 0)",
                down.expr());
        assertEquals("2100s", down.forDuration());
        assertEquals("critical", down.severity());
    }

    @Test
    void theDownAlertIsARuleWithItsRunbookAnchor() throws IOException {
        Manifests m = Manifests.of(chart -> {
            AlertInputs inputs = new AlertInputs();
            new Neo4jBackup(chart, "b", Neo4jBackupChart.props()).watch(inputs);
            new Alerts(chart, "alerts", MonitoringProps.on(), inputs);
        });
        Map<?, ?> rule = m.get("PrometheusRule", Alerts.NAME).at("spec.groups").list().stream()
                .flatMap(g -> ((List<?>) ((Map<?, ?>) g).get("rules")).stream()).map(r -> (Map<?, ?>) r)
                .filter(r -> "DataLayerNeo4jDownTooLong".equals(r.get("alert"))).findFirst().orElseThrow();
        assertEquals("2100s", rule.get("for"));
        assertEquals(Map.of("severity", "critical", "store", "neo4j"), rule.get("labels"));
        String url = (String) ((Map<?, ?>) rule.get("annotations")).get("runbook_url");
        assertTrue(url.endsWith("#datalayerneo4jdowntoolong"), url);
        assertTrue(Files.readString(Path.of("docs/runbooks/alerts.md")).contains("\n## DataLayerNeo4jDownTooLong\n"));
    }

    @Test
    void passesTheLayersPoliciesAndTheUpstreamSchemas(@TempDir Path tmp) throws IOException {
        Manifests layer = Manifests.of(chart -> {
            new DataNamespace(chart, "namespace", DataNamespaceProps.defaults());
            AlertInputs inputs = new AlertInputs();
            Neo4jBackup backup = new Neo4jBackup(chart, "b", Neo4jBackupChart.props());
            new Neo4jRestore(chart, "r", backup, Neo4jBackupChart.restoreSettings());
            backup.watch(inputs);
            new Alerts(chart, "alerts", MonitoringProps.on(), inputs);
        });
        assertEquals(List.of(), Policies.check(Manifest.parse("layer.yaml", layer.yaml())).stream()
                .map(Violation::toString).toList());
        Path file = Files.writeString(tmp.resolve("layer.yaml"), layer.yaml());
        NodeScript.Result schemas = NodeScript.run(NodeScript.VALIDATE_MANIFESTS, file);
        assertEquals(List.of(), schemas.findings());
        assertEquals(0, schemas.exitCode(), schemas.summary());
    }

    @Test
    void badPropsAreRejectedNamingTheSetting() {
        Neo4jBackupProps good = Neo4jBackupChart.props();
        assertEquals("Neo4jBackupProps.maintenanceWindowSeconds 30 is below the minimum; use 60 or more",
                message(() -> good.toBuilder().maintenanceWindowSeconds(30).build()));
        assertEquals("BackupSettings(neo4j-backup).activeDeadlineSeconds 2000 is not above the maintenance window plus the"
                        + " request margin (2100s); the Job would be killed while neo4j is down for it. Raise it or shorten the window",
                message(() -> good.toBuilder().settings(good.settings().toBuilder().activeDeadlineSeconds(2000).build()).build()));
        assertEquals("BackupSettings(neo4j-backup).lockWaitSeconds 1800 is not below Neo4jBackupProps.maintenanceWindowSeconds 1800;"
                        + " the backup waits for the lock while neo4j is down, so give it less than the window",
                message(() -> good.toBuilder().settings(good.settings().toBuilder().lockWaitSeconds(1800).build()).build()));
        assertEquals("Neo4jBackupProps.databases [neo4j] does not hold system; Community keeps the users and their passwords"
                + " in system, so every run must dump it", message(() -> good.toBuilder().databases(List.of("neo4j")).build()));
        assertEquals("Neo4jBackupProps.databases holds \"Neo4j\", not a Neo4j database name; use lower-case letters, digits,"
                + " dots and dashes", message(() -> good.toBuilder().databases(List.of("Neo4j", "system")).build()));
        assertEquals("Neo4jBackupProps.server is not set; pass the StoreNames of the Neo4j server",
                message(() -> good.toBuilder().server(null).build()));
        assertEquals("RestoreSettings(neo4j-restore).activeDeadlineSeconds 600 is not above the maintenance window plus the"
                        + " request margin (2100s); the Job would be killed while neo4j is down for it. Raise it or shorten the window",
                message(() -> Manifests.of(chart -> new Neo4jRestore(chart, "r", new Neo4jBackup(chart, "b", good),
                        Neo4jBackupChart.restoreSettings().toBuilder().activeDeadlineSeconds(600).build()))));
        assertEquals("Neo4jBackup props are missing; pass Neo4jBackupProps with the server's names and image",
                message(() -> Manifests.of(chart -> new Neo4jBackup(chart, "b", null))));
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    private static Map<String, String> env(Node podSpec) {
        return podSpec.at("containers[0].env").list().stream().map(e -> (Map<?, ?>) e)
                .filter(e -> e.get("value") != null)
                .collect(Collectors.toMap(e -> (String) e.get("name"), e -> (String) e.get("value")));
    }
}
