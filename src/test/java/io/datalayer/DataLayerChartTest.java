package io.datalayer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.config.DataLayerConfig;
import io.datalayer.namespace.DataNamespaceProps;
import io.datalayer.redis.RedisProps;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.vault.SecretRequirement;
import io.datalayer.vault.VaultCheckResult;
import io.datalayer.vault.VerifiedSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cdk8s.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One environment's chart. Its output is reviewed in {@code dist/<env>/} (CI fails when a fresh
 * synth differs), so there is no snapshot of it here: these tests pin what the chart promises.
 */
class DataLayerChartTest {
    @Test
    void twoSynthsAreByteIdentical(@TempDir Path first, @TempDir Path second) throws IOException {
        Main.synth(Environments.prod(), first);
        Main.synth(Environments.prod(), second);
        String file = DataLayerChart.ID + ".k8s.yaml";
        assertArrayEquals(Files.readAllBytes(first.resolve(file)), Files.readAllBytes(second.resolve(file)));
    }

    @Test
    void theNamespaceIsSetOnceAndReachesEveryObject() {
        DataLayerConfig config = Environments.prod().withNamespace(new DataNamespaceProps("analytics", null));
        Manifests m = Manifests.of(app(config));
        for (Map<String, Object> o : m.objects()) {
            Node object = Node.of(o);
            if ("Namespace".equals(o.get("kind"))) {
                assertEquals("analytics", object.at("metadata.name").string());
                assertEquals(null, object.at("metadata").map().get("namespace"));
            } else {
                assertEquals("analytics", object.at("metadata.namespace").string(), o.get("kind") + "/" + object.at("metadata.name").string());
            }
        }
        assertEquals("postgresql.analytics.svc.cluster.local", m.get("CronJob", "postgresql-backup")
                .at("spec.jobTemplate.spec.template.spec.containers[0].env[0].value").string());
    }

    @Test
    void vaultRequirementsAreReadFromTheExternalSecretsTheChartCreates() {
        SecretRequirement other = SecretRequirement.of("postgres-root", "password").withMinLength(20);
        DataLayerConfig config = Environments.prod().withPostgresSecret(other);
        RedisProps redis = Environments.prod().redis();
        assertEquals(List.of(other, redis.usersSecret(), redis.appSecret()), new DataLayerChart(new App(), config).requirements());
        DataLayerChart chart = new DataLayerChart(new App(), Environments.prod());
        assertEquals(List.of(chart.postgresSecret().props().requirement(), RedisProps.USERS_SECRET, RedisProps.APP_SECRET),
                chart.requirements());
    }

    @Test
    void pinningWaitsForTheCheckAndPinsEveryExternalSecret() {
        App app = new App();
        DataLayerChart chart = new DataLayerChart(app, Environments.prod().withPinVaultVersions(true));
        List<SecretRequirement> requirements = chart.requirements();
        chart.pinVersions(new VaultCheckResult(true, List.of(new VerifiedSecret(requirements.get(0), 9),
                new VerifiedSecret(requirements.get(1), 4), new VerifiedSecret(requirements.get(2), 2))));
        Manifests pinned = Manifests.of(app);
        assertEquals("9", pinned.get("ExternalSecret", "postgresql-superuser").at("spec.data[0].remoteRef.version").string());
        // Every key of a secret pinned to that secret's version.
        assertEquals("4", pinned.get("ExternalSecret", "redis-users").at("spec.data[0].remoteRef.version").string());
        assertEquals("4", pinned.get("ExternalSecret", "redis-users").at("spec.data[1].remoteRef.version").string());
        assertEquals("2", pinned.get("ExternalSecret", "redis-app").at("spec.data[0].remoteRef.version").string());

        DataLayerChart unpinned = new DataLayerChart(new App(), Environments.prod());
        unpinned.pinVersions(VaultCheckResult.unverified());
        assertEquals(true, unpinned.postgresSecret().pinnedVersion().isEmpty());
    }

    @Test
    void backupAndRestoreComeWithTheServer() {
        DataLayerConfig config = Environments.prod()
                .withBackup(Environments.prod().backup().toBuilder().schedule("0 4 * * *").retention(14).build());
        Manifests m = Manifests.of(app(config));
        assertEquals("0 4 * * *", m.get("CronJob", "postgresql-backup").at("spec.schedule").string());
        assertEquals(true, m.get("CronJob", "postgresql-restore").at("spec.suspend").value());
        assertEquals("postgresql-backups", m.get("PersistentVolumeClaim", "postgresql-backups").at("metadata.name").string());
    }

    @Test
    void everyPartOfAnEnvironmentIsSet() {
        assertEquals("DataLayerConfig.backup is not set; every environment sets it (see Environments)",
                assertThrows(IllegalArgumentException.class, () -> Environments.prod().toBuilder().backup(null).build())
                        .getMessage());
    }

    private static App app(DataLayerConfig config) {
        App app = new App();
        new DataLayerChart(app, config);
        return app;
    }
}
