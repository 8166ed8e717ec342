package io.datalayer.stores.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.testing.Await;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Postgres18Server;
import io.datalayer.testing.PostgresServer;
import io.datalayer.testing.ProcScan;
import io.datalayer.testing.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Rotation end to end on a real Redis: the server, the init container and the acl-sync sidecar run
 * as the synthesized StatefulSet runs them (the script and rules from their ConfigMap, the
 * commands, env and mounts), the Secret volumes are updated the way the kubelet does it, and
 * redis-cli checks which password logs in as which user.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AclRotationTest {
    /** The prop the test synthesizes with; the README's delay is this plus an ACL LOAD. */
    private static final int INTERVAL = 1;
    /** What the test allows from the file swap to the new password working. */
    private static final Duration STATED_DELAY = Duration.ofSeconds(INTERVAL + 5);
    private static final String ADMIN_A = RedisServerTest.password("adminA");
    private static final String APP_A = RedisServerTest.password("appA");
    private static final String BACKUP_A = RedisServerTest.password("backupA");
    private static RedisServer redis;
    private static Process sidecar;
    /** Every password the test used, to look for in logs. */
    private static final List<String> USED = new java.util.ArrayList<>();
    private static String admin = ADMIN_A;
    private static String backup = BACKUP_A;

    @BeforeAll
    static void start() {
        RedisProps props = Environments.prod().store(RedisStore.class).server().toBuilder().aclSyncIntervalSeconds(INTERVAL).build();
        redis = RedisServer.start(Manifests.of(chart -> new Redis(chart, "redis", props)), "redis", Redis.SERVER_CONTAINER,
                RedisServerTest.secrets(ADMIN_A, APP_A, BACKUP_A));
        USED.addAll(List.of(ADMIN_A, APP_A, BACKUP_A));
        List<String> command = redis.commandOf(AclSync.CONTAINER);
        assertEquals(List.of("/bin/sh", "/opt/data-layer/acl-sync.sh"), command);
        sidecar = redis.start(AclSync.CONTAINER, command, redis.portOverride(AclSync.CONTAINER), true);
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void everyUsersPasswordFollowsItsSecret() {
        awaitLog("loaded /run/redis/users.acl into the server (4 users)", 1);
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            PostgresServer.Result r = redis.probe(AclSync.CONTAINER, probe);
            assertEquals(0, r.exitCode(), probe + ": " + r.output());
        }

        // The app's password: no process's command line or environment may hold the new one.
        String appB = RedisServerTest.password("appB");
        String adminB = RedisServerTest.password("adminB");
        String backupB = RedisServerTest.password("backupB");
        USED.addAll(List.of(appB, adminB, backupB));
        ProcScan scan = ProcScan.start(appB, adminB, backupB, ADMIN_A);
        long swapped = System.nanoTime();
        redis.rotateSecret("redis-app", Map.of(RedisProps.APP_PASSWORD_KEY, appB));
        Duration took = awaitLogin("app", appB);
        assertTrue(took.compareTo(STATED_DELAY) <= 0, "the new app password logged in only after " + took);
        System.out.printf("rotation: the app user logs in %d ms after the kubelet-style swap%n",
                (System.nanoTime() - swapped) / 1_000_000);
        assertRefused("app", APP_A);
        assertEquals(admin, ADMIN_A);
        assertEquals("admin", redis.reply("admin", ADMIN_A, "ACL", "WHOAMI"), "the admin's unchanged password stopped working");

        // The admin's own password (and backup's, same Secret): ACL LOAD must log in with the old one.
        redis.rotateSecret("redis-users", Map.of(RedisProps.ADMIN_PASSWORD_KEY, adminB, RedisProps.BACKUP_PASSWORD_KEY, backupB));
        awaitLogin("admin", adminB);
        awaitLogin("backup", backupB);
        admin = adminB;
        backup = backupB;
        scan.stop();
        assertEquals(List.of(), scan.findings(), "a password was visible in /proc");
        assertTrue(scan.rounds() > 5, "the /proc scan hardly ran: " + scan.rounds());
        assertRefused("admin", ADMIN_A);
        assertRefused("backup", BACKUP_A);
        assertEquals("app", redis.reply("app", appB, "ACL", "WHOAMI"));
        // The server's probes read the new admin password from their own mount and pass.
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            PostgresServer.Result r = redis.probe(Redis.SERVER_CONTAINER, probe);
            assertEquals(0, r.exitCode(), probe + ": " + r.output());
        }

        // Malformed values: refused with a clear line, every user keeps its password.
        rotateApp("");
        awaitLog("/etc/redis-app/password is empty; the users stay as they were", 1);
        rotateApp("short-but-set");
        awaitLog("has 13 characters, fewer than 16; the users stay as they were", 1);
        // 14 characters in 18 bytes: counted as characters, as synth's Vault check counts them.
        rotateApp("gr\u00fc\u00dfe-gr\u00fc\u00dfe-ok");
        awaitLog("has 14 characters, fewer than 16; the users stay as they were", 1);
        rotateApp("two lines\nof a password that is long");
        awaitLog("spans lines; the users stay as they were", 1);
        assertEquals("app", redis.reply("app", appB, "ACL", "WHOAMI"));
        assertEquals("admin", redis.reply("admin", adminB, "ACL", "WHOAMI"));
        assertRefused("app", "short-but-set");

        // Two swaps inside one interval: the server ends on the last value.
        String skipped = RedisServerTest.password("X");
        String appC = RedisServerTest.password("appC");
        USED.addAll(List.of(skipped, appC));
        rotateApp(skipped);
        rotateApp(appC);
        awaitLogin("app", appC);
        assertRefused("app", skipped);

        // A value that ends in a line break (an editor's newline): dropped, as redis-cli --askpass drops it.
        String appD = RedisServerTest.password("appD");
        USED.add(appD);
        rotateApp(appD + "\n");
        awaitLogin("app", appD);
        assertRefused("app", appC);

        assertNoPasswordInLog();
        RedisServerTest.assertNoValueUnder(redis.volume("acl"), USED.toArray(String[]::new));
        assertTrue(sidecar.isAlive(), "the sidecar stopped");
    }

    @Test
    @Order(2)
    void aRotationWhileTheSidecarIsDownConvergesThroughTheServersRestart() throws Exception {
        Postgres18Server.kill(sidecar);
        // A stuck loop (no heartbeat for longer than 3 intervals + 30 s) fails both probes.
        Path heartbeat = redis.volume(AclSync.TMP_VOLUME).resolve("acl-sync.alive");
        Files.setLastModifiedTime(heartbeat, FileTime.from(Instant.now().minusSeconds(3L * INTERVAL + 31)));
        PostgresServer.Result stale = redis.probe(AclSync.CONTAINER, "livenessProbe");
        assertEquals(1, stale.exitCode(), stale.output());
        assertTrue(stale.output().contains("(limit 33s): the sync loop is stuck"), stale.output());

        // The admin password changes while nothing watches it; the restarted sidecar renders the file
        // but cannot log in (the server knows neither password it has): it says so and retries.
        String adminE = " \tE-gr\u00fc\u00dfe-" + RedisServerTest.password("adminE");
        USED.add(adminE);
        redis.rotateSecret("redis-users", Map.of(RedisProps.ADMIN_PASSWORD_KEY, adminE, RedisProps.BACKUP_PASSWORD_KEY, backup));
        sidecar = redis.start(AclSync.CONTAINER, redis.commandOf(AclSync.CONTAINER), redis.portOverride(AclSync.CONTAINER), true);
        awaitLog("cannot run ACL LOAD yet", 1);
        // The server's liveness probe logs in with the Secret's admin password and fails ...
        PostgresServer.Result live = redis.probe(Redis.SERVER_CONTAINER, "livenessProbe");
        assertEquals(1, live.exitCode(), live.output());
        assertTrue(live.output().contains("WRONGPASS"), live.output());
        // ... so the kubelet restarts the server container, which reads the rendered file at start.
        assertEquals(0, redis.terminateServer());
        redis.startServer();
        awaitLogin("admin", adminE);
        assertRefused("admin", admin);
        assertEquals("PONG", redis.reply("backup", backup, "PING"), "the backup user's unchanged password stopped working");
        assertEquals(0, redis.probe(AclSync.CONTAINER, "readinessProbe").exitCode());

        // Kubernetes stops the container with SIGTERM to its PID 1, the shell: the trap stops it at once.
        long pid1 = Postgres18Server.pid1Of(sidecar);
        long sent = System.nanoTime();
        PostgresServer.run(new ProcessBuilder("kill", "-TERM", Long.toString(pid1)));
        assertTrue(sidecar.waitFor(5, TimeUnit.SECONDS), "the sidecar ignored SIGTERM");
        System.out.printf("acl-sync stopped %d ms after SIGTERM%n", (System.nanoTime() - sent) / 1_000_000);
        awaitLog("acl-sync: stopping", 1);
        assertNoPasswordInLog();
    }

    private static void rotateApp(String password) {
        redis.rotateSecret("redis-app", Map.of(RedisProps.APP_PASSWORD_KEY, password));
    }

    private static void assertNoPasswordInLog() {
        String log = redis.log();
        for (String secret : USED) {
            assertFalse(log.contains(secret.strip()), "a password value is in the pod log");
        }
        assertFalse(log.contains("short-but-set") || log.contains("of a password that is long"), "a refused value is in the log");
    }

    private static void assertRefused(String user, String password) {
        PostgresServer.Result r = redis.cli(user, password, "PING");
        assertTrue(r.output().contains("WRONGPASS"), user + ": " + r.output());
    }

    private static Duration awaitLogin(String user, String password) {
        long start = System.nanoTime();
        long deadline = start + STATED_DELAY.multipliedBy(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!redis.cli(user, password, "PING").output().contains("AUTH failed")) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            sleep(100);
        }
        throw new AssertionError("the new password of " + user + " never logged in; log:\n" + tail(redis.log()));
    }

    private static void awaitLog(String line, int times) {
        Await.logLine(redis::log, line, times, STATED_DELAY.multipliedBy(3));
    }

    private static void sleep(long millis) {
        Await.sleep(millis);
    }

    private static String tail(String log) {
        return Await.tail(log);
    }
}
