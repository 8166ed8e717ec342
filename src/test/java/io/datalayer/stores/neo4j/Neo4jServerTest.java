package io.datalayer.stores.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.kit.ConfigFiles;
import io.datalayer.kit.Resources;
import io.datalayer.testing.Await;
import io.datalayer.testing.Digests;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Neo4jServer;
import io.datalayer.testing.PodProcesses;
import io.datalayer.testing.PostgresServer;
import io.datalayer.testing.ProcScan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.AuthenticationException;

/**
 * The synthesized server on a real Neo4j (the image's patch, from Maven): neo4j.conf and the
 * supervisor exactly as the pod has them, in a sandbox with the pod's read-only root, uid 7474 and
 * mounts (see {@link Neo4jServer}); one server for the class. Also the supervisor's side of the
 * maintenance protocol: first with a test stand-in for the backup side's scripts
 * ({@code maintenance-stand-in.sh} as backup.sh and restore.sh on the backup volume, NEO4J_SCRIPTS_DIR
 * overridden to it) and a 15 s window, for the supervisor's own cases (overrun, stale, killed
 * container); then, after the container's restart, with the manifest's own env: the REAL backup.sh
 * from the store's scripts ConfigMap, asked by the backup CronJob's pod ({@code request.sh}, run by
 * {@link Neo4jServer#startJob} in its own sandbox on the server's backup volume), once to the end
 * and once killed mid-backup. The server's poll is 1 s (props) for time. The pod is wired as the
 * store wires it ({@link Neo4jStore#wire}), with dev's backup settings.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Neo4jServerTest {
    static final String ADMIN = password("admin") + " \"q\\'$#";
    static final String APP = password("app");
    static final String ADMIN_2 = password("admin2");
    static final String APP_2 = password("app2");
    static final String ADMIN_3 = password("admin3");
    static final int WINDOW = 15;
    private static Neo4jServer neo4j;
    private static ProcScan scan;
    private static Neo4j construct;
    private static Duration startup;
    private static Manifests manifests;

    @BeforeAll
    static void start() {
        Neo4jProps props = Environments.dev().store(Neo4jStore.class).server().toBuilder()
                .resources(new Resources("100m", "1Gi", "2", "1Gi")).maintenancePollSeconds(1).build();
        Neo4jStore store = Environments.dev().store(Neo4jStore.class);
        manifests = Manifests.of(chart -> construct = Neo4jStore.wire(chart, props, store.backup(), store.restore(), null).server());
        scan = ProcScan.start(ADMIN, APP, ADMIN_2, APP_2, ADMIN_3);
        neo4j = Neo4jServer.start(manifests, "neo4j", Neo4j.SERVER_CONTAINER, "neo4j-config", secrets(ADMIN, APP),
                overrides());
        startup = neo4j.lastStart();
        // The stand-in scripts on the backup volume; overrides() points NEO4J_SCRIPTS_DIR at them until
        // the real backup.sh takes over (after the container's restart in test 10).
        try {
            Path standIn = Files.createDirectories(neo4j.volume("backups").resolve("stand-in"));
            for (String script : List.of("backup.sh", "restore.sh")) {
                Files.writeString(standIn.resolve(script), ConfigFiles.read(Neo4jServerTest.class, "maintenance-stand-in.sh"));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.out.println("Neo4jServerTest: supervisor start to neo4j ready (first start, initial password): " + startup);
    }

    @AfterAll
    static void stop() {
        try {
            if (scan != null) {
                scan.stop();
            }
        } finally {
            if (neo4j != null) {
                // The pod's log for a failed run's reader (the server's folders go with close()).
                try {
                    Files.writeString(Path.of("target", "Neo4jServerTest-pod.log"), neo4j.log());
                } catch (IOException e) {
                    System.err.println("cannot keep the pod log: " + e);
                }
                neo4j.close();
            }
        }
    }

    @Test
    @Order(1)
    void everyShippedSettingReadsBackFromTheRunningServer() {
        Map<String, String> running = new TreeMap<>();
        for (Record r : query(Neo4j.ADMIN_USER, ADMIN, "system", "CALL dbms.listConfig() YIELD name, value RETURN name, value")) {
            running.put(r.get("name").asString(), r.get("value").asString());
        }
        Map<String, String> shipped = new LinkedHashMap<>();
        for (String line : neo4j.confLines()) {
            shipped.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        assertEquals(Neo4jConfig.settings(construct.props(), construct.host()).keySet(), shipped.keySet());
        for (Map.Entry<String, String> e : shipped.entrySet()) {
            assertTrue(running.containsKey(e.getKey()), e.getKey() + " is not a setting of the running server");
            assertEquals(normalized(e.getValue()), normalized(running.get(e.getKey())), e.getKey());
        }
    }

    @Test
    @Order(2)
    void everyProbeCommandPasses() {
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            PostgresServer.Result r = neo4j.probe(probe);
            assertEquals(0, r.exitCode(), probe + ": " + r.output());
        }
    }

    @Test
    @Order(3)
    void theVaultPasswordsLogInAndTheDefaultAndAWrongOneAreRefused() {
        assertEquals(1L, query(Neo4j.ADMIN_USER, ADMIN, "neo4j", "RETURN 1 AS one").get(0).get("one").asLong());
        Await.logLine(neo4j::log, "user app has the Secret's password", 1, Duration.ofSeconds(60));
        assertEquals(2L, query("app", APP, "neo4j", "RETURN 2 AS two").get(0).get("two").asLong());
        assertThrows(AuthenticationException.class, () -> query(Neo4j.ADMIN_USER, "neo4j", "neo4j", "RETURN 1"));
        assertThrows(AuthenticationException.class, () -> query(Neo4j.ADMIN_USER, ADMIN + "x", "neo4j", "RETURN 1"));
        assertThrows(AuthenticationException.class, () -> query("app", ADMIN, "neo4j", "RETURN 1"));
        // Community: the app user may write (no roles to hold it back); the docs say so.
        query("app", APP, "neo4j", "CREATE (:Probe {by: 'app'})");
        assertEquals(1L, query(Neo4j.ADMIN_USER, ADMIN, "neo4j", "MATCH (p:Probe) RETURN count(p) AS n").get(0).get("n").asLong());
    }

    @Test
    @Order(4)
    void rotatedSecretsConvergeAndTheOldPasswordsStopWorking() {
        neo4j.rotateSecret("neo4j-admin", Map.of(Neo4jProps.ADMIN_PASSWORD_KEY, ADMIN_2));
        neo4j.rotateSecret("neo4j-app", Map.of(Neo4jProps.APP_PASSWORD_KEY, APP_2));
        Await.logLine(neo4j::log, "admin password changed to the Secret's value", 1, Duration.ofSeconds(60));
        Await.logLine(neo4j::log, "user app has the Secret's password", 2, Duration.ofSeconds(60));
        assertEquals(1L, query(Neo4j.ADMIN_USER, ADMIN_2, "neo4j", "RETURN 1 AS one").get(0).get("one").asLong());
        assertEquals(1L, query("app", APP_2, "neo4j", "RETURN 1 AS one").get(0).get("one").asLong());
        assertThrows(AuthenticationException.class, () -> query(Neo4j.ADMIN_USER, ADMIN, "neo4j", "RETURN 1"));
        assertThrows(AuthenticationException.class, () -> query("app", APP, "neo4j", "RETURN 1"));
    }

    @Test
    @Order(5)
    void aShortSecretIsRefusedAndTheServerKeepsThePasswordItHas() {
        neo4j.rotateSecret("neo4j-app", Map.of(Neo4jProps.APP_PASSWORD_KEY, "short"));
        Await.logLine(neo4j::log, "the app password in /etc/neo4j-app/password is shorter than 16 characters; refused", 1,
                Duration.ofSeconds(30));
        assertEquals(1L, query("app", APP_2, "neo4j", "RETURN 1 AS one").get(0).get("one").asLong());
        neo4j.rotateSecret("neo4j-app", Map.of(Neo4jProps.APP_PASSWORD_KEY, APP_2));
    }

    @Test
    @Order(6)
    void aBackupRequestStopsTheServerRunsTheScriptAndStartsItAgain() throws IOException {
        Path backups = neo4j.volume("backups");
        Files.writeString(backups.resolve("test-mode"), "pause");
        request("backup-job-1", "backup", "", now());
        Await.until(() -> Files.exists(backups.resolve("test-paused")), "the script runs");
        // Meanwhile: the request is taken, neo4j is down (not ready), and the container is still alive.
        assertTrue(Files.exists(backups.resolve(".requests/backup-job-1.taken")));
        assertNotEquals(0, neo4j.probe("readinessProbe").exitCode());
        assertEquals(0, neo4j.probe("livenessProbe").exitCode(), "liveness must pass during a maintenance");
        Files.delete(backups.resolve("test-paused"));
        Map<String, String> result = result("backup-job-1");
        assertEquals("0", result.get("status"));
        assertEquals("TEST_SUMMARY backup ok", result.get("summary"));
        assertTrue(Integer.parseInt(result.get("downtime_seconds")) > 0, result.toString());
        // The result first, then the taken file goes (the Job always sees one of them).
        Await.until(() -> !Files.exists(backups.resolve(".requests/backup-job-1.taken")), "backup-job-1.taken to go");
        assertTrue(Files.readString(backups.resolve("test-runs.log")).contains("backup neo4j-answered=no run="));
        assertServing();
        System.out.println("Neo4jServerTest: backup maintenance downtime (stop, stand-in script, start): "
                + result.get("downtime_seconds") + " s");
    }

    @Test
    @Order(8)
    void aScriptThatOverrunsItsWindowIsKilledTheFailureIsReportedAndTheServerComesBack() throws IOException {
        Path backups = neo4j.volume("backups");
        Files.writeString(backups.resolve("test-mode"), "hang");
        request("restore-job-2", "restore", "2026-12-01T02-00-00Z", now());
        Map<String, String> result = result("restore-job-2");
        assertEquals("143", result.get("status"), "the script's own exit status: killed by SIGTERM");
        assertEquals("killed: restore.sh overran the " + WINDOW + "s maintenance window", result.get("summary"));
        assertTrue(Files.exists(backups.resolve("test-hanging")));
        assertTrue(Files.readString(backups.resolve("test-runs.log")).contains("restore neo4j-answered=no run=2026-12-01T02-00-00Z"),
                "the restore gets the request's run as RESTORE_RUN");
        assertServing();
    }

    @Test
    @Order(9)
    void aRequestOlderThanTheWindowIsAnsweredAndNotRun() throws IOException {
        Path backups = neo4j.volume("backups");
        String runsBefore = Files.readString(backups.resolve("test-runs.log"));
        request("backup-job-3", "backup", "", now() - WINDOW - 100);
        Map<String, String> result = result("backup-job-3");
        assertEquals("1", result.get("status"));
        assertTrue(result.get("summary").startsWith("refused: the request is "), result.toString());
        assertEquals(runsBefore, Files.readString(backups.resolve("test-runs.log")), "the script must not run");
    }

    @Test
    @Order(10)
    void aServerContainerKilledDuringAMaintenanceComesBackServingAnswersTheStaleRequestAndAppliesARotation() throws IOException {
        Path backups = neo4j.volume("backups");
        Files.writeString(backups.resolve("test-mode"), "pause");
        request("backup-job-4", "backup", "", now());
        Await.until(() -> Files.exists(backups.resolve("test-paused")), "the script runs");
        neo4j.killContainer(); // the pod dies mid-maintenance: the supervisor, neo4j stopped, the script
        Files.delete(backups.resolve("test-paused"));
        Files.writeString(backups.resolve("test-mode"), "ok");
        request("backup-job-5", "backup", "", now()); // waiting while the container was down
        // Rotated while no container runs: the password applied last is on the data volume, so the new one converges.
        neo4j.rotateSecret("neo4j-admin", Map.of(Neo4jProps.ADMIN_PASSWORD_KEY, ADMIN_3));
        // From here on the container's env is the manifest's own: the real backup.sh and restore.sh, its window.
        neo4j.startContainer(Map.of());
        System.out.println("Neo4jServerTest: container restart to neo4j ready: " + neo4j.lastStart());
        Map<String, String> taken = result("backup-job-4");
        assertEquals("1", taken.get("status"));
        assertTrue(taken.get("summary").startsWith("discarded: the server container restarted"), taken.toString());
        assertEquals("1", result("backup-job-5").get("status"));
        Await.until(() -> !Files.exists(backups.resolve(".requests/backup-job-4.taken")), "backup-job-4.taken to go");
        Await.logLine(neo4j::log, "admin password changed to the Secret's value", 2, Duration.ofSeconds(60));
        admin = ADMIN_3;
        assertServing();
        assertThrows(AuthenticationException.class, () -> query(Neo4j.ADMIN_USER, ADMIN_2, "neo4j", "RETURN 1"));
    }

    @Test
    @Order(11)
    void theBackupJobsRequestIsAnsweredByTheRealBackupAndTheServerServesAgain() throws IOException, InterruptedException {
        Path backups = neo4j.volume("backups");
        String id = "neo4j-backup-29420001-e2e01";
        Neo4jServer.Job job = neo4j.startJob("neo4j-backup", id);
        assertTrue(job.process().waitFor(240, TimeUnit.SECONDS), "the backup Job did not end; its log:\n" + job.log() + neo4j.log());
        assertEquals(0, job.process().exitValue(), job.log() + Await.tail(neo4j.log()));
        // The summary line request.sh prints: the run's, as backup.sh's runs.sh wrote it, with the downtime.
        List<String> summary = job.log().lines().filter(l -> l.startsWith("DATALAYER_BACKUP_SUMMARY ")).toList();
        assertEquals(1, summary.size(), job.log());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("DATALAYER_BACKUP_SUMMARY \\{\"store\":\"neo4j\",\"run\":\"(\\d{6}-\\d{8}T\\d{6}Z)\","
                + "\"outcome\":\"complete\",\"recorded\":true,\"databases\":2,\"bytes\":\\d+,\"seconds\":\\d+,\"failures\":0,"
                + "\"downtime_seconds\":(\\d+)}").matcher(summary.get(0));
        assertTrue(m.matches(), summary.get(0));
        assertTrue(neo4j.log().contains("request " + id + ": backup; the server stops"), Await.tail(neo4j.log()));
        // Recorded and proven: the manifest holds each dump's size and SHA-256, and its proof by a load.
        Path run = backups.resolve("runs").resolve(m.group(1));
        String manifest = Files.readString(run.resolve("manifest"));
        assertTrue(manifest.contains("\noutcome complete\n"), manifest);
        for (String db : List.of("neo4j", "system")) {
            Path dump = run.resolve(db + ".dump");
            assertTrue(manifest.contains("\nfile " + db + ".dump " + Files.size(dump) + " " + Digests.sha256(dump) + "\n"), manifest);
            assertTrue(manifest.matches("(?s).*\ndump " + db + " \\d+ \\S+ \\d+ \\d+\n.*"), manifest);
        }
        assertEquals(List.of(), requestFiles(id), "the Job removed its result, the supervisor its taken file");
        assertServing();
        System.out.println("Neo4jServerTest: real backup.sh through request.sh: downtime_seconds " + m.group(2)
                + " (neo4j stopped, two dumps proven, neo4j started)");
    }

    @Test
    @Order(12)
    void aBackupJobKilledMidBackupLeavesTheServerComingBackByItself() throws IOException, InterruptedException {
        Path backups = neo4j.volume("backups");
        String id = "neo4j-backup-29420002-e2e02";
        Neo4jServer.Job job = neo4j.startJob("neo4j-backup", id);
        Await.logLine(neo4j::log, "request " + id + ": backup; the server stops", 1, Duration.ofSeconds(60));
        PodProcesses.kill(job.process()); // the Job's pod dies (SIGKILL, node loss) while neo4j is down for it
        assertFalse(job.process().isAlive());
        // Nobody waits for the result now; the supervisor still finishes, writes it, and starts neo4j.
        Await.logLine(neo4j::log, "request " + id + " done: status 0", 1, Duration.ofSeconds(300));
        Map<String, String> result = result(id);
        assertEquals("0", result.get("status"), result.toString());
        Await.until(() -> requestFiles(id).equals(List.of(id + ".result")), "the supervisor to remove " + id + ".taken");
        assertServing();
        try (var runs = Files.list(backups.resolve("runs"))) {
            assertEquals(2, runs.count(), "the killed Job's backup is recorded too");
        }
    }

    @Test
    @Order(13)
    void sigtermStopsNeo4jAndTheSupervisorCleanly() {
        assertEquals(0, neo4j.terminateContainer(), neo4j.log());
        assertTrue(neo4j.log().contains("supervisor: neo4j stopped"), Await.tail(neo4j.log()));
    }

    @Test
    @Order(14)
    void noPasswordReachedACommandLineAnEnvironmentOrTheLog() {
        assertEquals(List.of(), scan.findings());
        assertTrue(scan.rounds() > 10, "the scan watched the whole run");
        String log = neo4j.log();
        for (String secret : List.of(ADMIN, APP, ADMIN_2, APP_2, ADMIN_3)) {
            assertFalse(log.contains(secret), "a password is in the pod's log");
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** A short window and the stand-in scripts, for the supervisor's own tests (6 to 10). */
    static Map<String, String> overrides() {
        return Map.of("NEO4J_MAINTENANCE_WINDOW_SECONDS", Integer.toString(WINDOW), "NEO4J_SCRIPTS_DIR", "/backups/stand-in");
    }

    /** The admin password the server has now (rotated twice by the tests). */
    private static String admin = ADMIN_2;

    private static void assertServing() {
        assertEquals(0, neo4j.probe("readinessProbe").exitCode());
        assertEquals(1L, query(Neo4j.ADMIN_USER, admin, "neo4j", "MATCH (p:Probe) RETURN count(p) AS n").get(0).get("n").asLong());
    }

    private static List<String> requestFiles(String id) {
        try (var files = Files.list(neo4j.volume("backups").resolve(".requests"))) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(id + ".")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** A job's request, written as request.sh writes it: a temporary file, then a rename. */
    private static void request(String id, String action, String run, long requested) throws IOException {
        Path dir = neo4j.volume("backups").resolve(".requests");
        Path tmp = dir.resolve(id + ".request.tmp");
        Files.writeString(tmp, "action " + action + "\nid " + id + "\nrun " + run + "\nrequested " + requested + "\n");
        PostgresServer.run(new ProcessBuilder("chown", "7474:7474", tmp.toString()));
        Files.move(tmp, dir.resolve(id + ".request"));
    }

    /** Waits for the supervisor's result of request {@code id} and reads it. */
    private static Map<String, String> result(String id) throws IOException {
        Path file = neo4j.volume("backups").resolve(".requests/" + id + ".result");
        Await.until(() -> Files.exists(file), "the result of " + id);
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int space = line.indexOf(' ');
            out.put(line.substring(0, space), line.substring(space + 1));
        }
        return out;
    }

    static List<Record> query(String user, String password, String database, String cypher) {
        try (Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.basic(user, password),
                Config.builder().withoutEncryption().withMaxConnectionPoolSize(1).build());
             Session session = driver.session(SessionConfig.forDatabase(database))) {
            return session.run(cypher).list();
        }
    }

    /** Memory sizes as neo4j reports them ("409.0MiB", "409m") compared as bytes; other values as text. */
    private static String normalized(String value) {
        var m = java.util.regex.Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*(m|MiB|k|KiB|g|GiB)?$").matcher(value);
        if (!m.matches() || m.group(2) == null) {
            return value;
        }
        double unit = switch (m.group(2)) {
            case "k", "KiB" -> 1 << 10;
            case "m", "MiB" -> 1 << 20;
            default -> 1 << 30;
        };
        return Long.toString((long) (Double.parseDouble(m.group(1)) * unit));
    }

    static Map<String, Map<String, String>> secrets(String admin, String app) {
        return Map.of("neo4j-admin", Map.of(Neo4jProps.ADMIN_PASSWORD_KEY, admin), "neo4j-app", Map.of(Neo4jProps.APP_PASSWORD_KEY, app));
    }

    static String password(String what) {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return what + "-" + HexFormat.of().formatHex(bytes);
    }
}
