package io.datalayer.stores.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.app.Main;
import io.datalayer.backup.BackupScripts;
import io.datalayer.backup.Offsite;
import io.datalayer.backup.RestoreDrill;
import io.datalayer.config.DataLayerConfig;
import io.datalayer.gate.Policies;
import io.datalayer.gate.Violation;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.output.Manifest;
import io.datalayer.stores.Store;
import io.datalayer.testing.JobEnv;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.PostgresServer;
import io.datalayer.validation.NodeScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, measured by adding a store: {@link ExampleStore} lives only in the tests and touches no
 * main file, yet the production environment with it added gets its server, backup, restore and
 * off-site sync, watches its backup and its own alert, passes the layer's policies and the upstream
 * schemas, and leaves the PostgreSQL and Redis output exactly as it was.
 */
class ExampleStoreTest {
    private static final String NAME = ExampleStore.NAME;
    private static Path prodWith;
    private static Manifests with;
    private static Manifests without;

    @TempDir
    static Path synthDir;
    @TempDir
    Path tmp;

    static ExampleStore example() {
        return new ExampleStore("redis:7.0.15", 6379, Storage.of("1Gi", "local-path"),
                new Resources("50m", "64Mi", "500m", "256Mi"),
                ExampleStore.backupSettings().retention(3).storage(Storage.of("2Gi", "local-path"))
                        .resources(new Resources("20m", "64Mi", "250m", "128Mi")).build(),
                ExampleStore.restoreSettings().resources(new Resources("20m", "64Mi", "250m", "256Mi")).build());
    }

    static DataLayerConfig prodWithExample() {
        return Environments.prod().withStore(example());
    }

    @BeforeAll
    static void synthesize() throws IOException {
        prodWith = synth(prodWithExample(), synthDir.resolve("with"));
        with = Manifests.of(Files.readString(prodWith));
        without = Manifests.of(Files.readString(synth(Environments.prod(), synthDir.resolve("without"))));
    }

    private static Path synth(DataLayerConfig config, Path dir) {
        Main.synth(config, dir);
        return dir.resolve("data-layer.k8s.yaml");
    }

    @Test
    void theStoreIsAddedLastAndOnlyToThisEnvironment() {
        DataLayerConfig config = prodWithExample();
        assertEquals(List.of("postgresql", "redis", "neo4j", "clickhouse", NAME), config.stores().stream().map(Store::name).toList());
        assertEquals("docs/contributing/adding-a-store.md", config.store(ExampleStore.class).docsPage());
        assertTrue(Environments.all().values().stream().allMatch(env -> env.get().stores().stream()
                .noneMatch(ExampleStore.class::isInstance)), "registered only here, in the tests");
    }

    @Test
    void theEnvironmentGetsEveryObjectTheStoreOwns() {
        assertEquals(List.of(
                        "ServiceAccount/" + NAME, "Service/" + NAME + "-headless", "Service/" + NAME,
                        "StatefulSet/" + NAME, "PodDisruptionBudget/" + NAME, "NetworkPolicy/" + NAME + "-ingress",
                        "NetworkPolicy/" + NAME + "-client-egress",
                        "PersistentVolumeClaim/" + NAME + "-backups", "ConfigMap/" + NAME + "-backup-scripts",
                        "CronJob/" + NAME + "-backup", "CronJob/" + NAME + "-offsite-sync", "CronJob/" + NAME + "-restore"),
                exampleObjects(with).stream().map(o -> o.get("kind") + "/" + name(o)).toList());

        assertEquals(List.of(BackupScripts.RUNS_LIBRARY, ExampleStore.BACKUP_SCRIPT, Offsite.SCRIPT, ExampleStore.RESTORE_SCRIPT,
                        RestoreDrill.LIBRARY)
                        .stream().sorted().toList(),
                with.get("ConfigMap", NAME + "-backup-scripts").at("data").map().keySet().stream().sorted().toList());
        assertEquals(BackupScripts.read(ExampleStore.class, ExampleStore.BACKUP_SCRIPT),
                with.get("ConfigMap", NAME + "-backup-scripts").at("data").map().get(ExampleStore.BACKUP_SCRIPT));

        Node backup = with.get("CronJob", NAME + "-backup");
        assertEquals("15 3 * * *", backup.at("spec.schedule").value());
        // Off-site is on in prod: the backup runs through offsite.sh, its pod may reach the bucket and the cache.
        assertEquals(List.of("/bin/sh", BackupScripts.DIR + "/" + Offsite.SCRIPT, "after",
                        BackupScripts.DIR + "/" + ExampleStore.BACKUP_SCRIPT),
                backup.at("spec.jobTemplate.spec.template.spec.containers[0].command").list());
        Map<String, Object> podLabels = backup.at("spec.jobTemplate.spec.template.metadata.labels").map();
        assertEquals("true", podLabels.get(Offsite.CLIENT_LABEL));
        assertEquals("true", podLabels.get(ExampleStore.CLIENT_LABEL));
        assertEquals("data-layer/prod/data/" + NAME, JobEnv.of(with, NAME + "-offsite-sync").get("OFFSITE_PATH"));

        Node restore = with.get("CronJob", NAME + "-restore");
        assertEquals(Boolean.TRUE, restore.at("spec.suspend").value());
        assertEquals(List.of("/bin/sh", BackupScripts.DIR + "/" + Offsite.SCRIPT, "before",
                        BackupScripts.DIR + "/" + ExampleStore.RESTORE_SCRIPT),
                restore.at("spec.jobTemplate.spec.template.spec.containers[0].command").list());
        assertTrue(restore.at("spec.jobTemplate.spec.template.spec.volumes").list().toString()
                .contains("claimName=data-" + NAME + "-0"), "the restore mounts the server's data claim");
    }

    @Test
    void itsBackupAndItsOwnAlertAreWatched() {
        List<String> alerts = new ArrayList<>();
        for (Map<String, Object> rule : rules(with)) {
            if (NAME.equals(Manifest.map(rule.get("labels")).get("store"))) {
                alerts.add(rule.get("alert").toString());
            }
        }
        assertEquals(List.of("DataLayerBackupTooOld", "DataLayerBackupFailed", "DataLayerBackupMetricsMissing",
                "DataLayerOffsiteCopyLagging", "DataLayerExampleCacheRestarting"), alerts);
        String rules = with.get("PrometheusRule", "data-layer-alerts").toString();
        assertTrue(rules.contains("cronjob=\"" + NAME + "-backup\"") && rules.contains("cronjob=\"" + NAME + "-offsite-sync\""),
                "the backup alerts watch the example's CronJobs");
    }

    @Test
    void passesTheLayersPoliciesItsStoresRulesAndTheUpstreamSchemas() throws IOException {
        List<Manifest> manifests = Manifest.parse("prod/data-layer.k8s.yaml", with.yaml());
        assertEquals(List.of(), Policies.check(manifests, prodWithExample().stores().stream()
                .flatMap(s -> s.rules().stream()).toList()).stream().map(Violation::toString).toList());
        NodeScript.Result schemas = NodeScript.run(NodeScript.VALIDATE_MANIFESTS, prodWith);
        assertEquals(List.of(), schemas.findings());
        assertEquals(0, schemas.exitCode(), schemas.summary());
        NodeScript.Result promql = NodeScript.run(NodeScript.CHECK_PROMQL, prodWith);
        assertEquals(0, promql.exitCode(), promql.findings() + " " + promql.summary());
    }

    @Test
    void postgresAndRedisAreUnchangedByAddingIt() {
        List<Map<String, Object>> others = new ArrayList<>(with.objects());
        others.removeAll(exampleObjects(with));
        // The one shared object: the alerts, minus the example's rules.
        for (int i = 0; i < others.size(); i++) {
            if ("PrometheusRule".equals(others.get(i).get("kind"))) {
                others.set(i, withoutExampleRules(others.get(i)));
            }
        }
        assertEquals(without.objects(), others);
        assertTrue(with.objects().size() > without.objects().size());
    }

    /**
     * backup.sh and restore.sh from the synthesized ConfigMap with the CronJobs' env (host, port and
     * paths mapped), against Debian's redis-server started with the StatefulSet's own args.
     */
    @Test
    void itsBackupAndRestoreRunForReal() throws Exception {
        Path scripts = Files.createDirectory(tmp.resolve("scripts"));
        Path backups = Files.createDirectory(tmp.resolve("backups"));
        Path data = Files.createDirectory(tmp.resolve("data"));
        for (Map.Entry<String, Object> e : with.get("ConfigMap", NAME + "-backup-scripts").at("data").map().entrySet()) {
            Files.writeString(scripts.resolve(e.getKey()), e.getValue().toString(), StandardCharsets.UTF_8);
        }
        int port = freePort();
        Process server = startServer(data, port);
        try {
            cli(port, "SET", "greeting", "hello");
            cli(port, "SET", "answer", "42");
            PostgresServer.Result backup = runScript(scripts, NAME + "-backup", ExampleStore.BACKUP_SCRIPT, port, backups, data);
            assertEquals(0, backup.exitCode(), backup.output());
            assertTrue(backup.output().contains("DATALAYER_BACKUP_SUMMARY {\"store\":\"" + NAME + "\""), backup.output());
            List<Path> runs;
            try (Stream<Path> s = Files.list(backups.resolve("runs"))) {
                runs = s.toList();
            }
            assertEquals(1, runs.size());
            List<String> manifest = Files.readAllLines(runs.get(0).resolve("manifest"));
            assertTrue(manifest.contains("outcome complete") && manifest.contains("store " + NAME), manifest.toString());

            // A restore refuses while the cache answers, then brings the snapshot back once it is stopped.
            cli(port, "SET", "greeting", "changed");
            PostgresServer.Result refused = runScript(scripts, NAME + "-restore", ExampleStore.RESTORE_SCRIPT, port, backups, data);
            assertEquals(1, refused.exitCode(), refused.output());
            cli(port, "SHUTDOWN", "NOSAVE");
            server.waitFor(10, TimeUnit.SECONDS);
            PostgresServer.Result restore = runScript(scripts, NAME + "-restore", ExampleStore.RESTORE_SCRIPT, port, backups, data);
            assertEquals(0, restore.exitCode(), restore.output());
            server = startServer(data, port);
            assertEquals("hello", cli(port, "GET", "greeting"));
            assertEquals("42", cli(port, "GET", "answer"));
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static String name(Map<String, Object> o) {
        return Node.of(o).at("metadata.name").value().toString();
    }

    /** The example's objects: every object whose name is the store's or starts with it. */
    private static List<Map<String, Object>> exampleObjects(Manifests m) {
        return m.objects().stream().filter(o -> name(o).equals(NAME) || name(o).startsWith(NAME + "-")).toList();
    }

    private static List<Map<String, Object>> rules(Manifests m) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object group : m.get("PrometheusRule", "data-layer-alerts").at("spec.groups").list()) {
            Manifest.list(Manifest.map(group).get("rules")).forEach(r -> out.add(Manifest.map(r)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutExampleRules(Map<String, Object> prometheusRule) {
        Map<String, Object> copy = deepCopy(prometheusRule);
        for (Object group : (List<Object>) ((Map<String, Object>) copy.get("spec")).get("groups")) {
            ((List<Object>) ((Map<String, Object>) group).get("rules"))
                    .removeIf(r -> NAME.equals(((Map<String, Object>) ((Map<String, Object>) r).get("labels")).get("store")));
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, deepCopy(v)));
            return (T) out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(deepCopy(v)));
            return (T) out;
        }
        return value;
    }

    private PostgresServer.Result runScript(Path scripts, String cronJob, String script, int port, Path backups, Path data) {
        Map<String, String> env = JobEnv.of(with, cronJob);
        Map<String, String> local = new LinkedHashMap<>();
        local.put("CACHE_HOST", "127.0.0.1");
        local.put("CACHE_PORT", Integer.toString(port));
        local.put("BACKUP_DIR", backups.toString());
        if (env.containsKey("CACHE_DATA_DIR")) {
            local.put("CACHE_DATA_DIR", data.toString());
        }
        local.forEach((k, v) -> {
            assertTrue(env.containsKey(k), cronJob + " does not set " + k);
            env.put(k, v);
        });
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", scripts.resolve(script).toString()).directory(tmp.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("TMPDIR", tmp.toString());
        return PostgresServer.run(pb);
    }

    /** Debian's redis-server with the StatefulSet's own args, its dir and port mapped, on 127.0.0.1. */
    private Process startServer(Path data, int port) throws Exception {
        List<String> args = new ArrayList<>();
        for (Object a : with.get("StatefulSet", NAME).at("spec.template.spec.containers[0].args").list()) {
            args.add(a.toString());
        }
        args.set(args.indexOf("--dir") + 1, data.toString());
        args.set(args.indexOf("--port") + 1, Integer.toString(port));
        args.addAll(List.of("--bind", "127.0.0.1", "--daemonize", "no"));
        Process p = new ProcessBuilder(args).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("server-" + System.nanoTime() + ".log").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try {
                if ("PONG".equals(cli(port, "PING"))) {
                    return p;
                }
            } catch (AssertionError notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("redis-server did not start on port " + port);
    }

    private static String cli(int port, String... args) {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        PostgresServer.Result r = PostgresServer.run(new ProcessBuilder(cmd));
        if (r.exitCode() != 0 || r.output().startsWith("Could not connect")) {
            throw new AssertionError("redis-cli " + List.of(args) + ": " + r.output());
        }
        return r.output().strip();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
