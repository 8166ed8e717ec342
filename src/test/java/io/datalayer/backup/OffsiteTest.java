package io.datalayer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import au.com.origin.snapshots.Expect;
import au.com.origin.snapshots.annotations.UseSnapshotConfig;
import au.com.origin.snapshots.junit5.SnapshotExtension;
import io.datalayer.app.DataLayerChart;
import io.datalayer.app.Environments;
import io.datalayer.gate.Policies;
import io.datalayer.output.Manifest;
import io.datalayer.secrets.VaultSecretStore;
import io.datalayer.testing.JobEnv;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.SnapshotSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.cdk8s.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The off-site building block: its own objects (ExternalSecret, egress policy) and what it adds to a
 * store's backup and restore pods, in the environments' charts.
 */
@ExtendWith(SnapshotExtension.class)
@UseSnapshotConfig(SnapshotSettings.class)
class OffsiteTest {
    private static final Manifests PROD = Manifests.of(app(Environments.prod()));
    private Expect expect;

    private static App app(io.datalayer.config.DataLayerConfig config) {
        App app = new App();
        new DataLayerChart(app, config);
        return app;
    }

    private static String offsiteYaml(Manifests m) {
        return Arrays.stream(m.yaml().split("(?m)^---\n"))
                .filter(doc -> doc.contains("\nkind: ExternalSecret\n") && doc.contains("name: backup-s3\n")
                        || doc.contains("name: offsite-egress\n"))
                .collect(Collectors.joining("---\n"));
    }

    @Test
    void prodSnapshot() {
        expect.scenario("prod").toMatchSnapshot(offsiteYaml(PROD));
    }

    @Test
    void devSnapshot() {
        expect.scenario("dev").toMatchSnapshot(offsiteYaml(Manifests.of(app(Environments.dev()))));
    }

    @Test
    void theBackupRunsThroughOffsiteAfterTheRcloneBinaryIsCopied() {
        Node pod = PROD.get("CronJob", "postgresql-backup").at("spec.jobTemplate.spec.template.spec");
        assertEquals(List.of("/bin/sh", "/opt/data-layer/offsite.sh", "after", "/opt/data-layer/backup.sh"),
                pod.at("containers[0].command").list());
        Node init = pod.at("initContainers[0]");
        assertEquals("rclone/rclone:1.75.1", init.at("image").string());
        assertEquals(List.of("cp", "/usr/local/bin/rclone", "/etc/ssl/certs/ca-certificates.crt", "/opt/rclone/"),
                init.at("command").list());
        assertEquals(true, init.at("securityContext.readOnlyRootFilesystem").value());
        assertEquals(List.of("ALL"), init.at("securityContext.capabilities.drop").list());
        assertEquals(List.of(Map.of("mountPath", "/opt/rclone", "name", "rclone", "readOnly", false)),
                init.at("volumeMounts").list());
        List<Object> mounts = pod.at("containers[0].volumeMounts").list();
        assertTrue(mounts.contains(Map.of("mountPath", "/opt/rclone", "name", "rclone", "readOnly", true)), mounts.toString());
        assertTrue(mounts.contains(Map.of("mountPath", "/etc/backup-s3", "name", "offsite-secret", "readOnly", true)),
                mounts.toString());
        assertTrue(pod.at("volumes").list().contains(Map.of("name", "offsite-secret",
                "secret", Map.of("secretName", "backup-s3", "defaultMode", 288))), pod.at("volumes").list().toString());
        Map<String, Object> env = pod.at("containers[0].env").list().stream().map(e -> (Map<?, ?>) e)
                .filter(e -> e.get("value") != null)
                .collect(Collectors.toMap(e -> (String) e.get("name"), e -> e.get("value")));
        // The deployment's own folder: <prefix>/<environment>/<namespace>/<store>, and its identity.
        assertEquals("data-layer/prod/data/postgresql", env.get("OFFSITE_PATH"));
        assertEquals("prod/data", env.get("OFFSITE_DEPLOYMENT"));
        // Development shares production's namespace name and may share its bucket, never its folder.
        Manifests dev = Manifests.of(app(Environments.dev()));
        assertEquals("data-layer/dev/data/postgresql", JobEnv.of(dev, "postgresql-backup").get("OFFSITE_PATH"));
        assertEquals("dev/data", JobEnv.of(dev, "postgresql-offsite-sync").get("OFFSITE_DEPLOYMENT"));
        assertEquals("/opt/rclone/rclone", env.get("OFFSITE_RCLONE"));
        assertEquals("/etc/backup-s3", env.get("OFFSITE_CONFIG_DIR"));
        assertEquals("secret/data/backup-s3", env.get("OFFSITE_VAULT_PATH"));
        assertEquals("Other", env.get("OFFSITE_PROVIDER"));
        assertEquals("true", PROD.get("CronJob", "postgresql-backup")
                .at("spec.jobTemplate.spec.template.metadata.labels").map().get(Offsite.CLIENT_LABEL));
    }

    @Test
    void theRestoreFetchesFirstWhenAskedAndOnlyItsPodsReachTheStore() {
        Node restore = PROD.get("CronJob", "postgresql-restore").at("spec.jobTemplate.spec.template");
        assertEquals(List.of("/bin/sh", "/opt/data-layer/offsite.sh", "before", "/opt/data-layer/restore.sh"),
                restore.at("spec.containers[0].command").list());
        assertEquals("true", restore.at("metadata.labels").map().get(Offsite.CLIENT_LABEL));
        // The server's pods never get the label: only the two jobs reach the object store.
        assertFalse(PROD.get("StatefulSet", "postgresql").at("spec.template.metadata.labels").map()
                .containsKey(Offsite.CLIENT_LABEL));
        Node policy = PROD.get("NetworkPolicy", "offsite-egress").at("spec");
        assertEquals(Map.of(Offsite.CLIENT_LABEL, "true"), policy.at("podSelector.matchLabels").map());
        assertEquals(List.of(Map.of("ipBlock", Map.of("cidr", "10.0.40.10/32"))), policy.at("egress[0].to").list());
        assertEquals(List.of(Map.of("port", 443, "protocol", "TCP")), policy.at("egress[0].ports").list());
        assertEquals(2, policy.at("egress").list().size());

        Node dev = Manifests.of(app(Environments.dev())).get("NetworkPolicy", "offsite-egress").at("spec");
        assertEquals(List.of(Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "minio")),
                "podSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "minio")))), dev.at("egress[0].to").list());
        assertEquals(List.of(Map.of("port", 9000, "protocol", "TCP")), dev.at("egress[0].ports").list());
    }

    /** Redis's runs go to their own folder of the bucket through the same script, init container and label. */
    @Test
    void redisBackupsAndRestoresGoThroughTheSameOffsiteWiring() {
        Node backup = PROD.get("CronJob", "redis-backup").at("spec.jobTemplate.spec.template");
        assertEquals(List.of("/bin/sh", "/opt/data-layer/offsite.sh", "after", "/opt/data-layer/backup.sh"),
                backup.at("spec.containers[0].command").list());
        assertEquals("rclone/rclone:1.75.1", backup.at("spec.initContainers[0].image").string());
        assertEquals("true", backup.at("metadata.labels").map().get(Offsite.CLIENT_LABEL));
        Map<String, Object> env = backup.at("spec.containers[0].env").list().stream().map(e -> (Map<?, ?>) e)
                .filter(e -> e.get("value") != null)
                .collect(Collectors.toMap(e -> (String) e.get("name"), e -> e.get("value")));
        assertEquals("data-layer/prod/data/redis", env.get("OFFSITE_PATH"));
        assertEquals("prod/data", env.get("OFFSITE_DEPLOYMENT"));
        assertEquals("secret/data/backup-s3", env.get("OFFSITE_VAULT_PATH"));
        List<Object> mounts = backup.at("spec.containers[0].volumeMounts").list();
        assertTrue(mounts.contains(Map.of("mountPath", "/etc/backup-s3", "name", "offsite-secret", "readOnly", true)),
                mounts.toString());

        Node restore = PROD.get("CronJob", "redis-restore").at("spec.jobTemplate.spec.template");
        assertEquals(List.of("/bin/sh", "/opt/data-layer/offsite.sh", "before", "/opt/data-layer/restore.sh"),
                restore.at("spec.containers[0].command").list());
        assertTrue(restore.at("spec.containers[0].env").list().contains(Map.of("name", "RESTORE_FROM", "value", "local")),
                restore.at("spec.containers[0].env").list().toString());
        // The server's pods never get the label.
        assertFalse(PROD.get("StatefulSet", "redis").at("spec.template.metadata.labels").map()
                .containsKey(Offsite.CLIENT_LABEL));

        Manifests off = Manifests.of(app(Environments.prod().withOffsite(OffsiteProps.off())));
        assertEquals(List.of("/bin/sh", "/opt/data-layer/backup.sh"), off.get("CronJob", "redis-backup")
                .at("spec.jobTemplate.spec.template.spec.containers[0].command").list());
        assertEquals(List.of("/bin/sh", "/opt/data-layer/restore.sh"), off.get("CronJob", "redis-restore")
                .at("spec.jobTemplate.spec.template.spec.containers[0].command").list());
    }

    @Test
    void switchedOffThereIsNoSecretNoPolicyAndNoInitContainer() {
        Manifests off = Manifests.of(app(Environments.prod().withOffsite(OffsiteProps.off())));
        assertFalse(off.kindsAndNames().contains("ExternalSecret/backup-s3"), off.kindsAndNames().toString());
        assertFalse(off.kindsAndNames().contains("NetworkPolicy/offsite-egress"), off.kindsAndNames().toString());
        Node pod = off.get("CronJob", "postgresql-backup").at("spec.jobTemplate.spec.template.spec");
        assertEquals(List.of("/bin/sh", "/opt/data-layer/backup.sh"), pod.at("containers[0].command").list());
        assertEquals(null, pod.at("initContainers").value());
        assertEquals(List.of("/bin/sh", "/opt/data-layer/restore.sh"), off.get("CronJob", "postgresql-restore")
                .at("spec.jobTemplate.spec.template.spec.containers[0].command").list());
    }

    @Test
    void everyEnvironmentPassesThePolicies() {
        for (io.datalayer.config.DataLayerConfig config : List.of(Environments.prod(), Environments.dev(),
                Environments.prod().withOffsite(OffsiteProps.off()))) {
            List<Manifest> manifests = Manifests.of(app(config)).objects().stream()
                    .map(o -> new Manifest("data-layer.k8s.yaml", o)).toList();
            assertEquals(List.of(), Policies.check(manifests));
        }
    }

    @Test
    void needsAStoreAndEnabledProps() {
        App app = new App();
        DataLayerChart chart = new DataLayerChart(app, Environments.prod().withOffsite(OffsiteProps.off()));
        VaultSecretStore store = chart.secretStore();
        assertEquals("Offsite needs enabled OffsiteProps; with OffsiteProps.off() create no Offsite",
                assertThrows(IllegalArgumentException.class, () -> new Offsite(chart, "o", store, OffsiteProps.off())).getMessage());
        assertEquals("Offsite needs the Vault SecretStore its ExternalSecret reads through; pass it, not null",
                assertThrows(IllegalArgumentException.class,
                        () -> new Offsite(chart, "o2", null, Environments.prod().offsite())).getMessage());
    }
}
