package io.datalayer.stores.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import au.com.origin.snapshots.Expect;
import au.com.origin.snapshots.annotations.UseSnapshotConfig;
import au.com.origin.snapshots.junit5.SnapshotExtension;
import io.datalayer.app.Environments;
import io.datalayer.backup.Offsite;
import io.datalayer.kit.Labels;
import io.datalayer.monitoring.Alerts;
import io.datalayer.secrets.VaultSecretStore;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.SnapshotSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The backup and restore CronJobs in a test chart, beside the server they back up. */
@ExtendWith(SnapshotExtension.class)
@UseSnapshotConfig(SnapshotSettings.class)
class ClickHouseBackupTest {
    private static Manifests chart;
    private Expect expect;

    @BeforeAll
    static void synth() {
        chart = Manifests.of(c -> ClickHouseBackupFixture.backupAndRestore(c, null));
    }

    private static Node pod(String cronJob) {
        return chart.get("CronJob", cronJob).at("spec.jobTemplate.spec.template.spec");
    }

    @Test
    void snapshot() {
        // The backup's objects only: ClickHouseTest snapshots the server.
        expect.toMatchSnapshot(String.join("---\n", java.util.Arrays.stream(chart.yaml().split("(?m)^---\n"))
                .filter(doc -> doc.matches("(?s).*\n  name: clickhouse-(backup|restore).*"))
                .map(doc -> doc.contains("\nkind: ConfigMap\n") ? Manifests.withoutScripts(doc) : doc).toList()));
    }

    @Test
    void emitsClaimScriptsBackupAndSuspendedRestore() {
        assertEquals(List.of("PersistentVolumeClaim/clickhouse-backups", "ConfigMap/clickhouse-backup-scripts",
                "CronJob/clickhouse-backup", "CronJob/clickhouse-restore"), chart.kindsAndNames().stream()
                .filter(k -> k.contains("/clickhouse-backup") || k.contains("/clickhouse-restore")).toList());
        assertEquals(true, chart.get("CronJob", "clickhouse-restore").at("spec.suspend").value());
        assertEquals("15 3 * * *", chart.get("CronJob", "clickhouse-backup").at("spec.schedule").string());
    }

    @Test
    void bothJobsRunBesideTheServerPodOnItsNode() {
        for (String cronJob : List.of("clickhouse-backup", "clickhouse-restore")) {
            Node term = pod(cronJob).at("affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]");
            assertEquals("kubernetes.io/hostname", term.at("topologyKey").string(), cronJob);
            assertEquals(Labels.selector("clickhouse"), term.at("labelSelector.matchLabels").map(), cronJob);
            // The backup claim the server mounts too, at /backups.
            assertEquals("clickhouse-backups", pod(cronJob).at("volumes[name=dumps].persistentVolumeClaim.claimName").string());
        }
    }

    @Test
    void theJobsRunAsTheServersUidWithItsClientLabelsAndTheServerMountsTheClaimAtBackups() {
        Node server = chart.get("StatefulSet", "clickhouse").at("spec.template.spec");
        assertEquals("clickhouse-backups", server.at("volumes[name=backups].persistentVolumeClaim.claimName").string());
        assertEquals("/backups", server.at("containers[name=clickhouse].volumeMounts[name=backups].mountPath").string());
        for (String cronJob : List.of("clickhouse-backup", "clickhouse-restore")) {
            assertEquals(server.at("securityContext.runAsUser").value(), pod(cronJob).at("securityContext.runAsUser").value(), cronJob);
            assertEquals("true", chart.get("CronJob", cronJob).at("spec.jobTemplate.spec.template.metadata.labels")
                    .map().get(ClickHouse.CLIENT_LABEL), cronJob);
        }
    }

    @Test
    void eachJobMountsOnlyItsLoginsPasswordKey() {
        Node backup = pod("clickhouse-backup");
        assertEquals(List.of(Map.of("key", "backup-password", "path", "backup-password")),
                backup.at("volumes[name=login-password].secret.items").list());
        Node restore = pod("clickhouse-restore");
        assertEquals(List.of(Map.of("key", "admin-password", "path", "admin-password")),
                restore.at("volumes[name=login-password].secret.items").list());
    }

    @Test
    void theScriptsGetEverySettingFromTheManifest() {
        Map<String, Object> env = envOf("clickhouse-backup");
        assertEquals("clickhouse.data.svc.cluster.local", env.get("CLICKHOUSE_HOST"));
        assertEquals("9000", env.get("CLICKHOUSE_PORT"));
        assertEquals("backup", env.get("CLICKHOUSE_USER"));
        assertEquals("/etc/clickhouse-login/backup-password", env.get("CLICKHOUSE_PASSWORD_FILE"));
        assertEquals("backups", env.get("CLICKHOUSE_BACKUP_DISK"));
        assertEquals("/backups", env.get("BACKUP_DIR"));
        assertEquals(ClickHouseConfig.SCRATCH_PREFIX, env.get("CLICKHOUSE_SCRATCH_PREFIX"));
        assertEquals("7", env.get("BACKUP_RETENTION"));
        Map<String, Object> restore = envOf("clickhouse-restore");
        assertEquals("admin", restore.get("CLICKHOUSE_USER"));
        assertEquals("true", restore.get("RESTORE_KEEP_REPLACED"));
        assertEquals("local", restore.get("RESTORE_FROM"));
        assertEquals("", restore.get("RESTORE_RUN"));
    }

    @Test
    void scriptsAreTheRepositoryFilesByteForByte() throws IOException {
        Map<String, Object> data = chart.get("ConfigMap", "clickhouse-backup-scripts").at("data").map();
        assertEquals(List.of("backup.sh", "clickhouse-common.sh", "clickhouse.sh", "drill.sh", "drills.sh", "offsite.sh", "restore.sh", "runs.sh"),
                List.copyOf(data.keySet()));
        for (String name : data.keySet()) {
            Path file = List.of("runs.sh", "offsite.sh", "drills.sh").contains(name) ? Path.of("src/main/resources/io/datalayer/backup").resolve(name)
                    : Path.of("src/main/resources/io/datalayer/stores/clickhouse").resolve(name);
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), data.get(name), name);
        }
    }

    @Test
    void offsiteSyncAlsoRunsBesideTheServerAndTheAlertNamesIt() {
        ClickHouseBackup[] made = new ClickHouseBackup[1];
        Manifests m = Manifests.of(c -> made[0] = ClickHouseBackupFixture.backup(c, new Offsite(c, "offsite",
                new VaultSecretStore(c, "vault", Environments.prod().secretStore()), Environments.prod().offsite())));
        String sync = Offsite.syncName(ClickHouseBackup.STORE);
        Node term = m.get("CronJob", sync).at("spec.jobTemplate.spec.template.spec.affinity.podAffinity"
                + ".requiredDuringSchedulingIgnoredDuringExecution[0]");
        assertEquals("kubernetes.io/hostname", term.at("topologyKey").string());
        assertEquals("clickhouse-backups", m.get("CronJob", sync)
                .at("spec.jobTemplate.spec.template.spec.volumes[name=dumps].persistentVolumeClaim.claimName").string());
        assertEquals(new Alerts.Backup("clickhouse", "clickhouse-backup", sync), made[0].alert());
    }



    private static Map<String, Object> envOf(String cronJob) {
        Map<String, Object> env = new java.util.TreeMap<>();
        for (Object e : pod(cronJob).at("containers[0].env").list()) {
            Map<?, ?> var = (Map<?, ?>) e;
            if (var.get("value") != null) {
                env.put((String) var.get("name"), var.get("value"));
            }
        }
        return env;
    }
}
