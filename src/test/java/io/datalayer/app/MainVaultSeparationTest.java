package io.datalayer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.config.DataLayerConfig;
import io.datalayer.gate.ValueRedactor;
import io.datalayer.kit.Storage;
import io.datalayer.stores.postgres.PostgresStore;
import io.datalayer.vault.Fingerprints;
import io.datalayer.vault.StandInVault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Privilege separation, tried the hostile way: the Vault check runs in a process of its own, which
 * alone holds tokens and values; tokens go only to the Vault they belong to; a killed check process
 * fails the synth and leaves dist/ alone; no message carries a value in any encoding the guard knows.
 */
class MainVaultSeparationTest {
    @TempDir
    Path root;
    @TempDir
    Path home;
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    /** Short enough that its encodings fit a label value (63 characters). */
    private final String password = "cn" + UUID.randomUUID().toString().replace("-", "").substring(0, 18);
    private StandInVault prodVault;
    private StandInVault devVault;

    private static StandInVault secrets(StandInVault vault, String password, String suffix) {
        return vault.put("secret/postgres", 3, Map.of("password", password))
                .put("secret/postgres-monitoring", 2, Map.of("password", "monitoring-0123456789" + suffix))
                .put("secret/redis", 1, Map.of("admin-password", "redis-admin-0123456789" + suffix,
                        "backup-password", "redis-backup-0123456789" + suffix))
                .put("secret/redis-app", 1, Map.of("password", "redis-app-0123456789" + suffix))
                .put("secret/redis-monitoring", 1, Map.of("password", "redis-monitoring-0123456789" + suffix))
                .put("secret/neo4j", 1, Map.of("admin-password", "neo4j-admin-0123456789" + suffix))
                .put("secret/neo4j-app", 1, Map.of("password", "neo4j-app-0123456789" + suffix))
                .put("secret/clickhouse", 1, Map.of("admin-password", "clickhouse-admin-0123456789" + suffix,
                        "backup-password", "clickhouse-backup-0123456789" + suffix))
                .put("secret/clickhouse-app", 1, Map.of("password", "clickhouse-app-0123456789" + suffix))
                .put("secret/clickhouse-monitoring", 1, Map.of("password", "clickhouse-monitoring-0123456789" + suffix))
                .put("secret/backup-s3", 1, Map.of("bucket", "postgresql-backups", "endpoint", "https://s3.example.org",
                        "region", "eu-central-1", "access-key-id", "AKIDOFFSITEEXAMPLE" + suffix,
                        "secret-access-key", "offsite-secret-access-key-0123456789" + suffix,
                        "crypt-password", "crypt-password-0123456789" + suffix, "crypt-salt", "crypt-salt-0123456789abcdef" + suffix));
    }

    @BeforeEach
    void start() throws IOException {
        prodVault = secrets(StandInVault.http().token("s.plain"), password, "");
        devVault = secrets(StandInVault.http().token("s.dev"), password + "d", "-dev");
    }

    @AfterEach
    void stop() {
        prodVault.close();
        devVault.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("CDK8S_OUTDIR", root.resolve("staging").toString());
        env.put("DATALAYER_DIST", root.resolve("dist").toString());
        env.put("HOME", home.toString());
        return env;
    }

    private static boolean isCheckProcess(ProcessHandle p) {
        return p.info().commandLine().map(c -> c.contains(" -Ddatalayer.process=vault-check ")).orElse(false);
    }

    private static void killCheckProcess() {
        ProcessHandle.current().children().filter(MainVaultSeparationTest::isCheckProcess).forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void noVaultAddrNoCheckProcess() {
        AtomicBoolean seen = new AtomicBoolean();
        Map<String, String> env = env();
        env.put("VAULT_TOKEN", "s.plain");
        assertEquals(0, Main.run(env, err, Map.of("dev", Environments::dev), () -> { },
                () -> seen.set(ProcessHandle.current().children().anyMatch(MainVaultSeparationTest::isCheckProcess))));
        assertFalse(seen.get(), "a check process ran without VAULT_ADDR");

        env.put("VAULT_ADDR", prodVault.address());
        assertEquals(0, Main.run(env, err, Map.of("dev", Environments::dev), () -> { },
                () -> seen.set(ProcessHandle.current().children().anyMatch(MainVaultSeparationTest::isCheckProcess))));
        assertTrue(seen.get(), "with VAULT_ADDR the check ran in a process of its own");
        assertEquals(List.of("s.plain"), prodVault.tokens().stream().distinct().toList());
    }

    /**
     * Every combination of VAULT_ADDR, VAULT_TOKEN, DEV_VAULT_ADDR, DEV_VAULT_TOKEN and ~/.vault-token
     * set or not, dev checked first: what each stand-in recorded shows which token reached which Vault.
     * dev's own Vault sees dev's token or nothing; VAULT_ADDR's Vault never sees dev's token unless dev
     * has no address of its own and was given DEV_VAULT_TOKEN for VAULT_ADDR's Vault.
     */
    @Test
    void tokensReachOnlyTheVaultTheyBelongTo() throws IOException {
        for (int bits = 0; bits < 32; bits++) {
            boolean addr = (bits & 1) != 0, token = (bits & 2) != 0, devAddr = (bits & 4) != 0, devToken = (bits & 8) != 0,
                    file = (bits & 16) != 0;
            Map<String, String> env = env();
            if (addr) env.put("VAULT_ADDR", prodVault.address());
            if (token) env.put("VAULT_TOKEN", "s.plain");
            if (devAddr) env.put("DEV_VAULT_ADDR", devVault.address());
            if (devToken) env.put("DEV_VAULT_TOKEN", "s.dev");
            Files.deleteIfExists(home.resolve(".vault-token"));
            if (file) Files.writeString(home.resolve(".vault-token"), "s.file\n");
            int prodBefore = prodVault.tokens().size();
            int devBefore = devVault.tokens().size();
            errBytes.reset();
            Map<String, Supplier<DataLayerConfig>> environments = new LinkedHashMap<>();
            environments.put("dev", Environments::dev);
            environments.put("prod", Environments::dev);

            int code = Main.run(env, err, environments);
            // Whatever the outcome, no process holding a token or a value outlives the synth.
            assertFalse(ProcessHandle.current().children().anyMatch(MainVaultSeparationTest::isCheckProcess),
                    "the Vault check process outlived the synth (bits " + bits + ")");

            String what = env.keySet().stream().filter(k -> k.contains("VAULT")).sorted().toList() + (file ? " +~/.vault-token" : "")
                    + ": " + errBytes.toString(StandardCharsets.UTF_8);
            Set<String> toProd = Set.copyOf(prodVault.tokens().subList(prodBefore, prodVault.tokens().size()));
            Set<String> toDev = Set.copyOf(devVault.tokens().subList(devBefore, devVault.tokens().size()));
            String plain = token ? "s.plain" : file ? "s.file" : null;
            assertTrue(Set.of("s.dev").containsAll(toDev), "dev's Vault saw " + toDev + " with " + what);
            Set<String> allowedProd = new java.util.HashSet<>();
            if (plain != null) allowedProd.add(plain);
            if (devToken && !devAddr) allowedProd.add("s.dev");
            assertTrue(allowedProd.containsAll(toProd), "VAULT_ADDR's Vault saw " + toProd + " with " + what);
            if (devAddr && devToken) {
                assertEquals(Set.of("s.dev"), toDev, what);
            }
            if (devAddr && !devToken) {
                assertEquals(1, code, what);
                assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("environment dev: no Vault token for "
                        + devVault.address() + " (DEV_VAULT_ADDR): set DEV_VAULT_TOKEN; a token goes only to the Vault it"
                        + " belongs to"), what);
            }
            if (devAddr && devToken && addr && token) {
                assertEquals(0, code, what);
                assertEquals(Set.of("s.plain"), toProd, what);
            }
            for (String t : List.of("s.plain", "s.file", "s.dev")) {
                assertFalse(errBytes.toString(StandardCharsets.UTF_8).contains(t), "a token was printed: " + what);
            }
        }
    }

    private Map<String, String> vaultEnv() {
        Map<String, String> env = env();
        env.put("VAULT_ADDR", prodVault.address());
        env.put("VAULT_TOKEN", "s.plain");
        env.put("DATALAYER_VAULT", "required");
        return env;
    }

    /** A previous publish, in synth's layout (anything else in dist/ is refused as not synth's). */
    private Path previousDist() throws IOException {
        Path dist = Files.createDirectories(root.resolve("dist/prod")).getParent();
        Files.writeString(dist.resolve("prod/kustomization.yaml"),
                io.datalayer.publish.Kustomization.text(List.of("data-layer.k8s.yaml")));
        Files.writeString(dist.resolve("prod/data-layer.k8s.yaml"), "previous output\n");
        return dist;
    }

    @Test
    void aCheckProcessKilledMidCheckFailsTheSynthAndLeavesDistAlone() throws IOException {
        Path dist = previousDist();
        prodVault.onRequest(MainVaultSeparationTest::killCheckProcess);

        assertEquals(1, Main.run(vaultEnv(), err, Map.of("prod", Environments::prod)));

        String out = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.matches("(?s)data-layer: synth failed, dist/ left unchanged: environment prod: the Vault check process"
                + " \\(pid \\d+\\) failed while checking environment prod: it ended with exit code 137 \\(killed by signal 9\\);"
                + " nothing was published.*\n"), out);
        assertEquals("previous output\n", Files.readString(dist.resolve("prod/data-layer.k8s.yaml")));
    }

    @Test
    void aCheckProcessKilledBeforeTheScanFailsTheSynthAndLeavesDistAlone() throws IOException {
        Path dist = previousDist();

        Path stagingRoot = Files.createDirectories(root.resolve("private-staging"));
        assertEquals(1, Main.run(vaultEnv(), err, Map.of("prod", Environments::prod), () -> { },
                MainVaultSeparationTest::killCheckProcess, stagingRoot));

        String out = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.matches("(?s)data-layer: synth failed, dist/ left unchanged: the Vault check process \\(pid \\d+\\)"
                + " failed while scanning the output: it ended with exit code 137 \\(killed by signal 9\\); nothing was"
                + " published.*\n"), out);
        assertEquals("previous output\n", Files.readString(dist.resolve("prod/data-layer.k8s.yaml")));
        assertTrue(Files.notExists(root.resolve("staging/prod/data-layer.k8s.yaml")), "unscanned output is not copied for the CLI");
        try (java.util.stream.Stream<Path> left = Files.list(stagingRoot)) {
            assertEquals(List.of(), left.toList(), "unscanned output is not left staged");
        }
    }

    /** The forms of a value a reader (or the guard) could recover it from. */
    private static List<String> encodings(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(bytes);
        return List.of(value, b64, b64.replace("=", ""), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                HexFormat.of().formatHex(bytes), HexFormat.of().withUpperCase().formatHex(bytes),
                URLEncoder.encode(value, StandardCharsets.UTF_8), new StringBuilder(value).reverse().toString().substring(0, 0) + value);
    }

    /** No line of the text holds the value: not as it is, not in any form the output guard decodes. */
    private void assertNoValue(String text, String... values) {
        Fingerprints fingerprints = new Fingerprints();
        for (String value : values) {
            fingerprints.record("planted", value);
            for (String form : encodings(value)) {
                assertFalse(text.contains(form), "the text holds a planted value (" + form + "): " + text);
            }
        }
        for (String line : text.split("\n")) {
            assertFalse(ValueRedactor.holdsValue(line, fingerprints), "a line holds a planted value in some encoding: " + line);
        }
    }

    /** A configuration that plants the value somewhere a message reads from. */
    private record Plant(String where, Supplier<DataLayerConfig> config) {
    }

    @Test
    void noMessageCarriesAVaultValueWhereverItIsPlanted() throws IOException {
        String b64 = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
        String hex = HexFormat.of().formatHex(password.getBytes(StandardCharsets.UTF_8));
        // Every plant is in PostgreSQL's props or the monitoring settings its alerts carry: prod with its
        // PostgreSQL store alone holds each of them. The other stores would only add output for the
        // check process to scan for the value (seconds per case), never a message.
        DataLayerConfig prod = postgresOnly(Environments.prod());
        var server = prod.store(PostgresStore.class).server();
        List<Plant> plants = List.of(
                new Plant("storage size", () -> with(prod, server.toBuilder().storage(Storage.of(password, "local-path")).build())),
                new Plant("storage size, base64", () -> with(prod, server.toBuilder().storage(Storage.of(b64, "local-path")).build())),
                new Plant("storage class", () -> with(prod, server.toBuilder().storage(Storage.of("10Gi", password.toLowerCase())).build())),
                new Plant("label key", () -> with(prod, server.toBuilder().vaultPodSelector(Map.of(password, "server")).build())),
                new Plant("label value", () -> with(prod, server.toBuilder().vaultPodSelector(Map.of("component", password)).build())),
                new Plant("label value, base64", () -> with(prod, server.toBuilder().vaultPodSelector(Map.of("component", b64)).build())),
                new Plant("parameter name", () -> with(prod, server.toBuilder().parameters(Map.of(password, "on")).build())),
                new Plant("parameter value, hex", () -> with(prod, server.toBuilder().parameters(Map.of("application_name", "'" + hex + "'")).build())),
                new Plant("runbook url", () -> prod.withMonitoring(prod.monitoring().toBuilder().runbookUrl("https://wiki.example/" + password).build())));
        List<String> seen = new ArrayList<>();
        for (Plant plant : plants) {
            for (boolean second : List.of(false, true)) {
                // First environment (before its values are read), and second (after the first one's check read them).
                Map<String, Supplier<DataLayerConfig>> environments = new LinkedHashMap<>();
                if (second) {
                    // The first environment is there to have its check read the planted value before prod's:
                    // dev's PostgreSQL store reads secret/postgres, which dev's Vault holds with prod's
                    // password (below). Dev's other stores read other values and add synth time, no case.
                    environments.put("dev", () -> postgresOnly(Environments.dev()));
                }
                environments.put("prod", () -> {
                    try {
                        return plant.config().get();
                    } catch (RuntimeException e) {
                        seen.add(plant.where() + ": " + e.getMessage()); // the unredacted text, to show the test plants it
                        throw e;
                    }
                });
                Map<String, String> env = vaultEnv();
                env.put("DEV_VAULT_ADDR", devVault.address());
                env.put("DEV_VAULT_TOKEN", "s.dev");
                env.put("DEV_VAULT_TOKEN", "s.dev");
                // dev's Vault holds prod's password too, so the second case knows it before prod's check.
                devVault.put("secret/postgres", 3, Map.of("password", password));
                errBytes.reset();
                int code;
                try {
                    code = Main.run(env, err, environments);
                } catch (RuntimeException e) {
                    assertNoValue(String.valueOf(e.getMessage()), password);
                    continue;
                }
                String out = errBytes.toString(StandardCharsets.UTF_8);
                assertEquals(1, code, plant.where() + ": " + out);
                assertNoValue(out, password);
                seen.add(plant.where() + (second ? " (second)" : "") + " -> " + out);
            }
        }
        // The test planted where messages read: the raw messages did quote the value.
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("storage size: ") && s.contains(password)), String.join("\n", seen));
    }

    /** An environment with its PostgreSQL store alone (its namespace, Vault, off-site and monitoring settings as they are). */
    private static DataLayerConfig postgresOnly(DataLayerConfig environment) {
        return environment.toBuilder().stores(environment.store(PostgresStore.class)).build();
    }

    private static DataLayerConfig with(DataLayerConfig config, io.datalayer.stores.postgres.PostgresProps server) {
        return config.withStore(config.store(PostgresStore.class).toBuilder().server(server).build());
    }
}
