package io.datalayer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.config.DataLayerConfig;
import io.datalayer.monitoring.MonitoringProps;
import io.datalayer.stores.postgres.PostgresStore;
import io.datalayer.testing.Manifests;
import io.datalayer.vault.StandInVault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Main's Vault path end to end, against {@link StandInVault} (a stand-in speaking Vault's KV v2
 * HTTP API, not Vault), including the leak test: a unique random password must appear nowhere in
 * dist/, the staging folder, standard output, standard error or any message.
 */
class MainVaultTest {
    @TempDir
    Path root;
    private final String password = "leak-canary-" + UUID.randomUUID();
    /** The exporter role's password (prod has monitoring on): checked and guarded like the superuser's. */
    private final String monitoringPassword = "monitoring-canary-" + UUID.randomUUID();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private PrintStream realOut;
    private PrintStream realErr;
    /**
     * The off-site store's settings and keys. The bucket shares its name with the backup claim
     * ({@code postgresql-backups}): bucket, endpoint and region are not secret, so they must not
     * make the guard refuse the output that names the claim.
     */
    private static final Map<String, Object> BACKUP_S3 = Map.of("bucket", "postgresql-backups",
            "endpoint", "https://s3.example.org", "region", "eu-central-1", "access-key-id", "AKIDOFFSITEEXAMPLE",
            "secret-access-key", "offsite-secret-access-key-0123456789", "crypt-password", "crypt-password-0123456789",
            "crypt-salt", "crypt-salt-0123456789abcdef");
    private StandInVault vault;

    /**
     * What a synth reads from Vault: for every secret the chart's ExternalSecrets reference, its mount, then the secret;
     * the off-site copies' first (the chart's shared objects come before the stores).
     */
    private static final List<String> CHECKED = List.of("GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/backup-s3",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/postgres",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/redis",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/redis-app",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/neo4j",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/neo4j-app",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/clickhouse",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/clickhouse-app");
    /** prod has monitoring on: the exporter role's secret is checked after the superuser's. */
    private static final List<String> CHECKED_PROD = List.of("GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/backup-s3",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/postgres",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/postgres-monitoring",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/redis",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/redis-app",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/redis-monitoring",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/neo4j",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/neo4j-app",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/clickhouse",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/clickhouse-app",
            "GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/clickhouse-monitoring");

    /** Redis's and Neo4j's secrets, as L2 writes them (their own values: the tests look for the postgres one). */
    private static StandInVault withRedis(StandInVault vault, String suffix) {
        return vault.put("secret/redis", 1, Map.of("admin-password", "redis-admin-0123456789" + suffix,
                        "backup-password", "redis-backup-0123456789" + suffix))
                .put("secret/redis-app", 1, Map.of("password", "redis-app-0123456789" + suffix))
                // The Redis exporter's user (read where monitoring is on: prod).
                .put("secret/redis-monitoring", 1, Map.of("password", "redis-monitoring-0123456789" + suffix))
                .put("secret/neo4j", 1, Map.of("admin-password", "neo4j-admin-0123456789" + suffix))
                .put("secret/neo4j-app", 1, Map.of("password", "neo4j-app-0123456789" + suffix))
                // ClickHouse's users (its monitoring user only where monitoring is on: prod).
                .put("secret/clickhouse", 1, Map.of("admin-password", "clickhouse-admin-0123456789" + suffix,
                        "backup-password", "clickhouse-backup-0123456789" + suffix))
                .put("secret/clickhouse-app", 1, Map.of("password", "clickhouse-app-0123456789" + suffix))
                .put("secret/clickhouse-monitoring", 1, Map.of("password", "clickhouse-monitoring-0123456789" + suffix));
    }

    @BeforeEach
    void start() throws IOException {
        vault = withRedis(StandInVault.http().put("secret/postgres", 3, Map.of("password", password))
                .put("secret/postgres-monitoring", 2, Map.of("password", monitoringPassword)), "")
                .put("secret/backup-s3", 2, BACKUP_S3);
        realOut = System.out;
        realErr = System.err;
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setOut(realOut);
        System.setErr(realErr);
        vault.close();
    }

    private Map<String, String> env(String mode) {
        Map<String, String> env = new HashMap<>(Map.of("CDK8S_OUTDIR", root.resolve("staging").toString(),
                "DATALAYER_DIST", root.resolve("dist").toString(), "VAULT_ADDR", vault.address(),
                "VAULT_TOKEN", StandInVault.TOKEN, "DATALAYER_VAULT", mode));
        return env;
    }

    private int run(Map<String, String> env, Supplier<DataLayerConfig> config) {
        return Main.run(env, err, config);
    }

    private void assertNoLeak() throws IOException {
        String encoded = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
        List<String> texts = new java.util.ArrayList<>(List.of(errBytes.toString(StandardCharsets.UTF_8),
                outBytes.toString(StandardCharsets.UTF_8)));
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                texts.add(Files.readString(file));
            }
        }
        for (String text : texts) {
            assertFalse(text.contains(password), "the password leaked");
            assertFalse(text.contains(encoded), "the password leaked as base64");
            assertFalse(text.contains(monitoringPassword), "the monitoring role's password leaked");
        }
    }

    @Test
    void requiredModeVerifiesThenPublishesAReferenceAndNoValue() throws IOException {
        assertEquals(0, run(env("required"), Environments::prod));

        assertEquals(CHECKED_PROD, vault.requests());
        String dist = Files.readString(root.resolve("dist/prod").resolve(DataLayerChart.ID + ".k8s.yaml"));
        assertEquals("postgres", Manifests.parse(dist).stream().filter(o -> "ExternalSecret".equals(o.get("kind")))
                .map(io.datalayer.testing.Node::of).filter(o -> "postgresql-superuser".equals(o.at("metadata.name").string()))
                .map(o -> o.at("spec.data[0].remoteRef.key").string()).findFirst().orElseThrow());
        assertEquals("data-layer: published prod to " + root.resolve("dist") + "\n",
                errBytes.toString(StandardCharsets.UTF_8));
        assertNoLeak();
    }

    @Test
    void pinsTheVersionWhenAsked() throws IOException {
        assertEquals(0, run(env("required"), () -> Environments.prod().withPinVaultVersions(true)));

        String dist = Files.readString(root.resolve("dist/prod").resolve(DataLayerChart.ID + ".k8s.yaml"));
        assertTrue(dist.contains("        version: \"3\"\n"), dist);
        assertNoLeak();
    }

    @Test
    void pinningWithoutVaultFails() {
        assertEquals(1, run(env("off"), () -> Environments.prod().withPinVaultVersions(true)));

        assertTrue(errBytes.toString(StandardCharsets.UTF_8).endsWith("data-layer: synth failed, dist/ left unchanged:"
                + " environment prod: DataLayerConfig.pinVaultVersions is true but secret/data/backup-s3 was not verified in Vault; set"
                + " VAULT_ADDR (or DATALAYER_VAULT=required) so synth can pin its version\n"));
    }

    @Test
    void vaultFailureStopsSynthAndLeavesDistUntouched() throws IOException {
        Path dist = Files.createDirectories(root.resolve("dist/prod")).getParent(); // a previous publish: synth's layout
        Files.writeString(dist.resolve("prod/kustomization.yaml"),
                io.datalayer.publish.Kustomization.text(List.of("data-layer.k8s.yaml")));
        Files.writeString(dist.resolve("prod/data-layer.k8s.yaml"), "previous output\n");
        vault.deny("secret/data/postgres");

        assertEquals(1, run(env("auto"), Environments::prod));

        assertEquals("previous output\n", Files.readString(dist.resolve("prod/data-layer.k8s.yaml")));
        assertEquals("data-layer: synth failed, dist/ left unchanged: environment prod: Vault denied access to secret/data/postgres"
                + " (HTTP 403): the token's policy needs the \"read\" capability on \"secret/data/postgres\"; check the"
                + " token in VAULT_TOKEN or ~/.vault-token (vault token capabilities secret/data/postgres)\n",
                errBytes.toString(StandardCharsets.UTF_8));
        assertNoLeak();
    }

    /** The monitoring role's password is a Vault value like the superuser's: the guard stops it in the new kinds too. */
    @Test
    void guardStopsTheMonitoringPasswordInAnAlertRule() throws IOException {
        Supplier<DataLayerConfig> careless = () -> Environments.prod().withMonitoring(Environments.prod().monitoring().toBuilder()
                .runbookUrl("https://wiki.example/" + monitoringPassword).build());

        assertEquals(1, run(env("required"), careless));

        assertTrue(Files.notExists(root.resolve("dist")));
        String err = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(err.startsWith("data-layer: synth failed, dist/ left unchanged: the output breaks "), err);
        assertTrue(err.contains("prod/data-layer.k8s.yaml: PrometheusRule/data-layer-alerts: vault-value: spec.groups[0].rules[0]"
                + ".annotations.runbook_url holds the value of secret/data/postgres-monitoring key \"password\" read from Vault"), err);
        assertNoLeak();
    }

    @Test
    void guardStopsAValueCopiedIntoAManifest() throws IOException {
        // A careless setting that copies the password into postgresql.conf (a ConfigMap).
        Supplier<DataLayerConfig> careless = () -> Environments.prod().withStore(Environments.prod().store(PostgresStore.class).toBuilder().server(
                Environments.prod().store(PostgresStore.class).server().toBuilder().parameters(Map.of("application_name", "'" + password + "'")).build()).build());

        assertEquals(1, run(env("required"), careless));

        assertTrue(Files.notExists(root.resolve("dist")));
        assertEquals("data-layer: synth failed, dist/ left unchanged: the output breaks 1 rule:\n"
                + "  prod/data-layer.k8s.yaml: ConfigMap/postgresql-config: vault-value: data.postgresql.conf holds the value of"
                + " secret/data/postgres key \"password\" read from Vault; secret values reach the cluster through an"
                + " ExternalSecret: find what copies it into a manifest\n", errBytes.toString(StandardCharsets.UTF_8));
        assertTrue(Files.notExists(root.resolve("staging/prod").resolve("data-layer.k8s.yaml")), "staged leak was removed");
        assertNoLeak();
    }

    @Test
    void theOffSiteKeysAreGuardedAndItsSettingsAreNot() throws IOException {
        // The bucket is named like the backup claim and the region is in offsite.sh's example: no finding.
        assertEquals(0, run(env("required"), Environments::prod));
        // The access key's id names the key, like a user name: the same text as a label is no finding.
        Supplier<DataLayerConfig> labelled = () -> Environments.prod().withMonitoring(MonitoringProps.on().toBuilder()
                .selectorLabels(Map.of("release", String.valueOf(BACKUP_S3.get("access-key-id")))).build());
        errBytes.reset();
        assertEquals(0, run(env("required"), labelled), errBytes.toString(StandardCharsets.UTF_8));
        // A crypt password copied into a manifest is a finding, like the database password.
        Supplier<DataLayerConfig> careless = () -> Environments.prod().withStore(Environments.prod().store(PostgresStore.class).toBuilder().server(Environments.prod().store(PostgresStore.class).server().toBuilder()
                .parameters(Map.of("application_name", "'" + BACKUP_S3.get("crypt-password") + "'")).build()).build());
        errBytes.reset();
        assertEquals(1, run(env("required"), careless));
        assertEquals("data-layer: synth failed, dist/ left unchanged: the output breaks 1 rule:\n"
                + "  prod/data-layer.k8s.yaml: ConfigMap/postgresql-config: vault-value: data.postgresql.conf holds the value of"
                + " secret/data/backup-s3 key \"crypt-password\" read from Vault; secret values reach the cluster through an"
                + " ExternalSecret: find what copies it into a manifest\n", errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void eachEnvironmentIsCheckedAgainstItsOwnVaultAndPinsItsOwnVersion() throws IOException {
        try (StandInVault devVault = withRedis(StandInVault.http().token("s.dev-token").put("secret/postgres", 5,
                Map.of("password", password + "-dev")), "-dev").put("secret/backup-s3", 1, BACKUP_S3)) {
            Map<String, String> env = env("required");
            env.put("DEV_VAULT_ADDR", devVault.address());
            env.put("DEV_VAULT_TOKEN", "s.dev-token");
            Map<String, Supplier<DataLayerConfig>> environments = new LinkedHashMap<>();
            environments.put("prod", () -> Environments.prod().withPinVaultVersions(true));
            environments.put("dev", () -> Environments.dev().withPinVaultVersions(true));

            assertEquals(0, Main.run(env, err, environments));

            assertEquals(CHECKED_PROD, vault.requests());
            assertEquals(CHECKED, devVault.requests());
            assertTrue(devVault.tokens().stream().allMatch("s.dev-token"::equals), "dev's Vault saw only dev's token");
            assertTrue(vault.tokens().stream().allMatch(StandInVault.TOKEN::equals), "prod's Vault saw only prod's token");
            for (Map.Entry<String, String> pinned : Map.of("prod", "3", "dev", "5").entrySet()) {
                String yaml = Files.readString(root.resolve("dist").resolve(pinned.getKey()).resolve(DataLayerChart.ID + ".k8s.yaml"));
                assertEquals(pinned.getValue(), Manifests.of(yaml).get("ExternalSecret", "postgresql-superuser")
                        .at("spec.data[0].remoteRef.version").string(), pinned.getKey());
            }
            assertNoLeak();
            String devPassword = password + "-dev";
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertFalse(Files.readString(file).contains(devPassword), "the dev password leaked into " + file);
                }
            }
        }
    }

    @Test
    void credentialsInVaultAddrAreNeverEchoedAndAWarningSaysToRemoveThem() throws IOException {
        Map<String, String> env = env("required");
        env.put("VAULT_ADDR", vault.address().replace("http://", "http://admin:s3cr3t-in-addr@"));

        assertEquals(0, run(env, Environments::prod));

        String out = errBytes.toString(StandardCharsets.UTF_8);
        assertEquals("data-layer: prod: warning: VAULT_ADDR holds credentials (user:password@ before the host); synth ignores"
                + " them and never sends them: remove them from VAULT_ADDR (Vault takes a token: VAULT_TOKEN or"
                + " ~/.vault-token)\ndata-layer: published prod to " + root.resolve("dist") + "\n", out);
        assertFalse(out.contains("s3cr3t-in-addr"));
        assertNoLeak();
    }

    @Test
    void offIgnoresAnUnreadableCaCert() {
        Map<String, String> env = env("off");
        env.put("VAULT_CACERT", root.resolve("missing.pem").toString());
        assertEquals(0, run(env, Environments::prod));
    }
}
