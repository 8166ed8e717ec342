package io.datalayer.stores.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datalayer.app.Environments;
import io.datalayer.backup.BackupScripts;
import io.datalayer.backup.Offsite;
import io.datalayer.backup.RestoreDrill;
import io.datalayer.secrets.VaultSecretStore;
import io.datalayer.testing.Await;
import io.datalayer.testing.Digests;
import io.datalayer.testing.DrillPods;
import io.datalayer.testing.FileTrees;
import io.datalayer.testing.JobEnv;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.PodSandbox;
import io.datalayer.testing.PostgresServer;
import io.datalayer.testing.RedisServer;
import io.datalayer.testing.RespClient;
import io.datalayer.testing.S3Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis restore drill (drill.sh on drills.sh, through offsite.sh where off-site copies are on) on
 * real servers: the live server is Debian's Redis 7.0 run as the synthesized StatefulSet describes it
 * ({@link RedisServer}); the backup runs its synthesized CronJob's command and environment against it
 * (as {@code RedisBackupScriptsTest} does), recording the facts from its own snapshot; the drill runs
 * its synthesized CronJob's command in a {@link PodSandbox} built from the drill's pod spec (the pod's
 * uid, a read-only root, the runs claim read-only, the emptyDir and /tmp), the machine's redis-server
 * standing in for the image's. Off-site copies go to a real S3 API server (S3Proxy) through the real
 * rclone. Every check is on content: the summary line, the facts, the live data, file hashes.
 */
class RedisDrillScriptsTest {
    private static final String ADMIN = "drill-admin-password-0123456789";
    private static final String APP = "drill-app-password-0123456789ab";
    private static final String BACKUP = "drill-backup-password-012345678";
    private static final String CRYPT_PASSWORD = "drill-crypt-password-0123456789";
    private static final String CRYPT_SALT = "drill-crypt-salt-9876543210-abc";
    private static final String IMAGE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static Manifests withOffsite;
    private static Manifests volumeOnly;
    private static RedisServer server;

    @TempDir
    Path tmp;
    private Path backups;
    private Path scripts;
    private Path secretDir;
    private Path drillData;
    private Path podTmp;
    private Path rclone;
    private S3Server s3;
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        withOffsite = synth(true);
        volumeOnly = synth(false);
        server = RedisServer.start(volumeOnly, "redis", Redis.SERVER_CONTAINER, Map.of(
                "redis-users", Map.of(RedisProps.ADMIN_PASSWORD_KEY, ADMIN, RedisProps.BACKUP_PASSWORD_KEY, BACKUP),
                "redis-app", Map.of(RedisProps.APP_PASSWORD_KEY, APP)));
        // No 5 s wait before each backup's diskless sync: it only costs time here.
        assertEquals("OK", server.reply("admin", ADMIN, "CONFIG", "SET", "repl-diskless-sync-delay", "0"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void freshDataAndFolders() throws IOException {
        backups = Files.createDirectory(tmp.resolve("backups"));
        scripts = Files.createDirectory(tmp.resolve("scripts"));
        secretDir = Files.createDirectory(tmp.resolve("secret"));
        drillData = Files.createDirectory(tmp.resolve("drill-data"));
        podTmp = Files.createDirectory(tmp.resolve("pod-tmp"));
        rclone = DrillPods.rcloneFolder(tmp);
        try (RespClient c = admin()) {
            c.call("FLUSHALL");
            seed(c);
        }
    }

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        DrillPods.stopLeftovers(started);
        if (s3 != null) {
            s3.close();
        }
    }

    // ---- a good run ------------------------------------------------------------------------------

    @Test
    void theNewestOffsiteRunRestoresAndMatchesItsFactsAndNothingLiveOrStoredChanges() throws IOException {
        startS3();
        PostgresServer.Result backup = backup(withOffsite);
        assertEquals(0, backup.exitCode(), backup.output());
        String run = onlyRun();
        List<String> manifest = Files.readAllLines(runDir(run).resolve("manifest"));
        assertTrue(manifest.stream().anyMatch(l -> l.matches("file facts \\d+ [0-9a-f]{64}")), manifest.toString());
        List<String> facts = Files.readAllLines(runDir(run).resolve("facts"));
        assertTrue(facts.contains("db 0 keys = 1208"), facts.toString());
        assertTrue(facts.contains("db 0 volatile keys = 1"), facts.toString());
        assertTrue(facts.contains("db 0 persistent keys = 1207"), facts.toString());
        assertTrue(facts.contains("db 2 keys = 40"), facts.toString());
        assertTrue(facts.stream().anyMatch(l -> l.matches("db 2 persistent digest = [0-9a-f]{64}")), facts.toString());
        assertTrue(facts.stream().anyMatch(l -> l.matches("data set digest = [0-9a-f]{40}")), facts.toString());
        // Nothing of the facts' work is left in the run: its files are the manifest's.
        try (Stream<Path> files = Files.list(runDir(run))) {
            assertEquals(List.of("dump.rdb", "facts", "manifest"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Map<String, String> live = liveFingerprint();
        Map<String, String> runs = FileTrees.sha256s(backups);
        Map<String, String> offsite = FileTrees.sha256s(s3.root());

        PostgresServer.Result drill = drill(withOffsite);
        assertEquals(0, drill.exitCode(), drill.output());
        JsonNode summary = summary(drill.output());
        assertEquals("passed", summary.get("outcome").asText());
        assertEquals("redis", summary.get("store").asText());
        assertEquals(run, summary.get("run").asText());
        assertEquals("offsite", summary.get("source").asText());
        assertEquals(3, summary.get("databases").asInt(), "db 0, 2 and 5");
        assertTrue(summary.get("run_age_seconds").asLong() >= 0, summary.toString());
        assertEquals(summary.get("fetch_seconds").asLong() + summary.get("restore_seconds").asLong(),
                summary.get("rto_seconds").asLong());
        assertTrue(drill.output().contains("facts match: " + facts.size() + " fact(s) of 3 database(s)"), drill.output());
        assertEquals(live, liveFingerprint());
        assertEquals(runs, FileTrees.sha256s(backups));
        assertEquals(offsite, FileTrees.sha256s(s3.root()));
        assertNothingLeft();
    }

    @Test
    void theVolumesNewestRunIsDrilledReadOnlyAndAKeyWhoseTtlPassedSinceTheBackupDoesNotFailIt() throws IOException {
        try (RespClient c = admin()) {
            c.call("SET", "soon gone", "a value with a TTL", "PX", "3000");
        }
        assertEquals(0, backup(volumeOnly).exitCode());
        String run = onlyRun();
        List<String> facts = Files.readAllLines(runDir(run).resolve("facts"));
        assertTrue(facts.contains("db 0 keys = 1209") && facts.contains("db 0 volatile keys = 2"),
                "the short-lived key is in the snapshot: " + facts);
        // Its TTL passes (the live server expires it): a server loading the snapshot as a master would
        // now drop it and count 1208.
        Await.until(() -> server.reply("admin", ADMIN, "EXISTS", "soon gone").equals("0"), "the key's TTL to pass");
        Map<String, String> runs = FileTrees.sha256s(backups);

        PostgresServer.Result drill = drill(volumeOnly);
        assertEquals(0, drill.exitCode(), drill.output());
        JsonNode summary = summary(drill.output());
        assertEquals("volume", summary.get("source").asText());
        assertEquals(run, summary.get("run").asText());
        assertEquals(runs, FileTrees.sha256s(backups));
        assertNothingLeft();
    }

    // ---- faults the drill must find --------------------------------------------------------------

    @Test
    void aSnapshotThatStillLoadsButLostKeysFailsNamingTheDatabaseAndTheCounts() throws IOException {
        assertEquals(0, backup(volumeOnly).exitCode());
        String run = onlyRun();
        // A snapshot of the same server with ten keys of db 2 fewer, recorded in the manifest as if it
        // were the run's: every SHA-256 matches, redis-server loads it without a complaint.
        try (RespClient c = admin()) {
            c.call("SELECT", "2");
            for (int i = 0; i < 10; i++) {
                c.call("DEL", "k2:" + i);
            }
        }
        PostgresServer.Result rdb = server.cli("backup", BACKUP, "--rdb", runDir(run).resolve("dump.rdb").toString());
        assertEquals(0, rdb.exitCode(), rdb.output());
        rerecord(run, "dump.rdb");

        PostgresServer.Result drill = drill(volumeOnly);
        assertNotEquals(0, drill.exitCode(), drill.output());
        assertTrue(drill.output().matches("(?s).*restore drill of run " + run + " FAILED: the restored data differs from the"
                + " facts recorded at backup time: db 2 keys: recorded 40, restored 30 \\(\\d+ difference\\(s\\) in all\\).*"),
                drill.output());
        assertEquals("failed", summary(drill.output()).get("outcome").asText());
        assertNothingLeft();
    }

    @Test
    void factsThatDoNotMatchTheRestoredDataFailTheDrill() throws IOException {
        assertEquals(0, backup(volumeOnly).exitCode());
        String run = onlyRun();
        Path facts = runDir(run).resolve("facts");
        String digest = Files.readAllLines(facts).stream().filter(l -> l.startsWith("db 0 persistent digest = "))
                .findFirst().orElseThrow().substring("db 0 persistent digest = ".length());
        String other = (digest.charAt(0) == '0' ? "1" : "0") + digest.substring(1);
        Files.writeString(facts, Files.readString(facts).replace(digest, other));
        rerecord(run, "facts");

        PostgresServer.Result drill = drill(volumeOnly);
        assertNotEquals(0, drill.exitCode(), drill.output());
        assertTrue(drill.output().contains("the restored data differs from the facts recorded at backup time: db 0 persistent"
                + " digest: recorded " + other + ", restored " + digest + " (1 difference(s) in all)"), drill.output());
        assertNothingLeft();
    }

    @Test
    void anOffsiteCopyThatDoesNotDecryptFailsTheDrill() throws IOException {
        startS3();
        assertEquals(0, backup(withOffsite).exitCode());
        String run = onlyRun();
        Path object;
        try (Stream<Path> walk = Files.walk(s3.root())) {
            object = walk.filter(Files::isRegularFile).filter(p -> p.toString().contains("/" + run + "/"))
                    .filter(p -> p.toFile().length() > 4096).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(object);
        for (int i = 200; i < 264; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(object, bytes);

        PostgresServer.Result drill = drill(withOffsite);
        assertNotEquals(0, drill.exitCode(), drill.output());
        assertTrue(drill.output().contains("cannot fetch and decrypt run " + run), drill.output());
        JsonNode summary = summary(drill.output());
        assertEquals("failed", summary.get("outcome").asText());
        assertEquals("offsite", summary.get("source").asText());
        assertNothingLeft();
    }

    @Test
    void aDrillKilledMidwayLeavesNothingTheNextOneNeedsAndTheNextOnePasses() throws Exception {
        assertEquals(0, backup(volumeOnly).exitCode());
        Path pause = podTmp.resolve("pause");
        // SIGKILL of the whole pod's processes while the private server holds the loaded data.
        Process killed = pausedDrill("loaded", true);
        killed.descendants().forEach(ProcessHandle::destroyForcibly);
        killed.destroyForcibly();
        assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
        Files.delete(pause);
        assertTrue(Files.exists(drillData.resolve("work/data/dump.rdb")), "the killed drill's data is there to clean");

        PostgresServer.Result next = drill(volumeOnly);
        assertEquals(0, next.exitCode(), next.output());
        assertEquals("passed", summary(next.output()).get("outcome").asText());
        assertNothingLeft();

        // SIGTERM (the kubelet at the deadline): the private server is stopped, everything removed, one line.
        Process stopped = pausedDrill("loaded", false);
        String pid = Files.readString(pause).replaceAll("(?s).*pid=(\\d+).*", "$1");
        assertEquals(0, PostgresServer.run(new ProcessBuilder("kill", "-TERM", pid)).exitCode());
        assertTrue(stopped.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(tmp.resolve("drill.log"));
        assertEquals(143, stopped.exitValue(), output);
        assertEquals("interrupted", summary(output).get("outcome").asText());
        Files.deleteIfExists(pause);
        assertNothingLeft();
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
                .map(c -> c.contains("redis-server") && c.contains(RestoreDrill.DATA_DIR)).orElse(false)),
                "the private server outlived the drill");
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static Manifests synth(boolean offsite) {
        RedisStore prod = Environments.prod().store(RedisStore.class);
        return Manifests.of(chart -> {
            Redis redis = new Redis(chart, "redis", prod.server());
            Offsite copies = null;
            if (offsite) {
                VaultSecretStore store = new VaultSecretStore(chart, "vault", Environments.prod().secretStore());
                copies = new Offsite(chart, "offsite", store, Environments.prod().offsite());
            }
            new RedisBackup(chart, "backup", redis, prod.backup(), copies);
            new RestoreDrill(chart, "drill", redis.names(), RedisStore.NAME, prod.server().image(), prod.server().uid(),
                    prod.drill(), prod.backup(), RedisBackup.DRILL_SCRIPT, copies);
        });
    }

    private static RespClient admin() {
        return RespClient.connect(server.port(), Redis.ADMIN_USER, ADMIN);
    }

    /**
     * Three databases: db 0 with 1,200 strings, every other type, a key with a TTL and hostile names;
     * db 2 with 40 keys; db 5 with one, a hash large enough for a hash table (element order per process).
     */
    private static void seed(RespClient c) {
        for (int i = 0; i < 1200; i++) {
            c.call("SET", "k:" + i, "value " + i);
        }
        c.call("HSET", "hash", "f1", "v1", "f2", "v2");
        c.call("SADD", "set", "a", "b", "c");
        c.call("ZADD", "zset", "1", "one", "2.5", "two");
        c.call("RPUSH", "list", "x", "y", "z");
        c.call("XADD", "stream", "1-1", "field", "value");
        c.call("SET", "line\nbreak \"quoted\" \u00e9", "hostile name");
        c.call("SET", " ", "a space");
        c.call("SET", "with a day to live", "volatile", "EX", "86400");
        c.call("SELECT", "2");
        for (int i = 0; i < 40; i++) {
            c.call("SET", "k2:" + i, Integer.toString(i));
        }
        c.call("SELECT", "5");
        List<Object> big = new ArrayList<>(List.of("HSET", "big"));
        for (int i = 0; i < 600; i++) {
            big.add("field " + i);
            big.add("value " + i);
        }
        c.call(big.toArray());
        c.call("SELECT", "0");
    }

    /** Every key of every database with its type and content (DUMP), read through the admin user. */
    private static Map<String, String> liveFingerprint() {
        Map<String, String> all = new TreeMap<>();
        try (RespClient c = admin()) {
            for (int db = 0; db < 16; db++) {
                c.call("SELECT", Integer.toString(db));
                Object keys = c.call("KEYS", "*");
                for (Object k : (List<?>) keys) {
                    byte[] key = (byte[]) k;
                    Object dump = c.call("DUMP", key);
                    all.put(db + "/" + new String(key, StandardCharsets.ISO_8859_1), Digests.sha256((byte[]) dump));
                }
            }
        }
        return all;
    }

    private void startS3() {
        s3 = S3Server.start(tmp.resolve("s3"), "platform-backups", "AKIDTESTREDISDRILL", "s3-secret-key-for-redis-drill");
        s3.writeOffsiteSecret(secretDir, CRYPT_PASSWORD, CRYPT_SALT);
    }

    /** The backup CronJob's command and environment, on the machine (as the backup tests run it). */
    private PostgresServer.Result backup(Manifests m) throws IOException {
        writeScripts(m);
        Path passwordFile = tmp.resolve("password");
        if (!Files.exists(passwordFile)) {
            Files.writeString(passwordFile, BACKUP, StandardCharsets.UTF_8);
        }
        List<String> command = new ArrayList<>();
        for (Object part : m.get("CronJob", "redis-backup").at("spec.jobTemplate.spec.template.spec.containers[0].command").list()) {
            command.add(part.toString().replace(BackupScripts.DIR + "/", scripts + "/"));
        }
        Map<String, String> env = JobEnv.of(m, "redis-backup");
        Map<String, String> local = new HashMap<>(Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", Integer.toString(server.port()),
                "REDIS_PASSWORD_FILE", passwordFile.toString(), "BACKUP_DIR", backups.toString()));
        if (env.containsKey("OFFSITE_CONFIG_DIR")) {
            local.putAll(Map.of("OFFSITE_CONFIG_DIR", secretDir.toString(), "OFFSITE_RCLONE", "/usr/bin/rclone",
                    "OFFSITE_CA_FILE", "/etc/ssl/certs/ca-certificates.crt"));
        }
        local.forEach((name, value) -> {
            assertTrue(env.containsKey(name), "redis-backup does not set " + name);
            env.put(name, value);
        });
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("PATH", IMAGE_PATH);
        pb.environment().put("TMPDIR", tmp.toString());
        return PostgresServer.run(pb);
    }

    private PostgresServer.Result drill(Manifests m) throws IOException {
        PostgresServer.Result r = PostgresServer.run(drillCommand(m, Map.of(), false));
        assertEquals(1, Await.count(r.output(), "DATALAYER_DRILL_SUMMARY"), "one summary line:\n" + r.output());
        for (String secret : List.of(ADMIN, BACKUP, "s3-secret-key-for-redis-drill", CRYPT_PASSWORD, CRYPT_SALT)) {
            assertFalse(r.output().contains(secret), "a secret appeared in the drill's output:\n" + r.output());
        }
        return r;
    }

    /** A drill from the volume stopped at test-only pause points (the pod's /tmp/pause). */
    private Process pausedDrill(String points, boolean ownPids) throws IOException {
        ProcessBuilder pb = drillCommand(volumeOnly, Map.of("DATALAYER_TEST_PAUSE_AT", points,
                "DATALAYER_TEST_PAUSE_FILE", "/tmp/pause"), ownPids);
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("drill.log").toFile());
        Process p = pb.start();
        started.add(p);
        Await.until(() -> Files.exists(podTmp.resolve("pause")), "the drill pauses at " + points);
        return p;
    }

    /**
     * The drill CronJob's container command in its pod, sandboxed: its uid, read-only root, the runs
     * claim read-only, the emptyDir, /tmp, rclone's folder and the off-site Secret as the kubelet gives
     * them to uid 999 with fsGroup 999. Test-only pause variables are added to the container's env.
     */
    private ProcessBuilder drillCommand(Manifests m, Map<String, String> testEnv, boolean ownPids) throws IOException {
        writeScripts(m);
        for (List<String> c : List.of(List.of("chown", "-R", "999:999", backups.toString(), drillData.toString(), podTmp.toString()),
                List.of("chown", "-R", "0:999", secretDir.toString()), List.of("chmod", "-R", "g+rX", secretDir.toString()),
                List.of("chmod", "a+rx", tmp.toString(), scripts.toString(), rclone.toString()))) {
            assertEquals(0, PostgresServer.run(new ProcessBuilder(c)).exitCode(), c.toString());
        }
        Node cronJob = m.get("CronJob", "redis-drill");
        Node pod = cronJob.at("spec.jobTemplate.spec.template.spec");
        Map<String, Path> volumes = new HashMap<>(Map.of("dumps", backups, "scripts", scripts, "drill-data", drillData,
                "tmp", podTmp));
        if (m == withOffsite) {
            volumes.putAll(Map.of("rclone", rclone, "offsite-secret", secretDir));
        }
        PodSandbox sandbox = new PodSandbox(pod, volumes, Map.of(), Map.of("PATH", IMAGE_PATH), tmp.resolve("sandbox"));
        List<String> command = new ArrayList<>();
        for (Object part : cronJob.at("spec.jobTemplate.spec.template.spec.containers[0].command").list()) {
            command.add(part.toString());
        }
        ProcessBuilder pb = sandbox.command("drill", command, Map.of(), ownPids);
        List<String> cmd = new ArrayList<>(pb.command());
        int at = cmd.indexOf("--clearenv") + 1;
        for (Map.Entry<String, String> e : testEnv.entrySet()) {
            cmd.addAll(at, List.of("--setenv", e.getKey(), e.getValue()));
        }
        pb.command(cmd);
        return pb;
    }

    private void writeScripts(Manifests m) throws IOException {
        DrillPods.writeScripts(m, "redis-backup-scripts", scripts);
    }

    private static JsonNode summary(String output) throws IOException {
        return DrillPods.summary(output);
    }

    private String onlyRun() throws IOException {
        return DrillPods.onlyRun(backups);
    }

    private Path runDir(String run) {
        return backups.resolve("runs").resolve(run);
    }

    /** Writes a file's size and SHA-256 into the run's manifest, as if the backup had written it so. */
    private void rerecord(String run, String file) throws IOException {
        DrillPods.rerecord(runDir(run), file);
    }

    /** The drill removed what it wrote: the emptyDir is empty, /tmp holds no drill folder. */
    private void assertNothingLeft() throws IOException {
        DrillPods.assertNothingLeft(drillData, podTmp);
    }
}
