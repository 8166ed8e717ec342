package io.datalayer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.secrets.VaultSecretStore;
import io.datalayer.stores.postgres.Postgres;
import io.datalayer.stores.postgres.PostgresBackup;
import io.datalayer.stores.postgres.PostgresRestore;
import io.datalayer.stores.postgres.PostgresStore;
import io.datalayer.testing.Await;
import io.datalayer.testing.Digests;
import io.datalayer.testing.JobEnv;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.PodSandbox;
import io.datalayer.testing.PostgresServer;
import io.datalayer.testing.S3Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * offsite.sh with the real rclone (Debian's) against a real S3 API server (S3Proxy, started here,
 * filesystem backend) and backup.sh/restore.sh on a real PostgreSQL: the scripts come from the
 * synthesized ConfigMap, each job runs the command of its synthesized container with that
 * container's environment; only the host, port and paths are changed (each must be in the
 * manifest), the Secret's files are written where the pod mounts them, and rclone is Debian's
 * instead of the one the init container copies. Data is checked by row checksums and file hashes.
 */
class OffsiteScriptsTest {
    /** A row and a database name no object in the bucket may show in plain text. */
    private static final String KNOWN_ROW = "Zebulon Quixote-Plaintext-4711";
    private static final String KNOWN_DB = "ledger_of_secrets";
    private static final String CRYPT_PASSWORD = "crypt-pw-\u00e9\"'$(touch x)-0123456789";
    private static final String CRYPT_SALT = "crypt-salt-`id`-9876543210-abcdef";
    /** The production deployment's folder for PostgreSQL: <prefix>/<environment>/<namespace>/<store>. */
    private static final String PATH = "data-layer/prod/data/postgresql";

    private static PostgresServer server;
    private static Manifests manifests;

    @TempDir
    Path tmp;
    private Path backups;
    private Path scripts;
    private Path secretDir;
    private S3Server s3;
    private final List<Process> started = new ArrayList<>();
    private final List<PostgresServer> extraServers = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        manifests = synth(Environments.prod().store(PostgresStore.class).backup().toBuilder().retention(2).keepWeekly(0).build());
        server = PostgresServer.start(JobEnv.of(manifests, "postgresql-backup").get("PGUSER"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void freshStoreAndFolders() throws IOException {
        for (String db : server.sql("postgres", "SELECT quote_ident(datname) FROM pg_database WHERE datname NOT IN"
                + " ('postgres', 'template0', 'template1')").lines().filter(l -> !l.isBlank()).toList()) {
            server.sql("postgres", "DROP DATABASE " + db + " WITH (FORCE)");
        }
        backups = Files.createDirectory(tmp.resolve("backups"));
        scripts = Files.createDirectory(tmp.resolve("scripts"));
        secretDir = Files.createDirectory(tmp.resolve("secret"));
        s3 = S3Server.start(tmp.resolve("s3"), "platform-backups", "AKIDTESTOFFSITE", "s3-secret-key-for-tests-0123");
        writeSecret(Map.of());
    }

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        extraServers.forEach(PostgresServer::close);
        if (s3 != null) {
            s3.close();
        }
    }

    // ---- upload, list, fetch, restore ------------------------------------------------------------

    @Test
    void aCompleteRunGoesOffSiteAndRestoresOntoANewServerFromTheBucketAlone() throws IOException {
        seed(server, 2000);
        Map<String, String> before = server.fingerprint();

        Result backup = backupJob(Map.of());
        assertEquals(0, backup.code(), backup.output());
        String run = onlyLocalRun();
        assertTrue(backup.output().contains("copying run " + run + " off-site"), backup.output());
        assertTrue(backup.output().contains("off-site copy done: 1 run(s) copied, 1 complete run(s) off-site, newest " + run),
                backup.output());
        // Object names carry the run id; the file names inside are encrypted.
        List<String> keys = s3.keys();
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("data-layer/prod/data/postgresql/" + run + "/")), keys.toString());
        assertEquals(manifest(run).stream().filter(l -> l.startsWith("file ")).count() + 1,
                keys.stream().filter(k -> k.startsWith("data-layer/prod/data/postgresql/" + run + "/")).count(), keys.toString());
        assertFalse(keys.stream().anyMatch(k -> k.endsWith("/manifest") || k.contains("globals") || k.contains(".dump")),
                keys.toString());

        Result list = job("postgresql-restore", List.of("/bin/sh", "/opt/data-layer/offsite.sh", "list"), Map.of());
        assertEquals(0, list.code(), list.output());
        assertTrue(list.output().matches("(?s).*\n" + run + " +complete +\\S+ +\\d+  " + KNOWN_DB + ",postgres,template1\n.*"),
                list.output());

        // The node is gone: a new volume, a new server; the restore fetches the newest complete off-site run.
        wipeVolume();
        PostgresServer fresh = freshServer();
        Result restore = restoreJob(fresh, Map.of("RESTORE_FROM", "offsite"));
        assertEquals(0, restore.code(), restore.output());
        assertTrue(restore.output().contains("fetching the newest complete off-site run, " + run), restore.output());
        assertTrue(restore.output().contains("every SHA-256 matches its manifest"), restore.output());
        assertTrue(restore.output().contains("restoring run " + run), restore.output());
        assertEquals(before, fresh.fingerprint());
        assertEquals(List.of(run), localRuns());
        assertFalse(Files.exists(backups.resolve(".offsite-fetch")));
    }

    @Test
    void theBucketHoldsNothingReadableWithoutTheKeyAndAnotherKeyChangesNothing() throws IOException {
        seed(server, 500);
        assertEquals(0, backupJob(Map.of()).code());
        String run = onlyLocalRun();
        Map<Path, String> objects = objectHashes();
        assertFalse(objects.isEmpty());
        // Not in the objects' bytes, nor in their names: the row, the database, the run's file names.
        for (Path object : objects.keySet()) {
            String bytes = new String(Files.readAllBytes(object), StandardCharsets.ISO_8859_1);
            for (String plain : List.of(KNOWN_ROW, KNOWN_DB, "outcome complete", "CREATE ROLE", "PGDMP", "postgresql",
                    CRYPT_PASSWORD, CRYPT_SALT)) {
                assertFalse(bytes.contains(plain), object + " holds \"" + plain + "\" in plain text");
                assertFalse(s3.bucketRoot().relativize(object).toString().replace("data-layer/prod/data/postgresql/", "")
                        .contains(plain), object + " is named after \"" + plain + "\"");
            }
        }

        // Another crypt password: every job refuses before writing or deleting anything.
        writeSecret(Map.of("crypt-password", "another-password-0123456789"));
        seed2();
        Result backup = backupJob(Map.of());
        assertNotEquals(0, backup.code(), backup.output());
        assertTrue(backup.output().contains("holds " + objects.size() + " object(s) this key cannot read: crypt-password"
                + " or crypt-salt in Vault secret/data/backup-s3 differ from the ones the copies were written with"),
                backup.output());
        assertEquals(objects, objectHashes());
        wipeVolume();
        Result restore = restoreJob(freshServer(), Map.of("RESTORE_FROM", "offsite"));
        assertNotEquals(0, restore.code(), restore.output());
        assertTrue(restore.output().contains("this key cannot read"), restore.output());
        assertFalse(restore.output().contains("restoring run"), restore.output());
        assertEquals(objects, objectHashes());
        assertTrue(localRuns().isEmpty(), run);
    }

    @Test
    void theUploadRunsAsThePodRunsItWithAReadOnlyRoot() throws IOException {
        seed(server, 300);
        Result backup = job("postgresql-backup", List.of("/bin/sh", "/opt/data-layer/backup.sh"), Map.of());
        assertEquals(0, backup.code(), backup.output());
        String run = onlyLocalRun();
        // The pod's volumes as the kubelet gives them to uid 999 with fsGroup 999.
        Node pod = manifests.get("CronJob", "postgresql-backup").at("spec.jobTemplate.spec.template.spec");
        Path rclone = Files.createDirectories(tmp.resolve("pod-rclone"));
        // What the init container copies from the rclone image: the binary and a CA bundle.
        Files.copy(Path.of("/usr/bin/rclone"), rclone.resolve("rclone"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(Path.of("/etc/ssl/certs/ca-certificates.crt"), rclone.resolve("ca-certificates.crt"));
        Path podTmp = Files.createDirectories(tmp.resolve("pod-tmp"));
        Path superuser = Files.createDirectories(tmp.resolve("pod-superuser"));
        for (List<String> c : List.of(List.of("chown", "-R", "999:999", backups.toString(), podTmp.toString()),
                List.of("chown", "-R", "0:999", secretDir.toString()), List.of("chmod", "-R", "g+rX", secretDir.toString()),
                List.of("chmod", "a+rx", tmp.toString(), scripts.toString(), rclone.toString()))) {
            assertEquals(0, PostgresServer.run(new ProcessBuilder(c)).exitCode(), c.toString());
        }
        Map<String, Path> volumes = new java.util.HashMap<>(Map.of("dumps", backups, "scripts", scripts, "tmp", podTmp,
                "rclone", rclone, "offsite-secret", secretDir));
        // The server's password Secret (not read by the upload).
        pod.at("volumes").list().stream().map(v -> Node.of(v).at("name").string()).filter(n -> !volumes.containsKey(n))
                .toList().forEach(n -> volumes.put(n, superuser));
        PodSandbox sandbox = new PodSandbox(pod, volumes, Map.of(), Map.of("PATH", "/usr/bin:/bin"), tmp.resolve("sandbox"));
        ProcessBuilder pb = sandbox.command("backup", List.of("/bin/sh", "/opt/data-layer/offsite.sh", "upload"),
                Map.of("JOB_NAME", "test-job", "POD_NAME", "test-pod"));
        PostgresServer.Result upload = PostgresServer.run(pb);
        assertEquals(0, upload.exitCode(), upload.output());
        assertTrue(upload.output().contains("off-site copy done: 1 run(s) copied"), upload.output());
        assertEquals(List.of(run), offsiteRuns());
        try (Stream<Path> left = Files.list(podTmp)) {
            assertEquals(List.of(), left.toList(), "offsite.sh left files in the pod's /tmp");
        }
    }

    // ---- faults ------------------------------------------------------------------------------------

    @Test
    void aDamagedOffSiteCopyIsRefusedBeforeTheRestoreStartsAndTheVolumeIsUnchanged() throws IOException {
        seed(server, 500);
        assertEquals(0, backupJob(Map.of()).code());
        String run = onlyLocalRun();
        Map<String, String> live = server.fingerprint();
        wipeVolume();

        // Replaced with validly encrypted but different bytes (someone with the key, or a bug): the
        // manifest's SHA-256 catches it.
        Path other = Files.writeString(tmp.resolve("other"), "not the dump");
        Result swap = rclone(List.of("copyto", other.toString(), "datalayer:" + run + "/db-0001.dump"));
        assertEquals(0, swap.code(), swap.output());
        Result restore = restoreJob(server, Map.of("RESTORE_FROM", "offsite", "RESTORE_RUN", run));
        assertNotEquals(0, restore.code(), restore.output());
        assertTrue(restore.output().contains("refusing the off-site copy: run " + run + " is damaged: db-0001.dump is 12"
                + " bytes, the manifest says"), restore.output());
        assertTrue(restore.output().contains("the restore did not start"), restore.output());
        assertFalse(restore.output().contains("restoring run"), restore.output());
        assertEquals(live, server.fingerprint());
        assertEquals(List.of(), localRuns());
        assertFalse(Files.exists(backups.resolve(".offsite-fetch")));

        // Bytes flipped in the stored object: the decryption's authentication fails the fetch.
        seed2();
        Files.createDirectories(backups);
        assertEquals(0, backupJob(Map.of()).code());
        String second = newestLocalRun();
        Path object = objectHashes().keySet().stream()
                .filter(p -> p.toString().contains("/" + second + "/") && fileSize(p) > 200).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(object);
        for (int i = 100; i < 164; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(object, bytes);
        wipeVolume();
        Result flipped = restoreJob(server, Map.of("RESTORE_FROM", "offsite"));
        assertNotEquals(0, flipped.code(), flipped.output());
        assertTrue(flipped.output().contains("cannot fetch run " + second), flipped.output());
        assertTrue(flipped.output().contains("nothing on the volume was changed"), flipped.output());
        assertEquals(List.of(), localRuns());
    }

    @Test
    void anInterruptedUploadNeverCountsAndTheNextRunCatchesUp() throws Exception {
        seed(server, 500);
        assertEquals(0, backupJob(Map.of()).code());
        String first = onlyLocalRun();
        seed(server, 60000, "big");
        // A slow link, so the kill lands mid-transfer (rclone reads any flag from RCLONE_<FLAG>).
        Process slow = start("postgresql-backup", null, Map.of(), Map.of("RCLONE_BWLIMIT", "200k"));
        Await.until(() -> slow.descendants().anyMatch(h -> h.isAlive()
                && h.info().arguments().map(a -> List.of(a).contains("copy") && !List.of(a).contains("--include"))
                .orElse(false)), "rclone copying the second run");
        Thread.sleep(1500);
        String second = newestLocalRun();
        assertNotEquals(first, second);
        assertTrue(s3.keys().stream().anyMatch(k -> k.contains("/" + second + "/")), "nothing of " + second + " reached the bucket");
        // SIGKILL to the whole pod: no trap runs.
        slow.descendants().forEach(ProcessHandle::destroyForcibly);
        slow.destroyForcibly();
        slow.waitFor(10, TimeUnit.SECONDS);

        Result list = job("postgresql-restore", List.of("/bin/sh", "/opt/data-layer/offsite.sh", "list"), Map.of());
        assertTrue(list.output().contains(first + "  complete"), list.output());
        assertTrue(list.output().matches("(?s).*\n" + second + " +interrupted +- +-  \\(upload unfinished: no manifest\\)\n.*"),
                list.output());
        // Asked for by name, it is refused; "newest" is the older, complete run.
        wipeVolumeKeeping();
        Result byName = restoreJob(freshServer(), Map.of("RESTORE_FROM", "offsite", "RESTORE_RUN", second));
        assertNotEquals(0, byName.code(), byName.output());
        assertTrue(byName.output().contains("run " + second + " is not a complete off-site copy (interrupted)"), byName.output());

        // The local runs are whole; the next upload finishes the second run.
        restoreVolume();
        assertEquals(List.of(first, second), localRuns());
        Result upload = job("postgresql-backup", List.of("/bin/sh", "/opt/data-layer/offsite.sh", "upload"), Map.of());
        assertEquals(0, upload.code(), upload.output());
        assertTrue(upload.output().contains("copying run " + second + " off-site"), upload.output());
        assertFalse(upload.output().contains("copying run " + first), upload.output());

        // SIGTERM mid-transfer: the job stops rclone, exits 143, and the run does not count either.
        seed2();
        Process term = start("postgresql-backup", null, Map.of(), Map.of("RCLONE_BWLIMIT", "200k"));
        Await.until(() -> term.descendants().anyMatch(h -> h.isAlive()
                && h.info().arguments().map(a -> List.of(a).contains("copy") && !List.of(a).contains("--include"))
                .orElse(false)), "rclone copying the third run");
        Thread.sleep(1000);
        signal(term, "TERM");
        assertTrue(term.waitFor(30, TimeUnit.SECONDS));
        assertEquals(143, term.exitValue(), output(term));
        assertTrue(term.descendants().noneMatch(ProcessHandle::isAlive));
        String third = newestLocalRun();
        Result after = job("postgresql-restore", List.of("/bin/sh", "/opt/data-layer/offsite.sh", "list"), Map.of());
        assertFalse(after.output().contains(third + "  complete"), after.output());
        assertEquals("complete", localOutcome(third));
    }

    @Test
    void sigtermDuringTheBackupReachesPgDumpThroughOffsiteAndNothingIsUploaded() throws Exception {
        seed(server, 300);
        // A session holding the table, so pg_dump blocks mid-run.
        ProcessBuilder lock = new ProcessBuilder(server.bin().resolve("psql").toString(), "-X", "-q", "-h", "127.0.0.1",
                "-p", Integer.toString(server.port()), "-U", server.superuser(), "-d", KNOWN_DB,
                "-c", "BEGIN; LOCK TABLE people IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120);");
        lock.environment().put("PGPASSWORD", server.password());
        lock.environment().put("PGAPPNAME", "lock-holder");
        Process holder = lock.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(holder);
        try {
            Process job = start("postgresql-backup", null, Map.of(), Map.of());
            Await.until(() -> server.sql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE"
                    + " application_name = 'pg_dump' AND wait_event_type = 'Lock'").equals("1"), "pg_dump blocked on the table");
            // The kubelet signals the container's first process: offsite.sh, which passes it on.
            signal(job, "TERM");
            assertTrue(job.waitFor(30, TimeUnit.SECONDS), "the job did not stop after SIGTERM");
            String output = output(job);
            assertEquals(143, job.exitValue(), output);
            assertTrue(output.contains("backup: ERROR: stopped by SIGTERM; removing unfinished files"), output);
            assertFalse(output.contains("copying run"), output);
            assertTrue(job.descendants().noneMatch(ProcessHandle::isAlive), "a child outlived the job");
            assertEquals("failed", localOutcome(onlyLocalRun()));
            assertEquals(List.of(), offsiteRuns());
        } finally {
            server.sql("postgres", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'lock-holder'");
        }
    }

    @Test
    void retentionOffSiteFollowsTheVolumesRulesAndRemovesUnfinishedUploads() throws IOException {
        seed(server, 300);
        for (int i = 0; i < 3; i++) {
            Result r = backupJob(Map.of());
            assertEquals(0, r.code(), r.output());
        }
        // Retention 2, no weekly: the volume and the bucket hold the same two newest runs.
        List<String> local = localRuns();
        assertEquals(2, local.size(), local.toString());
        assertEquals(local, offsiteRuns());

        // An unfinished upload of an old run id (no manifest) goes once a newer run exists.
        Path leftover = Files.writeString(tmp.resolve("leftover"), "half");
        assertEquals(0, rclone(List.of("copyto", leftover.toString(), "datalayer:000001-20260101T000000Z/db-0001.dump")).code());
        assertTrue(offsiteRuns().contains("000001-20260101T000000Z"));
        Result next = backupJob(Map.of());
        assertEquals(0, next.code(), next.output());
        assertTrue(next.output().contains("off-site retention: removed run 000001-20260101T000000Z"), next.output());
        assertEquals(localRuns(), offsiteRuns());
        assertEquals(2, offsiteRuns().size());
    }

    @Test
    void aMissedNightIsCaughtUpAndAFailedUploadLeavesTheLocalRunsAsTheyWere() throws IOException {
        seed(server, 300);
        // The object store refuses the credentials: the backup is complete on the volume, the job fails clearly.
        writeSecret(Map.of("secret-access-key", "wrong-secret-key-0123456789"));
        Result refused = backupJob(Map.of());
        assertEquals(1, refused.code(), refused.output());
        String first = onlyLocalRun();
        assertEquals("complete", localOutcome(first));
        assertTrue(refused.output().contains("cannot reach the off-site store (bucket platform-backups at " + s3.endpoint()
                + ", folder data-layer/prod/data/postgresql): "), refused.output());
        assertTrue(refused.output().contains("Check endpoint, region, access-key-id and secret-access-key in Vault"
                + " secret/data/backup-s3 and the egress NetworkPolicy; the local runs are untouched"), refused.output());
        assertTrue(refused.output().contains("SignatureDoesNotMatch") || refused.output().contains("403"), refused.output());
        assertFalse(refused.output().contains("wrong-secret-key-0123456789"), refused.output());
        Map<String, String> hashes = localHashes(first);
        assertTrue(s3.keys().isEmpty(), s3.keys().toString());

        // Unreachable store (nothing listens): the same, quickly.
        writeSecret(Map.of("endpoint", "http://127.0.0.1:9"));
        Result down = job("postgresql-backup", List.of("/bin/sh", "/opt/data-layer/offsite.sh", "upload"), Map.of());
        assertEquals(1, down.code(), down.output());
        assertTrue(down.output().contains("cannot reach the off-site store"), down.output());
        assertEquals(hashes, localHashes(first));

        // The next night, with the right credentials, copies both runs.
        writeSecret(Map.of());
        Result next = backupJob(Map.of());
        assertEquals(0, next.code(), next.output());
        String second = newestLocalRun();
        assertTrue(next.output().contains("copying run " + first + " off-site"), next.output());
        assertTrue(next.output().contains("copying run " + second + " off-site"), next.output());
        assertEquals(List.of(first, second), offsiteRuns());
        assertEquals(hashes, localHashes(first));
    }

    @Test
    void aFailedBackupStillCopiesTheEarlierRunsAndExitsWithTheBackupsFailure() throws IOException {
        seed(server, 300);
        assertEquals(0, job("postgresql-backup", List.of("/bin/sh", "/opt/data-layer/backup.sh"), Map.of()).code());
        String first = onlyLocalRun();
        Result failed = backupJob(Map.of("BACKUP_DATABASES", "no_such_database"));
        assertEquals(1, failed.code(), failed.output());
        assertTrue(failed.output().contains("the backup failed (exit 1); copying the earlier complete runs off-site all the same"),
                failed.output());
        assertEquals(List.of(first), offsiteRuns());
    }

    @Test
    void badSecretValuesAreNamedWithTheVaultPath() throws IOException {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("bucket", "Bad_Bucket");
        cases.put("endpoint", "s3.example.org");
        cases.put("crypt-password", "short");
        cases.put("region", "");
        cases.put("access-key-id", "two\nlines");
        Map<String, String> expected = Map.of(
                "bucket", "bucket \"Bad_Bucket\" in Vault secret/data/backup-s3 is not an S3 bucket name; use lower-case letters, digits, '.' and '-'",
                "endpoint", "endpoint \"s3.example.org\" in Vault secret/data/backup-s3 is not an http:// or https:// URL",
                "crypt-password", "crypt-password in Vault secret/data/backup-s3 is shorter than 16 characters",
                "region", "the off-site Secret has no value for \"region\"",
                "access-key-id", "the value of \"access-key-id\" in Vault secret/data/backup-s3 holds a line break; write it as one line");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            writeSecret(Map.of(c.getKey(), c.getValue()));
            Result r = job("postgresql-backup", List.of("/bin/sh", "/opt/data-layer/offsite.sh", "upload"), Map.of());
            assertEquals(1, r.code(), r.output());
            assertTrue(r.output().contains(expected.get(c.getKey())), c.getKey() + ": " + r.output());
        }
        // Without off-site copies, restore.sh refuses RESTORE_FROM=offsite instead of restoring a local run.
        Result r = job("postgresql-restore", List.of("/bin/sh", "/opt/data-layer/restore.sh"), Map.of("RESTORE_FROM", "offsite"));
        assertEquals(1, r.code(), r.output());
        assertTrue(r.output().contains("RESTORE_FROM=offsite, but this environment has no off-site copies"), r.output());
    }

    // ---- disaster recovery (issue 21) ---------------------------------------------------------------

    /** Development's folder and identity, as its CronJobs set them (OffsiteTest checks the synthesized values). */
    private static final String DEV_PATH = "data-layer/dev/data/postgresql";
    private static final Map<String, String> DEV = Map.of("OFFSITE_DEPLOYMENT", "dev/data", "OFFSITE_PATH", DEV_PATH);

    @Test
    void aRestoreWithNoRunChosenTakesTheRunTakenAfterTheRecoveryNotTheLostVolumesNewest() throws IOException {
        Map<String, String> keepAll = Map.of("BACKUP_RETENTION", "7");
        seed(server, 2000);
        Map<String, String> good = server.fingerprint();
        Result first = backupJob(keepAll);
        assertEquals(0, first.code(), first.output());
        String run1 = onlyLocalRun();
        // The next two nights back up bad data: most rows deleted by mistake.
        server.sql(KNOWN_DB, "DELETE FROM people WHERE id > 10");
        assertEquals(0, backupJob(keepAll).code());
        server.sql(KNOWN_DB, "DELETE FROM people WHERE id > 5");
        assertEquals(0, backupJob(keepAll).code());
        String run3 = newestLocalRun();
        assertEquals(3, offsiteRuns().size(), offsiteRuns().toString());

        // Server and volume lost: the oldest run, by id, onto a new server and a new volume.
        wipeVolume();
        PostgresServer second = freshServer();
        Result byId = run(command("postgresql-restore", null, second, Map.of("RESTORE_FROM", "offsite", "RESTORE_RUN", run1), Map.of()));
        assertEquals(0, byId.code(), byId.output());
        assertEquals(good, second.fingerprint());
        // Life goes on there: a row written after the recovery, then one night's backup.
        second.sql(KNOWN_DB, "INSERT INTO people VALUES (9999999, 'written after the recovery', null)");
        Map<String, String> afterRecovery = second.fingerprint();
        Result night = run(command("postgresql-backup", null, second, keepAll, Map.of()));
        assertEquals(0, night.code(), night.output());
        String run4 = newestLocalRun();
        assertTrue(run4.compareTo(run3) > 0, run4 + " is numbered below the lost volume's " + run3 + "\n" + night.output());
        assertEquals(List.of(run1, run4), localRuns());

        // Everything lost again; the restore chooses no run.
        wipeVolume();
        PostgresServer third = freshServer();
        Result newest = run(command("postgresql-restore", null, third, Map.of("RESTORE_FROM", "offsite"), Map.of()));
        assertEquals(0, newest.code(), newest.output());
        assertTrue(newest.output().contains("fetching the newest complete off-site run, " + run4 + ": the run deployment"
                + " prod/data took last (the highest sequence of its 4 complete off-site run(s)"), newest.output());
        assertTrue(newest.output().contains("restoring run " + run4), newest.output());
        assertEquals(afterRecovery, third.fingerprint());
        assertNotEquals(good, third.fingerprint());
    }

    @Test
    void aLostKeyCheckObjectBlocksNothingAndIsWrittenAgainWhileAnotherKeyIsStillRefused() throws IOException {
        seed(server, 500);
        Map<String, String> live = server.fingerprint();
        assertEquals(0, backupJob(Map.of()).code());
        // A lifecycle rule (or a person) removes the key-check object through the S3 API.
        assertEquals(0, rclone(List.of("deletefile", "datalayer:key-check")).code());
        assertEquals("", rclone(List.of("cat", "datalayer:key-check")).output());

        // A restore from the bucket goes on, and says what happened.
        wipeVolumeKeeping();
        PostgresServer fresh = freshServer();
        Result restore = restoreJob(fresh, Map.of("RESTORE_FROM", "offsite"));
        assertEquals(0, restore.code(), restore.output());
        assertTrue(restore.output().contains("WARNING: the off-site key-check object is missing (a bucket lifecycle rule or a"
                + " person removed it); not a changed key: "), restore.output());
        assertFalse(restore.output().contains("this key cannot read"), restore.output());
        assertEquals(live, fresh.fingerprint());

        // The next backup writes it again and reads it back with the configured key.
        restoreVolume();
        seed2();
        Result backup = backupJob(Map.of());
        assertEquals(0, backup.code(), backup.output());
        assertTrue(backup.output().contains("Writing the check object again"), backup.output());
        assertTrue(backup.output().contains("wrote the off-site key-check object again and read it back with the configured key"),
                backup.output());
        Result check = rclone(List.of("cat", "datalayer:key-check"));
        assertEquals("datalayer off-site key check 1\ndeployment prod/data\n", check.output());
        Result quiet = backupJob(Map.of());
        assertEquals(0, quiet.code(), quiet.output());
        assertFalse(quiet.output().contains("key-check"), quiet.output());

        // Lost again, and the key changed: that is still a changed key, and nothing is written or deleted.
        assertEquals(0, rclone(List.of("deletefile", "datalayer:key-check")).code());
        Map<Path, String> objects = objectHashes();
        writeSecret(Map.of("crypt-password", "another-password-0123456789"));
        Result other = backupJob(Map.of());
        assertNotEquals(0, other.code(), other.output());
        assertTrue(other.output().contains("object(s) this key cannot read: crypt-password or crypt-salt in Vault"
                + " secret/data/backup-s3 differ from the ones the copies were written with"), other.output());
        assertFalse(other.output().contains("key-check object is missing"), other.output());
        assertEquals(objects, objectHashes());
    }

    @Test
    void theSyncChecksEveryObjectOfEveryRunAndUploadsAgainWhatIsMissingOrDamaged() throws IOException {
        seed(server, 3000);
        assertEquals(0, backupJob(Map.of()).code());
        String run1 = onlyLocalRun();
        seed2();
        assertEquals(0, backupJob(Map.of()).code());
        String run2 = newestLocalRun();
        Map<String, String> hashes1 = localHashes(run1);
        Map<String, String> hashes2 = localHashes(run2);
        // One object of run1 lost; one of run2 replaced with other, validly encrypted bytes; one of run2
        // written again with some of its bytes flipped (same size, not decryptable), all through the S3 API.
        assertEquals(0, rclone(List.of("deletefile", "datalayer:" + run1 + "/db-0001.dump")).code());
        Path other = Files.writeString(tmp.resolve("other"), "not the roles");
        assertEquals(0, rclone(List.of("copyto", other.toString(), "datalayer:" + run2 + "/globals.sql")).code());
        Path stored = object(run2, "db-0002.dump");
        byte[] bytes = Files.readAllBytes(stored);
        for (int i = 100; i < 132; i++) {
            bytes[i] ^= 0x5a;
        }
        Path flipped = Files.write(tmp.resolve("flipped"), bytes);
        assertEquals(0, rclone(List.of("copyto", flipped.toString(), "datalayers3:" + s3.bucket() + "/"
                + s3.bucketRoot().relativize(stored))).code());
        assertEquals(bytes.length, Files.size(stored));
        Map<Path, String> damaged = objectHashes();

        // The manifests are all there and equal: what passed before. `check` now names each object and repairs nothing.
        Result check = job(SYNC, List.of("/bin/sh", "/opt/data-layer/offsite.sh", "check"), Map.of());
        assertEquals(1, check.code(), check.output());
        assertTrue(check.output().contains("ERROR: off-site run " + run1 + ": db-0001.dump is missing off-site"), check.output());
        assertTrue(check.output().contains("ERROR: off-site run " + run2 + ": globals.sql is damaged off-site"), check.output());
        assertTrue(check.output().contains("ERROR: off-site run " + run2 + ": db-0002.dump is damaged off-site"), check.output());
        assertEquals(damaged, objectHashes(), "check changed the bucket");

        // The sync uploads them again from the volume and checks them again.
        Result sync = syncJob(Map.of());
        assertEquals(0, sync.code(), sync.output());
        assertTrue(sync.output().contains("off-site run " + run1 + ": db-0001.dump is missing off-site; uploading it again"
                + " from the volume"), sync.output());
        assertTrue(sync.output().contains("off-site run " + run2 + ": db-0002.dump uploaded again and checked"), sync.output());
        Map<String, String> summary = syncSummary(sync);
        assertEquals("complete", summary.get("outcome"), sync.output());
        assertEquals("2", summary.get("verified"), sync.output());
        assertEquals("3", summary.get("repaired"), sync.output());
        assertEquals("0", summary.get("unrepaired"), sync.output());
        Result again = syncJob(Map.of());
        assertEquals("0", syncSummary(again).get("repaired"), again.output());

        // By content: the node is gone, both runs come back from the bucket alone with the volume's bytes.
        wipeVolumeKeeping();
        for (String run : List.of(run1, run2)) {
            Result fetch = job("postgresql-restore", List.of("/bin/sh", "/opt/data-layer/offsite.sh", "fetch"),
                    Map.of("RESTORE_RUN", run));
            assertEquals(0, fetch.code(), fetch.output());
        }
        assertEquals(hashes1, localHashes(run1));
        assertEquals(hashes2, localHashes(run2));

        // A run the volume no longer holds cannot be repaired: named, and the sync fails.
        restoreVolume();
        PostgresServer.deleteTree(backups.resolve("runs").resolve(run1));
        assertEquals(0, rclone(List.of("deletefile", "datalayer:" + run1 + "/db-0001.dump")).code());
        Result broken = syncJob(Map.of());
        assertEquals(1, broken.code(), broken.output());
        assertTrue(broken.output().contains("ERROR: off-site run " + run1 + ": db-0001.dump is missing, and the volume holds no"
                + " intact copy of the run to repair it from; this run will not restore"), broken.output());
        assertEquals("failed", syncSummary(broken).get("outcome"), broken.output());
        assertEquals("1", syncSummary(broken).get("unrepaired"), broken.output());
    }

    @Test
    void aRunFolderRetentionCannotRemoveNeverStopsTheBackup() throws IOException {
        seed(server, 500);
        assertEquals(0, backupJob(Map.of()).code());
        String run1 = onlyLocalRun();
        seed2();
        assertEquals(0, backupJob(Map.of()).code());
        Path stuck = backups.resolve("runs").resolve(run1);
        Map<String, String> stuckFiles = localHashes(run1);

        // The third night's retention (2 runs) removes run1, which is read-only for the job.
        server.sql(KNOWN_DB, "INSERT INTO people VALUES (7777777, 'third night', null)");
        Result third = withReadOnly(stuck, "postgresql-backup");
        assertEquals(1, third.code(), third.output());
        String run3 = newestLocalRun();
        assertEquals("complete", localOutcome(run3));
        assertTrue(third.output().contains("backup: ERROR: retention: cannot remove run " + run1 + " ("), third.output());
        assertTrue(third.output().contains("run " + run3 + " is complete and recorded, but retention cannot remove 1 run(s): "
                + run1), third.output());
        List<String> summaries = third.output().lines().filter(l -> l.startsWith("DATALAYER_BACKUP_SUMMARY ")).toList();
        assertEquals(1, summaries.size(), third.output());
        assertTrue(summaries.get(0).startsWith("DATALAYER_BACKUP_SUMMARY {\"store\":\"postgresql\",\"run\":\"" + run3
                + "\",\"outcome\":\"complete\",\"recorded\":true,"), summaries.get(0));
        assertTrue(summaries.get(0).endsWith(",\"failures\":1}"), summaries.get(0));
        assertEquals(stuckFiles, localHashes(run1));
        // The upload went on after the backup.
        assertTrue(offsiteRuns().contains(run3), offsiteRuns().toString());

        // The fourth night finds it before its run too: a warning, and the run is taken all the same.
        server.sql(KNOWN_DB, "INSERT INTO people VALUES (8888888, 'fourth night', null)");
        Map<String, String> live = server.fingerprint();
        Result fourth = withReadOnly(stuck, "postgresql-backup");
        assertEquals(1, fourth.code(), fourth.output());
        assertTrue(fourth.output().contains("backup: WARNING: retention: cannot remove run " + run1 + " ("), fourth.output());
        assertTrue(fourth.output().contains("the backup goes on and retention tries again after it"), fourth.output());
        String run4 = newestLocalRun();
        assertEquals("complete", localOutcome(run4));
        assertEquals(List.of(run1, run3, run4), localRuns());
        // By content: the newest run restores the fourth night's table.
        PostgresServer fresh = freshServer();
        Result restore = run(command("postgresql-restore", null, fresh, Map.of("RESTORE_FROM", "local"), Map.of()));
        assertEquals(0, restore.code(), restore.output());
        assertTrue(restore.output().contains("restoring the newest complete run, " + run4), restore.output());
        assertEquals(live, fresh.fingerprint());

        // Writable again: the next night's retention removes it, and the job succeeds.
        Result fifth = backupJob(Map.of());
        assertEquals(0, fifth.code(), fifth.output());
        assertTrue(fifth.output().contains("retention: removed run " + run1), fifth.output());
        assertFalse(localRuns().contains(run1));
    }

    @Test
    void twoDeploymentsInOneBucketNeverTouchEachOthersRuns() throws IOException {
        // Production's run, in production's folder.
        seed(server, 500);
        Result prod = backupJob(Map.of());
        assertEquals(0, prod.code(), prod.output());
        String prodRun = onlyLocalRun();
        assertTrue(manifest(prodRun).contains("deployment prod/data"), manifest(prodRun).toString());
        Map<Path, String> prodObjects = objectHashes(PATH);

        // Development: the same namespace name, a volume and server of its own, three nights (retention 2).
        Path devVolume = Files.createDirectory(tmp.resolve("dev-backups"));
        PostgresServer dev = freshServer();
        seed(dev, 50, "dev_only");
        for (int i = 0; i < 3; i++) {
            dev.sql("dev_only", "INSERT INTO people VALUES (" + (5000000 + i) + ", 'dev night', null)");
            Result night = run(command("postgresql-backup", null, dev, DEV, Map.of("BACKUP_DIR", devVolume.toString())));
            assertEquals(0, night.code(), night.output());
        }
        List<String> devRuns = offsiteRuns(DEV_PATH);
        assertEquals(2, devRuns.size(), devRuns.toString());
        assertEquals(prodObjects, objectHashes(PATH), "development's retention touched production's runs");
        assertEquals(List.of(prodRun), offsiteRuns());

        // Development pointed at production's folder: refused before anything is written or deleted.
        Result shared = run(command("postgresql-backup", null, dev, Map.of("OFFSITE_DEPLOYMENT", "dev/data", "OFFSITE_PATH", PATH),
                Map.of("BACKUP_DIR", devVolume.toString())));
        assertNotEquals(0, shared.code(), shared.output());
        assertTrue(shared.output().contains("belongs to deployment prod/data (its key-check object says so), not to this one,"
                + " dev/data; two deployments must not share a folder. Nothing was written, deleted or restored"), shared.output());
        assertEquals(prodObjects, objectHashes(PATH));

        // A development run in production's folder (what a shared folder held before): production's
        // restore and sync refuse the folder instead of restoring or deleting that run.
        String devRun = devRuns.get(devRuns.size() - 1);
        assertTrue(devRun.compareTo(prodRun) > 0, devRun + " " + prodRun);
        Result copy = rclone(List.of("copy", "datalayers3:" + s3.bucket() + "/" + DEV_PATH + "/" + devRun,
                "datalayers3:" + s3.bucket() + "/" + PATH + "/" + devRun));
        assertEquals(0, copy.code(), copy.output());
        Map<Path, String> mixed = objectHashes(PATH);
        wipeVolumeKeeping();
        PostgresServer fresh = freshServer();
        Map<String, String> empty = fresh.fingerprint();
        Result restore = restoreJob(fresh, Map.of("RESTORE_FROM", "offsite"));
        assertNotEquals(0, restore.code(), restore.output());
        assertTrue(restore.output().contains("holds runs of another deployment: " + devRun + " (dev/data); this is deployment"
                + " prod/data"), restore.output());
        assertFalse(restore.output().contains("restoring run"), restore.output());
        assertEquals(empty, fresh.fingerprint());
        restoreVolume();
        Result sync = syncJob(Map.of());
        assertNotEquals(0, sync.code(), sync.output());
        assertTrue(sync.output().contains("holds runs of another deployment: " + devRun + " (dev/data)"), sync.output());
        assertEquals(mixed, objectHashes(PATH), "a job changed a folder holding another deployment's run");
    }

    /** The object of a run's file in the store's own files (its name encrypted as rclone crypt does). */
    private Path object(String run, String file) throws IOException {
        Result name = rclone(List.of("cryptdecode", "--reverse", "datalayer:", file));
        assertEquals(0, name.code(), name.output());
        String encrypted = name.output().strip().split("\\s+")[name.output().strip().split("\\s+").length - 1];
        Path p = s3.bucketRoot().resolve(PATH).resolve(run).resolve(encrypted);
        assertTrue(Files.isRegularFile(p), p + " from " + name.output());
        return p;
    }

    /** A backup job whose run folder {@code folder} is mounted read-only in the job's own mount namespace. */
    private Result withReadOnly(Path folder, String cronJob) {
        ProcessBuilder pb = command(cronJob, null, server, Map.of(), Map.of());
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
                "mount --bind -o ro \"$1\" \"$1\" && shift && exec \"$@\"", "read-only-run", folder.toString()));
        cmd.addAll(pb.command());
        pb.command(cmd);
        return run(pb);
    }

    // ---- the off-site sync CronJob (what DataLayerOffsiteCopyLagging watches) -----------------------

    private static final String SYNC = "postgresql-offsite-sync";

    @Test
    void aLaggingOffsiteFailsTheCheckAndTheSyncThenCatchesUpByContent() throws IOException {
        seed(server, 500);
        Result first = backupJob(Map.of());
        assertEquals(0, first.code(), first.output());
        String run1 = onlyLocalRun();
        // The second night's upload is refused (the store rejects the key): the run stays on the volume only.
        writeSecret(Map.of("secret-access-key", "a-wrong-secret-key-0000000"));
        seed2();
        Result second = backupJob(Map.of());
        assertNotEquals(0, second.code(), second.output());
        String run2 = newestLocalRun();
        assertNotEquals(run1, run2);
        assertEquals("complete", localOutcome(run2));
        assertEquals(List.of(run1), offsiteRuns());

        // Unreachable with the wrong key: the sync fails, says why, and its summary says failed.
        Result refused = syncJob(Map.of());
        assertEquals(1, refused.code(), refused.output());
        assertTrue(refused.output().contains("cannot read the off-site manifests") || refused.output().contains("cannot reach")
                || refused.output().contains("the off-site copy of run " + run2 + " failed"), refused.output());
        assertEquals("failed", syncSummary(refused).get("outcome"), refused.output());

        // The right key again: check alone (no upload) says off-site is behind, naming both runs.
        writeSecret(Map.of());
        Result behind = job(SYNC, List.of("/bin/sh", "/opt/data-layer/offsite.sh", "check"), Map.of());
        assertEquals(1, behind.code(), behind.output());
        assertTrue(behind.output().contains("off-site is behind: the newest complete run on the volume, " + run2
                + ", is not complete off-site (bucket platform-backups at " + s3.endpoint()
                + ", folder data-layer/prod/data/postgresql; newest complete there: " + run1 + ")"), behind.output());
        assertEquals(List.of(run1), offsiteRuns(), "check uploads nothing");

        // The sync catches up and then passes its own check, read back from the store.
        Result sync = syncJob(Map.of());
        assertEquals(0, sync.code(), sync.output());
        assertTrue(sync.output().contains("copying run " + run2 + " off-site"), sync.output());
        assertTrue(sync.output().contains("off-site is current: the newest complete run on the volume, " + run2), sync.output());
        Map<String, String> summary = syncSummary(sync);
        assertEquals(Map.of("store", "postgresql", "job", "offsite-sync", "outcome", "complete", "local_run", run2,
                "offsite_run", run2, "uploaded", "1", "verified", "2", "repaired", "0", "unrepaired", "0"),
                withoutSeconds(summary), sync.output());
        assertEquals(List.of(run1, run2), offsiteRuns());
        Result again = syncJob(Map.of());
        assertEquals(0, again.code(), again.output());
        assertEquals("0", syncSummary(again).get("uploaded"), again.output());

        // By content: the node is gone, the run fetched from the bucket alone has the files the volume had.
        Map<String, String> hashes = localHashes(run2);
        wipeVolume();
        Result fetch = job("postgresql-restore", List.of("/bin/sh", "/opt/data-layer/offsite.sh", "fetch"), Map.of());
        assertEquals(0, fetch.code(), fetch.output());
        assertEquals(hashes, localHashes(run2));
    }

    @Test
    void anUnreachableBucketFailsTheSyncAndLeavesTheVolumeAlone() throws IOException {
        seed(server, 100);
        assertEquals(0, backupJob(Map.of()).code());
        String run = onlyLocalRun();
        Map<String, String> hashes = localHashes(run);
        // Nothing listens there (the port of a server that stopped).
        int closed = java.net.URI.create(s3.endpoint()).getPort();
        s3.close();
        s3 = null;
        writeSecretTo("http://127.0.0.1:" + closed);
        Result r = syncJob(Map.of());
        assertEquals(1, r.code(), r.output());
        assertTrue(r.output().contains("cannot reach the off-site store (bucket platform-backups at http://127.0.0.1:" + closed
                + ", folder data-layer/prod/data/postgresql)"), r.output());
        assertEquals("failed", syncSummary(r).get("outcome"), r.output());
        assertEquals(List.of(run), localRuns());
        assertEquals(hashes, localHashes(run));
    }

    @Test
    void theSyncWaitsForARunningBackupsLockAndFailsClearlyWhenItIsNotReleased() throws Exception {
        seed(server, 300);
        ProcessBuilder lock = new ProcessBuilder(server.bin().resolve("psql").toString(), "-X", "-q", "-h", "127.0.0.1",
                "-p", Integer.toString(server.port()), "-U", server.superuser(), "-d", KNOWN_DB,
                "-c", "BEGIN; LOCK TABLE people IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120);");
        lock.environment().put("PGPASSWORD", server.password());
        lock.environment().put("PGAPPNAME", "lock-holder");
        Process holder = lock.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(holder);
        Process backup;
        try {
            // A real backup holding the volume's lock: pg_dump blocked on the table.
            backup = start("postgresql-backup", null, Map.of(), Map.of());
            Await.until(() -> server.sql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE"
                    + " application_name = 'pg_dump' AND wait_event_type = 'Lock'").equals("1"), "pg_dump blocked on the table");
            Result r = syncJob(Map.of("BACKUP_LOCK_WAIT_SECONDS", "2"));
            assertEquals(1, r.code(), r.output());
            assertTrue(r.output().contains("waiting up to 2s for the lock on " + backups + ", held by: backup "), r.output());
            assertTrue(r.output().contains("another backup or restore holds the lock on " + backups + " (backup "), r.output());
            assertTrue(r.output().contains("did not release it within 2s"), r.output());
            assertEquals("failed", syncSummary(r).get("outcome"), r.output());
            assertEquals(List.of(), offsiteRuns(), "nothing was uploaded around the running backup");

            // A sync that waits long enough runs once the backup is done.
            Process sync = start(SYNC, null, Map.of("BACKUP_LOCK_WAIT_SECONDS", "120"), Map.of());
            Thread.sleep(1500);
            assertTrue(sync.isAlive(), output(sync));
            server.sql("postgres", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'lock-holder'");
            assertTrue(backup.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, backup.exitValue(), output(backup));
            assertTrue(sync.waitFor(120, TimeUnit.SECONDS));
            String out = output(sync);
            assertEquals(0, sync.exitValue(), out);
            assertTrue(out.contains("waiting up to 120s for the lock"), out);
            assertEquals("complete", syncSummary(new Result(0, out)).get("outcome"), out);
            assertEquals(localRuns(), offsiteRuns());
        } finally {
            server.sql("postgres", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'lock-holder'");
        }
    }

    @Test
    void theSyncPodHasNoAccessToTheStoreItself() {
        Map<String, String> env = JobEnv.of(manifests, SYNC);
        assertFalse(env.keySet().stream().anyMatch(k -> k.startsWith("PG") || k.startsWith("POSTGRES")), env.toString());
        String pod = "spec.jobTemplate.spec.template";
        assertEquals("true", manifests.get("CronJob", SYNC).at(pod + ".metadata.labels").map().get(Offsite.CLIENT_LABEL));
        assertFalse(manifests.get("CronJob", SYNC).at(pod + ".metadata.labels").map().containsKey(Postgres.CLIENT_LABEL));
        assertEquals(List.of("/bin/sh", "/opt/data-layer/offsite.sh", "sync"),
                manifests.get("CronJob", SYNC).at(pod + ".spec.containers[0].command").list());
        // The backup's own claim (ReadWriteOnce: the pod lands on its node), under the backup's lock.
        assertTrue(manifests.get("CronJob", SYNC).at(pod + ".spec.volumes").list().toString()
                .contains("claimName=" + Environments.prod().store(PostgresStore.class).backup().claimName()),
                manifests.get("CronJob", SYNC).at(pod + ".spec.volumes").list().toString());
    }

    @Test
    void aSettingTheCronJobSetsIsRequiredAndNamedWhenMissing() {
        // The defaults are written once, in the Java props; offsite.sh holds none of its own.
        for (String[] c : List.of(
                new String[] {SYNC, "BACKUP_RETENTION", "ERROR: BACKUP_RETENTION is not set; the CronJob sets it from the backup settings"},
                new String[] {SYNC, "OFFSITE_PROVIDER", "OFFSITE_PROVIDER is not set; the CronJob sets it from the off-site settings"},
                new String[] {"postgresql-restore", "RESTORE_FROM",
                        "ERROR: RESTORE_FROM is not set; the CronJob sets it to local (set offsite to fetch the run from the object store)"})) {
            ProcessBuilder pb = command(c[0], null, server, Map.of(), Map.of());
            assertTrue(pb.environment().remove(c[1]) != null, c[0] + " does not set " + c[1]);
            Result r = run(pb);
            assertNotEquals(0, r.code(), r.output());
            assertTrue(r.output().contains(c[2]), r.output());
        }
        assertEquals(List.of(), offsiteRuns());
    }

    private Result syncJob(Map<String, String> operatorEnv) {
        return job(SYNC, null, operatorEnv);
    }

    /** The sync's one summary line, parsed (its values are words, run ids and numbers). */
    private static Map<String, String> syncSummary(Result r) {
        List<String> lines = r.output().lines().filter(l -> l.startsWith("DATALAYER_BACKUP_SUMMARY {\"store\"")
                && l.contains("\"job\":\"offsite-sync\"")).toList();
        assertEquals(1, lines.size(), r.output());
        Map<String, String> out = new TreeMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([a-z_]+)\":\"?([^\",}]*)\"?").matcher(lines.get(0));
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    private static Map<String, String> withoutSeconds(Map<String, String> summary) {
        Map<String, String> out = new TreeMap<>(summary);
        assertTrue(out.remove("seconds").matches("\\d+"), summary.toString());
        return out;
    }

    private void writeSecretTo(String endpoint) throws IOException {
        Map<String, String> values = new TreeMap<>(Map.of(
                "bucket", "platform-backups", "endpoint", endpoint, "region", S3Server.REGION,
                "access-key-id", "AKIDTESTOFFSITE", "secret-access-key", "s3-secret-key-for-tests-0123",
                "crypt-password", CRYPT_PASSWORD, "crypt-salt", CRYPT_SALT));
        for (String key : OffsiteProps.KEYS) {
            Path f = secretDir.resolve(key);
            Files.deleteIfExists(f);
            Files.writeString(f, values.get(key), StandardCharsets.UTF_8);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    record Result(int code, String output) {
    }

    private static Manifests synth(BackupSettings backup) {
        return Manifests.of(chart -> {
            Postgres postgres = new Postgres(chart, "postgresql", Environments.prod().store(PostgresStore.class).server());
            VaultSecretStore store = new VaultSecretStore(chart, "vault", Environments.prod().secretStore());
            OffsiteProps props = Environments.prod().offsite();
            PostgresBackup b = new PostgresBackup(chart, "backup", postgres, backup, List.of(), new Offsite(chart, "offsite", store, props));
            new PostgresRestore(chart, "restore", b, Environments.prod().store(PostgresStore.class).restore());
        });
    }

    private void writeSecret(Map<String, String> overrides) throws IOException {
        Map<String, String> values = new TreeMap<>(Map.of(
                "bucket", s3.bucket(), "endpoint", s3.endpoint(), "region", S3Server.REGION,
                "access-key-id", s3.accessKey(), "secret-access-key", s3.secretKey(),
                "crypt-password", CRYPT_PASSWORD, "crypt-salt", CRYPT_SALT));
        values.putAll(overrides);
        for (String key : OffsiteProps.KEYS) {
            Path f = secretDir.resolve(key);
            Files.deleteIfExists(f);
            Files.writeString(f, values.get(key), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
        }
    }

    private Result backupJob(Map<String, String> operatorEnv) {
        return job("postgresql-backup", null, operatorEnv);
    }

    private Result restoreJob(PostgresServer target, Map<String, String> operatorEnv) {
        return run(command("postgresql-restore", null, target, operatorEnv, Map.of()));
    }

    private Result job(String cronJob, List<String> commandOverride, Map<String, String> operatorEnv) {
        return run(command(cronJob, commandOverride, server, operatorEnv, Map.of()));
    }

    private Result run(ProcessBuilder pb) {
        List<Path> before = workFolders();
        PostgresServer.Result r = PostgresServer.run(pb);
        for (String secret : List.of(server.password(), "s3-secret-key-for-tests-0123", CRYPT_PASSWORD, CRYPT_SALT)) {
            assertFalse(r.output().contains(secret), "a secret appeared in the job's output:\n" + r.output());
        }
        List<Path> left = new ArrayList<>(workFolders());
        left.removeAll(before);
        assertEquals(List.of(), left, "offsite.sh left its work folder (rclone's settings) behind");
        return new Result(r.exitCode(), r.output());
    }

    /** offsite.sh's work folders in TMPDIR (the pod's in-memory /tmp). */
    private List<Path> workFolders() {
        try (Stream<Path> list = Files.list(tmp)) {
            return list.filter(p -> p.getFileName().toString().startsWith("offsite-")).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Process start(String cronJob, List<String> commandOverride, Map<String, String> operatorEnv,
                          Map<String, String> testEnv) throws IOException {
        ProcessBuilder pb = command(cronJob, commandOverride, server, operatorEnv, testEnv);
        Path out = Files.createTempFile(tmp, "out-", ".log");
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        Process p = pb.start();
        outputs.put(p, out);
        started.add(p);
        return p;
    }

    private final Map<Process, Path> outputs = new LinkedHashMap<>();

    private String output(Process p) throws IOException {
        return Files.readString(outputs.get(p));
    }

    /**
     * The container's command and env from the synthesized CronJob; paths of the pod mapped to
     * the test's folders, only variables the manifest sets are overridden (plus testEnv, named).
     */
    private ProcessBuilder command(String cronJob, List<String> commandOverride, PostgresServer target,
                                   Map<String, String> operatorEnv, Map<String, String> testEnv) {
        try {
            for (Map.Entry<String, Object> e : manifests.get("ConfigMap", "postgresql-backup-scripts").at("data").map().entrySet()) {
                Files.writeString(scripts.resolve(e.getKey()), e.getValue().toString(), StandardCharsets.UTF_8);
            }
            Path passwordFile = tmp.resolve("password-" + target.port());
            if (!Files.exists(passwordFile)) {
                Files.writeString(passwordFile, target.password(), StandardCharsets.UTF_8);
            }
            String container = "spec.jobTemplate.spec.template.spec.containers[0]";
            List<String> command = new ArrayList<>();
            for (Object part : commandOverride != null ? commandOverride
                    : manifests.get("CronJob", cronJob).at(container + ".command").list()) {
                command.add(part.toString().replace(io.datalayer.backup.BackupScripts.DIR + "/", scripts + "/"));
            }
            Map<String, String> env = JobEnv.of(manifests, cronJob);
            Map<String, String> local = Map.of("PGHOST", "127.0.0.1", "PGPORT", Integer.toString(target.port()),
                    "POSTGRES_PASSWORD_FILE", passwordFile.toString(), "BACKUP_DIR", backups.toString(),
                    "OFFSITE_CONFIG_DIR", secretDir.toString(), "OFFSITE_RCLONE", "/usr/bin/rclone",
                    "OFFSITE_CA_FILE", "/etc/ssl/certs/ca-certificates.crt");
            local.forEach((name, value) -> {
                // The sync pod never talks to the store: it sets none of the store's variables.
                if (cronJob.endsWith("-offsite-sync") && (name.startsWith("PG") || name.startsWith("POSTGRES"))) {
                    return;
                }
                assertTrue(env.containsKey(name), cronJob + " does not set " + name);
                env.put(name, value);
            });
            operatorEnv.forEach((name, value) -> {
                assertTrue(env.containsKey(name), cronJob + " does not set " + name);
                env.put(name, value);
            });
            env.putAll(testEnv);
            ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.environment().put("PATH", server.bin() + ":/usr/local/bin:/usr/bin:/bin");
            pb.environment().put("TMPDIR", tmp.toString());
            return pb;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** rclone by hand with the job's own remotes (what someone holding the key could do). */
    private Result rclone(List<String> args) throws IOException {
        // offsite.sh runs a command when sourced; its two configuration functions are taken from it.
        Path script = Files.writeString(tmp.resolve("rclone-by-hand.sh"), "set -eu\nRUNS_ROLE=test\n. \"$SCRIPTS/runs.sh\"\n"
                + extractFunction("secret_value") + extractFunction("offsite_config")
                + "offsite_config\ntrap 'rm -rf \"$OFF_WORK\"' EXIT\n\"$OFFSITE_RCLONE\" \"$@\"\n");
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", script.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = command("postgresql-backup", cmd, server, Map.of(), Map.of("SCRIPTS", scripts.toString()));
        PostgresServer.Result r = PostgresServer.run(pb);
        return new Result(r.exitCode(), r.output());
    }

    private String extractFunction(String name) throws IOException {
        String text = Files.readString(scripts.resolve(Offsite.SCRIPT));
        int start = text.indexOf("\n" + name + "() {") + 1;
        int end = text.indexOf("\n}\n", start) + 3;
        assertTrue(start > 0 && end > start, name);
        return text.substring(start, end);
    }

    private List<String> offsiteRuns() {
        return offsiteRuns(PATH);
    }

    /** The run folders under a folder of the bucket. */
    private List<String> offsiteRuns(String path) {
        int depth = path.split("/").length;
        return s3.keys().stream().filter(k -> k.startsWith(path + "/") && k.split("/").length == depth + 2)
                .map(k -> k.split("/")[depth]).distinct().sorted().toList();
    }

    private Map<Path, String> objectHashes(String path) throws IOException {
        Map<Path, String> out = new TreeMap<>(objectHashes());
        out.keySet().removeIf(p -> !p.startsWith(s3.bucketRoot().resolve(path)));
        return out;
    }

    private Map<Path, String> objectHashes() throws IOException {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(s3.bucketRoot())) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                out.put(p, Digests.sha256(p));
            }
        }
        return out;
    }

    private static long fileSize(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> localRuns() throws IOException {
        Path dir = backups.resolve("runs");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String onlyLocalRun() throws IOException {
        List<String> runs = localRuns();
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
    }

    private String newestLocalRun() throws IOException {
        List<String> runs = localRuns();
        assertFalse(runs.isEmpty());
        return runs.get(runs.size() - 1);
    }

    private List<String> manifest(String run) throws IOException {
        return Files.readAllLines(backups.resolve("runs").resolve(run).resolve("manifest"));
    }

    private String localOutcome(String run) throws IOException {
        Path m = backups.resolve("runs").resolve(run).resolve("manifest");
        return Files.exists(m) ? manifest(run).stream().filter(l -> l.startsWith("outcome ")).findFirst().orElse("outcome ?")
                .substring(8) : "interrupted";
    }

    private Map<String, String> localHashes(String run) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> list = Files.list(backups.resolve("runs").resolve(run))) {
            for (Path f : list.toList()) {
                out.put(f.getFileName().toString(), Digests.sha256(f));
            }
        }
        return out;
    }

    private Path kept;

    /** The node is gone: the volume's content is moved away (kept for restoreVolume). */
    private void wipeVolumeKeeping() throws IOException {
        kept = tmp.resolve("kept-" + System.nanoTime());
        Files.move(backups, kept);
        Files.createDirectory(backups);
    }

    private void restoreVolume() throws IOException {
        PostgresServer.deleteTree(backups);
        Files.move(kept, backups);
    }

    private void wipeVolume() throws IOException {
        if (Files.exists(backups)) {
            PostgresServer.deleteTree(backups);
        }
        Files.createDirectory(backups);
    }

    private PostgresServer freshServer() {
        PostgresServer s = PostgresServer.start(server.superuser());
        extraServers.add(s);
        return s;
    }

    private static void signal(Process p, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
    }

    private static void seed(PostgresServer s, int rows) {
        seed(s, rows, KNOWN_DB);
    }

    private static void seed(PostgresServer s, int rows, String db) {
        s.sql("postgres", "CREATE DATABASE " + db);
        s.sql(db, "CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL, note text);"
                + " INSERT INTO people VALUES (0, '" + KNOWN_ROW + "', 'known');"
                + " INSERT INTO people SELECT g, 'person ' || g, md5(g::text) || md5((g * 7)::text) FROM generate_series(1, "
                + rows + ") g;");
    }

    /** A change, so the next run differs from the last. */
    private static void seed2() {
        server.sql(KNOWN_DB, "INSERT INTO people SELECT g, 'later ' || g, null FROM generate_series(1000001, 1000100) g");
    }

}
