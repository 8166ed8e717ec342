package io.datalayer.stores.redis;

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
class RedisBackupTest {
    private static Manifests defaults;
    private Expect expect;

    @BeforeAll
    static void synthDefaults() {
        defaults = Manifests.of(chart -> new RedisBackup(chart, "backup",
                new Redis(chart, "redis", Environments.prod().store(RedisStore.class).server()), Environments.prod().store(RedisStore.class).backup()));
    }

    private static Node cronJob() {
        return defaults.get("CronJob", "redis-backup");
    }

    private static Node pod() {
        return cronJob().at("spec.jobTemplate.spec.template.spec");
    }

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
        Manifests custom = Manifests.of(chart -> new RedisBackup(chart, "backup",
                new Redis(chart, "redis", Environments.prod().store(RedisStore.class).server().toBuilder().name("sessions").image("redis:8.2.3")
                        .port(6380).build()),
                Environments.prod().store(RedisStore.class).backup().toBuilder().name("sessions-backup").schedule("15 * * * *")
                        .timeZone("Europe/Berlin").retention(24).keepWeekly(2).storage(Storage.of("50Gi", "nfs"))
                        .resources(new Resources("100m", "64Mi", "1", "128Mi")).build()));
        expect.toMatchSnapshot(ownYaml(custom));
    }

    @Test
    void emitsClaimScriptsAndCronJob() {
        assertEquals(List.of("PersistentVolumeClaim/redis-backups", "ConfigMap/redis-backup-scripts", "CronJob/redis-backup"),
                defaults.kindsAndNames().stream().filter(n -> n.contains("backup")).toList());
        Node claim = defaults.get("PersistentVolumeClaim", "redis-backups").at("spec");
        assertEquals("10Gi", claim.at("resources.requests.storage").string());
        assertEquals(List.of("ReadWriteOnce"), claim.at("accessModes").list());
    }

    @Test
    void scriptsAreTheRepositoryFilesByteForByte() throws IOException {
        Map<String, Object> data = defaults.get("ConfigMap", "redis-backup-scripts").at("data").map();
        // offsite.sh and drills.sh ride along with runs.sh (store-agnostic); the chart applies Offsite to Redis too (OffsiteTest).
        assertEquals(List.of("backup.sh", "drill.sh", "drills.sh", "offsite.sh", "redis-facts.sh", "redis.sh", "restore.sh", "runs.sh"),
                List.copyOf(data.keySet()));
        for (String name : data.keySet()) {
            Path file = name.equals("runs.sh") || name.equals("offsite.sh") || name.equals("drills.sh") ? Path.of("src/main/resources/io/datalayer/backup").resolve(name)
                    : Path.of("src/main/resources/io/datalayer/stores/redis").resolve(name);
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), data.get(name), name);
        }
        // The same runs.sh as PostgreSQL's: shared, not copied.
        assertEquals(Files.readString(Path.of("src/main/resources/io/datalayer/backup/runs.sh")), data.get("runs.sh"));
    }

    @Test
    void scheduleAndJobLimits() {
        Node spec = cronJob().at("spec");
        assertEquals("45 2 * * *", spec.at("schedule").string());
        assertEquals("Etc/UTC", spec.at("timeZone").string());
        assertEquals("Forbid", spec.at("concurrencyPolicy").string());
        assertEquals(3600, spec.at("startingDeadlineSeconds").value());
        Node job = spec.at("jobTemplate.spec");
        assertEquals(2, job.at("backoffLimit").value());
        assertEquals(3600, job.at("activeDeadlineSeconds").value());
        assertEquals(604800, job.at("ttlSecondsAfterFinished").value());
        assertEquals("Never", job.at("template.spec.restartPolicy").string());
        assertEquals(30, job.at("template.spec.terminationGracePeriodSeconds").value());
    }

    @Test
    void runsTheServersImageAsTheBackupUserWithThePasswordInAFile() {
        Node container = pod().at("containers[0]");
        assertEquals(Environments.prod().store(RedisStore.class).server().image(), container.at("image").string());
        assertEquals(List.of("/bin/sh", "/opt/data-layer/backup.sh"), container.at("command").list());
        assertEquals(List.of(
                Map.of("name", "REDIS_HOST", "value", "redis.data.svc.cluster.local"),
                Map.of("name", "REDIS_PORT", "value", "6379"),
                Map.of("name", "BACKUP_DIR", "value", "/backups"),
                Map.of("name", "REDIS_USER", "value", "backup"),
                Map.of("name", "REDIS_PASSWORD_FILE", "value", "/etc/redis-backup/backup-password"),
                Map.of("name", "BACKUP_RETENTION", "value", "7"),
                Map.of("name", "BACKUP_KEEP_WEEKLY", "value", "4"),
                Map.of("name", "BACKUP_SHRINK_PERCENT", "value", "50"),
                Map.of("name", "BACKUP_LOCK_WAIT_SECONDS", "value", "600"),
                Map.of("name", "JOB_NAME", "valueFrom", Map.of("fieldRef",
                        Map.of("fieldPath", "metadata.labels['batch.kubernetes.io/job-name']"))),
                Map.of("name", "POD_NAME", "valueFrom", Map.of("fieldRef", Map.of("fieldPath", "metadata.name")))),
                container.at("env").list());
        // Only the backup user's key of the users Secret: the admin password never reaches this pod.
        Node secret = pod().at("volumes[name=backup-password].secret");
        assertEquals("redis-users", secret.at("secretName").string());
        assertEquals(List.of(Map.of("key", "backup-password", "path", "backup-password")), secret.at("items").list());
        assertEquals(0440, secret.at("defaultMode").value());
    }

    @Test
    void sameRestrictedSecurityContextAsTheServer() {
        Node server = defaults.get("StatefulSet", "redis").at("spec.template.spec");
        assertEquals(server.at("securityContext").map(), pod().at("securityContext").map());
        assertEquals(server.at("containers[0].securityContext").map(), pod().at("containers[0].securityContext").map());
        assertEquals(List.of(
                Map.of("mountPath", "/backups", "name", "dumps", "readOnly", false),
                Map.of("mountPath", "/opt/data-layer", "name", "scripts", "readOnly", true),
                Map.of("mountPath", "/etc/redis-backup", "name", "backup-password", "readOnly", true),
                Map.of("mountPath", "/tmp", "name", "tmp", "readOnly", false)), pod().at("containers[0].volumeMounts").list());
        assertEquals(Map.of("medium", "Memory", "sizeLimit", "16Mi"), pod().at("volumes[name=tmp].emptyDir").map());
    }

    @Test
    void podsCarryTheLabelTheServersNetworkPolicyAdmits() {
        Map<String, Object> podLabels = cronJob().at("spec.jobTemplate.spec.template.metadata.labels").map();
        assertEquals("true", podLabels.get(Redis.CLIENT_LABEL));
        assertEquals("redis-backup", podLabels.get("app.kubernetes.io/name"));
    }

    @Test
    void passesTheLayersPoliciesAndTheUpstreamSchemas(@TempDir Path tmp) throws IOException {
        Manifests layer = Manifests.of(chart -> {
            new DataNamespace(chart, "namespace", DataNamespaceProps.defaults());
            RedisBackup backup = new RedisBackup(chart, "backup", new Redis(chart, "redis", Environments.prod().store(RedisStore.class).server()),
                    Environments.prod().store(RedisStore.class).backup());
            new RedisRestore(chart, "restore", backup, Environments.prod().store(RedisStore.class).restore());
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
        assertEquals("RedisBackup props are missing; pass the BackupSettings of RedisStore.backup",
                assertThrows(IllegalArgumentException.class, () -> Manifests.of(chart -> new RedisBackup(chart, "backup",
                        new Redis(chart, "redis", Environments.prod().store(RedisStore.class).server()), null))).getMessage());
        assertEquals("RedisBackup needs the Redis construct it backs up; pass it, not null",
                assertThrows(IllegalArgumentException.class, () -> Manifests.of(chart -> new RedisBackup(chart, "backup",
                        null, Environments.prod().store(RedisStore.class).backup()))).getMessage());
    }
}
