package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datalayer.app.Environments;
import io.datalayer.backup.BackupScripts;
import io.datalayer.backup.Offsite;
import io.datalayer.backup.OffsiteProps;
import io.datalayer.backup.RestoreDrill;
import io.datalayer.secrets.VaultSecretStore;
import io.datalayer.testing.Await;
import io.datalayer.testing.DrillPods;
import io.datalayer.testing.FileTrees;
import io.datalayer.testing.JobEnv;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.PodSandbox;
import io.datalayer.testing.PostgresServer;
import io.datalayer.testing.S3Server;
import java.io.IOException;
import java.io.RandomAccessFile;
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
 * The PostgreSQL restore drill (drill.sh on drills.sh, through offsite.sh where off-site copies are
 * on) on real servers: the backup runs its synthesized CronJob's command and environment against a
 * real PostgreSQL 15 (as {@code PostgresBackupScriptsTest} does), the drill runs its synthesized
 * CronJob's command in a {@link PodSandbox} built from the drill's pod spec: the pod's uid, a
 * read-only root, the runs claim read-only, the emptyDir and /tmp as the kubelet gives them, and the
 * machine's PostgreSQL 15 binaries standing in for the image's. Off-site copies go to a real S3 API
 * server (S3Proxy) through the real rclone. Every check is on content: the summary line's fields,
 * the facts, row counts, file hashes.
 */
class PostgresDrillScriptsTest {
    private static final String CRYPT_PASSWORD = "drill-crypt-password-0123456789";
    private static final String CRYPT_SALT = "drill-crypt-salt-9876543210-abc";
    private static final String PG15_PATH = "/usr/lib/postgresql/15/bin:/usr/bin:/bin";

    private static PostgresServer server;
    private static Manifests withOffsite;
    private static Manifests volumeOnly;

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
        server = PostgresServer.start(JobEnv.of(withOffsite, "postgresql-backup").get("PGUSER"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void freshServerAndFolders() throws IOException {
        server.dropDatabasesButDefaults();
        backups = Files.createDirectory(tmp.resolve("backups"));
        scripts = Files.createDirectory(tmp.resolve("scripts"));
        secretDir = Files.createDirectory(tmp.resolve("secret"));
        drillData = Files.createDirectory(tmp.resolve("drill-data"));
        podTmp = Files.createDirectory(tmp.resolve("pod-tmp"));
        rclone = DrillPods.rcloneFolder(tmp);
        seed();
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
        // The facts are a file of the run, its SHA-256 in the manifest, taken from the dump's snapshot.
        List<String> manifest = Files.readAllLines(runDir(run).resolve("manifest"));
        assertTrue(manifest.stream().anyMatch(l -> l.matches("file facts \\d+ [0-9a-f]{64}")), manifest.toString());
        List<String> facts = Files.readAllLines(runDir(run).resolve("facts"));
        assertTrue(facts.stream().anyMatch(l -> l.matches("database \"shop\" table public\\.items = 500/-?\\d+")), facts.toString());
        assertTrue(facts.contains("database \"shop\" sequence public.items_id_seq >= 500"), facts.toString());
        assertTrue(facts.stream().anyMatch(l -> l.startsWith("database \"ledger\" table public.entries = 120/")), facts.toString());
        Map<String, String> live = server.fingerprint();
        Map<String, String> runs = tree(backups);
        Map<String, String> offsite = tree(s3.root());

        PostgresServer.Result drill = drill(withOffsite, Map.of());
        assertEquals(0, drill.exitCode(), drill.output());
        JsonNode summary = summary(drill.output());
        assertEquals("passed", summary.get("outcome").asText());
        assertEquals("postgresql", summary.get("store").asText());
        assertEquals(run, summary.get("run").asText());
        assertEquals("offsite", summary.get("source").asText());
        assertEquals(4, summary.get("databases").asInt(), "postgres, template1, shop, ledger");
        assertTrue(summary.get("run_age_seconds").asLong() >= 0, summary.toString());
        assertEquals(summary.get("fetch_seconds").asLong() + summary.get("restore_seconds").asLong(),
                summary.get("rto_seconds").asLong());
        assertTrue(drill.output().contains("facts match: " + facts.size() + " fact(s) of 4 database(s)"), drill.output());
        assertTrue(drill.output().contains("pg_amcheck (heap and B-tree, --heapallindexed) finds no corruption"), drill.output());
        // Never the live server, the runs or the off-site copies; nothing left in the pod.
        assertEquals(live, server.fingerprint());
        assertEquals(runs, tree(backups));
        assertEquals(offsite, tree(s3.root()));
        assertNothingLeft();
    }

    @Test
    void withoutOffsiteCopiesTheVolumesNewestRunIsDrilledReadOnly() throws IOException {
        assertEquals(0, backup(volumeOnly).exitCode());
        server.sql("shop", "INSERT INTO items (label) SELECT 'later ' || g FROM generate_series(1, 7) g");
        assertEquals(0, backup(volumeOnly).exitCode());
        String newest = runs().get(1);
        Map<String, String> runs = tree(backups);

        PostgresServer.Result drill = drill(volumeOnly, Map.of());
        assertEquals(0, drill.exitCode(), drill.output());
        JsonNode summary = summary(drill.output());
        assertEquals("volume", summary.get("source").asText());
        assertEquals(newest, summary.get("run").asText());
        assertEquals(runs, tree(backups));
        assertNothingLeft();
    }

    // ---- faults the drill must find --------------------------------------------------------------

    @Test
    void aDumpThatStillRestoresButLostRowsFailsNamingTheTable() throws IOException {
        assertEquals(0, backup(volumeOnly).exitCode());
        String run = onlyRun();
        // A dump of the same database with ten rows fewer, recorded in the manifest as if it were the
        // run's: every SHA-256 matches, pg_restore loads it without a complaint.
        server.sql("shop", "DELETE FROM items WHERE id <= 10");
        String file = dumpFileOf(run, "shop");
        Path dump = runDir(run).resolve(file);
        ProcessBuilder dumpShop = new ProcessBuilder(server.bin().resolve("pg_dump").toString(), "--format=custom",
                "--file=" + dump, "--dbname=host=127.0.0.1 port=" + server.port() + " user=" + server.superuser() + " dbname=shop");
        // The test's own connection; the scripts never take a password from the environment.
        dumpShop.environment().put("PGPASSWORD", server.password());
        PostgresServer.Result pgDump = PostgresServer.run(dumpShop);
        assertEquals(0, pgDump.exitCode(), pgDump.output());
        rerecord(run, file);

        PostgresServer.Result drill = drill(volumeOnly, Map.of());
        assertNotEquals(0, drill.exitCode(), drill.output());
        assertTrue(drill.output().matches("(?s).*restore drill of run " + run + " FAILED: the restored data differs from the"
                + " facts recorded at backup time: database \"shop\" table public\\.items: recorded 500/-?\\d+, restored"
                + " 490/-?\\d+ \\(1 difference\\(s\\) in all\\).*"), drill.output());
        assertEquals("failed", summary(drill.output()).get("outcome").asText());
        assertNothingLeft();
    }

    @Test
    void factsThatDoNotMatchTheRestoredDataFailAndFactsNotMatchingTheManifestAreRefused() throws IOException {
        assertEquals(0, backup(volumeOnly).exitCode());
        String run = onlyRun();
        Path facts = runDir(run).resolve("facts");
        String recorded = Files.readString(facts);

        // Changed without the manifest: the SHA-256 refuses the run before anything is restored.
        Files.writeString(facts, recorded.replace("sequence public.items_id_seq >= 500", "sequence public.items_id_seq >= 501"));
        PostgresServer.Result refused = drill(volumeOnly, Map.of());
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("FAILED: run " + run + " is damaged: facts does not match its SHA-256 in the manifest"),
                refused.output());
        assertFalse(refused.output().contains("restoring run"), refused.output());

        // Recorded in the manifest too: the restored sequence is below what the backup saw.
        rerecord(run, "facts");
        PostgresServer.Result drill = drill(volumeOnly, Map.of());
        assertNotEquals(0, drill.exitCode(), drill.output());
        assertTrue(drill.output().contains("the restored data differs from the facts recorded at backup time: database \"shop\""
                + " sequence public.items_id_seq: restored 500, below the 501 recorded at backup time (1 difference(s) in all)"),
                drill.output());
        assertNothingLeft();
    }

    @Test
    void anOffsiteCopyThatDoesNotDecryptFailsTheDrill() throws IOException {
        startS3();
        assertEquals(0, backup(withOffsite).exitCode());
        String run = onlyRun();
        // Bytes flipped in the stored (encrypted) dump: crypt's authentication refuses it.
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

        PostgresServer.Result drill = drill(withOffsite, Map.of());
        assertNotEquals(0, drill.exitCode(), drill.output());
        assertTrue(drill.output().contains("cannot fetch and decrypt run " + run), drill.output());
        JsonNode summary = summary(drill.output());
        assertEquals("failed", summary.get("outcome").asText());
        assertEquals("offsite", summary.get("source").asText());
        assertEquals(run, summary.get("run").asText());
        assertNothingLeft();
    }

    @Test
    void anIndexCorruptedInTheRestoredDataFailsThroughPgAmcheck() throws Exception {
        assertEquals(0, backup(volumeOnly).exitCode());
        Path pause = podTmp.resolve("pause");
        // Loaded and running: where the restored items_pkey lives (through the private socket).
        Process drill = pausedDrill("loaded restored", false);
        Path socket = drillData.resolve("work/socket");
        PostgresServer.Result where = PostgresServer.run(new ProcessBuilder(server.bin().resolve("psql").toString(), "-X", "-A",
                "-t", "-h", socket.toString(), "-U", "datalayer_drill", "-d", "shop", "-c",
                "SELECT pg_relation_filepath('items_pkey')"));
        assertEquals(0, where.exitCode(), where.output());
        Path index = drillData.resolve("work/data").resolve(where.output().trim());
        Files.delete(pause);
        // Stopped cleanly: the index is on disk; its first leaf page is zeroed before the server starts again.
        Await.until(() -> Files.exists(pause), "the drill pauses after the restore");
        try (RandomAccessFile f = new RandomAccessFile(index.toFile(), "rw")) {
            f.seek(8192);
            f.write(new byte[8192]);
        }
        Files.delete(pause);
        assertTrue(drill.waitFor(120, TimeUnit.SECONDS));
        String output = Files.readString(tmp.resolve("drill.log"));
        assertNotEquals(0, drill.exitValue(), output);
        assertTrue(output.contains("facts match"), "the facts read the table, not the index:\n" + output);
        assertTrue(output.contains("FAILED: pg_amcheck finds corruption in the restored data"), output);
        assertTrue(output.contains("items_pkey"), output);
        assertEquals("failed", summary(output).get("outcome").asText());
        assertNothingLeft();
    }

    @Test
    void aDrillKilledMidwayLeavesNothingTheNextOneNeedsAndTheNextOnePasses() throws Exception {
        assertEquals(0, backup(volumeOnly).exitCode());
        Path pause = podTmp.resolve("pause");
        // SIGKILL of the whole pod's processes while the private server runs with the data loaded.
        Process killed = pausedDrill("loaded", true);
        killed.descendants().forEach(ProcessHandle::destroyForcibly);
        killed.destroyForcibly();
        assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
        Files.delete(pause);
        assertTrue(Files.exists(drillData.resolve("work/data/PG_VERSION")), "the killed drill's data is there to clean");

        PostgresServer.Result next = drill(volumeOnly, Map.of());
        assertEquals(0, next.exitCode(), next.output());
        assertEquals("passed", summary(next.output()).get("outcome").asText());
        assertNothingLeft();

        // SIGTERM (the kubelet at the deadline): the server is stopped, everything removed, one line.
        Process stopped = pausedDrill("loaded", false);
        String pid = Files.readString(pause).replaceAll("(?s).*pid=(\\d+).*", "$1");
        assertEquals(0, PostgresServer.run(new ProcessBuilder("kill", "-TERM", pid)).exitCode());
        assertTrue(stopped.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(tmp.resolve("drill.log"));
        assertEquals(143, stopped.exitValue(), output);
        assertEquals("interrupted", summary(output).get("outcome").asText());
        Files.deleteIfExists(pause);
        assertNothingLeft();
        assertFalse(postgresRunningIn(RestoreDrill.DATA_DIR), "the private server outlived the drill");
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static Manifests synth(boolean offsite) {
        PostgresStore prod = Environments.prod().store(PostgresStore.class);
        return Manifests.of(chart -> {
            Postgres postgres = new Postgres(chart, "postgresql", prod.server());
            Offsite copies = null;
            if (offsite) {
                VaultSecretStore store = new VaultSecretStore(chart, "vault", Environments.prod().secretStore());
                copies = new Offsite(chart, "offsite", store, Environments.prod().offsite());
            }
            new PostgresBackup(chart, "backup", postgres, prod.backup(), List.of(), copies);
            new RestoreDrill(chart, "drill", postgres.names(), PostgresStore.NAME, prod.server().image(), prod.server().uid(),
                    prod.drill(), prod.backup(), PostgresBackup.DRILL_SCRIPT, copies);
        });
    }

    /** Two databases with tables, an index, a sequence; and postgres and template1 as initdb made them. */
    private static void seed() {
        server.sql("postgres", "CREATE DATABASE shop");
        server.sql("shop", "CREATE TABLE items (id serial PRIMARY KEY, label text NOT NULL, price numeric(10,2),"
                + " added timestamptz DEFAULT '2026-12-01 10:00:00+00', tags text[]);"
                + " INSERT INTO items (label, price, tags) SELECT 'item ' || g, g * 1.25, ARRAY['a', g::text]"
                + " FROM generate_series(1, 500) g; CREATE INDEX items_label ON items (label)");
        server.sql("postgres", "CREATE DATABASE ledger");
        server.sql("ledger", "CREATE TABLE entries (n int, amount double precision, note bytea);"
                + " INSERT INTO entries SELECT g, g / 3.0, decode(md5(g::text), 'hex') FROM generate_series(1, 120) g");
    }

    private void startS3() throws IOException {
        s3 = S3Server.start(tmp.resolve("s3"), "platform-backups", "AKIDTESTDRILL", "s3-secret-key-for-drill-tests");
        Map<String, String> values = new TreeMap<>(Map.of(
                "bucket", s3.bucket(), "endpoint", s3.endpoint(), "region", S3Server.REGION,
                "access-key-id", s3.accessKey(), "secret-access-key", s3.secretKey(),
                "crypt-password", CRYPT_PASSWORD, "crypt-salt", CRYPT_SALT));
        for (String key : OffsiteProps.KEYS) {
            Files.writeString(secretDir.resolve(key), values.get(key), StandardCharsets.UTF_8);
        }
    }

    /** The backup CronJob's command and environment, on the machine (as the backup tests run it). */
    private PostgresServer.Result backup(Manifests m) throws IOException {
        writeScripts(m);
        Path passwordFile = tmp.resolve("password");
        if (!Files.exists(passwordFile)) {
            Files.writeString(passwordFile, server.password(), StandardCharsets.UTF_8);
        }
        String container = "spec.jobTemplate.spec.template.spec.containers[0]";
        List<String> command = new ArrayList<>();
        for (Object part : m.get("CronJob", "postgresql-backup").at(container + ".command").list()) {
            command.add(part.toString().replace(BackupScripts.DIR + "/", scripts + "/"));
        }
        Map<String, String> env = JobEnv.of(m, "postgresql-backup");
        Map<String, String> local = new HashMap<>(Map.of("PGHOST", "127.0.0.1", "PGPORT", Integer.toString(server.port()),
                "POSTGRES_PASSWORD_FILE", passwordFile.toString(), "BACKUP_DIR", backups.toString()));
        if (env.containsKey("OFFSITE_CONFIG_DIR")) {
            local.putAll(Map.of("OFFSITE_CONFIG_DIR", secretDir.toString(), "OFFSITE_RCLONE", "/usr/bin/rclone",
                    "OFFSITE_CA_FILE", "/etc/ssl/certs/ca-certificates.crt"));
        }
        local.forEach((name, value) -> {
            assertTrue(env.containsKey(name), "postgresql-backup does not set " + name);
            env.put(name, value);
        });
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("PATH", server.bin() + ":/usr/local/bin:/usr/bin:/bin");
        pb.environment().put("TMPDIR", tmp.toString());
        return PostgresServer.run(pb);
    }

    private PostgresServer.Result drill(Manifests m, Map<String, String> testEnv) throws IOException {
        PostgresServer.Result r = PostgresServer.run(drillCommand(m, testEnv, false));
        assertTrue(Await.count(r.output(), "DATALAYER_DRILL_SUMMARY") == 1, "one summary line:\n" + r.output());
        for (String secret : List.of(server.password(), "s3-secret-key-for-drill-tests", CRYPT_PASSWORD, CRYPT_SALT)) {
            assertFalse(r.output().contains(secret), "a secret appeared in the drill's output:\n" + r.output());
        }
        return r;
    }

    /**
     * A drill from the volume, started with the test-only pause points (the pod's /tmp/pause), returned
     * once it waits at the first of them.
     */
    private Process pausedDrill(String points, boolean ownPids) throws IOException {
        Process p = startDrill(volumeOnly, Map.of("DATALAYER_TEST_PAUSE_AT", points, "DATALAYER_TEST_PAUSE_FILE", "/tmp/pause"),
                ownPids);
        Await.until(() -> Files.exists(podTmp.resolve("pause")), "the drill pauses at " + points.split(" ")[0]);
        return p;
    }

    private Process startDrill(Manifests m, Map<String, String> testEnv, boolean ownPids) throws IOException {
        ProcessBuilder pb = drillCommand(m, testEnv, ownPids);
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("drill.log").toFile());
        Process p = pb.start();
        started.add(p);
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
        Node cronJob = m.get("CronJob", "postgresql-drill");
        Node pod = cronJob.at("spec.jobTemplate.spec.template.spec");
        Map<String, Path> volumes = new HashMap<>(Map.of("dumps", backups, "scripts", scripts, "drill-data", drillData,
                "tmp", podTmp));
        if (m == withOffsite) {
            volumes.putAll(Map.of("rclone", rclone, "offsite-secret", secretDir));
        }
        PodSandbox sandbox = new PodSandbox(pod, volumes, Map.of(), Map.of("PATH", PG15_PATH), tmp.resolve("sandbox"));
        return DrillPods.command(cronJob, sandbox, testEnv, ownPids);
    }

    private void writeScripts(Manifests m) throws IOException {
        DrillPods.writeScripts(m, "postgresql-backup-scripts", scripts);
    }

    private JsonNode summary(String output) throws IOException {
        return DrillPods.summary(output);
    }

    private List<String> runs() throws IOException {
        return DrillPods.runs(backups);
    }

    private String onlyRun() throws IOException {
        return DrillPods.onlyRun(backups);
    }

    private Path runDir(String run) {
        return backups.resolve("runs").resolve(run);
    }

    private String dumpFileOf(String run, String database) throws IOException {
        String hex = PostgresServer.hexOf(database);
        return Files.readAllLines(runDir(run).resolve("manifest")).stream().filter(l -> l.startsWith("database " + hex + " "))
                .map(l -> l.split(" ")[2]).findFirst().orElseThrow();
    }

    /** Writes a file's size and SHA-256 into the run's manifest, as if the backup had written it so. */
    private void rerecord(String run, String file) throws IOException {
        DrillPods.rerecord(runDir(run), file);
    }

    /** Every file under a folder by its SHA-256: the runs, the bucket. */
    private static Map<String, String> tree(Path dir) throws IOException {
        return FileTrees.sha256s(dir);
    }

    /** The drill removed what it wrote: the emptyDir is empty, /tmp holds no drill folder. */
    private void assertNothingLeft() throws IOException {
        DrillPods.assertNothingLeft(drillData, podTmp);
    }

    /** Whether a postgres process runs with its data under {@code dir} (the pod's path). */
    private static boolean postgresRunningIn(String dir) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().map(c -> c.contains(dir)
                && c.contains("postgres")).orElse(false));
    }
}
