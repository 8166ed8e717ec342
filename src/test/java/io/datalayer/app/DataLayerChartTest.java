package io.datalayer.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.backup.OffsiteProps;
import io.datalayer.config.DataLayerConfig;
import io.datalayer.monitoring.MonitoringProps;
import io.datalayer.namespace.DataNamespaceProps;
import io.datalayer.secrets.SecretRequirement;
import io.datalayer.secrets.VaultExternalSecret;
import io.datalayer.stores.clickhouse.ClickHouseProps;
import io.datalayer.stores.neo4j.Neo4jProps;
import io.datalayer.stores.postgres.PostgresMonitoring;
import io.datalayer.stores.postgres.PostgresStore;
import io.datalayer.stores.redis.RedisMonitoring;
import io.datalayer.stores.redis.RedisProps;
import io.datalayer.stores.redis.RedisStore;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
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
        DataLayerConfig config = Environments.prod().withStore(Environments.prod().store(PostgresStore.class).toBuilder()
                .superuserSecret(other).build());
        RedisProps redis = Environments.prod().store(RedisStore.class).server();
        // prod has monitoring on: the exporter role's secret is read too (its ExternalSecret comes before the server's);
        // the off-site copies' secret first, as the chart creates the shared objects before the stores.
        List<SecretRequirement> neo4jAndClickhouse = List.of(Neo4jProps.ADMIN_SECRET, Neo4jProps.APP_SECRET,
                ClickHouseProps.USERS_SECRET, ClickHouseProps.APP_SECRET, ClickHouseProps.MONITORING_SECRET);
        assertEquals(concat(List.of(OffsiteProps.SECRET, other, PostgresMonitoring.SECRET, redis.usersSecret(),
                redis.appSecret(), RedisMonitoring.SECRET), neo4jAndClickhouse), new DataLayerChart(new App(), config).requirements());
        assertEquals(concat(List.of(other, PostgresMonitoring.SECRET, redis.usersSecret(), redis.appSecret(),
                RedisMonitoring.SECRET), neo4jAndClickhouse),
                new DataLayerChart(new App(), config.withOffsite(OffsiteProps.off())).requirements());
        DataLayerChart chart = new DataLayerChart(new App(), Environments.prod());
        assertEquals(concat(List.of(OffsiteProps.SECRET, PostgresStore.SUPERUSER_SECRET, PostgresMonitoring.SECRET,
                RedisProps.USERS_SECRET, RedisProps.APP_SECRET, RedisMonitoring.SECRET), neo4jAndClickhouse),
                chart.requirements());
        // dev has monitoring off: no monitoring login of any store.
        assertEquals(List.of(OffsiteProps.SECRET, PostgresStore.SUPERUSER_SECRET, RedisProps.USERS_SECRET, RedisProps.APP_SECRET,
                Neo4jProps.ADMIN_SECRET, Neo4jProps.APP_SECRET, ClickHouseProps.USERS_SECRET, ClickHouseProps.APP_SECRET),
                new DataLayerChart(new App(), Environments.dev()).requirements());
    }

    private static List<SecretRequirement> concat(List<SecretRequirement> a, List<SecretRequirement> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    @Test
    void pinningWaitsForTheCheckAndPinsEveryExternalSecret() {
        App app = new App();
        DataLayerChart chart = new DataLayerChart(app, Environments.prod().withPinVaultVersions(true));
        List<SecretRequirement> requirements = chart.requirements();
        chart.pinVersions(new VaultCheckResult(true, List.of(new VerifiedSecret(requirements.get(0), 9),
                new VerifiedSecret(requirements.get(1), 5), new VerifiedSecret(requirements.get(2), 7),
                new VerifiedSecret(requirements.get(3), 4), new VerifiedSecret(requirements.get(4), 2),
                new VerifiedSecret(requirements.get(5), 3), new VerifiedSecret(requirements.get(6), 6),
                new VerifiedSecret(requirements.get(7), 8), new VerifiedSecret(requirements.get(8), 10),
                new VerifiedSecret(requirements.get(9), 11), new VerifiedSecret(requirements.get(10), 1))));
        Manifests pinned = Manifests.of(app);
        assertEquals("9", pinned.get("ExternalSecret", "backup-s3").at("spec.data[6].remoteRef.version").string());
        assertEquals("5", pinned.get("ExternalSecret", "postgresql-superuser").at("spec.data[0].remoteRef.version").string());
        assertEquals("7", pinned.get("ExternalSecret", "postgresql-monitoring").at("spec.data[0].remoteRef.version").string());
        // Every key of a secret pinned to that secret's version.
        assertEquals("4", pinned.get("ExternalSecret", "redis-users").at("spec.data[0].remoteRef.version").string());
        assertEquals("4", pinned.get("ExternalSecret", "redis-users").at("spec.data[1].remoteRef.version").string());
        assertEquals("2", pinned.get("ExternalSecret", "redis-app").at("spec.data[0].remoteRef.version").string());
        assertEquals("3", pinned.get("ExternalSecret", "redis-monitoring").at("spec.data[0].remoteRef.version").string());
        assertEquals("6", pinned.get("ExternalSecret", "neo4j-admin").at("spec.data[0].remoteRef.version").string());
        assertEquals("8", pinned.get("ExternalSecret", "neo4j-app").at("spec.data[0].remoteRef.version").string());
        assertEquals("10", pinned.get("ExternalSecret", "clickhouse-users").at("spec.data[1].remoteRef.version").string());
        assertEquals("11", pinned.get("ExternalSecret", "clickhouse-app").at("spec.data[0].remoteRef.version").string());
        assertEquals("1", pinned.get("ExternalSecret", "clickhouse-monitoring").at("spec.data[0].remoteRef.version").string());

        DataLayerChart unpinned = new DataLayerChart(new App(), Environments.prod());
        unpinned.pinVersions(VaultCheckResult.unverified());
        List<VaultExternalSecret> secrets = unpinned.constructs().stream().filter(VaultExternalSecret.class::isInstance)
                .map(VaultExternalSecret.class::cast).toList();
        assertEquals(unpinned.requirements().size(), secrets.stream().map(es -> es.props().requirement()).distinct().count());
        assertEquals(true, !secrets.isEmpty() && secrets.stream().allMatch(es -> es.pinnedVersion().isEmpty()));
    }

    /** A cluster without prometheus-operator must still sync: with monitoring off, no kind of it and nothing that serves it. */
    @Test
    void monitoringCanBeSwitchedOffWhole() {
        List<String> on = Manifests.of(app(Environments.prod())).kindsAndNames();
        for (String expected : List.of("PrometheusRule/data-layer-alerts", "ServiceMonitor/postgresql-exporter",
                "Deployment/postgresql-exporter", "Service/postgresql-exporter", "NetworkPolicy/postgresql-exporter-ingress",
                "ExternalSecret/postgresql-monitoring")) {
            assertEquals(true, on.contains(expected), expected + " in " + on);
        }
        Manifests off = Manifests.of(app(Environments.prod().withMonitoring(MonitoringProps.off())));
        for (String kindAndName : off.kindsAndNames()) {
            assertEquals(false, kindAndName.startsWith("PrometheusRule/") || kindAndName.startsWith("ServiceMonitor/")
                    || kindAndName.contains("exporter") || kindAndName.contains("monitoring"), kindAndName);
        }
        assertEquals(false, off.get("StatefulSet", "postgresql").at("spec.template.spec").value().toString().contains("MONITORING_ROLE"),
                "the sidecar keeps no monitoring role when monitoring is off");
        assertEquals(false, off.yaml().contains("monitoring.coreos.com"));
        // prometheus-operator's kinds wait for its CRDs like ESO's; the exporter is an ordinary workload.
        Manifests prod = Manifests.of(app(Environments.prod()));
        for (String[] o : new String[][] {{"PrometheusRule", "data-layer-alerts"}, {"ServiceMonitor", "postgresql-exporter"}}) {
            assertEquals("SkipDryRunOnMissingResource=true", prod.get(o[0], o[1]).at("metadata.annotations").map()
                    .get("argocd.argoproj.io/sync-options"), o[0]);
            assertEquals("3", prod.get(o[0], o[1]).at("metadata.annotations").map().get("argocd.argoproj.io/sync-wave"), o[0]);
        }
        assertEquals(null, prod.get("Deployment", "postgresql-exporter").at("metadata.annotations").map()
                .get("argocd.argoproj.io/sync-options"));
    }

    @Test
    void backupAndRestoreComeWithTheServer() {
        DataLayerConfig config = Environments.prod().withStore(Environments.prod().store(PostgresStore.class).toBuilder().backup(Environments.prod().store(PostgresStore.class).backup().toBuilder().schedule("0 4 * * *").retention(14).build()).build());
        Manifests m = Manifests.of(app(config));
        assertEquals("0 4 * * *", m.get("CronJob", "postgresql-backup").at("spec.schedule").string());
        assertEquals(true, m.get("CronJob", "postgresql-restore").at("spec.suspend").value());
        assertEquals("postgresql-backups", m.get("PersistentVolumeClaim", "postgresql-backups").at("metadata.name").string());
    }

    @Test
    void everyPartOfAnEnvironmentIsSet() {
        assertEquals("DataLayerConfig.secretStore is not set; every environment sets it (see Environments)",
                assertThrows(IllegalArgumentException.class, () -> Environments.prod().toBuilder().secretStore(null).build())
                        .getMessage());
        assertEquals("DataLayerConfig.stores is empty; list the environment's stores (see Environments), e.g. PostgresStore"
                + " and RedisStore", assertThrows(IllegalArgumentException.class,
                        () -> Environments.prod().toBuilder().stores(List.of()).build()).getMessage());
        assertEquals("DataLayerConfig.stores names the store \"redis\" twice; an environment runs each store once",
                assertThrows(IllegalArgumentException.class, () -> Environments.prod().toBuilder().stores(
                        Environments.prod().store(PostgresStore.class), Environments.prod().store(RedisStore.class),
                        Environments.dev().store(RedisStore.class)).build()).getMessage());
        assertEquals("this environment has no RedisStore; its stores are [postgresql, neo4j, clickhouse]", assertThrows(
                IllegalArgumentException.class, () -> Environments.prod().withoutStore("redis").store(RedisStore.class))
                .getMessage());
    }

    /** The chart names no store: an environment of PostgreSQL alone has no Redis object, and the same PostgreSQL. */
    @Test
    void anEnvironmentBuildsExactlyTheStoresItLists() {
        List<String> both = Manifests.of(app(Environments.prod())).kindsAndNames();
        List<String> alone = Manifests.of(app(Environments.prod().withoutStore("redis"))).kindsAndNames();
        assertEquals(both.stream().filter(n -> !n.contains("redis")).toList(), alone);
    }

    @Test
    void eachStoresOffsiteSyncHasItsLagAlertAndEachExporterItsStoreAlert() {
        Manifests m = Manifests.of(app(Environments.prod()));
        String rules = m.get("PrometheusRule", io.datalayer.monitoring.Alerts.NAME).at("spec.groups").list().toString();
        for (String store : List.of("postgresql", "redis", "neo4j", "clickhouse")) {
            String sync = store + "-offsite-sync";
            // The alert watches a CronJob this output has, with the hourly schedule.
            assertEquals("10 * * * *", m.get("CronJob", sync).at("spec.schedule").string());
            assertTrue(rules.contains("kube_cronjob_status_last_successful_time{namespace=\"data\",cronjob=\"" + sync + "\"}) > 21600"),
                    rules);
        }
        // Neo4j (Community) and ClickHouse have no exporter: Neo4j's down alert reads kube-state-metrics, ClickHouse's
        // server serves its metrics itself (its store-down alert watches that target).
        for (String store : List.of("postgresql", "redis")) {
            assertTrue(rules.contains("job=\"" + store + "-exporter\"}"), rules);
        }
        assertTrue(rules.contains("redis_up{namespace=\"data\",job=\"redis-exporter\"} == 0"), rules);
        assertEquals(4, rules.split("alert=DataLayerOffsiteCopyLagging").length - 1, rules);
        // Without off-site copies there is no sync and no lag alert.
        Manifests off = Manifests.of(app(Environments.prod().withOffsite(OffsiteProps.off())));
        assertFalse(off.get("PrometheusRule", io.datalayer.monitoring.Alerts.NAME).at("spec.groups").list().toString()
                .contains("DataLayerOffsiteCopyLagging"));
    }

    private static App app(DataLayerConfig config) {
        App app = new App();
        new DataLayerChart(app, config);
        return app;
    }
}
