package io.datalayer.stores.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.kit.ConfigFiles;
import io.datalayer.kit.Mount;
import io.datalayer.kit.Resources;
import io.datalayer.testing.Await;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Neo4jServer;
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
import org.cdk8s.plus28.k8s.KubeConfigMap;
import org.cdk8s.plus28.k8s.KubeConfigMapProps;
import org.cdk8s.plus28.k8s.ObjectMeta;
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
 * maintenance protocol, with a test stand-in for the backup side's scripts
 * ({@code maintenance-stand-in.sh} as /scripts/backup.sh and restore.sh) and two settings overridden
 * on the container's env for time: a 1 s poll and a 15 s window.
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

    @BeforeAll
    static void start() {
        Neo4jProps props = Environments.dev().store(Neo4jStore.class).server().toBuilder()
                .resources(new Resources("100m", "1Gi", "2", "1Gi")).maintenancePollSeconds(1).build();
        String standIn = ConfigFiles.read(Neo4jServerTest.class, "maintenance-stand-in.sh");
        Manifests manifests = Manifests.of(chart -> {
            construct = new Neo4j(chart, "neo4j", props, List.of(
                    Mount.claim("backups", "neo4j-backups", Neo4j.BACKUPS_DIR),
                    Mount.configMap("scripts", "neo4j-test-scripts", Neo4j.SCRIPTS_DIR)));
            new KubeConfigMap(chart, "test-scripts", KubeConfigMapProps.builder()
                    .metadata(ObjectMeta.builder().name("neo4j-test-scripts").build())
                    .data(Map.of("backup.sh", standIn, "restore.sh", standIn)).build());
        });
        scan = ProcScan.start(ADMIN, APP, ADMIN_2, APP_2, ADMIN_3);
        neo4j = Neo4jServer.start(manifests, "neo4j", Neo4j.SERVER_CONTAINER, "neo4j-config", secrets(ADMIN, APP),
                overrides());
        startup = neo4j.lastStart();
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
        assertFalse(Files.exists(backups.resolve(".requests/backup-job-1.taken")));
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
        neo4j.startContainer(overrides());
        System.out.println("Neo4jServerTest: container restart to neo4j ready: " + neo4j.lastStart());
        Map<String, String> taken = result("backup-job-4");
        assertEquals("1", taken.get("status"));
        assertTrue(taken.get("summary").startsWith("discarded: the server container restarted"), taken.toString());
        assertEquals("1", result("backup-job-5").get("status"));
        assertFalse(Files.exists(backups.resolve(".requests/backup-job-4.taken")));
        Await.logLine(neo4j::log, "admin password changed to the Secret's value", 2, Duration.ofSeconds(60));
        admin = ADMIN_3;
        assertServing();
        assertThrows(AuthenticationException.class, () -> query(Neo4j.ADMIN_USER, ADMIN_2, "neo4j", "RETURN 1"));
    }

    @Test
    @Order(11)
    void sigtermStopsNeo4jAndTheSupervisorCleanly() {
        assertEquals(0, neo4j.terminateContainer(), neo4j.log());
        assertTrue(neo4j.log().contains("supervisor: neo4j stopped"), Await.tail(neo4j.log()));
    }

    @Test
    @Order(12)
    void noPasswordReachedACommandLineAnEnvironmentOrTheLog() {
        assertEquals(List.of(), scan.findings());
        assertTrue(scan.rounds() > 10, "the scan watched the whole run");
        String log = neo4j.log();
        for (String secret : List.of(ADMIN, APP, ADMIN_2, APP_2, ADMIN_3)) {
            assertFalse(log.contains(secret), "a password is in the pod's log");
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    static Map<String, String> overrides() {
        return Map.of("NEO4J_MAINTENANCE_WINDOW_SECONDS", Integer.toString(WINDOW));
    }

    /** The admin password the server has now (rotated twice by the tests). */
    private static String admin = ADMIN_2;

    private static void assertServing() {
        assertEquals(0, neo4j.probe("readinessProbe").exitCode());
        assertEquals(1L, query(Neo4j.ADMIN_USER, admin, "neo4j", "MATCH (p:Probe) RETURN count(p) AS n").get(0).get("n").asLong());
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
