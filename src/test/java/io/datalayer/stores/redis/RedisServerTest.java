package io.datalayer.stores.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.kit.Resources;
import io.datalayer.testing.Digests;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.PostgresServer;
import io.datalayer.testing.ProcScan;
import io.datalayer.testing.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The synthesized server on a real Redis (Debian's 7.0): redis.conf and the ACL file exactly as the
 * pod has them (the init container's script renders the file from the Secret volumes), the server
 * in a sandbox with the pod's read-only root, uid and mounts, only the port overridden on its
 * command line. The memory limit is small (16Mi, so maxmemory is 70% of it) to test eviction.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisServerTest {
    static final String ADMIN = password("admin");
    static final String APP = password("app");
    static final String BACKUP = password("backup");
    private static RedisServer redis;
    private static RedisProps props;
    /** Watches every process's command line and environment for the passwords, from before the pod starts. */
    private static ProcScan scan;

    @BeforeAll
    static void start() {
        props = Environments.prod().store(RedisStore.class).server().toBuilder().resources(new Resources("10m", "16Mi", "100m", "16Mi")).build();
        Manifests manifests = Manifests.of(chart -> new Redis(chart, "redis", props));
        scan = ProcScan.start(ADMIN, APP, BACKUP);
        redis = RedisServer.start(manifests, "redis", Redis.SERVER_CONTAINER, secrets(ADMIN, APP, BACKUP));
    }

    @AfterAll
    static void stop() {
        if (scan != null) {
            scan.stop();
        }
        if (redis != null) {
            redis.close();
        }
    }

    static Map<String, Map<String, String>> secrets(String admin, String app, String backup) {
        return Map.of("redis-users", Map.of(RedisProps.ADMIN_PASSWORD_KEY, admin, RedisProps.BACKUP_PASSWORD_KEY, backup),
                "redis-app", Map.of(RedisProps.APP_PASSWORD_KEY, app));
    }

    @Test
    @Order(1)
    void eachUserLogsInWithItsPasswordAndOnlyWithIt() throws IOException {
        assertEquals("admin", redis.reply("admin", ADMIN, "ACL", "WHOAMI"));
        assertEquals("app", redis.reply("app", APP, "ACL", "WHOAMI"));
        assertEquals("OK", redis.reply("app", APP, "SET", "greeting", "hello"));
        assertEquals("hello", redis.reply("app", APP, "GET", "greeting"));
        for (String[] wrong : new String[][] {{"admin", APP}, {"app", ADMIN}, {"backup", ADMIN}, {"admin", ADMIN + "x"}}) {
            PostgresServer.Result r = redis.cli(wrong[0], wrong[1], "PING");
            assertTrue(r.output().contains("WRONGPASS"), wrong[0] + ": " + r.output());
            assertTrue(r.output().contains("NOAUTH"), r.output());
        }
        // The file holds hashes: the passwords are nowhere on the pod's volumes.
        for (String volume : List.of("acl", "data")) {
            assertNoValueUnder(redis.volume(volume), ADMIN, APP, BACKUP);
        }
        // Only the pod's uid reads the rendered file.
        Path aclFile = redis.volume("acl").resolve("users.acl");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(aclFile)));
        assertEquals(999, Files.getAttribute(aclFile, "unix:uid"));
        String acl = redis.reply("admin", ADMIN, "ACL", "LIST");
        assertTrue(acl.contains("#" + Digests.sha256(APP)), acl);
        assertFalse(acl.contains(APP), "a plain password in ACL LIST");
        // Both probes of the server container pass (they log in as admin from the mounted file).
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            PostgresServer.Result r = redis.probe(Redis.SERVER_CONTAINER, probe);
            assertEquals(0, r.exitCode(), probe + ": " + r.output());
        }
    }

    @Test
    @Order(2)
    void theDefaultUserIsRefused() {
        for (String[] command : new String[][] {{"PING"}, {"GET", "greeting"}, {"HELLO", "3"}, {"ACL", "WHOAMI"}}) {
            PostgresServer.Result r = redis.cli(null, null, command);
            assertTrue(r.output().startsWith("NOAUTH"), String.join(" ", command) + ": " + r.output());
        }
        // Not with an empty password, nor with any of the others' passwords.
        for (String guess : List.of("", ADMIN, APP, "nopass")) {
            PostgresServer.Result r = redis.cli("default", guess, "PING");
            assertTrue(r.output().contains("WRONGPASS"), r.output());
        }
        String rules = redis.reply("admin", ADMIN, "ACL", "GETUSER", "default");
        assertTrue(rules.contains("off"), rules);
        assertFalse(rules.contains("nopass"), rules);
    }

    @Test
    @Order(3)
    void theAppUserCannotRunTheDangerousCommands() {
        String[][] denied = {
            {"FLUSHALL"}, {"FLUSHDB"}, {"KEYS", "*"}, {"CONFIG", "GET", "maxmemory"}, {"CONFIG", "SET", "maxmemory", "0"},
            {"CONFIG", "REWRITE"}, {"DEBUG", "SLEEP", "0"}, {"SHUTDOWN", "NOSAVE"}, {"MODULE", "LIST"},
            {"MODULE", "LOAD", "/tmp/x.so"}, {"ACL", "SETUSER", "app", "+@all"}, {"ACL", "LOAD"}, {"ACL", "LIST"},
            {"ACL", "DELUSER", "admin"}, {"SAVE"}, {"BGSAVE"}, {"BGREWRITEAOF"}, {"REPLICAOF", "127.0.0.1", "1"},
            {"SLAVEOF", "NO", "ONE"}, {"SWAPDB", "0", "1"}, {"CLIENT", "KILL", "TYPE", "normal"}, {"CLIENT", "LIST"},
            {"MONITOR"}, {"SYNC"}, {"MIGRATE", "127.0.0.1", "1", "greeting", "0", "1"}, {"RESTORE", "k", "0", "x"},
            {"SORT", "list"}, {"LASTSAVE"}, {"FAILOVER"}, {"LATENCY", "RESET"}, {"SLOWLOG", "RESET"}, {"PSYNC", "?", "-1"}};
        for (String[] command : denied) {
            String reply = redis.reply("app", APP, command);
            // DEBUG and MODULE are refused before the ACL check, to every user (redis.conf).
            boolean off = reply.startsWith("ERR " + command[0] + " command not allowed");
            assertTrue(reply.contains("NOPERM") || off, String.join(" ", command) + " was not refused: " + reply);
        }
        // What apps do stays possible: data commands, scripts (run with the caller's rights), INFO.
        assertEquals("hello", redis.reply("app", APP, "GET", "greeting"));
        assertEquals("2", redis.reply("app", APP, "RPUSH", "list", "b", "a"));
        String fromScript = redis.reply("app", APP, "EVAL", "return redis.call('FLUSHALL')", "0");
        assertTrue(fromScript.contains("can't run this command"), fromScript);
        assertTrue(redis.reply("app", APP, "INFO", "server").contains("redis_version:"));
        // The admin is refused what redis.conf switches off for everybody.
        assertTrue(redis.reply("admin", ADMIN, "DEBUG", "SLEEP", "0").contains("not allowed"));
        assertTrue(redis.reply("admin", ADMIN, "MODULE", "LOAD", "/usr/lib/x.so").contains("not allowed"));
        // The backup user reads a snapshot and nothing else.
        for (String[] command : new String[][] {{"GET", "greeting"}, {"SET", "x", "1"}, {"FLUSHALL"}, {"KEYS", "*"},
                {"CONFIG", "GET", "*"}, {"INFO"}}) {
            assertTrue(redis.reply("backup", BACKUP, command).startsWith("NOPERM"), String.join(" ", command));
        }
        assertEquals("hello", redis.reply("app", APP, "GET", "greeting"), "a refused command changed data");
    }

    @Test
    @Order(4)
    void theBackupUserPullsAnRdbSnapshot() throws IOException {
        Path rdb = Files.createTempFile("redis-backup-", ".rdb");
        try {
            PostgresServer.Result r = redis.cli("backup", BACKUP, "--rdb", rdb.toString());
            assertTrue(r.output().contains("Transfer finished with success"), r.output());
            PostgresServer.Result check = PostgresServer.run(new ProcessBuilder("redis-check-rdb", rdb.toString()));
            assertTrue(check.output().contains("RDB looks OK"), check.output());
            assertTrue(Files.readString(rdb, java.nio.charset.StandardCharsets.ISO_8859_1).contains("greeting"));
        } finally {
            Files.deleteIfExists(rdb);
        }
    }

    @Test
    @Order(5)
    void dataSurvivesAKillAfterTheFsyncWindow() throws Exception {
        List<List<String>> writes = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            writes.add(List.of("SET", "persist:" + i, "value-" + i + "-" + "x".repeat(i % 50)));
        }
        writes.add(List.of("HSET", "persist:hash", "a", "1", "b", "2"));
        writes.add(List.of("XADD", "persist:stream", "1-1", "field", "value"));
        writes.add(List.of("SET", "persist:ttl", "soon", "EX", "100000"));
        PostgresServer.Result r = redis.pipe("app", APP, writes);
        assertTrue(r.output().contains("errors: 0"), r.output());
        String before = checksum();
        // appendfsync everysec: after the fsync window the AOF on the claim holds every write.
        Thread.sleep(2000);
        redis.killServer();
        redis.startServer();
        assertEquals(before, checksum(), "the data after kill -9 differs");
        long ttl = Long.parseLong(redis.reply("app", APP, "TTL", "persist:ttl"));
        assertTrue(ttl > 99_000 && ttl <= 100_000, "TTL " + ttl);
        assertTrue(Files.isDirectory(redis.volume("data").resolve("appendonlydir")), "no AOF folder on the claim");

        // A stop as Kubernetes stops it (SIGTERM) saves an RDB snapshot and exits 0.
        assertEquals(0, redis.terminateServer());
        assertTrue(Files.size(redis.volume("data").resolve("dump.rdb")) > 0, "no dump.rdb after SIGTERM");
        redis.startServer();
        assertEquals(before, checksum(), "the data after a SIGTERM restart differs");
        // The server writes nothing outside its volumes: not even the ACL file it reads.
        assertTrue(redis.reply("admin", ADMIN, "ACL", "SAVE").startsWith("ERR"), "ACL SAVE wrote the ACL file");
    }

    @Test
    @Order(6)
    void maxmemoryIsTheStatedShareOfTheLimitAndEvictsOnlyCacheEntries() {
        long expected = 16L * 1024 * 1024 / 100 * 70;
        assertEquals(expected, props.maxmemoryBytes());
        assertEquals("maxmemory\n" + expected, redis.reply("admin", ADMIN, "CONFIG", "GET", "maxmemory"));
        assertEquals("maxmemory-policy\nvolatile-lru", redis.reply("admin", ADMIN, "CONFIG", "GET", "maxmemory-policy"));
        // persist:ttl has a TTL, so it is a cache entry now: make it data for this test.
        assertEquals("1", redis.reply("app", APP, "PERSIST", "persist:ttl"));
        String data = checksum();

        // Cache entries (with a TTL) past the limit: the oldest are evicted, the writes succeed.
        List<List<String>> cache = new ArrayList<>();
        for (int i = 0; i < 16_000; i++) {
            cache.add(List.of("SET", "cache:" + i, "c".repeat(1000), "EX", "3600"));
        }
        PostgresServer.Result r = redis.pipe("app", APP, cache);
        assertTrue(r.output().contains("errors: 0"), r.output());
        long evicted = Long.parseLong(info("stats", "evicted_keys"));
        assertTrue(evicted > 1000, "evicted " + evicted);
        assertTrue(Long.parseLong(info("memory", "used_memory")) <= expected + 1024 * 1024, "used_memory above maxmemory");
        assertEquals(data, checksum(), "a key without a TTL was evicted");

        // Data (no TTL) past the limit: refused with OOM once no cache entry is left, never evicted.
        List<List<String>> more = new ArrayList<>();
        for (int i = 0; i < 16_000; i++) {
            more.add(List.of("SET", "data:" + i, "d".repeat(1000)));
        }
        r = redis.pipe("app", APP, more);
        assertTrue(r.output().contains("OOM command not allowed when used memory > 'maxmemory'"), r.output());
        assertEquals(data, checksum(), "a key written before the limit was lost");
    }

    @Test
    @Order(7)
    void noPasswordWasEverOnACommandLineInAnEnvironmentOrInTheLog() {
        scan.stop();
        assertEquals(List.of(), scan.findings(), "a password was visible in /proc");
        assertTrue(scan.rounds() > 5, "the /proc scan hardly ran: " + scan.rounds());
        String log = redis.log();
        for (String password : List.of(ADMIN, APP, BACKUP)) {
            assertFalse(log.contains(password), "a password is in the pod's log");
            assertFalse(log.contains(Digests.sha256(password)), "a password's hash is in the pod's log");
        }
    }

    private static String info(String section, String field) {
        for (String line : redis.reply("admin", ADMIN, "INFO", section).split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).strip();
            }
        }
        throw new AssertionError("no " + field + " in INFO " + section);
    }

    /** SHA-256 over the persist:* keys' contents (strings, hash fields, stream entries), in key order. */
    private static String checksum() {
        List<String> mget = new ArrayList<>(List.of("MGET"));
        for (int i = 0; i < 2000; i++) {
            mget.add("persist:" + i);
        }
        StringBuilder all = new StringBuilder(redis.reply("app", APP, mget.toArray(String[]::new))).append('\n');
        assertEquals(2000, all.toString().split("\n").length, "MGET returned another number of values");
        all.append(redis.reply("app", APP, "HGETALL", "persist:hash")).append('\n');
        all.append(redis.reply("app", APP, "XRANGE", "persist:stream", "-", "+")).append('\n');
        all.append(redis.reply("app", APP, "GET", "persist:ttl")).append('\n');
        return Digests.sha256(all.toString());
    }

    static void assertNoValueUnder(Path dir, String... values) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                for (String v : values) {
                    assertFalse(text.contains(new String(v.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            java.nio.charset.StandardCharsets.ISO_8859_1)), "a password is in " + f);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }


    /** 24 random hex characters with a tag and the characters a shell or redis-cli would trip on. */
    static String password(String tag) {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return tag + "-" + HexFormat.of().formatHex(bytes) + " $'\"\\;`~*";
    }
}
