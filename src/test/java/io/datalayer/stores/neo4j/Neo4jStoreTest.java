package io.datalayer.stores.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.monitoring.Alerts;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Neo4jStoreTest {
    @Test
    void everyEnvironmentRunsNeo4jWithItsOwnSizes() {
        Neo4jProps prod = Environments.prod().store(Neo4jStore.class).server();
        Neo4jProps dev = Environments.dev().store(Neo4jStore.class).server();
        assertEquals("4Gi", prod.resources().memoryLimit());
        assertEquals("20Gi", prod.storage().size());
        assertEquals("1Gi", dev.resources().memoryLimit());
        assertEquals("5Gi", dev.storage().size());
        Neo4jStore prodStore = Environments.prod().store(Neo4jStore.class);
        Neo4jStore devStore = Environments.dev().store(Neo4jStore.class);
        assertEquals("neo4j", prodStore.name());
        assertTrue(Files.exists(Path.of(prodStore.docsPage())));
        assertEquals("40Gi", prodStore.backup().storage().size());
        assertEquals(7, prodStore.backup().retention());
        assertEquals("10Gi", devStore.backup().storage().size());
        assertEquals(3, devStore.backup().retention());
    }

    @Test
    void theStoreDownAlertWatchesTheStatefulSetAndSparesItsMaintenance() {
        Alerts.StoreAlert[] alert = new Alerts.StoreAlert[1];
        Manifests.of(chart -> alert[0] = Neo4jStore.downAlert(new Neo4j(chart, "neo4j", Environments.prod().store(Neo4jStore.class).server())));
        assertEquals("DataLayerNeo4jDown", alert[0].alert());
        assertEquals("kube_statefulset_status_replicas_ready{namespace=\"data\",statefulset=\"neo4j\"} < 1 unless on (namespace)"
                + " (sum by (namespace) (kube_job_status_active{namespace=\"data\",job_name=~\"neo4j-(backup|restore)-.*\"}) > 0)",
                alert[0].expr());
        assertEquals("critical", alert[0].severity());
        assertEquals("5m", alert[0].forDuration());
    }

    @Test
    void prodsPrometheusRuleCarriesTheAlertWithItsRunbook() throws Exception {
        Manifests prod = Manifests.of(Files.readString(Path.of("dist/prod/data-layer.k8s.yaml")));
        String rules = prod.get("PrometheusRule", "data-layer-alerts").at("spec").value().toString();
        assertTrue(rules.contains("alert=DataLayerNeo4jDown"), rules);
        assertTrue(rules.contains("docs/runbooks/alerts.md#datalayerneo4jdown"), rules);
        for (String secret : List.of("neo4j-admin", "neo4j-app")) {
            Node es = prod.get("ExternalSecret", secret).at("spec");
            assertEquals(secret, es.at("target.name").string());
        }
        assertEquals("neo4j", prod.get("ExternalSecret", "neo4j-admin").at("spec.data[0].remoteRef.key").string());
        assertEquals("neo4j-app", prod.get("ExternalSecret", "neo4j-app").at("spec.data[0].remoteRef.key").string());
        assertEquals("password", prod.get("ExternalSecret", "neo4j-app").at("spec.data[0].remoteRef.property").string());
    }

    @Test
    void theServerPodRunsTheBackupsScriptsWithTheirMountsEnvAndTheServersOneWindow() throws Exception {
        Manifests prod = Manifests.of(Files.readString(Path.of("dist/prod/data-layer.k8s.yaml")));
        Node container = prod.get("StatefulSet", "neo4j").at("spec.template.spec.containers[0]");
        Map<String, String> mounts = new java.util.TreeMap<>();
        for (Object m : container.at("volumeMounts").list()) {
            mounts.put(Node.of(m).at("mountPath").string(), Node.of(m).at("name").string());
        }
        assertEquals("backups", mounts.get("/backups"));
        assertEquals("backup-scripts", mounts.get("/scripts"));
        assertEquals("backup-scratch", mounts.get("/backup-scratch"));
        Map<String, String> server = env(container);
        assertEquals("/backups", server.get("BACKUP_DIR"));
        assertEquals("neo4j system", server.get("NEO4J_BACKUP_DATABASES"));
        assertEquals("true", server.get("RESTORE_KEEP_REPLACED"));
        assertTrue(server.containsKey("OFFSITE_DEPLOYMENT"), server.toString());
        // One window: the server's, which the Jobs wait on (plus the margin) and the alert derives from.
        for (String cronJob : List.of("neo4j-backup", "neo4j-restore")) {
            Map<String, String> job = env(prod.get("CronJob", cronJob).at("spec.jobTemplate.spec.template.spec.containers[0]"));
            assertEquals(server.get("NEO4J_MAINTENANCE_WINDOW_SECONDS"), job.get("NEO4J_MAINTENANCE_WINDOW_SECONDS"), cronJob);
            assertEquals("730", job.get("NEO4J_REQUEST_MARGIN_SECONDS"), cronJob);
        }
        String rules = prod.get("PrometheusRule", "data-layer-alerts").at("spec").value().toString();
        assertTrue(rules.contains("alert=DataLayerNeo4jDownTooLong, expr=kube_statefulset_status_replicas_ready{namespace=\"data\","
                + "statefulset=\"neo4j\"} < 1 and on (namespace)"), rules);
        assertTrue(rules.contains("for=4330s"), rules);
    }

    private static Map<String, String> env(Node container) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Object e : container.at("env").list()) {
            out.put(Node.of(e).at("name").string(), Node.of(e).at("value").string());
        }
        return out;
    }

    @Test
    void theServerIsRequired() {
        Neo4jStore prod = Environments.prod().store(Neo4jStore.class);
        assertEquals("Neo4jStore.server is not set; give the Neo4jProps of the environment",
                assertThrows(IllegalArgumentException.class, () -> prod.toBuilder().server(null).build()).getMessage());
        assertEquals("Neo4jStore.backup is not set; start from Neo4jStore.backupSettings()",
                assertThrows(IllegalArgumentException.class, () -> prod.toBuilder().backup(null).build()).getMessage());
        assertEquals("Neo4jStore.restore is not set; start from Neo4jStore.restoreSettings()",
                assertThrows(IllegalArgumentException.class, () -> prod.toBuilder().restore(null).build()).getMessage());
    }
}
