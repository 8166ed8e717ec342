package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.testing.Await;
import io.datalayer.testing.JobEnv;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Postgres18Binaries;
import io.datalayer.testing.Postgres18Server;
import io.datalayer.testing.PostgresServer;
import io.datalayer.testing.ProcScan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
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

/**
 * Rotation end to end on PostgreSQL 18.4: the server and the password-sync sidecar run as the
 * synthesized StatefulSet runs them (the sidecar's script from its ConfigMap, its command, env and
 * mounts), the Secret volume is updated the way the kubelet does it, and a TCP client checks which
 * password logs in. The server logs every statement ({@code log_statement=all}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PasswordRotationTest {
    /** The prop the test synthesizes with; the README's delay is this plus a psql round trip. */
    private static final int INTERVAL = 1;
    /** What the test allows from the file swap to the new password working. */
    private static final Duration STATED_DELAY = Duration.ofSeconds(INTERVAL + 5);
    private static final String A = password("A");
    private static final String B = password("B");
    private static final String C = password("C");
    private static Postgres18Server server;
    private static Manifests manifests;
    private static Process sidecar;

    @BeforeAll
    static void start() {
        manifests = Manifests.of(chart -> new PostgresBackup(chart, "backup", new Postgres(chart, "postgresql",
                Environments.prod().store(PostgresStore.class).server().toBuilder().parameters(Map.of("log_statement", "all")).passwordSyncIntervalSeconds(INTERVAL).build()),
                Environments.prod().store(PostgresStore.class).backup()));
        server = Postgres18Server.start(manifests, "postgresql", A);
        List<String> command = server.commandOf(PasswordSync.CONTAINER);
        assertEquals(List.of("/bin/sh", "/opt/data-layer/superuser-sync.sh"), command);
        sidecar = server.start(PasswordSync.CONTAINER, command, server.portOverride(PasswordSync.CONTAINER));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void theSuperuserPasswordFollowsTheSecret() {
        awaitLog("set the password of postgres from /etc/postgresql-superuser/password", 1);
        assertEquals("postgres", server.sql("postgres", A, "SELECT current_user"));
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            PostgresServer.Result r = server.probe(PasswordSync.CONTAINER, probe);
            assertEquals(0, r.exitCode(), probe + ": " + r.output());
        }

        // B: no process's command line or environment may hold it while the sidecar works.
        ProcScan scan = ProcScan.start(B);
        long swapped = System.nanoTime();
        server.rotateSecret(B);
        Duration took = awaitLogin(B);
        scan.stop();
        assertTrue(took.compareTo(STATED_DELAY) <= 0, "B logged in only after " + took);
        assertEquals(List.of(), scan.findings(), "the new password was visible in /proc");
        assertTrue(scan.rounds() > 5, "the /proc scan hardly ran: " + scan.rounds());
        assertRefused(A);
        assertBackupJobLogsIn();
        System.out.printf("rotation: B logs in %d ms after the kubelet-style swap%n", (System.nanoTime() - swapped) / 1_000_000);

        // Malformed values: refused with a clear line, B keeps working.
        server.rotateSecret("");
        awaitLog("/etc/postgresql-superuser/password is empty; the superuser password stays as it was", 1);
        server.rotateSecret("short-but-set");
        awaitLog("has 13 characters, fewer than 16; the superuser password stays as it was", 1);
        // 14 characters in 18 bytes: counted as characters, as synth's Vault check counts them.
        server.rotateSecret("gr\u00fc\u00dfe-gr\u00fc\u00dfe-ok");
        awaitLog("has 14 characters, fewer than 16; the superuser password stays as it was", 1);
        server.rotateSecret("two lines\nof a password that is long");
        awaitLog("spans lines; the superuser password stays as it was", 1);
        assertEquals("postgres", server.sql("postgres", B, "SELECT current_user"));
        assertRefused("short-but-set");

        // Two swaps inside one interval: the server ends on the last value.
        String skipped = password("X");
        server.rotateSecret(skipped);
        server.rotateSecret(B + "-again");
        awaitLogin(B + "-again");
        assertRefused(skipped);

        // A value that ends in a line break (an editor's newline): dropped, as the image's entrypoint does.
        server.rotateSecret(C + "\n");
        awaitLogin(C);
        assertRefused(B);

        String log = server.log();
        assertTrue(log.contains("statement: SET log_statement = 'none'"), "log_statement=all was not in force:\n" + log);
        for (String secret : List.of(A, B, C, skipped, "short-but-set", "of a password that is long")) {
            assertFalse(log.contains(secret), "a password value is in the server or sidecar log");
        }
        assertFalse(log.contains("SCRAM-SHA-256$"), "a SCRAM verifier is in the server log");
        assertFalse(log.contains("PASSWORD"), "an ALTER ROLE ... PASSWORD statement is in the server log");
        assertTrue(sidecar.isAlive(), "the sidecar stopped");
    }

    @Test
    @Order(2)
    void aRestartedSidecarAppliesAPasswordThatChangedWhileItWasDown() throws Exception {
        awaitLog("set the password of postgres from", 1);
        String before = server.sql("postgres", currentPassword(), "SELECT 1");
        assertEquals("1", before);
        Postgres18Server.kill(sidecar);
        assertTrue(ProcessHandle.current().descendants().noneMatch(h -> h.info().commandLine().orElse("")
                .contains("/opt/data-layer/superuser-sync.sh")), "a sidecar still runs");

        // A stuck loop (no heartbeat for longer than 3 intervals + 30 s) fails both probes.
        Path heartbeat = server.volume("password-sync-tmp").resolve("password-sync.alive");
        Files.setLastModifiedTime(heartbeat, FileTime.from(Instant.now().minusSeconds(3L * INTERVAL + 31)));
        PostgresServer.Result stale = server.probe(PasswordSync.CONTAINER, "livenessProbe");
        assertEquals(1, stale.exitCode(), stale.output());
        assertTrue(stale.output().contains("(limit 33s): the sync loop is stuck"), stale.output());

        // The Secret changes while nothing watches it (as when the pod was down); the next start applies it.
        // Leading blanks and non-ASCII letters survive the file, the prompt and SCRAM's SASLprep.
        String d = " \tD-gr\u00fc\u00dfe-" + password("D");
        server.rotateSecret(d);
        sidecar = server.start(PasswordSync.CONTAINER, server.commandOf(PasswordSync.CONTAINER),
                server.portOverride(PasswordSync.CONTAINER), true);
        awaitLogin(d);
        assertEquals(0, server.probe(PasswordSync.CONTAINER, "readinessProbe").exitCode());
        assertFalse(server.log().contains(d), "the password is in the log");

        // Kubernetes stops the container with SIGTERM to its PID 1, the shell, which ignores signals
        // it has no handler for: the script's trap makes it stop at once, not after the grace period.
        long pid1 = Postgres18Server.pid1Of(sidecar);
        long sent = System.nanoTime();
        PostgresServer.run(new ProcessBuilder("kill", "-TERM", Long.toString(pid1)));
        assertTrue(sidecar.waitFor(5, TimeUnit.SECONDS), "the sidecar ignored SIGTERM");
        System.out.printf("password-sync stopped %d ms after SIGTERM%n", (System.nanoTime() - sent) / 1_000_000);
        awaitLog("password-sync: stopping", 1);
    }

    /** The password the Secret volume holds now (the tests share one server). */
    private static String currentPassword() throws IOException {
        return Files.readString(server.volume("superuser").resolve("password")).replaceAll("\n+$", "");
    }

    /**
     * The backup job after a rotation: backup.sh from the synthesized ConfigMap, with the CronJob's
     * env, reading the same kubelet-laid-out Secret file, logs in with the new password (it lists
     * the databases with psql). Its pg_dumpall is Debian's 15, which refuses an 18 server after
     * logging in: that refusal, not a password failure, is the expected end here (BackupScriptsTest
     * covers the dumps on a 15 server).
     */
    private static void assertBackupJobLogsIn() {
        try {
            Path work = Files.createTempDirectory("backup-after-rotation-");
            try {
                // Every file of the scripts ConfigMap: backup.sh sources its libraries beside it.
                for (Map.Entry<String, Object> file : manifests.get("ConfigMap", "postgresql-backup-scripts").at("data").map()
                        .entrySet()) {
                    Files.writeString(work.resolve(file.getKey()), file.getValue().toString());
                }
                Path script = work.resolve(PostgresBackup.BACKUP_SCRIPT);
                Path dumps = Files.createDirectory(work.resolve("backups"));
                Map<String, String> env = new TreeMap<>(JobEnv.of(manifests, "postgresql-backup"));
                assertEquals("/etc/postgresql-superuser/password", env.get("POSTGRES_PASSWORD_FILE"));
                env.putAll(Map.of("PGHOST", "127.0.0.1", "PGPORT", Integer.toString(server.port()),
                        "POSTGRES_PASSWORD_FILE", server.volume("superuser").resolve("password").toString(),
                        "BACKUP_DIR", dumps.toString(), "TMPDIR", work.toString(),
                        "PATH", Postgres18Binaries.imagePathVariable()));
                ProcessBuilder pb = new ProcessBuilder("/bin/sh", script.toString());
                pb.environment().clear();
                pb.environment().putAll(env);
                PostgresServer.Result r = PostgresServer.run(pb);
                assertFalse(r.output().contains("password authentication failed"), r.output());
                assertTrue(r.output().contains("server version mismatch"), r.output());
                assertFalse(r.output().contains(B), "the password is in the backup job's output");
            } finally {
                PostgresServer.deleteTree(work);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertRefused(String password) {
        PostgresServer.Result r = server.psql("postgres", password, "postgres", "SELECT 1");
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("password authentication failed for user \"postgres\""), r.output());
    }

    private static Duration awaitLogin(String password) {
        long start = System.nanoTime();
        long deadline = start + STATED_DELAY.multipliedBy(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (server.psql("postgres", password, "postgres", "SELECT 1").exitCode() == 0) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            sleep(100);
        }
        throw new AssertionError("the new password never logged in; log:\n" + tail(server.log()));
    }

    /** 24 random hex characters with a tag and the characters a shell or SQL would trip on. */
    private static String password(String tag) {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return tag + "-" + HexFormat.of().formatHex(bytes) + " $'\"\\;`";
    }

    private static void awaitLog(String line, int times) {
        Await.logLine(server::log, line, times, STATED_DELAY.multipliedBy(3));
    }

    private static void sleep(long millis) {
        Await.sleep(millis);
    }

    private static String tail(String log) {
        return Await.tail(log);
    }
}
