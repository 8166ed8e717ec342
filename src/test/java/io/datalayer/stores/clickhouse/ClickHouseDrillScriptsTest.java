package io.datalayer.stores.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datalayer.app.Environments;
import io.datalayer.backup.Offsite;
import io.datalayer.backup.RestoreDrill;
import io.datalayer.secrets.VaultSecretStore;
import io.datalayer.testing.Await;
import io.datalayer.testing.ChdbEngine;
import io.datalayer.testing.DrillPods;
import io.datalayer.testing.FileTrees;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.PodSandbox;
import io.datalayer.testing.PostgresServer;
import io.datalayer.testing.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ClickHouse restore drill (drill.sh on drills.sh, through offsite.sh where off-site copies are on)
 * on the real ClickHouse engine (26.7, chdb): the backup runs its synthesized CronJob's command and
 * environment against the engine behind the stand-in client (as {@code ClickHouseBackupScriptsTest}
 * does); the drill runs its synthesized CronJob's command in a {@link PodSandbox} built from the
 * drill's pod spec (uid 101, read-only root, the runs claim read-only, the emptyDir and /tmp as the
 * kubelet gives them), with a STAND-IN for the image's {@code clickhouse} binary in its {@code local}
 * mode ({@link ChdbEngine#localStandIn}: chdb is clickhouse local's engine as a library). The live
 * engine is never reachable from the drill's pod. Off-site copies go to a real S3 API server (S3Proxy)
 * through the real rclone. Every check is on content: the summary line's fields, the facts, the
 * tables' rows, file hashes.
 */
class ClickHouseDrillScriptsTest {
    private static final String CRYPT_PASSWORD = "ch-drill-crypt-password-0123456789";
    private static final String CRYPT_SALT = "ch-drill-crypt-salt-9876543210-abc";
    private static final String DATABASES = "sales events";
    /** Where the sandbox binds the stand-in clickhouse binary, as the image has its binaries on PATH. */
    private static final String IMAGE_BIN = "/usr/lib/clickhouse-stand-in";

    private static Manifests withOffsite;
    private static Manifests volumeOnly;

    @TempDir
    Path tmp;
    private Path backups;
    private Path scripts;
    private Path drillData;
    private Path podTmp;
    private Path rclone;
    private Path image;
    private Path offsiteSecret;
    private ChdbEngine engine;
    private S3Server s3;
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void synthesize() {
        withOffsite = synth(true);
        volumeOnly = synth(false);
    }

    @BeforeEach
    void engineAndFolders() throws IOException {
        backups = Files.createDirectory(tmp.resolve("backups"));
        scripts = Files.createDirectory(tmp.resolve("scripts"));
        drillData = Files.createDirectory(tmp.resolve("drill-data"));
        podTmp = Files.createDirectory(tmp.resolve("pod-tmp"));
        rclone = DrillPods.rcloneFolder(tmp);
        image = ChdbEngine.localStandIn(tmp.resolve("image-bin"));
        engine = new ChdbEngine(Files.createDirectory(tmp.resolve("chdb")), ClickHouse.backupDisk(), backups);
        ClickHouseBackupScriptsTest.writeScriptsAndLogin(volumeOnly, tmp, scripts);
        ClickHouseBackupScriptsTest.seed(engine);
    }

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        DrillPods.stopLeftovers(started);
        engine.close();
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
        // The facts are a file of the run, its SHA-256 in the manifest: what the scratch restore read.
        List<String> manifest = Files.readAllLines(runDir(run).resolve("manifest"));
        assertTrue(manifest.stream().anyMatch(l -> l.matches("file facts \\d+ [0-9a-f]{64}")), manifest.toString());
        List<String> facts = Files.readAllLines(runDir(run).resolve("facts"));
        String orders = manifest.stream().filter(l -> l.startsWith("table db-002.tar ") && l.endsWith(" orders")).findFirst().orElseThrow();
        assertTrue(facts.contains("database \"sales\" table orders = 3000/" + orders.split(" ")[3]), facts + " " + orders);
        // SummingMergeTree: the count is what its parts hold after merges, whatever it is, as BACKUP saw it.
        assertTrue(facts.stream().anyMatch(l -> l.matches("database \"events\" table clicks = \\d+/\\d+")), facts.toString());
        assertTrue(facts.contains("database \"sales\" tables = 2"), facts.toString());
        assertEquals(5, facts.size(), facts.toString());
        Map<String, String> live = ClickHouseBackupScriptsTest.content(engine, DATABASES.split(" "));
        Map<String, String> runs = FileTrees.sha256s(backups);
        Map<String, String> offsite = FileTrees.sha256s(s3.root());

        PostgresServer.Result drill = drill(withOffsite);
        assertEquals(0, drill.exitCode(), drill.output());
        JsonNode summary = DrillPods.summary(drill.output());
        assertEquals("passed", summary.get("outcome").asText());
        assertEquals("clickhouse", summary.get("store").asText());
        assertEquals(run, summary.get("run").asText());
        assertEquals("offsite", summary.get("source").asText());
        assertEquals(2, summary.get("databases").asInt(), "events, sales");
        assertTrue(summary.get("run_age_seconds").asLong() >= 0, summary.toString());
        assertEquals(summary.get("fetch_seconds").asLong() + summary.get("restore_seconds").asLong(),
                summary.get("rto_seconds").asLong());
        assertTrue(drill.output().contains("facts match: 5 fact(s) of 2 database(s)"), drill.output());
        // Never the live engine, the runs or the off-site copies; nothing left in the pod.
        assertEquals(live, ClickHouseBackupScriptsTest.content(engine, DATABASES.split(" ")));
        assertEquals(runs, FileTrees.sha256s(backups));
        assertEquals(offsite, FileTrees.sha256s(s3.root()));
        DrillPods.assertNothingLeft(drillData, podTmp);
    }

    @Test
    void withoutOffsiteCopiesTheVolumesNewestRunIsDrilledReadOnly() throws IOException {
        assertEquals(0, backup(volumeOnly).exitCode());
        engine.sql("INSERT INTO sales.customers VALUES ('later', '2026-12-01', true)");
        assertEquals(0, backup(volumeOnly).exitCode());
        String newest = runs().get(1);
        assertTrue(Files.readString(runDir(newest).resolve("facts")).contains("table customers = 41/"));
        Map<String, String> runs = FileTrees.sha256s(backups);

        PostgresServer.Result drill = drill(volumeOnly);
        assertEquals(0, drill.exitCode(), drill.output());
        JsonNode summary = DrillPods.summary(drill.output());
        assertEquals("volume", summary.get("source").asText());
        assertEquals(newest, summary.get("run").asText());
        assertEquals(runs, FileTrees.sha256s(backups));
        DrillPods.assertNothingLeft(drillData, podTmp);
    }

    // ---- faults the drill must find --------------------------------------------------------------

    @Test
    void anArchiveThatStillRestoresButLostRowsFailsNamingTheTable() throws IOException {
        assertEquals(0, backup(volumeOnly).exitCode());
        String run = onlyRun();
        // An archive of the same database with ten rows fewer, recorded in the manifest as if it were
        // the run's: every SHA-256 matches, RESTORE reads it without a complaint.
        engine.sql("DELETE FROM sales.orders WHERE id < 10");
        Files.delete(runDir(run).resolve("db-002.tar"));
        engine.sql("BACKUP DATABASE sales TO Disk('" + ClickHouse.backupDisk() + "', 'runs/" + run + "/db-002.tar')");
        DrillPods.rerecord(runDir(run), "db-002.tar");

        PostgresServer.Result drill = drill(volumeOnly);
        assertNotEquals(0, drill.exitCode(), drill.output());
        assertTrue(drill.output().matches("(?s).*restore drill of run " + run + " FAILED: the restored data differs from the"
                + " facts recorded at backup time: database \"sales\" table orders: recorded 3000/\\d+, restored"
                + " 2990/\\d+ \\(1 difference\\(s\\) in all\\).*"), drill.output());
        assertEquals("failed", DrillPods.summary(drill.output()).get("outcome").asText());
        DrillPods.assertNothingLeft(drillData, podTmp);
    }

    @Test
    void factsThatDoNotMatchTheRestoredDataFailAndFactsNotMatchingTheManifestAreRefused() throws IOException {
        assertEquals(0, backup(volumeOnly).exitCode());
        String run = onlyRun();
        Path facts = runDir(run).resolve("facts");
        String recorded = Files.readString(facts);
        assertTrue(recorded.contains("database \"events\" tables = 1\n"), recorded);

        // Changed without the manifest: the SHA-256 refuses the run before anything is restored.
        Files.writeString(facts, recorded.replace("database \"events\" tables = 1\n", "database \"events\" tables = 2\n"));
        PostgresServer.Result refused = drill(volumeOnly);
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("FAILED: run " + run + " is damaged: facts does not match its SHA-256 in the manifest"),
                refused.output());
        assertFalse(refused.output().contains("restoring run"), refused.output());

        // Recorded in the manifest too: the restored database has one table, not the two recorded.
        DrillPods.rerecord(runDir(run), "facts");
        PostgresServer.Result drill = drill(volumeOnly);
        assertNotEquals(0, drill.exitCode(), drill.output());
        assertTrue(drill.output().contains("the restored data differs from the facts recorded at backup time: database \"events\""
                + " tables: recorded 2, restored 1 (1 difference(s) in all)"), drill.output());
        DrillPods.assertNothingLeft(drillData, podTmp);
    }

    @Test
    void anOffsiteCopyThatDoesNotDecryptFailsTheDrill() throws IOException {
        startS3();
        assertEquals(0, backup(withOffsite).exitCode());
        String run = onlyRun();
        // Bytes flipped in the stored (encrypted) archive: crypt's authentication refuses it.
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
        JsonNode summary = DrillPods.summary(drill.output());
        assertEquals("failed", summary.get("outcome").asText());
        assertEquals("offsite", summary.get("source").asText());
        assertEquals(run, summary.get("run").asText());
        DrillPods.assertNothingLeft(drillData, podTmp);
    }

    @Test
    void aDrillKilledMidwayLeavesNothingTheNextOneNeedsAndTheNextOnePasses() throws Exception {
        assertEquals(0, backup(volumeOnly).exitCode());
        Path pause = podTmp.resolve("pause");
        // SIGKILL of the whole pod's processes once the run is restored into the emptyDir.
        Process killed = pausedDrill(true);
        killed.descendants().forEach(ProcessHandle::destroyForcibly);
        killed.destroyForcibly();
        assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
        Files.delete(pause);
        try (Stream<Path> restored = Files.walk(drillData.resolve("work/data"))) {
            assertTrue(restored.anyMatch(p -> p.getFileName().toString().equals("orders.sql")),
                    "the killed drill's restored data is there to clean");
        }

        PostgresServer.Result next = drill(volumeOnly);
        assertEquals(0, next.exitCode(), next.output());
        assertEquals("passed", DrillPods.summary(next.output()).get("outcome").asText());
        DrillPods.assertNothingLeft(drillData, podTmp);

        // SIGTERM (the kubelet at the deadline): everything removed, one summary line.
        Process stopped = pausedDrill(false);
        String pid = Files.readString(pause).replaceAll("(?s).*pid=(\\d+).*", "$1");
        assertEquals(0, PostgresServer.run(new ProcessBuilder("kill", "-TERM", pid)).exitCode());
        assertTrue(stopped.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(tmp.resolve("drill.log"));
        assertEquals(143, stopped.exitValue(), output);
        assertEquals("interrupted", DrillPods.summary(output).get("outcome").asText());
        Files.deleteIfExists(pause);
        DrillPods.assertNothingLeft(drillData, podTmp);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** The backup and the prod drill settings, as ClickHouseStore builds them. */
    private static Manifests synth(boolean offsite) {
        ClickHouseStore prod = Environments.prod().store(ClickHouseStore.class);
        return Manifests.of(chart -> {
            Offsite copies = offsite ? new Offsite(chart, "offsite", new VaultSecretStore(chart, "vault", Environments.prod().secretStore()),
                    Environments.prod().offsite()) : null;
            ClickHouseBackupFixture.backup(chart, copies);
            ClickHouse server = chart.constructs().stream().filter(ClickHouse.class::isInstance).map(ClickHouse.class::cast)
                    .findFirst().orElseThrow();
            new RestoreDrill(chart, "drill", server.names(), ClickHouseStore.NAME, server.props().image(), server.props().uid(),
                    prod.drill(), ClickHouseBackupFixture.backupSettings(), ClickHouseBackup.DRILL_SCRIPT, copies);
        });
    }

    private void startS3() {
        s3 = S3Server.start(tmp.resolve("s3"), "platform-backups", "AKIDTESTCHDRILL", "s3-secret-key-for-ch-drill-tests");
        offsiteSecret = s3.writeOffsiteSecret(tmp.resolve("offsite-secret"), CRYPT_PASSWORD, CRYPT_SALT);
    }

    /** The backup CronJob's command and environment against the engine (ClickHouseBackupScriptsTest's). */
    private PostgresServer.Result backup(Manifests m) {
        return PostgresServer.run(ClickHouseBackupScriptsTest.command(m, "clickhouse-backup", Map.of(), tmp, backups, scripts, engine,
                offsiteSecret));
    }

    private PostgresServer.Result drill(Manifests m) throws IOException {
        PostgresServer.Result r = PostgresServer.run(drillCommand(m, Map.of(), false));
        assertEquals(1, Await.count(r.output(), "DATALAYER_DRILL_SUMMARY"), "one summary line:\n" + r.output());
        for (String secret : List.of("s3-secret-key-for-ch-drill-tests", CRYPT_PASSWORD, CRYPT_SALT)) {
            assertFalse(r.output().contains(secret), "a secret appeared in the drill's output:\n" + r.output());
        }
        return r;
    }

    /** A drill from the volume, paused (the pod's /tmp/pause) once the run is restored. */
    private Process pausedDrill(boolean ownPids) throws IOException {
        ProcessBuilder pb = drillCommand(volumeOnly, Map.of("DATALAYER_TEST_PAUSE_AT", "restored",
                "DATALAYER_TEST_PAUSE_FILE", "/tmp/pause"), ownPids);
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("drill.log").toFile());
        Process p = pb.start();
        started.add(p);
        Await.until(() -> Files.exists(podTmp.resolve("pause")), "the drill pauses once the run is restored");
        return p;
    }

    /**
     * The drill CronJob's container command in its pod, sandboxed: uid 101, read-only root, the runs
     * claim read-only, the emptyDir, /tmp, rclone's folder and the off-site Secret as the kubelet gives
     * them; the image's PATH with the stand-in clickhouse binary.
     */
    private ProcessBuilder drillCommand(Manifests m, Map<String, String> testEnv, boolean ownPids) throws IOException {
        Node cronJob = m.get("CronJob", "clickhouse-drill");
        Node pod = cronJob.at("spec.jobTemplate.spec.template.spec");
        String uid = pod.at("securityContext.runAsUser").value().toString();
        List<List<String>> prepare = new ArrayList<>(List.of(
                List.of("chown", "-R", uid + ":" + uid, backups.toString(), drillData.toString(), podTmp.toString()),
                List.of("chmod", "a+rx", tmp.toString(), scripts.toString(), rclone.toString())));
        Map<String, Path> volumes = new HashMap<>(Map.of("dumps", backups, "scripts", scripts, "drill-data", drillData, "tmp", podTmp));
        if (m == withOffsite) {
            prepare.add(List.of("chown", "-R", "0:" + uid, offsiteSecret.toString()));
            prepare.add(List.of("chmod", "-R", "g+rX", offsiteSecret.toString()));
            volumes.putAll(Map.of("rclone", rclone, "offsite-secret", offsiteSecret));
        }
        for (List<String> c : prepare) {
            assertEquals(0, PostgresServer.run(new ProcessBuilder(c)).exitCode(), c.toString());
        }
        // The pod's /tmp hides the test's folders: the stand-in is bound where the image's binaries would be.
        PodSandbox sandbox = new PodSandbox(pod, volumes, Map.of(IMAGE_BIN, image),
                Map.of("PATH", IMAGE_BIN + ":/usr/local/bin:/usr/bin:/bin"), tmp.resolve("sandbox"));
        return DrillPods.command(cronJob, sandbox, testEnv, ownPids);
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
}
