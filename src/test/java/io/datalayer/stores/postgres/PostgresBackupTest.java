package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import au.com.origin.snapshots.Expect;
import au.com.origin.snapshots.annotations.UseSnapshotConfig;
import au.com.origin.snapshots.junit5.SnapshotExtension;
import io.datalayer.app.Environments;
import io.datalayer.gate.Policies;
import io.datalayer.gate.Violation;
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
class PostgresBackupTest {
    private static Manifests defaults;
    private Expect expect;

    @BeforeAll
    static void synthDefaults() {
        defaults = Manifests.of(chart -> new PostgresBackup(chart, "backup",
                new Postgres(chart, "postgresql", Environments.prod().store(PostgresStore.class).server()), Environments.prod().store(PostgresStore.class).backup()));
    }

    private static Node cronJob() {
        return defaults.get("CronJob", "postgresql-backup");
    }

    private static Node pod() {
        return cronJob().at("spec.jobTemplate.spec.template.spec");
    }

    /** The synthesized YAML of this construct's objects only, so the server's snapshot is not repeated here. */
    /**
     * The backup's own objects, with the scripts' bodies left out: they are the repository files
     * (scriptsAreTheRepositoryFilesByteForByte) and are reviewed there and in dist/, not a third time.
     */
    private static String ownYaml(Manifests m) {
        return Arrays.stream(m.yaml().split("(?m)^---\n"))
                .filter(doc -> doc.contains("app.kubernetes.io/component: backup\n"))
                .map(doc -> doc.contains("\nkind: ConfigMap\n") ? Manifests.withoutScripts(doc) : doc)
                .collect(Collectors.joining("---\n"));
    }

    @Test
    void defaultsSnapshot() {
        expect.toMatchSnapshot(ownYaml(defaults));
    }

    @Test
    void customSnapshot() {
        Manifests custom = Manifests.of(chart -> new PostgresBackup(chart, "backup",
                new Postgres(chart, "postgresql", Environments.prod().store(PostgresStore.class).server().toBuilder().name("orders-db").image("postgres:17.7-bookworm")
                        .port(5433).superuserSecretName("orders-superuser").superuserPasswordKey("root-password").build()),
                Environments.prod().store(PostgresStore.class).backup().toBuilder().name("orders-backup").schedule("15 1 * * 1-5").timeZone("Europe/Berlin")
                        .retention(14).storage(Storage.of("100Gi", "nfs"))
                        .resources(new Resources("100m", "256Mi", "1", "2Gi")).build(), List.of("orders", "billing"), null));
        expect.toMatchSnapshot(ownYaml(custom));
    }

    @Test
    void emitsClaimScriptsAndCronJob() {
        assertEquals(List.of("PersistentVolumeClaim/postgresql-backups", "ConfigMap/postgresql-backup-scripts",
                "CronJob/postgresql-backup"), defaults.kindsAndNames().stream()
                .filter(n -> n.contains("backup")).toList());
        Node claim = defaults.get("PersistentVolumeClaim", "postgresql-backups").at("spec");
        assertEquals("20Gi", claim.at("resources.requests.storage").string());
        assertEquals("local-path", claim.at("storageClassName").string());
        assertEquals(List.of("ReadWriteOnce"), claim.at("accessModes").list());
    }

    @Test
    void scriptsAreTheRepositoryFilesByteForByte() throws IOException {
        Map<String, Object> data = defaults.get("ConfigMap", "postgresql-backup-scripts").at("data").map();
        Path dir = Path.of("src/main/resources/io/datalayer/stores/postgres");
        assertEquals(List.of("backup.sh", "drill.sh", "drills.sh", "offsite.sh", "pg-common.sh", "pg.sh", "restore.sh", "runs.sh"),
                List.copyOf(data.keySet()));
        for (String name : data.keySet()) {
            Path file = name.equals("runs.sh") || name.equals("offsite.sh") || name.equals("drills.sh")
                    ? Path.of("src/main/resources/io/datalayer/backup").resolve(name) : dir.resolve(name);
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), data.get(name), name);
        }
    }

    @Test
    void scheduleAndJobLimits() {
        Node spec = cronJob().at("spec");
        assertEquals("30 2 * * *", spec.at("schedule").string());
        assertEquals("Etc/UTC", spec.at("timeZone").string());
        assertEquals("Forbid", spec.at("concurrencyPolicy").string());
        assertEquals(3600, spec.at("startingDeadlineSeconds").value());
        assertEquals(3, spec.at("successfulJobsHistoryLimit").value());
        assertEquals(3, spec.at("failedJobsHistoryLimit").value());
        Node job = spec.at("jobTemplate.spec");
        assertEquals(2, job.at("backoffLimit").value());
        assertEquals(10800, job.at("activeDeadlineSeconds").value());
        assertEquals(604800, job.at("ttlSecondsAfterFinished").value());
        assertEquals("Never", job.at("template.spec.restartPolicy").string());
        assertEquals(60, job.at("template.spec.terminationGracePeriodSeconds").value());
    }

    @Test
    void runsTheServersImageAndTheScript() {
        Node container = pod().at("containers[0]");
        assertEquals("postgres:18.4", container.at("image").string());
        assertEquals(List.of("/bin/sh", "/opt/data-layer/backup.sh"), container.at("command").list());
        assertEquals(List.of(
                Map.of("name", "PGHOST", "value", "postgresql.data.svc.cluster.local"),
                Map.of("name", "PGPORT", "value", "5432"),
                Map.of("name", "PGUSER", "value", "postgres"),
                Map.of("name", "POSTGRES_PASSWORD_FILE", "value", "/etc/postgresql-superuser/password"),
                Map.of("name", "BACKUP_DIR", "value", "/backups"),
                Map.of("name", "BACKUP_RETENTION", "value", "7"),
                Map.of("name", "BACKUP_KEEP_WEEKLY", "value", "4"),
                Map.of("name", "BACKUP_SHRINK_PERCENT", "value", "50"),
                Map.of("name", "BACKUP_LOCK_WAIT_SECONDS", "value", "600"),
                Map.of("name", "BACKUP_DATABASES", "value", ""),
                Map.of("name", "JOB_NAME", "valueFrom", Map.of("fieldRef",
                        Map.of("fieldPath", "metadata.labels['batch.kubernetes.io/job-name']"))),
                Map.of("name", "POD_NAME", "valueFrom", Map.of("fieldRef", Map.of("fieldPath", "metadata.name")))),
                container.at("env").list());
        assertEquals(Map.of("cpu", "100m", "memory", "256Mi"), container.at("resources.requests").map());
        assertEquals(Map.of("cpu", "1", "memory", "1Gi"), container.at("resources.limits").map());
    }

    @Test
    void sameRestrictedSecurityContextAsTheServer() {
        Node server = defaults.get("StatefulSet", "postgresql").at("spec.template.spec");
        assertEquals(server.at("securityContext").map(), pod().at("securityContext").map());
        assertEquals(server.at("containers[0].securityContext").map(), pod().at("containers[0].securityContext").map());
        assertEquals(false, pod().at("automountServiceAccountToken").value());
        assertEquals(List.of(
                Map.of("mountPath", "/backups", "name", "dumps", "readOnly", false),
                Map.of("mountPath", "/opt/data-layer", "name", "scripts", "readOnly", true),
                Map.of("mountPath", "/etc/postgresql-superuser", "name", "superuser", "readOnly", true),
                Map.of("mountPath", "/tmp", "name", "tmp", "readOnly", false)), pod().at("containers[0].volumeMounts").list());
    }

    @Test
    void thePassfileFolderIsInMemory() {
        assertEquals(Map.of("medium", "Memory", "sizeLimit", "64Mi"), pod().at("volumes[3].emptyDir").map());
    }

    @Test
    void passwordIsAFileFromTheServersSecret() {
        Node secret = pod().at("volumes[name=superuser].secret");
        assertEquals("postgresql-superuser", secret.at("secretName").string());
        assertEquals(List.of(Map.of("key", "password", "path", "password")), secret.at("items").list());
        assertEquals(0440, secret.at("defaultMode").value());
        assertEquals(0444, pod().at("volumes[name=scripts].configMap.defaultMode").value());
        assertEquals("postgresql-backups", pod().at("volumes[name=dumps].persistentVolumeClaim.claimName").string());
    }

    @Test
    void podsCarryTheLabelTheServersNetworkPolicyAdmits() {
        Map<String, Object> admitted = defaults.get("NetworkPolicy", "postgresql-ingress")
                .at("spec.ingress[0].from[2].podSelector.matchLabels").map();
        Map<String, Object> podLabels = cronJob().at("spec.jobTemplate.spec.template.metadata.labels").map();
        admitted.forEach((k, v) -> assertEquals(v, podLabels.get(k), k));
        assertEquals("postgresql-backup", podLabels.get("app.kubernetes.io/name"));
    }

    @Test
    void databaseListReachesTheScript() {
        Manifests m = Manifests.of(chart -> new PostgresBackup(chart, "backup",
                new Postgres(chart, "postgresql", Environments.prod().store(PostgresStore.class).server()),
                Environments.prod().store(PostgresStore.class).backup().toBuilder().retention(3).build(), List.of("shop", "my-db"), null));
        Node env = m.get("CronJob", "postgresql-backup").at("spec.jobTemplate.spec.template.spec.containers[0]");
        assertEquals(Map.of("name", "BACKUP_RETENTION", "value", "3"), env.at("env[5]").map());
        assertEquals(Map.of("name", "BACKUP_DATABASES", "value", "shop my-db"), env.at("env[9]").map());
    }

    @Test
    void passesTheLayersPoliciesAndTheUpstreamSchemas(@TempDir Path tmp) throws IOException {
        Manifests layer = Manifests.of(chart -> {
            new DataNamespace(chart, "namespace", DataNamespaceProps.defaults());
            PostgresBackup backup = new PostgresBackup(chart, "backup",
                    new Postgres(chart, "postgresql", Environments.prod().store(PostgresStore.class).server()), Environments.prod().store(PostgresStore.class).backup());
            new PostgresRestore(chart, "restore", backup, Environments.prod().store(PostgresStore.class).restore());
        });
        assertEquals(List.of(), Policies.check(Manifest.parse("layer.yaml", layer.yaml())).stream()
                .map(Violation::toString).toList());
        Path file = Files.writeString(tmp.resolve("layer.yaml"), layer.yaml());
        NodeScript.Result schemas = NodeScript.run(NodeScript.VALIDATE_MANIFESTS, file);
        assertEquals(List.of(), schemas.findings());
        assertEquals(0, schemas.exitCode(), schemas.summary());
    }

    @Test
    void missingArgumentsAreRejected() {
        assertEquals("PostgresBackup props are missing; pass the BackupSettings of PostgresStore.backup",
                assertThrows(IllegalArgumentException.class, () -> Manifests.of(chart -> new PostgresBackup(chart, "backup",
                        new Postgres(chart, "postgresql", Environments.prod().store(PostgresStore.class).server()), null))).getMessage());
        assertEquals("PostgresBackup needs the Postgres construct it backs up; pass it, not null",
                assertThrows(IllegalArgumentException.class, () -> Manifests.of(chart -> new PostgresBackup(chart, "backup",
                        null, Environments.prod().store(PostgresStore.class).backup()))).getMessage());
    }
}
