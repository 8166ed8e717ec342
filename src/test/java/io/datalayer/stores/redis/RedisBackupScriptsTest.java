package io.datalayer.stores.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.backup.BackupScripts;
import io.datalayer.backup.BackupSettings;
import io.datalayer.backup.Offsite;
import io.datalayer.secrets.VaultSecretStore;
import io.datalayer.testing.Await;
import io.datalayer.testing.Digests;
import io.datalayer.testing.JobEnv;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.PostgresServer;
import io.datalayer.testing.RespClient;
import io.datalayer.testing.S3Server;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup.sh and restore.sh on a real Redis server (Debian's 7.0), taken from the synthesized
 * ConfigMap and run with the environment of the synthesized CronJob containers; only the host, the
 * port, the paths and what an operator sets on a Job are changed. The server runs with the
 * synthesized redis.conf and the synthesized ACL rules (the test writes the passwords into the ACL
 * file the way the pod's acl-sync does), its {@code dir} and {@code aclfile} mapped to folders here,
 * the port overridden and bound to 127.0.0.1 on the command line, and no 5 s wait before a diskless
 * sync (it only costs time). Data is compared by content: every key of every
 * database with its type, its value (DUMP; sorted members for sets and hashes) and its absolute
 * expiry time (DEBUG DIGEST is disabled by the shipped config).
 */
class RedisBackupScriptsTest {
    private static final String RUN_ID = "\\d{6}-\\d{8}T\\d{6}Z";
    private static final String ADMIN_PASSWORD = "admin-pw-'\"$(x)`;|0123456789";
    private static final String BACKUP_PASSWORD = "backup-pw-\\ \"quoted\" $HOME 0123456789";

    private static Manifests manifests;

    @TempDir
    Path tmp;
    private Path backups;
    private Path scripts;
    private Path data;
    private Server server;
    private final List<Process> started = new ArrayList<>();
    private final List<Server> servers = new ArrayList<>();
    private final List<Path> mounts = new ArrayList<>();
    private final Map<Process, Path> outputs = new LinkedHashMap<>();
    /** Where the test wrote the off-site Secret's files, when a test synthesizes off-site copies. */
    private Path offsiteSecretDir;

    @BeforeAll
    static void synthesize() {
        manifests = synth(Environments.prod().store(RedisStore.class).backup());
    }

    private static Manifests synth(BackupSettings backup) {
        return Manifests.of(chart -> {
            Redis redis = new Redis(chart, "redis", Environments.prod().store(RedisStore.class).server());
            RedisBackup b = new RedisBackup(chart, "redis-backup", redis, backup);
            new RedisRestore(chart, "redis-restore", b, Environments.prod().store(RedisStore.class).restore());
        });
    }

    @BeforeEach
    void folders() throws IOException {
        backups = Files.createDirectory(tmp.resolve("backups"));
        scripts = Files.createDirectory(tmp.resolve("scripts"));
        data = Files.createDirectory(tmp.resolve("data"));
        server = startServer(data);
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (Server s : servers) {
            s.kill();
        }
        for (Path m : mounts) {
            PostgresServer.run(new ProcessBuilder("umount", "-l", m.toString()));
        }
    }

    // ---- round trip --------------------------------------------------------------------------------

    @Test
    void everyTypeTtlsAndHostileKeysRoundTripThroughTheServersOwnConfig() throws IOException {
        try (RespClient c = server.admin()) {
            seed(c);
        }
        Map<String, String> atBackup = fingerprint(server);
        assertTrue(atBackup.size() > 1000, "the data set: " + atBackup.size() + " keys");

        PostgresServer.Result backup = backup(Map.of());
        assertEquals(0, backup.exitCode(), backup.output());
        String run = onlyRun();
        List<String> manifest = manifest(run);
        assertTrue(manifest.contains("outcome complete"), manifest.toString());
        assertTrue(manifest.contains("store redis"), manifest.toString());
        assertTrue(manifest.contains("keys " + atBackup.size()), manifest.toString());
        assertTrue(manifest.contains("server_version 7.0.15"), manifest.toString());
        assertTrue(manifest.contains("file dump.rdb " + Files.size(runFile(run)) + " " + Digests.sha256(runFile(run))), manifest.toString());
        assertTrue(backup.output().contains("run " + run + " complete: " + atBackup.size() + " key(s)"), backup.output());

        // Later writes, deletes and a flushed database: what the restore replaces.
        try (RespClient c = server.admin()) {
            c.call("SET", "written after the backup", "x");
            c.call("DEL", "plain");
            c.call("SELECT", "5");
            c.call("FLUSHDB");
        }
        Map<String, String> later = fingerprint(server);
        assertNotEquals(atBackup, later);

        server.stop();
        Map<String, String> liveFiles = fingerprintOfFiles(data);
        assertEquals(later.keySet(), liveFiles.keySet());
        PostgresServer.Result restore = restore(Map.of());
        assertEquals(0, restore.exitCode(), restore.output());
        assertTrue(restore.output().contains("restoring the newest complete run, " + run), restore.output());
        assertTrue(restore.output().contains("staged and proven: " + atBackup.size() + " keys"), restore.output());

        // The server starts from the restored files with its own config (appendonly yes): every key,
        // value, type, stream group and absolute expiry time as at the backup.
        server = startServer(data);
        assertSameData(atBackup, fingerprint(server));
        try (RespClient c = server.admin()) {
            long ttl = (Long) c.call("PTTL", "ttl:7");
            assertTrue(ttl > 29L * 86_400_000 && ttl <= 30L * 86_400_000, "TTL kept: " + ttl);
        }
        // The replaced files are kept, and are the live data as it was.
        List<Path> replaced = list(data).stream().filter(p -> p.getFileName().toString().startsWith("replaced-")).toList();
        assertEquals(1, replaced.size(), list(data).toString());
        assertTrue(restore.output().contains("kept the replaced files in " + replaced.get(0)), restore.output());
        Server old = startServer(replaced.get(0));
        assertSameData(liveFiles, fingerprint(old));
        old.stop();
        assertTrue(list(data).stream().noneMatch(p -> p.getFileName().toString().startsWith(".datalayer-restore-")), list(data).toString());
        assertEquals(List.of(), privateFolders());

        // A chosen run, dropping the replaced files this time.
        server.stop();
        PostgresServer.Result chosen = restore(Map.of("RESTORE_RUN", run, "RESTORE_KEEP_REPLACED", "false"));
        assertEquals(0, chosen.exitCode(), chosen.output());
        assertTrue(chosen.output().contains("restoring run " + run) && chosen.output().contains("removed the replaced files"),
                chosen.output());
        assertEquals(1, list(data).stream().filter(p -> p.getFileName().toString().startsWith("replaced-")).count());
        server = startServer(data);
        assertSameData(atBackup, fingerprint(server));
    }

    /**
     * Redis's runs go off-site through the same offsite.sh as PostgreSQL's (OffsiteScriptsTest): the
     * CronJobs' own commands ({@code offsite.sh after backup.sh}, {@code offsite.sh before
     * restore.sh}) against a real S3 API server (S3Proxy) with Debian's rclone; the backup volume is
     * then lost, and the run comes back from the bucket alone, verified, and is restored.
     */
    @Test
    void aRunGoesOffSiteEncryptedAndComesBackFromTheBucketAloneAfterTheVolumeIsLost() throws IOException {
        Manifests offsite = Manifests.of(chart -> {
            Redis redis = new Redis(chart, "redis", Environments.prod().store(RedisStore.class).server());
            VaultSecretStore store = new VaultSecretStore(chart, "vault", Environments.prod().secretStore());
            RedisBackup b = new RedisBackup(chart, "redis-backup", redis, Environments.prod().store(RedisStore.class).backup(),
                    new Offsite(chart, "offsite", store, Environments.prod().offsite()));
            new RedisRestore(chart, "redis-restore", b, Environments.prod().store(RedisStore.class).restore());
        });
        String cryptPassword = "crypt-pw-'\"$(touch y)-0123456789";
        try (S3Server s3 = S3Server.start(tmp.resolve("s3"), "platform-backups", "AKIDTESTREDIS", "s3-secret-key-for-redis-0123")) {
            offsiteSecretDir = s3.writeOffsiteSecret(tmp.resolve("backup-s3"), cryptPassword, "crypt-salt-`id`-9876543210");
            try (RespClient c = server.admin()) {
                c.call("SET", "plaintext-key-Quixote-4711", "plaintext-value-Zebulon");
                seed(c);
            }
            Map<String, String> atBackup = fingerprint(server);

            PostgresServer.Result backup = run(offsite, "redis-backup", null, Map.of());
            assertEquals(0, backup.exitCode(), backup.output());
            assertFalse(backup.output().contains(cryptPassword) || backup.output().contains(s3.secretKey()), backup.output());
            String run = onlyRun();
            // Under the store's own folder, the run id readable, nothing else: no key name or value in plain text.
            List<String> objects = s3.keys();
            assertTrue(objects.stream().anyMatch(k -> k.startsWith("data-layer/prod/data/redis/" + run + "/")), objects.toString());
            assertTrue(objects.stream().allMatch(k -> k.startsWith("data-layer/prod/data/redis/")), objects.toString());
            assertEquals(List.of(), s3.filesHolding("plaintext-key-Quixote", "REDIS", "store redis"), "plain text in the bucket");

            // The node is gone: the backup volume is empty, the server's data replaced by later writes.
            try (Stream<Path> all = Files.walk(backups)) {
                all.sorted(java.util.Comparator.reverseOrder()).filter(f -> !f.equals(backups)).forEach(f -> f.toFile().delete());
            }
            assertEquals(List.of(), list(backups));
            try (RespClient c = server.admin()) {
                c.call("FLUSHALL");
                c.call("SET", "written after the loss", "x");
            }
            server.stop();
            PostgresServer.Result restore = run(offsite, "redis-restore", null, Map.of("RESTORE_FROM", "offsite"));
            assertEquals(0, restore.exitCode(), restore.output());
            assertTrue(restore.output().contains(run), restore.output());
            server = startServer(data);
            assertSameData(atBackup, fingerprint(server));
        } finally {
            offsiteSecretDir = null;
        }
    }

    /**
     * Why restore.sh writes the append-only files itself: with appendonly yes, a server that finds an
     * RDB but no append-only files starts EMPTY. Putting the snapshot in place and moving the AOF aside
     * would lose every key.
     */
    @Test
    void theNaiveRestoreStartsEmptyWhichIsWhyTheScriptStagesTheAppendOnlyFiles() throws IOException {
        try (RespClient c = server.admin()) {
            c.call("SET", "k", "v");
        }
        assertEquals(0, backup(Map.of()).exitCode());
        server.stop();
        Files.move(data.resolve("appendonlydir"), tmp.resolve("aside"));
        Files.copy(runFile(onlyRun()), data.resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
        server = startServer(data);
        assertEquals(Map.of(), fingerprint(server));
    }

    // ---- a restore that cannot destroy the live data -----------------------------------------------

    @Test
    void corruptSnapshotsAreRefusedBeforeAnythingIsTouched() throws IOException {
        try (RespClient c = server.admin()) {
            seed(c);
        }
        assertEquals(0, backup(Map.of()).exitCode());
        String run = onlyRun();
        try (RespClient c = server.admin()) {
            c.call("SET", "live", "data");
        }
        server.stop();
        Map<String, String> live = hashes(data);
        Path rdb = runFile(run);
        Path m = backups.resolve("runs").resolve(run).resolve("manifest");
        byte[] good = Files.readAllBytes(rdb);
        byte[] goodManifest = Files.readAllBytes(m);

        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("truncated to 50 %", "refusing to restore: run " + run + " is damaged: dump.rdb is " + good.length / 2
                + " bytes, the manifest says " + good.length);
        cases.put("64 bytes flipped", "refusing to restore: run " + run + " is damaged: dump.rdb does not match its SHA-256");
        cases.put("truncated to 90 %, manifest agreeing", "dump.rdb of run " + run + " does not pass redis-check-rdb");
        cases.put("64 bytes flipped, manifest agreeing", "dump.rdb of run " + run + " does not pass redis-check-rdb");
        cases.put("checksum trailer flipped, manifest agreeing", "dump.rdb of run " + run + " does not pass redis-check-rdb");
        cases.put("key count changed in the manifest", "dump.rdb of run " + run + " holds ");
        cases.put("recorded as failed", "refusing to restore: run " + run + " is recorded as failed");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Files.write(rdb, good);
            Files.write(m, goodManifest);
            byte[] bad = good.clone();
            switch (c.getKey()) {
                case "truncated to 50 %" -> bad = java.util.Arrays.copyOf(good, good.length / 2);
                case "truncated to 90 %, manifest agreeing" -> bad = java.util.Arrays.copyOf(good, good.length * 9 / 10);
                case "64 bytes flipped", "64 bytes flipped, manifest agreeing" -> {
                    for (int i = 0; i < 64; i++) {
                        bad[good.length / 2 + i] ^= (byte) 0xff;
                    }
                }
                case "checksum trailer flipped, manifest agreeing" -> bad[good.length - 1] ^= 0x01;
                default -> { }
            }
            Files.write(rdb, bad);
            if (c.getKey().endsWith("manifest agreeing")) {
                rewriteManifestEntry(run, rdb);
            }
            if (c.getKey().equals("key count changed in the manifest")) {
                editManifest(run, l -> l.startsWith("keys ") ? "keys 3" : l);
            }
            if (c.getKey().equals("recorded as failed")) {
                editManifest(run, l -> l.equals("outcome complete") ? "outcome failed" : l);
            }
            PostgresServer.Result r = restore(Map.of("RESTORE_RUN", run));
            assertEquals(1, r.exitCode(), c.getKey() + ": " + r.output());
            assertTrue(r.output().contains(c.getValue()), c.getKey() + ": " + r.output());
            assertTrue(r.output().contains("nothing was touched") || r.output().contains("Nothing was touched"), r.output());
            assertEquals(live, hashes(data), c.getKey() + ": the data volume changed");
            assertEquals(List.of(), privateFolders());
        }
        Files.write(rdb, good);
        Files.write(m, goodManifest);
        server = startServer(data);
        try (RespClient c = server.admin()) {
            assertEquals("data", c.text("GET", "live"));
        }
    }

    /**
     * Issue 21, 5: a server pod that runs but is not Ready (still loading its files) is not behind the
     * Service, so a PING there finds nothing. The restore proves the server stopped on the volume
     * itself: the server's own command holds a flock on the volume for the server's whole life.
     */
    @Test
    void aRestoreRefusesWhileAServerStillLoadingRunsOnTheVolumeThoughTheServiceHidesIt() throws Exception {
        try (RespClient c = server.admin()) {
            seed(c);
        }
        Map<String, String> atBackup = fingerprint(server);
        assertEquals(0, backup(Map.of()).exitCode());
        try (RespClient c = server.admin()) {
            c.call("SET", "written after the backup", "x");
        }
        Map<String, String> later = fingerprint(server);
        server.stop();
        Map<String, String> files = hashes(data);

        // The pod restarts and loads slowly (2 ms per key, seconds in all): running, answering LOADING,
        // not Ready. Its command takes the lock before it execs redis-server; once the lock is held,
        // whatever the server is doing, the verdict must be the same.
        Server loading = new Server(data, List.of("--key-load-delay", "2000"), false);
        servers.add(loading);
        Path lock = data.resolve(".datalayer-server.lock");
        Await.until(() -> Files.exists(lock) && PostgresServer.run(new ProcessBuilder("flock", "-n", lock.toString(), "true")).exitCode() != 0,
                "the server's command to hold the lock");
        // What the restore sees through the ClusterIP Service of a pod that is not Ready: nothing listens.
        int nobody;
        try (ServerSocket s = new ServerSocket(0)) {
            nobody = s.getLocalPort();
        }
        PostgresServer.Result r = restore(Map.of("REDIS_PORT", Integer.toString(nobody)));
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("ERROR: redis-server is running on this data volume: it holds " + data.resolve(".datalayer-server.lock")
                + " (whether or not its pod is Ready; a pod still loading is not behind the Service)"), r.output());
        assertTrue(r.output().contains("Nothing was touched"), r.output());
        assertEquals(files, hashes(data));
        assertTrue(list(data).stream().noneMatch(p -> p.getFileName().toString().startsWith(".datalayer-restore-")
                || p.getFileName().toString().startsWith("replaced-")), list(data).toString());
        // The server was left alone: it finishes loading and holds the keys it held.
        Await.until(() -> {
            try (RespClient c = loading.admin()) {
                return "PONG".equals(c.text("PING"));
            } catch (RuntimeException e) {
                return false;
            }
        }, "the server to finish loading");
        assertEquals(later.keySet(), fingerprint(loading).keySet());

        // Stopped: the restore goes ahead and the server starts on the restored files.
        loading.stop();
        PostgresServer.Result ok = restore(Map.of("REDIS_PORT", Integer.toString(nobody)));
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("the server is stopped: this restore holds the server lock on the data volume"), ok.output());
        server = startServer(data);
        assertSameData(atBackup, fingerprint(server));
    }

    /** The restore keeps the lock to its end: a server that starts meanwhile waits, then loads the restored data. */
    @Test
    void aServerStartedDuringARestoreWaitsForItAndStartsOnTheRestoredFiles() throws Exception {
        try (RespClient c = server.admin()) {
            seed(c);
        }
        Map<String, String> atBackup = fingerprint(server);
        assertEquals(0, backup(Map.of()).exitCode());
        try (RespClient c = server.admin()) {
            c.call("FLUSHALL");
        }
        server.stop();

        Paused paused = startPaused("redis-restore", RedisBackup.RESTORE_SCRIPT, Map.of(), "private-server-loaded");
        // Someone scales the StatefulSet back to 1 while the restore runs.
        Server early = new Server(data, List.of(), false);
        servers.add(early);
        Await.logLine(() -> read(early.log), "waiting for the lock on " + data.resolve(".datalayer-server.lock")
                + ": a restore of this volume holds it", 1, java.time.Duration.ofSeconds(60));
        assertTrue(early.process.isAlive());
        assertFalse(read(early.log).contains("Server initialized"), read(early.log));

        paused.resume();
        assertTrue(paused.process().waitFor(120, TimeUnit.SECONDS), "the restore did not finish");
        assertEquals(0, paused.process().exitValue(), output(paused.process()));
        Await.until(() -> {
            try (RespClient c = early.admin()) {
                return "PONG".equals(c.text("PING"));
            } catch (RuntimeException e) {
                return false;
            }
        }, "the waiting server to start");
        assertTrue(read(early.log).contains("took the lock on " + data.resolve(".datalayer-server.lock") + "; starting redis-server"),
                read(early.log));
        assertSameData(atBackup, fingerprint(early));
    }

    /** A server started some other way (no lock) that answers at the Service's address is refused too. */
    @Test
    void aRestoreRefusesWhileAServerAnswersOnTheService() throws IOException {
        try (RespClient c = server.admin()) {
            c.call("SET", "k", "v");
        }
        assertEquals(0, backup(Map.of()).exitCode());
        server.stop();
        Map<String, String> files = hashes(data);
        server = startServer(Files.createDirectory(tmp.resolve("elsewhere")));
        PostgresServer.Result r = restore(Map.of());
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("ERROR: Redis answers at 127.0.0.1:" + server.port + " (NOAUTH Authentication required."),
                r.output());
        assertTrue(r.output().contains("a restore needs it stopped: kubectl -n <namespace> scale statefulset <redis> --replicas=0"),
                r.output());
        assertEquals(files, hashes(data));
    }

    @Test
    void aSwapKilledHalfwayIsRolledBackByTheNextRestore() throws IOException {
        try (RespClient c = server.admin()) {
            c.call("SET", "old", "data");
        }
        Map<String, String> old = fingerprint(server);
        assertEquals(0, backup(Map.of()).exitCode());
        server.stop();
        Map<String, String> live = hashes(data);
        // Only what a server loads is swapped; the server lock file stays where it is.
        live.remove(".datalayer-server.lock");
        // What a SIGKILL between the renames leaves: the AOF folder moved aside, the staged one in
        // place, the RDB not yet swapped, the marker still there.
        Path replaced = Files.createDirectory(data.resolve("replaced-20261128T000000Z-dead"));
        Path stage = Files.createDirectory(data.resolve(".datalayer-restore-20261128T000000Z-dead"));
        Files.writeString(replaced.resolve(".swap-unfinished"), "present appendonlydir\npresent dump.rdb\n");
        Files.move(data.resolve("appendonlydir"), replaced.resolve("appendonlydir"));
        Files.createDirectory(data.resolve("appendonlydir"));
        Files.writeString(data.resolve("appendonlydir").resolve("half"), "staged");
        Files.writeString(stage.resolve("dump.rdb"), "staged");

        // Refused (a corrupt run) after rolling back: the leftovers go before anything else is checked
        // that needs the volume; here the run is fine, so the restore proceeds and completes.
        PostgresServer.Result r = restore(Map.of());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("rolling back the unfinished swap of a restore that was killed (" + replaced + ")"), r.output());
        assertTrue(r.output().contains("removed " + stage + ", left by a restore that was killed"), r.output());
        assertFalse(Files.exists(replaced));
        // The files the killed restore moved aside were put back, and then replaced by this restore.
        Path kept = list(data).stream().filter(p -> p.getFileName().toString().startsWith("replaced-")).findFirst().orElseThrow();
        assertEquals(live, hashes(kept));
        server = startServer(data);
        assertSameData(old, fingerprint(server));
    }

    @Test
    void sigtermDuringARestoreStopsThePrivateServerAndLeavesTheDataVolumeAsItWas() throws Exception {
        try (RespClient c = server.admin()) {
            seed(c);
        }
        assertEquals(0, backup(Map.of()).exitCode());
        server.stop();
        Map<String, String> live = hashes(data);
        // Caught mid-way, with nothing to race: the restore stops itself right after its first private
        // server loaded the staged snapshot (the test-only pause point) and says which process that is.
        Paused paused = startPaused("redis-restore", RedisBackup.RESTORE_SCRIPT, Map.of(), "private-server-loaded");
        Process r = paused.process();
        ProcessHandle privateServer = ProcessHandle.of(Long.parseLong(paused.fields().get("server"))).orElseThrow();
        assertTrue(privateServer.isAlive() && privateServer.parent().map(h -> h.pid() == r.pid()).orElse(false),
                "the private server is the restore's child: " + privateServer.info());
        // Frozen (SIGSTOP): it cannot exit on the restore's SHUTDOWN, so the restore must escalate to SIGKILL.
        PostgresServer.run(new ProcessBuilder("kill", "-STOP", Long.toString(privateServer.pid())));
        assertTrue(list(data).stream().anyMatch(p -> p.getFileName().toString().startsWith(".datalayer-restore-")));
        PostgresServer.run(new ProcessBuilder("kill", "-TERM", Long.toString(r.pid())));
        // Within the grace period (60 s): the frozen server gets SIGKILL after 10 s.
        assertTrue(r.waitFor(30, TimeUnit.SECONDS), "restore.sh did not stop after SIGTERM");
        String out = output(r);
        assertEquals(143, r.exitValue(), out);
        assertTrue(out.contains("ERROR: stopped by SIGTERM; removing what this restore staged"), out);
        assertTrue(out.contains("nothing was changed: the data volume holds the files it held before"), out);
        assertFalse(privateServer.isAlive(), "the private redis-server outlived the restore");
        assertEquals(live, hashes(data));
        assertEquals(List.of(), privateFolders());
    }

    @Test
    void aFullDataVolumeFailsTheRestoreAndLeavesTheLiveFiles() throws IOException {
        server.stop();
        Path small = tmp.resolve("small-data");
        mountTmpfs(small, "4m");
        server = startServer(small);
        try (RespClient c = server.admin()) {
            seed(c);
        }
        Map<String, String> atBackup = fingerprint(server);
        assertEquals(0, backup(Map.of()).exitCode());
        server.stop();
        // Leave less room than the staged snapshot and its append-only files need.
        long free = Files.getFileStore(small).getUsableSpace();
        long rdb = Files.size(runFile(onlyRun()));
        Files.write(small.resolve("filler"), new byte[(int) Math.max(0, free - rdb - 16_384)]);
        Map<String, String> live = hashes(small);
        Map<String, String> liveData = fingerprintOfFiles(small);

        PostgresServer.Result r = restore(Map.of("REDIS_DATA_DIR", small.toString()));
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("nothing was changed: the data volume holds the files it held before"), r.output());
        assertEquals(live, hashes(small));
        assertTrue(list(small).stream().noneMatch(p -> p.getFileName().toString().startsWith(".datalayer-restore-")), list(small).toString());
        Files.delete(small.resolve("filler"));
        server = startServer(small);
        assertSameData(liveData, fingerprint(server));
        assertEquals(atBackup.keySet(), liveData.keySet());
    }

    // ---- runs: failures, signals, a full volume, the lock, retention -------------------------------

    @Test
    void aRunFailedMidTransferIsRecordedAndLeavesEarlierRunsIntact() throws Exception {
        try (RespClient c = server.admin()) {
            seed(c);
        }
        Map<String, String> atBackup = fingerprint(server);
        assertEquals(0, backup(Map.of()).exitCode());
        String good = onlyRun();
        Map<String, String> goodFiles = hashes(backups.resolve("runs").resolve(good));

        slow(server);
        Process b = start("redis-backup", RedisBackup.BACKUP_SCRIPT, Map.of());
        String failed = waitForPartial();
        server.kill(); // the node lost the server mid-transfer
        assertTrue(b.waitFor(60, TimeUnit.SECONDS));
        String out = output(b);
        assertEquals(1, b.exitValue(), out);
        assertTrue(out.contains("run " + failed + " FAILED: 1 problem(s)"), out);
        assertTrue(manifest(failed).stream().anyMatch(l -> l.startsWith("failed redis-cli --rdb failed")), manifest(failed).toString());
        assertTrue(manifest(failed).contains("outcome failed"));
        assertEquals(List.of("manifest"), list(backups.resolve("runs").resolve(failed)).stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(goodFiles, hashes(backups.resolve("runs").resolve(good)));

        // "Newest" means the newest complete run.
        PostgresServer.Result r = restore(Map.of());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("restoring the newest complete run, " + good), r.output());
        server = startServer(data);
        assertSameData(atBackup, fingerprint(server));

        PostgresServer.Result next = backup(Map.of());
        assertEquals(0, next.exitCode(), next.output());
        assertTrue(next.output().contains("retention: removed run " + failed), next.output());
        assertEquals(2, runs().size(), runs().toString());
    }

    @Test
    void sigtermMidTransferStopsRedisCliAndRecordsAnInterruptedRun() throws Exception {
        try (RespClient c = server.admin()) {
            seed(c);
        }
        slow(server);
        Process b = start("redis-backup", RedisBackup.BACKUP_SCRIPT, Map.of());
        String run = waitForPartial();
        List<ProcessHandle> children = b.descendants().toList();
        assertTrue(children.stream().anyMatch(c -> c.info().command().orElse("").endsWith("redis-cli")),
                "redis-cli runs: " + children.stream().map(c -> c.info().toString()).toList());
        long t0 = System.nanoTime();
        // What the kubelet does: SIGTERM to the container's first process only.
        PostgresServer.run(new ProcessBuilder("kill", "-TERM", Long.toString(b.pid())));
        assertTrue(b.waitFor(20, TimeUnit.SECONDS), "backup.sh did not stop after SIGTERM");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertTrue(seconds < 10, "stopping took " + seconds + " s, more than the grace period allows");
        String out = output(b);
        assertEquals(143, b.exitValue(), out);
        assertTrue(out.contains("ERROR: stopped by SIGTERM; removing unfinished files"), out);
        assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "redis-cli outlived the script");
        assertTrue(manifest(run).contains("outcome failed"), manifest(run).toString());
        assertTrue(manifest(run).stream().anyMatch(l -> l.startsWith("failed interrupted by SIGTERM")), manifest(run).toString());
        assertEquals(List.of("manifest"), list(backups.resolve("runs").resolve(run)).stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(List.of(), privateFolders());

        fast(server);
        assertEquals(0, backup(Map.of()).exitCode());
        assertEquals(1, runs().size(), "the interrupted run is removed once a newer run completed: " + runs());
    }

    @Test
    void aFullBackupVolumeFailsTheRunKeepsEarlierRunsAndRecovers() throws IOException {
        Manifests m = synth(Environments.prod().store(RedisStore.class).backup().toBuilder().retention(1).keepWeekly(0).build());
        mountTmpfs(backups, "1m");
        try (RespClient c = server.admin()) {
            c.call("SET", "small", "value");
        }
        assertEquals(0, run(m, "redis-backup", RedisBackup.BACKUP_SCRIPT, Map.of()).exitCode());
        String good = onlyRun();
        Map<String, String> goodFiles = hashes(backups.resolve("runs").resolve(good));

        // About 1.5 MB that does not compress: more than the volume holds.
        byte[] noise = new byte[1_500_000];
        new Random(7).nextBytes(noise);
        try (RespClient c = server.admin()) {
            c.call("SET", "noise", noise);
        }
        PostgresServer.Result full = run(m, "redis-backup", RedisBackup.BACKUP_SCRIPT, Map.of());
        assertEquals(1, full.exitCode(), full.output());
        assertTrue(full.output().contains("redis-cli --rdb failed"), full.output());
        assertEquals(goodFiles, hashes(backups.resolve("runs").resolve(good)), "the earlier complete run is untouched");
        assertEquals(2, runs().size(), runs().toString());

        try (RespClient c = server.admin()) {
            c.call("DEL", "noise");
            c.call("SET", "after", "the full volume");
        }
        Map<String, String> after = fingerprint(server);
        PostgresServer.Result recovered = run(m, "redis-backup", RedisBackup.BACKUP_SCRIPT, Map.of());
        assertEquals(0, recovered.exitCode(), recovered.output());
        assertEquals(1, runs().size(), "the failed and the older complete run are removed: " + runs());
        server.stop();
        assertEquals(0, restore(Map.of()).exitCode());
        server = startServer(data);
        assertSameData(after, fingerprint(server));
    }

    @Test
    void twoBackupsAtOnceTakeTurnsOrTheSecondNamesTheHolder() throws Exception {
        try (RespClient c = server.admin()) {
            seed(c);
        }
        Map<String, String> atBackup = fingerprint(server);
        slow(server);
        Process first = start("redis-backup", RedisBackup.BACKUP_SCRIPT, Map.of());
        waitForPartial();

        PostgresServer.Result impatient = backup(Map.of("BACKUP_LOCK_WAIT_SECONDS", "0"));
        assertEquals(1, impatient.exitCode(), impatient.output());
        assertTrue(impatient.output().matches("(?s).*ERROR: another backup or restore holds the lock on " + backups
                + " \\(backup job=test-job pod=test-pod pid=" + first.pid() + " since=\\S+ \\) and did not release it within 0s.*"),
                impatient.output());

        Process second = start("redis-backup", RedisBackup.BACKUP_SCRIPT, Map.of());
        Await.until(() -> second.descendants().anyMatch(h -> h.info().command().orElse("").endsWith("flock")),
                "the second backup to wait for the lock");
        fast(server);
        assertTrue(first.waitFor(60, TimeUnit.SECONDS) && second.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue(), output(first));
        assertEquals(0, second.exitValue(), output(second));
        assertTrue(output(second).contains("waiting up to 600s for the lock on " + backups + ", held by: backup"), output(second));
        List<String> runs = runs();
        assertEquals(2, runs.size(), runs.toString());
        // Each run restores to the same data set.
        server.stop();
        for (String run : runs) {
            assertEquals(0, restore(Map.of("RESTORE_RUN", run, "RESTORE_KEEP_REPLACED", "false")).exitCode());
            Server check = startServer(data);
            assertSameData(atBackup, fingerprint(check));
            check.stop();
        }
    }

    @Test
    void retentionKeepsTheNewestCompleteRunsAndListShowsThem() throws IOException {
        Manifests m = synth(Environments.prod().store(RedisStore.class).backup().toBuilder().retention(2).keepWeekly(0).build());
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try (RespClient c = server.admin()) {
                c.call("SET", "night", Integer.toString(i));
            }
            PostgresServer.Result r = run(m, "redis-backup", RedisBackup.BACKUP_SCRIPT, Map.of());
            assertEquals(0, r.exitCode(), r.output());
            written.add(runs().get(runs().size() - 1));
        }
        assertEquals(written.subList(2, 4), runs());
        PostgresServer.Result list = PostgresServer.run(new ProcessBuilder("/bin/sh", scripts.resolve(BackupScripts.RUNS_LIBRARY).toString(),
                "list", backups.toString()));
        assertEquals(0, list.exitCode(), list.output());
        assertTrue(list.output().matches("(?s)RUN +OUTCOME +STARTED +BYTES +CONTENT\n" + written.get(2)
                + " +complete +\\S+ +\\d+ +1 keys\n" + written.get(3) + " +complete +\\S+ +\\d+ +1 keys\n"), list.output());
    }

    /**
     * A run folder retention cannot remove (read-only in the job's own mount namespace, as a bind mount
     * or a folder of another owner would be) never stops Redis's backup: the night's run is taken and
     * recorded, the folder is named, the summary line counts it and the job exits 1 (runs.sh, shared
     * with PostgreSQL; OffsiteScriptsTest drives the same through offsite.sh).
     */
    @Test
    void aRunFolderRetentionCannotRemoveNeverStopsTheBackup() throws IOException {
        Manifests m = synth(Environments.prod().store(RedisStore.class).backup().toBuilder().retention(1).keepWeekly(0).build());
        try (RespClient c = server.admin()) {
            c.call("SET", "first-night", "1");
        }
        assertEquals(0, run(m, "redis-backup", RedisBackup.BACKUP_SCRIPT, Map.of()).exitCode());
        String stuck = onlyRun();
        Map<String, String> stuckFiles = runHashes(stuck);
        try (RespClient c = server.admin()) {
            c.call("SET", "second-night-key-4711", "second-night-value");
        }
        ProcessBuilder pb = command(m, "redis-backup", RedisBackup.BACKUP_SCRIPT, Map.of());
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
                "mount --bind -o ro \"$1\" \"$1\" && shift && exec \"$@\"", "read-only-run",
                backups.resolve("runs").resolve(stuck).toString()));
        cmd.addAll(pb.command());
        pb.command(cmd);
        PostgresServer.Result r = PostgresServer.run(pb);
        assertEquals(1, r.exitCode(), r.output());
        List<String> runs = runs();
        assertEquals(2, runs.size(), runs.toString());
        String night = runs.get(1);
        assertTrue(r.output().contains("backup: ERROR: retention: cannot remove run " + stuck + " ("), r.output());
        assertTrue(r.output().contains("run " + night + " is complete and recorded, but retention cannot remove 1 run(s): " + stuck),
                r.output());
        List<String> summaries = r.output().lines().filter(l -> l.startsWith("DATALAYER_BACKUP_SUMMARY ")).toList();
        assertEquals(1, summaries.size(), r.output());
        assertTrue(summaries.get(0).startsWith("DATALAYER_BACKUP_SUMMARY {\"store\":\"redis\",\"run\":\"" + night
                + "\",\"outcome\":\"complete\",\"recorded\":true,"), summaries.get(0));
        assertTrue(summaries.get(0).endsWith(",\"failures\":1}"), summaries.get(0));
        assertEquals(stuckFiles, runHashes(stuck));
        // By content: the night's snapshot holds the key written that night, and its manifest says complete.
        String rdb = new String(Files.readAllBytes(runFile(night)), StandardCharsets.ISO_8859_1);
        assertTrue(rdb.contains("second-night-key-4711") && rdb.contains("second-night-value"), "the snapshot lacks the night's key");
        assertTrue(Files.readAllLines(backups.resolve("runs").resolve(night).resolve("manifest")).contains("outcome complete"));
    }

    @Test
    void aFlushedServerWarnsAndNeverRotatesOutTheLastRealRun() throws IOException {
        Manifests m = synth(Environments.prod().store(RedisStore.class).backup().toBuilder().retention(1).keepWeekly(0).build());
        try (RespClient c = server.admin()) {
            seed(c);
        }
        assertEquals(0, run(m, "redis-backup", RedisBackup.BACKUP_SCRIPT, Map.of()).exitCode());
        String real = onlyRun();
        try (RespClient c = server.admin()) {
            c.call("FLUSHALL");
            c.call("SET", "only", "one");
        }
        for (int i = 0; i < 3; i++) {
            PostgresServer.Result r = run(m, "redis-backup", RedisBackup.BACKUP_SCRIPT, Map.of());
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("backup: WARNING: run " + runs().get(runs().size() - 1) + " holds 1 key(s)"), r.output());
            assertTrue(r.output().contains("restore run " + real + " (RESTORE_RUN=" + real + ")"), r.output());
        }
        assertTrue(runs().contains(real), runs().toString());
        assertEquals(2, runs().size(), "the real run and the newest: " + runs());
    }

    @Test
    void aSettingTheCronJobSetsIsRequiredAndNamedWhenMissing() throws IOException {
        // The defaults are written once, in the Java props; the scripts hold none of their own.
        for (String[] c : List.of(
                new String[] {"redis-backup", RedisBackup.BACKUP_SCRIPT, "BACKUP_RETENTION",
                        "ERROR: BACKUP_RETENTION is not set; the CronJob sets it from the backup settings"},
                new String[] {"redis-backup", RedisBackup.BACKUP_SCRIPT, "REDIS_PORT",
                        "REDIS_PORT is not set; the CronJob sets it to the port of the server"},
                new String[] {"redis-restore", RedisBackup.RESTORE_SCRIPT, "RESTORE_KEEP_REPLACED",
                        "ERROR: RESTORE_KEEP_REPLACED is not set; the CronJob sets it from the restore settings"},
                new String[] {"redis-restore", RedisBackup.RESTORE_SCRIPT, "REDIS_APPENDFILENAME",
                        "ERROR: REDIS_APPENDFILENAME is not set; the CronJob sets it to the redis.conf value of the server"})) {
            ProcessBuilder pb = command(manifests, c[0], c[1], Map.of());
            assertTrue(pb.environment().remove(c[2]) != null, c[0] + " does not set " + c[2]);
            PostgresServer.Result r = PostgresServer.run(pb);
            assertNotEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains(c[3]), r.output());
        }
        assertEquals(List.of(), runs());
    }

    // ---- the server --------------------------------------------------------------------------------

    /** A redis-server with the synthesized redis.conf and ACL; dir and aclfile mapped, port overridden. */
    private final class Server {
        final int port;
        final Process process;
        final Path dir;

        final Path log;

        Server(Path dir, List<String> extra) throws IOException {
            this(dir, extra, true);
        }

        /**
         * The StatefulSet's own command (the shell that holds the server lock on the volume, then
         * execs redis-server), its paths mapped; {@code ready}: waits for PONG, else only for the
         * process to run.
         */
        Server(Path dir, List<String> extra, boolean ready) throws IOException {
            this.dir = dir;
            Path conf = Files.createDirectories(tmp.resolve("conf"));
            // Paths mapped in the file (Redis changes into dir while it reads the file), nothing else.
            String text = manifests.get("ConfigMap", "redis-config").at("data").map().get(RedisConfig.CONFIG_FILE).toString();
            String mapped = text.replace("\ndir " + RedisConfig.DATA_DIR + "\n", "\ndir " + dir + "\n")
                    .replace("\naclfile " + RedisConfig.ACL_FILE + "\n", "\naclfile " + conf.resolve("users.acl") + "\n");
            assertEquals(2, diffLines(text, mapped), "dir and aclfile mapped: " + mapped);
            Files.writeString(conf.resolve("redis.conf"), mapped);
            Files.writeString(conf.resolve("users.acl"), aclFile());
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<Object> synthesized = manifests.get("StatefulSet", "redis").at("spec.template.spec.containers[0].command").list();
            assertEquals(Redis.serverCommand(), synthesized);
            String shell = synthesized.get(2).toString();
            assertTrue(shell.contains(Redis.serverLock()), shell);
            List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c",
                    shell.replace(Redis.serverLock(), dir.resolve(Path.of(Redis.serverLock()).getFileName()).toString()),
                    "redis-server", conf.resolve("redis.conf").toString(),
                    "--port", Integer.toString(port),
                    // Only on 127.0.0.1 here (the machine's network is shared).
                    "--bind", "127.0.0.1",
                    // The one setting changed besides paths, port and bind: a diskless sync waits 5 s
                    // for more replicas to join before it streams; only wall time, on every backup.
                    "--repl-diskless-sync-delay", "0"));
            cmd.addAll(extra);
            log = Files.createTempFile(tmp, "redis-", ".log");
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!ready) {
                return;
            }
            Await.until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("redis-server exited: " + read(log));
                }
                try (RespClient c = RespClient.connect(port, Redis.ADMIN_USER, ADMIN_PASSWORD)) {
                    return "PONG".equals(c.text("PING"));
                } catch (RuntimeException e) {
                    return false;
                }
            }, "redis-server to accept connections");
        }

        RespClient admin() {
            return RespClient.connect(port, Redis.ADMIN_USER, ADMIN_PASSWORD);
        }

        /** SIGTERM, as Kubernetes stops the pod when the StatefulSet is scaled to 0: the server saves and exits. */
        void stop() {
            PostgresServer.run(new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())));
            try {
                assertTrue(process.waitFor(30, TimeUnit.SECONDS), "redis-server did not stop");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long diffLines(String a, String b) {
        List<String> x = List.of(a.split("\n"));
        List<String> y = List.of(b.split("\n"));
        return java.util.stream.IntStream.range(0, x.size()).filter(i -> !x.get(i).equals(y.get(i))).count();
    }

    private Server startServer(Path dir) {
        try {
            Server s = new Server(dir, List.of());
            servers.add(s);
            return s;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The synthesized ACL rules turned into an ACL file the way the pod's acl-sync does it: each
     * user's rules plus its password (here in clear, {@code >...}; the pod writes its SHA-256).
     */
    private static String aclFile() {
        StringBuilder out = new StringBuilder();
        for (String line : manifests.get("ConfigMap", "redis-acl-sync").at("data").map().get("acl-rules").toString().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" ", 4);
            String password = switch (f[0]) {
                case Redis.ADMIN_USER -> ADMIN_PASSWORD;
                case Redis.BACKUP_USER -> BACKUP_PASSWORD;
                case Redis.APP_USER -> "app-password-0123456789";
                default -> null;
            };
            out.append("user ").append(f[0]).append(' ').append(f[3])
                    .append(password == null ? "" : " #" + Digests.sha256(password.getBytes(StandardCharsets.UTF_8))).append('\n');
        }
        return out.toString();
    }

    /** Makes the server's snapshot fork slow (1 ms per key), so a transfer can be caught midway. */
    private static void slow(Server s) {
        try (RespClient c = s.admin()) {
            c.call("CONFIG", "SET", "rdb-key-save-delay", "2000");
        }
    }

    private static void fast(Server s) {
        try (RespClient c = s.admin()) {
            c.call("CONFIG", "SET", "rdb-key-save-delay", "0");
        }
    }

    /**
     * Every type, TTLs, and keys no shell or protocol line could carry: empty, CR LF, RESP framing,
     * every byte value, invalid UTF-8, 8 KB long; in databases 0 and 5.
     */
    private static void seed(RespClient c) {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < 256; i++) {
            everyByte[i] = (byte) i;
        }
        c.call("SET", "plain", "value");
        c.call("SET", everyByte, everyByte);
        c.call("SET", "", "empty key");
        c.call("SET", "\r\n*1\r\n$4\r\nPING\r\n", "framing");
        c.call("SET", new byte[] {(byte) 0xc3, (byte) 0x28, 0, (byte) 0xff}, "invalid UTF-8 with NUL");
        c.call("SET", "ключ 🔑 $(rm -rf /) ../../etc/passwd '\"`", "hostile");
        c.call("SET", "k".repeat(8192), "long key");
        for (int i = 0; i < 200; i++) {
            c.call("HSET", "hash", "field" + i, "value" + i);
            c.call("RPUSH", "list", "item" + i);
            c.call("SADD", "set", "member" + i);
            c.call("ZADD", "zset", Double.toString(i * 1.5), "member" + i);
        }
        for (int i = 0; i < 100; i++) {
            c.call("XADD", "stream", "*", "n", Integer.toString(i));
        }
        c.call("XGROUP", "CREATE", "stream", "readers", "0");
        c.call("XREADGROUP", "GROUP", "readers", "alice", "COUNT", "10", "STREAMS", "stream", ">");
        for (int i = 0; i < 50; i++) {
            c.call("SET", "ttl:" + i, "expires in 30 days", "EX", Integer.toString(30 * 86_400));
        }
        for (int i = 0; i < 1000; i++) {
            c.call("SET", "cache:" + i, "entry " + i + " " + "x".repeat(i % 50));
        }
        c.call("SELECT", "5");
        c.call("SET", "in db 5", "five");
        c.call("HSET", "h5", "a", "1");
        c.call("SET", "ttl in db 5", "v", "EX", "86400");
        c.call("SELECT", "0");
    }

    /**
     * A key's type and value, canonical: DUMP, except for sets and hashes, whose DUMP follows the
     * hash table's iteration order (which a reload may change), so their members are sorted; and
     * streams, whose DUMP carries the consumers' last-seen times and the groups' entries-read
     * counters, which Redis itself rewrites when it replays its AOF at a plain restart: their
     * entries, groups (name, consumers, pending, last delivered id) and pending entries (id,
     * consumer, delivery count).
     */
    @SuppressWarnings("unchecked")
    private static String content(RespClient c, byte[] key) {
        String type = c.text("TYPE", key);
        List<Object> items = switch (type) {
            case "set" -> (List<Object>) c.call("SMEMBERS", key);
            case "hash" -> (List<Object>) c.call("HGETALL", key);
            case "stream" -> {
                List<Object> parts = new ArrayList<>();
                parts.add(flat(c.call("XRANGE", key, "-", "+")));
                for (Object g : (List<Object>) c.call("XINFO", "GROUPS", key)) {
                    List<Object> fields = (List<Object>) g;
                    Map<String, Object> group = new TreeMap<>();
                    for (int i = 0; i < fields.size(); i += 2) {
                        group.put(new String((byte[]) fields.get(i), StandardCharsets.UTF_8), fields.get(i + 1));
                    }
                    byte[] name = (byte[]) group.get("name");
                    parts.add(flat(List.of(name, group.get("consumers"), group.get("pending"), group.get("last-delivered-id"))));
                    for (Object p : (List<Object>) c.call("XPENDING", key, name, "-", "+", "1000000")) {
                        List<Object> entry = (List<Object>) p;
                        parts.add(flat(List.of(entry.get(0), entry.get(1), entry.get(3))));
                    }
                }
                yield parts;
            }
            default -> List.of(c.call("DUMP", key));
        };
        List<String> parts = new ArrayList<>();
        if (type.equals("hash")) {
            for (int i = 0; i < items.size(); i += 2) {
                parts.add(HexFormat.of().formatHex((byte[]) items.get(i)) + "=" + HexFormat.of().formatHex((byte[]) items.get(i + 1)));
            }
        } else if (type.equals("stream")) {
            items.forEach(i -> parts.add(new String((byte[]) i, StandardCharsets.US_ASCII)));
        } else {
            items.forEach(i -> parts.add(HexFormat.of().formatHex((byte[]) i)));
        }
        if (type.equals("stream")) {
            return type + " " + String.join(",", parts).replaceAll("\\[[0-9a-f;\\[\\]]{200,}\\]", "<entries>");
        }
        parts.sort(null);
        return type + " " + Digests.sha256(String.join(",", parts).getBytes(StandardCharsets.US_ASCII));
    }

    /** A reply as bytes: bulk strings as they are, integers as text, arrays flattened with separators. */
    private static byte[] flat(Object reply) {
        if (reply instanceof byte[] b) {
            return HexFormat.of().formatHex(b).getBytes(StandardCharsets.US_ASCII);
        }
        if (reply instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            list.forEach(item -> out.append(new String(flat(item), StandardCharsets.US_ASCII)).append(';'));
            return out.append(']').toString().getBytes(StandardCharsets.US_ASCII);
        }
        return String.valueOf(reply).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * What a server started from these files holds, read from a copy (the files stay as they are).
     * The comparison for "the live data as it was": a plain restart of Redis 7.0 from its AOF does
     * not always give back what it held before (a consumer group's pending entries, seen here), so
     * the live files are compared with themselves, loaded the same way.
     */
    private Map<String, String> fingerprintOfFiles(Path dir) throws IOException {
        Path copy = Files.createTempDirectory(tmp, "copy-");
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.toList()) {
                Path target = copy.resolve(dir.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!f.getFileName().toString().equals("filler")) {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Server s = startServer(copy);
        Map<String, String> out = fingerprint(s);
        s.stop();
        return out;
    }

    /** Equal data sets, or a message naming the keys that differ (not two 1,500-entry maps). */
    private static void assertSameData(Map<String, String> expected, Map<String, String> actual) {
        if (!expected.equals(actual)) {
            List<String> diff = new ArrayList<>();
            for (String k : new java.util.TreeSet<>(java.util.stream.Stream.concat(expected.keySet().stream(), actual.keySet().stream()).toList())) {
                if (!java.util.Objects.equals(expected.get(k), actual.get(k))) {
                    diff.add((k.length() > 60 ? k.substring(0, 60) + "..." : k) + ": " + expected.get(k) + " -> " + actual.get(k));
                }
            }
            throw new AssertionError(diff.size() + " of " + expected.size() + " keys differ: " + diff.subList(0, Math.min(10, diff.size())));
        }
    }

    /** Every key of every database: the SHA-256 of its DUMP and its absolute expiry in ms (-1: none). */
    @SuppressWarnings("unchecked")
    private static Map<String, String> fingerprint(Server s) {
        Map<String, String> out = new TreeMap<>();
        try (RespClient c = s.admin()) {
            for (int db = 0; db < 16; db++) {
                c.call("SELECT", Integer.toString(db));
                String cursor = "0";
                do {
                    List<Object> reply = (List<Object>) c.call("SCAN", cursor, "COUNT", "1000");
                    cursor = new String((byte[]) reply.get(0), StandardCharsets.UTF_8);
                    for (Object k : (List<Object>) reply.get(1)) {
                        byte[] key = (byte[]) k;
                        Object expiry = c.call("PEXPIRETIME", key);
                        out.put(db + ":" + HexFormat.of().formatHex(key), content(c, key) + " " + expiry);
                    }
                } while (!cursor.equals("0"));
            }
        }
        return out;
    }

    // ---- running the scripts -----------------------------------------------------------------------

    private PostgresServer.Result backup(Map<String, String> operatorEnv) {
        return run(manifests, "redis-backup", RedisBackup.BACKUP_SCRIPT, operatorEnv);
    }

    private PostgresServer.Result restore(Map<String, String> operatorEnv) {
        return run(manifests, "redis-restore", RedisBackup.RESTORE_SCRIPT, operatorEnv);
    }

    private PostgresServer.Result run(Manifests m, String cronJob, String script, Map<String, String> operatorEnv) {
        List<Path> before = privateFolders();
        PostgresServer.Result r = PostgresServer.run(command(m, cronJob, script, operatorEnv));
        assertFalse(r.output().contains(BACKUP_PASSWORD), "the password appeared in the output of " + script);
        List<Path> left = new ArrayList<>(privateFolders());
        left.removeAll(before);
        assertEquals(List.of(), left, script + " left its private folder behind");
        return r;
    }

    private Process start(String cronJob, String script, Map<String, String> operatorEnv) throws IOException {
        ProcessBuilder pb = command(manifests, cronJob, script, operatorEnv);
        Path out = Files.createTempFile(tmp, "out-", ".log");
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        Process p = pb.start();
        outputs.put(p, out);
        started.add(p);
        return p;
    }

    /** Test-only variables for the next scripts started (the pause point); empty otherwise. */
    private final Map<String, String> testEnv = new LinkedHashMap<>();

    /**
     * Starts a script that stops at {@code point} (DATALAYER_TEST_PAUSE_AT): it writes the pause
     * file there and waits until the file is removed. Returns once the script is at that point,
     * with the file's fields (pid, server, ...): nothing to race, however slow the machine is.
     */
    private Paused startPaused(String cronJob, String script, Map<String, String> operatorEnv, String point) throws IOException {
        Path file = tmp.resolve("pause-" + point);
        testEnv.put("DATALAYER_TEST_PAUSE_AT", point);
        testEnv.put("DATALAYER_TEST_PAUSE_FILE", file.toString());
        Process p;
        try {
            p = start(cronJob, script, operatorEnv);
        } finally {
            testEnv.clear();
        }
        Await.until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError(script + " ended before " + point + ": " + output(p));
            }
            return Files.exists(file);
        }, script + " to stop at " + point);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String f : read(file).trim().split(" ")) {
            String[] kv = f.split("=", 2);
            fields.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        assertEquals(point, fields.get("point"));
        assertEquals(Long.toString(p.pid()), fields.get("pid"));
        return new Paused(p, file, fields);
    }

    /** A script stopped at a pause point; {@link #resume()} lets it go on. */
    private record Paused(Process process, Path file, Map<String, String> fields) {
        void resume() throws IOException {
            Files.delete(file);
        }
    }

    private String output(Process p) {
        return read(outputs.get(p));
    }

    /**
     * The script from the ConfigMap (with the files it sources) and the CronJob's env; only the host,
     * port and paths are changed (each must be in the manifest), plus what an operator sets.
     */
    private ProcessBuilder command(Manifests m, String cronJob, String script, Map<String, String> operatorEnv) {
        try {
            for (Map.Entry<String, Object> e : m.get("ConfigMap", "redis-backup-scripts").at("data").map().entrySet()) {
                Files.writeString(scripts.resolve(e.getKey()), e.getValue().toString(), StandardCharsets.UTF_8);
            }
            Path passwordFile = tmp.resolve("backup-password");
            if (!Files.exists(passwordFile)) {
                Files.writeString(passwordFile, BACKUP_PASSWORD, StandardCharsets.UTF_8);
            }
            Map<String, String> env = JobEnv.of(m, cronJob);
            Map<String, String> local = new LinkedHashMap<>();
            local.put("REDIS_HOST", "127.0.0.1");
            local.put("REDIS_PORT", Integer.toString(server.port));
            local.put("BACKUP_DIR", backups.toString());
            if (env.containsKey("REDIS_PASSWORD_FILE")) {
                local.put("REDIS_PASSWORD_FILE", passwordFile.toString());
            }
            if (env.containsKey("REDIS_DATA_DIR")) {
                local.put("REDIS_DATA_DIR", data.toString());
            }
            if (env.containsKey("REDIS_SERVER_LOCK")) {
                assertEquals(Redis.serverLock(), env.get("REDIS_SERVER_LOCK"));
                Path dir = Path.of(operatorEnv.getOrDefault("REDIS_DATA_DIR", data.toString()));
                local.put("REDIS_SERVER_LOCK", dir.resolve(Path.of(Redis.serverLock()).getFileName()).toString());
            }
            local.forEach((name, value) -> {
                assertTrue(env.containsKey(name), cronJob + " does not set " + name);
                env.put(name, value);
            });
            operatorEnv.forEach((name, value) -> {
                assertTrue(env.containsKey(name), cronJob + " does not set " + name);
                env.put(name, value);
            });
            if (env.containsKey("OFFSITE_CONFIG_DIR")) {
                // Debian's rclone and CA bundle instead of the ones the init container copies.
                env.put("OFFSITE_CONFIG_DIR", offsiteSecretDir.toString());
                env.put("OFFSITE_RCLONE", "/usr/bin/rclone");
                env.put("OFFSITE_CA_FILE", "/etc/ssl/certs/ca-certificates.crt");
            }
            List<String> commandLine = new ArrayList<>();
            if (script == null) {
                // The CronJob's own command, its scripts folder mapped.
                for (Object part : m.get("CronJob", cronJob).at("spec.jobTemplate.spec.template.spec.containers[0].command").list()) {
                    commandLine.add(part.toString().replace(BackupScripts.DIR + "/", scripts + "/"));
                }
            } else {
                commandLine.addAll(List.of("/bin/sh", scripts.resolve(script).toString()));
            }
            ProcessBuilder pb = new ProcessBuilder(commandLine).directory(tmp.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            // Tests only, never in a CronJob: where the script stops and waits for the test.
            pb.environment().putAll(testEnv);
            // The image's PATH; Debian's redis-server, redis-cli and redis-check-rdb are in /usr/bin.
            pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            // The pod's /tmp (an in-memory emptyDir); never the backup volume.
            pb.environment().put("TMPDIR", tmp.toString());
            return pb;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The scripts' private folders in TMPDIR (the pod's /tmp). */
    private List<Path> privateFolders() {
        return list(tmp).stream().filter(p -> p.getFileName().toString().startsWith("redis-backup.")
                || p.getFileName().toString().startsWith("redis-restore.")
                || p.getFileName().toString().startsWith("offsite-")).toList();
    }

    /** Waits until a backup writes its snapshot and returns that run. */
    private String waitForPartial() {
        Await.until(() -> {
            try {
                List<String> runs = runs();
                return !runs.isEmpty() && Files.exists(backups.resolve("runs").resolve(runs.get(runs.size() - 1))
                        .resolve("dump.rdb.partial"));
            } catch (IOException e) {
                return false;
            }
        }, "the snapshot transfer to start");
        try {
            List<String> runs = runs();
            return runs.get(runs.size() - 1);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void mountTmpfs(Path dir, String size) throws IOException {
        Files.createDirectories(dir);
        PostgresServer.Result mount = PostgresServer.run(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700",
                "tmpfs", dir.toString()));
        assertEquals(0, mount.exitCode(), "this test needs root to mount a small tmpfs (CI runs as root): " + mount.output());
        mounts.add(dir);
    }


    private List<String> runs() throws IOException {
        Path dir = backups.resolve("runs");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> names = list(dir).stream().map(p -> p.getFileName().toString()).sorted().toList();
        names.forEach(n -> assertTrue(n.matches(RUN_ID), n));
        return names;
    }

    private String onlyRun() throws IOException {
        List<String> runs = runs();
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
    }

    /** Every file of a run folder by name, with its SHA-256. */
    private Map<String, String> runHashes(String run) throws IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(backups.resolve("runs").resolve(run))) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(), io.datalayer.testing.Digests.sha256(f));
            }
        }
        return out;
    }

    private Path runFile(String run) {
        return backups.resolve("runs").resolve(run).resolve("dump.rdb");
    }

    private List<String> manifest(String run) {
        try {
            return Files.readAllLines(backups.resolve("runs").resolve(run).resolve("manifest"));
        } catch (IOException e) {
            throw new AssertionError("no manifest in run " + run, e);
        }
    }

    private void editManifest(String run, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path m = backups.resolve("runs").resolve(run).resolve("manifest");
        Files.write(m, Files.readAllLines(m).stream().map(edit).toList());
    }

    /** What a corruption before the checksum looks like: the manifest agrees with the bad file. */
    private void rewriteManifestEntry(String run, Path file) throws IOException {
        String name = file.getFileName().toString();
        String entry = "file " + name + " " + Files.size(file) + " " + Digests.sha256(file);
        editManifest(run, l -> l.startsWith("file " + name + " ") ? entry : l);
    }

    /** Every file under a folder by relative path, with its SHA-256. */
    private static Map<String, String> hashes(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(f).toString(), Digests.sha256(f));
            }
        }
        return out;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }


}
