package io.datalayer.stores.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.testing.Await;
import io.datalayer.testing.Digests;
import io.datalayer.testing.KubeletVolume;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.ProcScan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@value UsersRender#SCRIPT} run for real with sh: the ConfigMap's script and template bytes as
 * synthesized, the environment of the StatefulSet's render containers, and the three Secrets laid
 * out as the kubelet does (files behind a {@code ..data} link, swapped on an update). The one
 * liberty: the pod's absolute paths ({@code /etc/clickhouse-secrets}, {@code /run/clickhouse-users},
 * {@code /opt/data-layer}, {@code /tmp}) are moved under a temporary folder, in the template and in the
 * environment alike, since the test does not run in the pod's mount namespace.
 */
class UsersRenderScriptTest {
    private static final String ADMIN = "admin-password-0123456789";
    private static final String BACKUP = "backup-password-0123456789";
    private static final String APP = "app-password-0123456789ab";
    private static final String MONITORING = "monitoring-password-0123";

    private static Map<String, String> configMap;
    private static Map<String, String> manifestEnv;

    @TempDir
    Path root;
    private KubeletVolume users;
    private KubeletVolume app;
    private KubeletVolume monitoring;

    @BeforeAll
    static void synth() {
        // With monitoring on: all four users.
        Manifests m = Manifests.of(chart -> new ClickHouse(chart, "clickhouse", ClickHouseTest.prodProps(),
                io.datalayer.monitoring.MonitoringProps.on(), null));
        configMap = new LinkedHashMap<>();
        m.get("ConfigMap", "clickhouse-users-render").at("data").map().forEach((k, v) -> configMap.put(k, v.toString()));
        manifestEnv = new LinkedHashMap<>();
        for (Object c : m.get("StatefulSet", "clickhouse").at("spec.template.spec.containers").list()) {
            if (UsersRender.CONTAINER.equals(Node.of(c).at("name").string())) {
                for (Object e : Node.of(c).at("env").list()) {
                    manifestEnv.put(Node.of(e).at("name").string(), Node.of(e).at("value").string());
                }
            }
        }
    }

    @BeforeEach
    void layOut() throws IOException {
        Path scripts = Files.createDirectories(movedPath("/opt/data-layer"));
        for (Map.Entry<String, String> f : configMap.entrySet()) {
            Files.writeString(scripts.resolve(f.getKey()), moved(f.getValue()));
        }
        Files.createDirectories(movedPath("/run/clickhouse-users"));
        Files.createDirectories(root.resolve("tmp"));
        var mode = PosixFilePermissions.fromString("r--r-----");
        users = KubeletVolume.create(movedPath("/etc/clickhouse-secrets/users"),
                Map.of("admin-password", ADMIN, "backup-password", BACKUP), mode, 0);
        app = KubeletVolume.create(movedPath("/etc/clickhouse-secrets/app"), Map.of("password", APP), mode, 0);
        monitoring = KubeletVolume.create(movedPath("/etc/clickhouse-secrets/monitoring"), Map.of("password", MONITORING), mode, 0);
    }

    @Test
    void theEnvironmentIsTheManifestsAndEveryVariableIsRequired() {
        assertEquals(List.of("USERS_TEMPLATE", "USERS_FILE", "WATCH_DIRS", "SYNC_INTERVAL_SECONDS", "HEARTBEAT_FILE"),
                List.copyOf(manifestEnv.keySet()));
        assertEquals("/etc/clickhouse-secrets/users /etc/clickhouse-secrets/app /etc/clickhouse-secrets/monitoring",
                manifestEnv.get("WATCH_DIRS"));
        for (String name : manifestEnv.keySet()) {
            Map<String, String> env = env();
            env.remove(name);
            Result r = run(env, "--once");
            assertEquals(2, r.exit, r.log);
            assertTrue(r.log.contains(name + " is not set; the StatefulSet sets it"), r.log);
        }
    }

    @Test
    void onceWritesEachUsersSha256AndTheirGrants() throws Exception {
        Result r = run(env(), "--once");
        assertEquals(0, r.exit, r.log);
        assertTrue(r.log.contains("wrote " + usersFile() + " for 4 users"), r.log);
        Document users = parse(usersFile());
        assertEquals(Digests.sha256(ADMIN), hash(users, "admin"));
        assertEquals(Digests.sha256(BACKUP), hash(users, "backup"));
        assertEquals(Digests.sha256(APP), hash(users, "app"));
        assertEquals(Digests.sha256(MONITORING), hash(users, "monitoring"));
        // Apart from the hashes, the file is the template byte for byte.
        String expected = moved(configMap.get(UsersRender.TEMPLATE));
        for (String[] pw : new String[][] {{"users/admin-password", ADMIN}, {"users/backup-password", BACKUP}, {"app/password", APP},
                {"monitoring/password", MONITORING}}) {
            expected = expected.replace("@@sha256 16 " + moved("/etc/clickhouse-secrets/" + pw[0]) + "@@", Digests.sha256(pw[1]));
        }
        assertEquals(expected, Files.readString(usersFile()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(usersFile())));
        // What each user may do, as rendered.
        assertEquals(List.of("GRANT SHOW, SELECT, INSERT, ALTER, CREATE DATABASE, CREATE TABLE, CREATE VIEW, DROP TABLE, DROP VIEW,"
                + " TRUNCATE, OPTIMIZE ON app.*"), grants(users, "app").stream().filter(g -> !g.startsWith("GRANT TABLE ENGINE")).toList());
        assertTrue(grants(users, "app").stream().noneMatch(g -> g.contains("Replicated")), grants(users, "app").toString());
        for (String g : grants(users, "monitoring")) {
            assertTrue(g.startsWith("GRANT SHOW DATABASES, SHOW TABLES, SHOW COLUMNS ON *.*") || g.matches("GRANT SELECT(\\(.*\\))? ON system\\.[a-z_]+"), g);
        }
    }

    @Test
    void aRefusedPasswordWritesNothing() throws IOException {
        app.update(Map.of("password", "short"));
        Result r = run(env(), "--once");
        assertEquals(1, r.exit, r.log);
        assertTrue(r.log.contains("ERROR: the password in " + moved("/etc/clickhouse-secrets/app/password")
                + " has 5 characters, fewer than 16; the users stay as they were (write a longer password to Vault)"), r.log);
        assertFalse(Files.exists(usersFile()));
        assertFalse(Files.exists(Path.of(usersFile() + ".next")));
        app.update(Map.of("password", APP + "\n"));
        r = run(env(), "--once");
        assertEquals(1, r.exit, r.log);
        assertTrue(r.log.contains("holds a line break; the users stay as they were"), r.log);
        app.update(Map.of("password", ""));
        r = run(env(), "--once");
        assertTrue(r.log.contains("ERROR: " + moved("/etc/clickhouse-secrets/app/password") + " is empty;"), r.log);
    }

    @Test
    void theLoopRendersAgainWhenTheKubeletSwapsASecretAndKeepsTheFileOnARefusal() throws Exception {
        String rotated = "rotated-app-password-0123456789";
        ProcScan scan = ProcScan.start(ADMIN, BACKUP, APP, MONITORING, rotated);
        Map<String, String> env = env();
        env.put("SYNC_INTERVAL_SECONDS", "1");
        Path log = root.resolve("loop.log");
        Process loop = start(env, log);
        try {
            Await.logLine(() -> read(log), "wrote ", 1, Duration.ofSeconds(20));
            assertEquals(Digests.sha256(APP), hash(parse(usersFile()), "app"));
            app.update(Map.of("password", rotated));
            Await.logLine(() -> read(log), "wrote ", 2, Duration.ofSeconds(20));
            assertEquals(Digests.sha256(rotated), hash(parse(usersFile()), "app"));
            String before = Files.readString(usersFile());
            app.update(Map.of("password", "short"));
            Await.logLine(() -> read(log), "fewer than 16; the users stay as they were", 1, Duration.ofSeconds(20));
            assertEquals(before, Files.readString(usersFile()));
            assertEquals(0, run(env, "--check").exit);
        } finally {
            loop.destroy();
            loop.waitFor(10, TimeUnit.SECONDS);
            scan.stop();
        }
        assertTrue(scan.rounds() > 0);
        assertEquals(List.of(), scan.findings());
        assertEquals(2, Await.count(read(log), "wrote "), read(log));
    }

    // --- helpers ------------------------------------------------------------------------------

    private static final java.util.regex.Pattern POD_PATHS =
            java.util.regex.Pattern.compile("(/etc/clickhouse-secrets|/run/clickhouse-users|/opt/data-layer|/tmp/)");

    /** The pod's paths under the test's folder, in one pass (the folder itself may be under /tmp). */
    private String moved(String text) {
        return POD_PATHS.matcher(text).replaceAll(java.util.regex.Matcher.quoteReplacement(root.toString()) + "$1");
    }

    private Path movedPath(String path) {
        return Path.of(moved(path));
    }

    private Path usersFile() {
        return movedPath("/run/clickhouse-users/users.xml");
    }

    private Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        manifestEnv.forEach((k, v) -> env.put(k, moved(v)));
        return env;
    }

    private record Result(int exit, String log) {
    }

    private Result run(Map<String, String> env, String arg) {
        try {
            Path log = Files.createTempFile(root, "run", ".log");
            Process p = start(env, log, arg);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            return new Result(p.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private Process start(Map<String, String> env, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", moved("/opt/data-layer/" + UsersRender.SCRIPT)));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static Document parse(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    private static Element user(Document doc, String name) {
        Element users = (Element) doc.getDocumentElement().getElementsByTagName("users").item(0);
        return (Element) users.getElementsByTagName(name).item(0);
    }

    private static String hash(Document doc, String name) {
        return user(doc, name).getElementsByTagName("password_sha256_hex").item(0).getTextContent();
    }

    private static List<String> grants(Document doc, String name) {
        NodeList queries = user(doc, name).getElementsByTagName("query");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < queries.getLength(); i++) {
            out.add(queries.item(i).getTextContent());
        }
        return out;
    }
}
