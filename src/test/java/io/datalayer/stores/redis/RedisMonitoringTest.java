package io.datalayer.stores.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpServer;
import io.datalayer.app.Environments;
import io.datalayer.monitoring.MonitoringProps;
import io.datalayer.testing.Await;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.PodFolders;
import io.datalayer.testing.PodProcesses;
import io.datalayer.testing.PodSandbox;
import io.datalayer.testing.PostgresServer;
import io.datalayer.testing.ProcScan;
import io.datalayer.testing.RedisServer;
import io.datalayer.testing.RespClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Redis exporter's login, for real where it can be: Debian's redis-server runs the synthesized
 * StatefulSet with the monitoring user in its ACL (init container, server and acl-sync sidecar as
 * {@link RedisServer} runs them), and the exporter Deployment's own init container and password-sync
 * sidecar run its {@code exporter-auth.sh} from the synthesized ConfigMap in a {@link PodSandbox}
 * with the pod's uid, volumes and env, busybox's applets on PATH as in the Alpine image.
 *
 * <p>What is NOT real: redis_exporter itself. No registry reached here serves its binary (Go module
 * sources are not a way to bring one in), so the test runs, as the monitoring user against the real
 * server, the very commands redis_exporter v1.89.0 sends on a scrape, and a stand-in for its
 * {@code /-/reload} endpoint (the JDK's HTTP server) re-reads and parses the password file the way
 * the exporter's reload does (a JSON object of strings, strict), then logs in with what it read.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisMonitoringTest {
    private static final String MONITORING = "monitoring";
    private static final String ADMIN = RedisServerTest.password("admin");
    private static final String FIRST = RedisServerTest.password("monitoringA");
    private static final String HOST = "redis.data.svc.cluster.local";
    private static final String URI = "redis://" + HOST + ":6379";
    private static final String URI_WITH_USER = "redis://" + MONITORING + "@" + HOST + ":6379";
    /** Strict JSON, as Go's encoding/json reads it: no unescaped control characters, no comments. */
    private static final ObjectMapper JSON = JsonMapper.builder().disable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).build();

    private static Manifests manifests;
    private static RedisServer redis;
    private static Path exporterBase;
    private static PodFolders exporterFolders;
    private static PodProcesses exporterPod;
    private static final List<String> USED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        RedisProps props = Environments.prod().store(RedisStore.class).server().toBuilder().aclSyncIntervalSeconds(1).build();
        MonitoringProps monitoring = MonitoringProps.on();
        manifests = Manifests.of(chart -> {
            Redis server = new Redis(chart, "redis", props, RedisMonitoringUser.of(RedisMonitoring.defaults(), props));
            new RedisExporter(chart, "redis-exporter", server, monitoring, RedisMonitoring.EXPORTER_IMAGE);
        });
        Map<String, Map<String, String>> secrets = new TreeMap<>(RedisServerTest.secrets(ADMIN, RedisServerTest.password("app"),
                RedisServerTest.password("backup")));
        secrets.put("redis-monitoring", Map.of("password", FIRST));
        USED.add(FIRST);
        redis = RedisServer.start(manifests, "redis", Redis.SERVER_CONTAINER, secrets);
        redis.start(AclSync.CONTAINER, redis.commandOf(AclSync.CONTAINER), redis.portOverride(AclSync.CONTAINER), true);

        // The exporter's pod: its volumes as the kubelet fills them, busybox's applets as the Alpine image has them.
        exporterBase = Files.createTempDirectory("redis-exporter-");
        Files.setPosixFilePermissions(exporterBase, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path busybox = Files.createDirectories(exporterBase.resolve("busybox-bin"));
        for (String applet : List.of("sh", "cat", "od", "tr", "wc", "mv", "rm", "cmp", "date", "stat", "sleep", "wget", "timeout", "printf")) {
            Files.createSymbolicLink(busybox.resolve(applet), Path.of(busyboxBinary()));
        }
        exporterFolders = new PodFolders(manifests, "Deployment", RedisExporter.exporterName(props),
                exporterBase.resolve("volumes"), Map.of("redis-monitoring", Map.of("password", FIRST)));
        PodSandbox sandbox = new PodSandbox(manifests.get("Deployment", RedisExporter.exporterName(props)).at("spec.template.spec"),
                exporterFolders.folders(), Map.of("/opt/busybox", busybox), Map.of("PATH", "/opt/busybox:/usr/sbin:/usr/bin:/sbin:/bin"),
                exporterBase.resolve("sandbox"));
        exporterPod = new PodProcesses(sandbox, exporterBase.resolve("pod.log"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (exporterPod != null) {
            exporterPod.stopAll();
        }
        if (redis != null) {
            String log = redis.log();
            redis.close();
            for (String secret : USED) {
                assertFalse(log.contains(secret), "a password reached the server's pod log");
            }
        }
        if (exporterBase != null && Files.exists(exporterBase.resolve("pod.log"))) {
            String log = Files.readString(exporterBase.resolve("pod.log"));
            for (String secret : USED) {
                assertFalse(log.contains(secret), "a password reached the exporter pod's log:\n" + log);
            }
        }
    }

    // ---- the ACL user ------------------------------------------------------------------------------

    @Test
    @Order(1)
    void theMonitoringUserRunsEveryCommandOfAScrapeAndReadsNoKeyOrValue() {
        String value = "value-nobody-but-the-app-may-read-" + System.nanoTime();
        try (RespClient admin = RespClient.connect(redis.port(), Redis.ADMIN_USER, ADMIN)) {
            admin.call("SET", "customer:42", value);
            admin.call("HSET", "session:7", "token", value);
            admin.call("SLOWLOG", "RESET");
            admin.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
            admin.call("SET", "slow:key", value);
            admin.call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
            // What the ACL says, read back from the server: the user has no key and no channel pattern.
            // Redis orders the rules its own way: compared as a set, with -@all first (everything else is added to nothing).
            String commands = text(field(admin.call("ACL", "GETUSER", MONITORING), "commands"));
            assertTrue(commands.startsWith("-@all "), commands);
            assertEquals(new java.util.TreeSet<>(RedisConfig.MONITORING_COMMANDS),
                    new java.util.TreeSet<>(List.of(commands.substring("-@all ".length()).split(" "))), commands);
            assertEquals("", text(field(admin.call("ACL", "GETUSER", MONITORING), "keys")));
            assertEquals("", text(field(admin.call("ACL", "GETUSER", MONITORING), "channels")));
        }
        try (RespClient m = RespClient.connect(redis.port(), MONITORING, FIRST)) {
            // Every command redis_exporter sends on a scrape of a standalone server with default flags.
            assertEquals("PONG", m.text("PING"));
            assertEquals("OK", m.text("CLIENT", "SETNAME", "redis_exporter"));
            List<?> config = (List<?>) m.call("CONFIG", "GET", "*");
            List<String> configText = config.stream().map(RedisMonitoringTest::text).toList();
            assertTrue(configText.contains("maxmemory") && configText.contains("databases"), configText.toString());
            String info = m.text("INFO", "ALL");
            assertTrue(info.contains("redis_version:") && info.contains("# Keyspace") && info.contains("db0:keys="), info);
            assertTrue(m.text("INFO").contains("used_memory:"));
            assertTrue(m.call("LATENCY", "LATEST") instanceof List<?>);
            assertTrue(m.call("LATENCY", "HISTOGRAM") instanceof List<?>);
            assertTrue(((Long) m.call("SLOWLOG", "LEN")) >= 1, "the slow SET is logged");
            // Nothing it may read carries a value or a password.
            for (String reply : List.of(info, String.join("\n", configText))) {
                assertFalse(reply.contains(value), "a value is readable by the monitoring user");
                for (String secret : List.of(ADMIN, FIRST)) {
                    assertFalse(reply.contains(secret), "a password is readable by the monitoring user");
                }
            }

            // Refused: reading keys or values in any way, writing, and the server's own settings and users.
            List<List<String>> refused = List.of(
                    List.of("GET", "customer:42"), List.of("HGETALL", "session:7"), List.of("HGET", "session:7", "token"),
                    List.of("KEYS", "*"), List.of("SCAN", "0"), List.of("SCAN", "0", "MATCH", "*", "COUNT", "1000"),
                    List.of("HSCAN", "session:7", "0"), List.of("RANDOMKEY"), List.of("DUMP", "customer:42"),
                    List.of("EXISTS", "customer:42"), List.of("TYPE", "customer:42"), List.of("STRLEN", "customer:42"),
                    List.of("OBJECT", "ENCODING", "customer:42"), List.of("MEMORY", "USAGE", "customer:42"),
                    List.of("SLOWLOG", "GET", "10"), List.of("MONITOR"), List.of("CLIENT", "LIST"),
                    List.of("EVAL", "return redis.call('get', KEYS[1])", "1", "customer:42"),
                    List.of("SUBSCRIBE", "events"), List.of("PUBLISH", "events", "x"),
                    List.of("SET", "customer:42", "overwritten"), List.of("DEL", "customer:42"), List.of("FLUSHALL"),
                    List.of("FLUSHDB"), List.of("CONFIG", "SET", "maxmemory", "1"), List.of("CONFIG", "REWRITE"),
                    List.of("CONFIG", "RESETSTAT"), List.of("SLOWLOG", "RESET"), List.of("LATENCY", "RESET"),
                    List.of("ACL", "LIST"), List.of("ACL", "WHOAMI"), List.of("ACL", "SETUSER", MONITORING, "+@all"),
                    List.of("ACL", "LOAD"), List.of("CLIENT", "KILL", "TYPE", "normal"), List.of("SELECT", "1"),
                    List.of("SHUTDOWN", "NOSAVE"), List.of("BGSAVE"), List.of("SYNC"),
                    List.of("REPLICAOF", "127.0.0.1", "1"));
            List<String> allowed = new ArrayList<>();
            for (List<String> command : refused) {
                try {
                    Object reply = m.call(command.toArray());
                    allowed.add(command + " -> " + text(reply));
                } catch (RespClient.ReplyError e) {
                    if (!e.getMessage().startsWith("NOPERM")) {
                        allowed.add(command + " -> refused, but not by the ACL: " + e.getMessage());
                    }
                }
            }
            assertEquals(List.of(), allowed, "commands the monitoring user must not run");
        }
        try (RespClient admin = RespClient.connect(redis.port(), Redis.ADMIN_USER, ADMIN)) {
            assertEquals(value, admin.text("GET", "customer:42"), "a refused write changed the data");
        }
    }

    // ---- the password file ---------------------------------------------------------------------------

    @Test
    @Order(2)
    void theRenderedFileIsStrictJsonWhateverThePasswordAndLogsInAsTheMonitoringUser() throws Exception {
        List<String> hostile = List.of(
                "q\"uo\"te\"s-and-\\back\\\\slashes\\-" + tag(),
                "\u00fcnic\u00f6de-\u65e5\u672c\u8a9e-\ud83d\udd11-\u2028-\u2029-" + tag(),
                "ctl\t\u0001\u001b[31m\u007f\u0008\u000c\r-" + tag(),
                "\",\"redis://evil@x:1\":\"injected-" + tag(),
                "%s%n%d%%\\0101\\u0041$(touch /tmp/x)`id`'-" + tag(),
                "  spaced at both ends  " + tag() + "  ",
                "x".repeat(3000) + tag(),
                everyByte());
        ProcScan scan = ProcScan.start(hostile.toArray(new String[0]));
        try {
            for (String password : hostile) {
                USED.add(password);
                rotate(password);
                PostgresServer.Result init = exporterPod.exec(RedisExporter.INIT_CONTAINER,
                        exporterPod.commandOf(RedisExporter.INIT_CONTAINER), Map.of());
                assertEquals(0, init.exitCode(), init.output());
                assertTrue(init.output().contains("wrote /run/redis-exporter/password.json for 2 address(es)"), init.output());
                Path file = renderedFile();
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
                assertEquals(((Number) manifests.get("Deployment", "redis-exporter").at("spec.template.spec.securityContext.runAsUser")
                        .value()).intValue(), Files.getAttribute(file, "unix:uid"));
                Map<String, String> map = parse(file);
                assertEquals(Map.of(URI_WITH_USER, password, URI, password), map, "for " + printable(password));
                // The image's /bin/sh is busybox's (the host's is dash): the same command under it writes the same bytes.
                byte[] underDash = Files.readAllBytes(file);
                List<String> busyboxSh = new ArrayList<>(exporterPod.commandOf(RedisExporter.INIT_CONTAINER));
                busyboxSh.set(0, "/opt/busybox/sh");
                PostgresServer.Result again = exporterPod.exec(RedisExporter.INIT_CONTAINER, busyboxSh, Map.of());
                assertEquals(0, again.exitCode(), again.output());
                assertTrue(java.util.Arrays.equals(underDash, Files.readAllBytes(file)), "busybox sh wrote other bytes");
                awaitLogin(map.get(URI_WITH_USER));
            }
        } finally {
            scan.stop();
        }
        assertEquals(List.of(), scan.findings(), "a password was visible in a command line or environment");
        assertTrue(scan.rounds() > 3, "the /proc scan hardly ran: " + scan.rounds());
        // The exporter's own container is given no password in its args or env, only the file's path.
        String container = "spec.template.spec.containers[0]";
        assertEquals(List.of("--redis.addr=" + URI, "--redis.user=monitoring", "--redis.password-file=/run/redis-exporter/password.json",
                "--web.listen-address=:9121", "--web.telemetry-path=/metrics"),
                manifests.get("Deployment", "redis-exporter").at(container + ".args").list());
        Object env = manifests.get("Deployment", "redis-exporter").at(container + ".env").value();
        assertTrue(env == null || ((List<?>) env).isEmpty(), String.valueOf(env));
    }

    @Test
    @Order(3)
    void aRefusedPasswordLeavesTheFileAsItWasAndSaysWhy() throws IOException {
        String good = RedisServerTest.password("kept");
        USED.add(good);
        rotate(good);
        assertEquals(0, exporterPod.exec(RedisExporter.INIT_CONTAINER, exporterPod.commandOf(RedisExporter.INIT_CONTAINER),
                Map.of()).exitCode());
        byte[] before = Files.readAllBytes(renderedFile());
        for (String[] bad : new String[][] {
                {"", "/etc/redis-monitoring/password is empty; the file stays as it was"},
                {"two\nlines-of-password-" + tag(), "the password in /etc/redis-monitoring/password spans lines; the file stays as it was"},
                {"short-but-set", "has 13 characters, fewer than 16; the file stays as it was"},
                {"gr\u00fc\u00dfe-gr\u00fc\u00dfe-ok", "has 14 characters, fewer than 16; the file stays as it was"}}) {
            exporterFolders.rotateSecret("redis-monitoring", Map.of("password", bad[0]));
            PostgresServer.Result r = exporterPod.exec(RedisExporter.INIT_CONTAINER,
                    exporterPod.commandOf(RedisExporter.INIT_CONTAINER), Map.of());
            assertEquals(1, r.exitCode(), r.output());
            assertTrue(r.output().contains(bad[1]), r.output());
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(renderedFile())), "the file changed");
            assertFalse(Files.exists(renderedFile().resolveSibling("password.json.next")));
        }
        // A trailing line break (an editor's) is dropped, as acl-sync drops it for the server's hash.
        exporterFolders.rotateSecret("redis-monitoring", Map.of("password", good + "\n"));
        assertEquals(0, exporterPod.exec(RedisExporter.INIT_CONTAINER, exporterPod.commandOf(RedisExporter.INIT_CONTAINER),
                Map.of()).exitCode());
        assertEquals(good, parse(renderedFile()).get(URI_WITH_USER));
    }

    @Test
    @Order(4)
    void afterARotationTheSidecarRerendersTheFileAndTheExporterReReadsItOnce() throws Exception {
        String a = RedisServerTest.password("rotA");
        USED.add(a);
        rotate(a);
        assertEquals(0, exporterPod.exec(RedisExporter.INIT_CONTAINER, exporterPod.commandOf(RedisExporter.INIT_CONTAINER),
                Map.of()).exitCode());
        // The stand-in for redis_exporter's /-/reload: re-read and parse the file, log in with it; the
        // first call fails as an exporter still starting would, so the sidecar must retry.
        AtomicInteger calls = new AtomicInteger();
        List<String> loggedIn = new CopyOnWriteArrayList<>();
        HttpServer reload = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        reload.createContext("/-/reload", exchange -> {
            int n = calls.incrementAndGet();
            byte[] body;
            int status;
            try {
                if (n == 1) {
                    throw new IOException("not ready yet");
                }
                String password = parse(renderedFile()).get(URI_WITH_USER);
                try (RespClient c = RespClient.connect(redis.port(), MONITORING, password)) {
                    loggedIn.add(c.text("PING"));
                }
                body = "ok".getBytes(StandardCharsets.UTF_8);
                status = 200;
            } catch (IOException | RuntimeException e) {
                body = ("failed to reload passwords file: " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
                status = 500;
            }
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        reload.start();
        try {
            Process sidecar = exporterPod.start(RedisExporter.SIDECAR, exporterPod.commandOf(RedisExporter.SIDECAR),
                    Map.of("RELOAD_URL", "http://127.0.0.1:" + reload.getAddress().getPort() + "/-/reload",
                            "SYNC_INTERVAL_SECONDS", "1"), true);
            Await.logLine(RedisMonitoringTest::exporterLog, "watching /etc/redis-monitoring/password every 1s", 1,
                    Duration.ofSeconds(20));
            Await.sleep(2500);
            assertEquals(0, calls.get(), "the sidecar asked for a reload though nothing changed");
            for (String probe : List.of("readinessProbe", "livenessProbe")) {
                PostgresServer.Result r = probe(probe);
                assertEquals(0, r.exitCode(), probe + ": " + r.output());
            }

            String b = RedisServerTest.password("rotB");
            USED.add(b);
            ProcScan scan = ProcScan.start(a, b);
            rotate(b);
            Await.logLine(RedisMonitoringTest::exporterLog, "the password changed; the exporter re-read /run/redis-exporter/password.json",
                    1, Duration.ofSeconds(30));
            Await.sleep(2500);
            scan.stop();
            assertEquals(List.of(), scan.findings());
            assertEquals(2, calls.get(), "one failed reload, retried once, then no more");
            assertEquals(List.of("PONG"), loggedIn, "the reloaded file logs in with the new password");
            assertEquals(b, parse(renderedFile()).get(URI_WITH_USER));
            assertTrue(redis.cli(MONITORING, a, "PING").output().contains("WRONGPASS"), "the old password still logs in");
            assertTrue(sidecar.isAlive(), exporterLog());
        } finally {
            reload.stop(0);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /** The new password in Vault, as both pods see it: the server's acl-sync and the exporter's file. */
    private static void rotate(String password) {
        redis.rotateSecret("redis-monitoring", Map.of("password", password));
        exporterFolders.rotateSecret("redis-monitoring", Map.of("password", password));
    }

    private static void awaitLogin(String password) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try (RespClient c = RespClient.connect(redis.port(), MONITORING, password)) {
                assertEquals("PONG", c.text("PING"));
                return;
            } catch (RespClient.ReplyError e) {
                last = e.getMessage();
            }
            Await.sleep(200);
        }
        fail("the password from the rendered file never logged in as monitoring (" + last + "); log:\n" + Await.tail(redis.log()));
    }

    private static Path renderedFile() {
        return exporterFolders.folder("password-file").resolve("password.json");
    }

    private static Map<String, String> parse(Path file) throws IOException {
        Map<String, Object> raw = JSON.readValue(Files.readAllBytes(file), new TypeReference<Map<String, Object>>() { });
        Map<String, String> out = new TreeMap<>();
        raw.forEach((k, v) -> {
            if (!(v instanceof String s)) {
                throw new AssertionError("the value of " + k + " is not a string");
            }
            out.put(k, s);
        });
        return out;
    }

    private static PostgresServer.Result probe(String probe) {
        return exporterPod.exec(RedisExporter.SIDECAR, exporterPod.probeCommand(RedisExporter.SIDECAR, probe),
                Map.of("SYNC_INTERVAL_SECONDS", "1"));
    }

    private static String exporterLog() {
        try {
            return Files.readString(exporterBase.resolve("pod.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object field(Object getuser, String name) {
        List<?> pairs = (List<?>) getuser;
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            if (name.equals(text(pairs.get(i)))) {
                return pairs.get(i + 1);
            }
        }
        throw new AssertionError("ACL GETUSER has no field " + name);
    }

    private static String text(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> list) {
            return String.join(" ", list.stream().map(RedisMonitoringTest::text).toList());
        }
        return String.valueOf(reply);
    }

    /** Every character from U+0001 to U+00FF but the line feed (a password is one line), and a 4-byte one. */
    private static String everyByte() {
        StringBuilder b = new StringBuilder();
        for (int c = 1; c < 256; c++) {
            if (c != '\n') {
                b.append((char) c);
            }
        }
        return b.append("\ud83d\udd11").append(tag()).toString();
    }

    private static String tag() {
        return Long.toHexString(System.nanoTime());
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(60).forEach(c -> b.append(c < 32 || c == 127 ? String.format("\\x%02x", c) : Character.toString(c)));
        return b.toString();
    }

    private static String busyboxBinary() {
        for (String candidate : List.of("/usr/bin/busybox", "/bin/busybox")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("busybox is not installed (Debian package busybox; scripts/setup.sh installs it)");
    }
}
