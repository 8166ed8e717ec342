package io.datalayer.stores.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.backup.BackupScripts;
import io.datalayer.backup.Offsite;
import io.datalayer.secrets.VaultSecretStore;
import io.datalayer.testing.S3Server;
import io.datalayer.testing.Await;
import io.datalayer.testing.ChdbEngine;
import io.datalayer.testing.Digests;
import io.datalayer.testing.JobEnv;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.PostgresServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup.sh and restore.sh taken from the synthesized ConfigMap and run with the environment of the
 * synthesized CronJob containers (only the paths are mapped), against the real ClickHouse engine
 * (26.7) through chdb behind a STAND-IN clickhouse-client ({@link ChdbEngine}): the SQL is the
 * scripts' own, run by the engine; the network, the users and the server's own config are not
 * exercised (docs/stores/clickhouse.md (Backups) lists what is not). Data is compared by content: every
 * row of every table, read back as text, independent of the scripts' own hash.
 */
class ClickHouseBackupScriptsTest {
    private static final String BACKUP_PASSWORD = "pw-&<x>'\"$(touch y)`id`";
    /** Every statement shape the scripts send (names and strings replaced by ?); each must run in this class. */
    private static final List<String> STATEMENTS = List.of(
            "SELECT version()",
            "SELECT name, engine FROM system.databases WHERE name NOT IN (?, ?, ?) AND NOT startsWith(name, ?) ORDER BY name",
            "SELECT name FROM system.tables WHERE database = ? AND has_own_data ORDER BY name",
            "SELECT ?, count(), sum(cityHash64(formatRow(?, *))) FROM ?.?",
            "SELECT ?, count(), sum(cityHash64(formatRow(?, *))) FROM ?.? UNION ALL ...",
            "BACKUP DATABASE ? TO Disk(?, ?)",
            "DROP DATABASE IF EXISTS ? SYNC",
            "RESTORE DATABASE ? AS ? FROM Disk(?, ?)",
            "SELECT name FROM system.databases",
            "RENAME DATABASE ? TO ?",
            "RESTORE DATABASE ? FROM Disk(?, ?)",
            "DROP DATABASE ? SYNC");
    private static final TreeSet<String> SEEN = new TreeSet<>();
    private static final int[] FINISHED = {0};

    private static Manifests manifests;

    @TempDir
    Path tmp;
    private Path backups;
    private Path scripts;
    private ChdbEngine engine;
    private final List<Process> started = new ArrayList<>();
    /** Where the test wrote the off-site Secret's files, when a test synthesizes off-site copies. */
    private Path offsiteSecretDir;

    @BeforeAll
    static void synthesize() {
        manifests = Manifests.of(c -> ClickHouseBackupFixture.backupAndRestore(c, null));
    }

    /** Checked when the whole class ran (a single test run with -Dtest=Class#method sees only its own). */
    @AfterAll
    static void everyStatementTheScriptsSendRanInATest() {
        long tests = Stream.of(ClickHouseBackupScriptsTest.class.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class)).count();
        if (FINISHED[0] == tests) {
            assertEquals(new TreeSet<>(STATEMENTS), SEEN);
        }
    }

    @BeforeEach
    void folders() throws IOException {
        backups = Files.createDirectory(tmp.resolve("backups"));
        scripts = Files.createDirectory(tmp.resolve("scripts"));
        engine = new ChdbEngine(Files.createDirectory(tmp.resolve("chdb")), ClickHouse.backupDisk(), backups);
        writeScriptsAndLogin(manifests, tmp, scripts);
    }

    /** The scripts ConfigMap's files into {@code scripts}, the login Secret's files into {@code tmp/login}. */
    static void writeScriptsAndLogin(Manifests m, Path tmp, Path scripts) throws IOException {
        for (Map.Entry<String, Object> e : m.get("ConfigMap", "clickhouse-backup-scripts").at("data").map().entrySet()) {
            Files.writeString(scripts.resolve(e.getKey()), e.getValue().toString(), StandardCharsets.UTF_8);
        }
        Path password = Files.createDirectories(tmp.resolve("login")).resolve(ClickHouseProps.BACKUP_PASSWORD_KEY);
        Files.writeString(password, BACKUP_PASSWORD, StandardCharsets.UTF_8);
        Files.writeString(password.resolveSibling(ClickHouseProps.ADMIN_PASSWORD_KEY), BACKUP_PASSWORD + "-admin");
    }

    @AfterEach
    void stopAndRecordStatements() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        engine.close();
        FINISHED[0]++;
        for (String line : engine.statements()) {
            String shape = shape(line);
            assertTrue(STATEMENTS.contains(shape), "a statement the list does not name: " + shape);
            SEEN.add(shape);
        }
    }

    // ---- round trip --------------------------------------------------------------------------------

    @Test
    void severalDatabasesAndColumnTypesRoundTripTableByTable() throws IOException {
        seed();
        Map<String, String> atBackup = content("sales", "events");
        PostgresServer.Result backup = run("clickhouse-backup", Map.of());
        assertEquals(0, backup.exitCode(), backup.output());
        String run = onlyRun();
        List<String> manifest = manifest(run);
        assertTrue(manifest.contains("outcome complete"), manifest.toString());
        assertTrue(manifest.contains("store clickhouse"), manifest.toString());
        assertTrue(manifest.contains("database db-001.tar 1 events"), manifest.toString());
        assertTrue(manifest.contains("database db-002.tar 2 sales"), manifest.toString());
        for (String file : List.of("db-001.tar", "db-002.tar")) {
            Path f = backups.resolve("runs").resolve(run).resolve(file);
            assertTrue(manifest.contains("file " + file + " " + Files.size(f) + " " + Digests.sha256(f)), manifest.toString());
        }
        // The rows the scratch restore read back, as the backup recorded them.
        assertTrue(manifest.stream().anyMatch(l -> l.matches("table db-002\\.tar 3000 \\d+ orders")), manifest.toString());
        assertTrue(manifest.stream().anyMatch(l -> l.matches("table db-002\\.tar 40 \\d+ customers")), manifest.toString());
        assertTrue(backup.output().contains("DATALAYER_BACKUP_SUMMARY {\"store\":\"clickhouse\",\"run\":\"" + run
                + "\",\"outcome\":\"complete\",\"recorded\":true,\"databases\":2,"), backup.output());
        // Proved and gone: no scratch database is left behind.
        assertEquals("events\nsales\n", userDatabases());

        // Later writes, a dropped table and a dropped database: what the restore replaces.
        engine.sql("INSERT INTO sales.orders (id, customer, amount) VALUES (999999, 'late', 1.5)", "DROP TABLE sales.customers",
                "DROP DATABASE events SYNC");
        Map<String, String> later = content("sales");
        PostgresServer.Result restore = run("clickhouse-restore", Map.of());
        assertEquals(0, restore.exitCode(), restore.output());
        assertEquals(atBackup, content("sales", "events"));
        // The replaced database is kept, as it was.
        String aside = replacedName(restore.output(), "sales");
        assertEquals(later.get("orders"), content(aside).get("orders"));
        assertEquals("events\nsales\n" + aside + "\n", userDatabases());
        assertTrue(restore.output().contains("database events: restoring db-001.tar (it did not exist)"), restore.output());
    }

    // ---- off-site ----------------------------------------------------------------------------------

    /**
     * The CronJobs' own commands ({@code offsite.sh after backup.sh}, {@code offsite.sh before
     * restore.sh}) against a real S3 API server (S3Proxy) with Debian's rclone: the run goes to the
     * bucket encrypted under the store's folder with its run id, the volume is lost, and the run comes
     * back from the bucket alone, verified, and is restored.
     */
    @Test
    void aRunGoesOffSiteEncryptedAndComesBackFromTheBucketAloneAfterTheVolumeIsLost() throws IOException {
        Manifests offsite = Manifests.of(c -> ClickHouseBackupFixture.backupAndRestore(c,
                new Offsite(c, "offsite", new VaultSecretStore(c, "vault", Environments.prod().secretStore()),
                        Environments.prod().offsite())));
        String cryptPassword = "crypt-pw-'\"$(touch y)-0123456789";
        try (S3Server s3 = S3Server.start(tmp.resolve("s3"), "platform-backups", "AKIDTESTCLICKHOUSE", "s3-secret-key-for-ch-0123")) {
            offsiteSecretDir = s3.writeOffsiteSecret(tmp.resolve("backup-s3"), cryptPassword, "crypt-salt-`id`-9876543210");
            engine.sql("CREATE DATABASE quixote_4711", "CREATE TABLE quixote_4711.t (k String) ENGINE = MergeTree ORDER BY k",
                    "INSERT INTO quixote_4711.t SELECT concat('plaintext-value-Zebulon-', toString(number)) FROM numbers(50)");
            Map<String, String> atBackup = content("quixote_4711");

            PostgresServer.Result backup = PostgresServer.run(command(offsite, "clickhouse-backup", Map.of()));
            assertEquals(0, backup.exitCode(), backup.output());
            assertFalse(backup.output().contains(cryptPassword) || backup.output().contains(s3.secretKey()), backup.output());
            String run = onlyRun();
            List<String> objects = s3.keys();
            assertTrue(objects.stream().anyMatch(k -> k.startsWith("data-layer/prod/data/clickhouse/" + run + "/")), objects.toString());
            assertTrue(objects.stream().allMatch(k -> k.startsWith("data-layer/prod/data/clickhouse/")), objects.toString());
            assertEquals(List.of(), s3.filesHolding("quixote_4711", "Zebulon", "store clickhouse"), "plain text in the bucket");

            // The node is gone: the backup volume is empty, the live data replaced by later writes.
            try (Stream<Path> all = Files.walk(backups)) {
                all.sorted(java.util.Comparator.reverseOrder()).filter(f -> !f.equals(backups)).forEach(f -> f.toFile().delete());
            }
            engine.sql("TRUNCATE TABLE quixote_4711.t", "INSERT INTO quixote_4711.t VALUES ('written after the loss')");
            PostgresServer.Result restore = PostgresServer.run(command(offsite, "clickhouse-restore",
                    Map.of("RESTORE_FROM", "offsite", "RESTORE_KEEP_REPLACED", "false")));
            assertEquals(0, restore.exitCode(), restore.output());
            assertTrue(restore.output().contains("restored run " + run), restore.output());
            assertEquals(atBackup, content("quixote_4711"));
            // RESTORE_KEEP_REPLACED=false: the database set aside is dropped at the end.
            assertEquals("quixote_4711\n", userDatabases());
        } finally {
            offsiteSecretDir = null;
        }
    }

    // ---- refused before anything is touched ----------------------------------------------------------

    @Test
    void aCorruptOrIncompleteRunIsRefusedBeforeAnythingIsTouched() throws IOException {
        seed();
        assertEquals(0, run("clickhouse-backup", Map.of()).exitCode());
        String run = onlyRun();
        engine.sql("INSERT INTO sales.orders (id, customer, amount) VALUES (999999, 'after', 2)");
        Map<String, String> live = content("sales", "events");
        Path runDir = backups.resolve("runs").resolve(run);
        Path sales = runDir.resolve("db-002.tar");
        byte[] original = Files.readAllBytes(sales);

        // A flipped byte in a data file.
        flip(sales, original.length / 2);
        PostgresServer.Result flipped = run("clickhouse-restore", Map.of());
        assertEquals(1, flipped.exitCode(), flipped.output());
        assertTrue(flipped.output().contains("restore: ERROR: run " + run + " is damaged: db-002.tar does not match its SHA-256 in the"
                + " manifest; nothing was changed"), flipped.output());
        assertEquals(live, content("sales", "events"));
        assertEquals("events\nsales\n", userDatabases());

        // A missing file.
        Files.move(sales, tmp.resolve("aside.tar"));
        PostgresServer.Result missing = run("clickhouse-restore", Map.of());
        assertEquals(1, missing.exitCode(), missing.output());
        assertTrue(missing.output().contains("run " + run + " is damaged: db-002.tar is missing; nothing was changed"), missing.output());

        // A damaged archive whose manifest was rewritten to match: the SHA-256 passes, the proof in a
        // scratch database does not.
        Files.write(sales, original);
        flip(sales, original.length / 2);
        List<String> lines = new ArrayList<>();
        for (String l : manifest(run)) {
            lines.add(l.startsWith("file db-002.tar ") ? "file db-002.tar " + original.length + " " + Digests.sha256(sales) : l);
        }
        Files.write(runDir.resolve("manifest"), lines);
        PostgresServer.Result proof = run("clickhouse-restore", Map.of());
        assertEquals(1, proof.exitCode(), proof.output());
        assertTrue(proof.output().matches("(?s).*restore: ERROR: run " + run + ": database sales \\(db-002\\.tar\\) (does not restore into a"
                + " scratch database|restores, but not as recorded).*; nothing was changed\n.*"), proof.output());
        assertEquals(live, content("sales", "events"));
        assertEquals("events\nsales\n", userDatabases(), "no scratch or replaced database is left");
    }

    // ---- killed ---------------------------------------------------------------------------------------

    @Test
    void aKilledBackupLeavesEarlierRunsUntouchedAndAKilledRestorePutsTheLiveDatabasesBack() throws Exception {
        seed();
        assertEquals(0, run("clickhouse-backup", Map.of()).exitCode());
        String first = onlyRun();
        Map<String, String> firstFiles = hashes(first);
        engine.sql("INSERT INTO sales.orders (id, customer, amount) VALUES (777777, 'second night', 3)");

        Path pause = tmp.resolve("pause");
        Process killed = start("clickhouse-backup", Map.of("DATALAYER_TEST_PAUSE_AT", "backed-up",
                "DATALAYER_TEST_PAUSE_FILE", pause.toString()));
        Await.until(() -> Files.exists(pause), "the backup to pause after its first BACKUP");
        killed.toHandle().pid();
        PostgresServer.run(new ProcessBuilder("kill", "-TERM", Long.toString(killed.pid())));
        assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
        String out = new String(killed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(143, killed.exitValue(), out);
        assertTrue(out.contains("\"outcome\":\"interrupted\""), out);
        List<String> runs = runs();
        assertEquals(2, runs.size(), runs.toString());
        assertEquals(firstFiles, hashes(first));
        assertTrue(manifest(runs.get(1)).contains("outcome failed"), manifest(runs.get(1)).toString());

        // The restore takes the newest COMPLETE run, the first; killed after it set "sales" aside, it
        // puts the live databases back as they were.
        Map<String, String> live = content("sales", "events");
        Files.deleteIfExists(pause);
        Process restore = start("clickhouse-restore", Map.of("DATALAYER_TEST_PAUSE_AT", "set-aside",
                "DATALAYER_TEST_PAUSE_FILE", pause.toString()));
        Await.until(() -> Files.exists(pause), "the restore to pause after setting a database aside");
        assertTrue(Files.readString(pause).contains("database=events aside=events_replaced_"), Files.readString(pause));
        PostgresServer.run(new ProcessBuilder("kill", "-TERM", Long.toString(restore.pid())));
        assertTrue(restore.waitFor(30, TimeUnit.SECONDS));
        String restoreOut = new String(restore.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(143, restore.exitValue(), restoreOut);
        assertTrue(restoreOut.contains("restoring the newest complete run, " + first), restoreOut);
        assertTrue(restoreOut.contains("putting the live databases back as they were"), restoreOut);
        assertEquals(live, content("sales", "events"));
        assertEquals("events\nsales\n", userDatabases());
    }

    /**
     * A table written to between its digest and its BACKUP cannot match the live table read before;
     * the live table changed meanwhile, so the run records the change (the archive holds the table as
     * BACKUP saw it, proved readable) and stays complete; the restore brings back what BACKUP saw.
     */
    @Test
    void aTableWrittenDuringItsBackupIsRecordedAsChangedAndTheRunStillCounts() throws Exception {
        engine.sql("CREATE DATABASE live", "CREATE TABLE live.log (n UInt64, s String) ENGINE = MergeTree ORDER BY n",
                "INSERT INTO live.log SELECT number, toString(number) FROM numbers(100)");
        Path pause = tmp.resolve("pause");
        Process backup = start("clickhouse-backup", Map.of("DATALAYER_TEST_PAUSE_AT", "digested",
                "DATALAYER_TEST_PAUSE_FILE", pause.toString()));
        Await.until(() -> Files.exists(pause), "the backup to pause between the digests and BACKUP");
        engine.sql("INSERT INTO live.log VALUES (100, 'written during the backup')");
        Map<String, String> atBackup = content("live");
        Files.delete(pause);
        assertTrue(backup.waitFor(120, TimeUnit.SECONDS));
        String out = new String(backup.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, backup.exitValue(), out);
        String run = onlyRun();
        assertTrue(manifest(run).contains("changed db-001.tar log"), manifest(run).toString());
        assertTrue(manifest(run).stream().anyMatch(l -> l.matches("table db-001\\.tar 101 \\d+ log")), manifest(run).toString());
        assertTrue(out.contains("table live.log was written to during its backup; the run holds it as BACKUP saw it (101 rows)"), out);
        engine.sql("TRUNCATE TABLE live.log");
        PostgresServer.Result restore = run("clickhouse-restore", Map.of("RESTORE_KEEP_REPLACED", "false"));
        assertEquals(0, restore.exitCode(), restore.output());
        assertEquals(atBackup, content("live"));
    }

    @Test
    void aSettingTheCronJobSetsIsRequiredAndNamedWhenMissing() {
        for (String[] c : List.of(
                new String[] {"clickhouse-backup", "BACKUP_RETENTION", "ERROR: BACKUP_RETENTION is not set; the CronJob sets it from the backup settings"},
                new String[] {"clickhouse-backup", "CLICKHOUSE_BACKUP_DISK",
                        "CLICKHOUSE_BACKUP_DISK is not set; the CronJob sets it to the server disk on the backup volume"},
                new String[] {"clickhouse-restore", "CLICKHOUSE_SCRATCH_PREFIX", "CLICKHOUSE_SCRATCH_PREFIX is not set; the CronJob sets it"
                        + " to the prefix the backup user may create databases with"},
                new String[] {"clickhouse-restore", "RESTORE_KEEP_REPLACED",
                        "ERROR: RESTORE_KEEP_REPLACED is not set; the CronJob sets it from the restore settings"})) {
            ProcessBuilder pb = command(manifests, c[0], Map.of());
            assertTrue(pb.environment().remove(c[1]) != null, c[0] + " does not set " + c[1]);
            PostgresServer.Result r = PostgresServer.run(pb);
            assertNotEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains(c[2]), r.output());
        }
        assertEquals(List.of(), runs());
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** Two databases, three MergeTree-family tables, many column types, NULLs, duplicates. */
    private void seed() {
        seed(engine);
    }

    /** Two databases, five tables of many column types, two equal rows. */
    static void seed(ChdbEngine engine) {
        engine.sql("CREATE DATABASE sales", "CREATE DATABASE events",
                "CREATE TABLE sales.orders (id UInt64, customer String, amount Decimal(12, 2), note Nullable(String),"
                        + " at DateTime64(3, 'UTC'), tags Array(String), attrs Map(String, UInt32), kind Enum8('web' = 1, 'shop' = 2),"
                        + " region LowCardinality(String), ref UUID, pos Tuple(x Float64, y Float64)) ENGINE = MergeTree ORDER BY id",
                "INSERT INTO sales.orders SELECT number, concat('c', toString(number % 40)), number / 7, if(number % 3 = 0, NULL,"
                        + " concat('tab\\there', toString(number))), toDateTime64('2026-01-01 00:00:00', 3, 'UTC') + number,"
                        + " [toString(number), 'x'], map('q', toUInt32(number)), if(number % 2 = 0, 'web', 'shop'), 'eu',"
                        + " generateUUIDv4(number), (number / 3, -1.5) FROM numbers(3000)",
                "CREATE TABLE sales.customers (name String, since Date, vip Bool) ENGINE = ReplacingMergeTree ORDER BY name",
                "INSERT INTO sales.customers SELECT concat('c', toString(number)), toDate('2020-01-01') + number, number % 5 = 0"
                        + " FROM numbers(40)",
                "CREATE TABLE events.clicks (day Date, page String, n UInt32) ENGINE = SummingMergeTree ORDER BY (day, page)"
                        + " PARTITION BY toYYYYMM(day)",
                "INSERT INTO events.clicks SELECT toDate('2026-01-01') + number % 90, concat('/p', toString(number % 7)), 1 FROM numbers(2000)",
                // Two equal rows: a content hash must not let them cancel out.
                "INSERT INTO events.clicks VALUES ('2026-12-01', '/same', 5), ('2026-12-01', '/same', 5)");
    }

    /** Every table of the databases, each as its full sorted text: "table" -> rows (qualified when several databases). */
    private Map<String, String> content(String... databases) {
        return content(engine, databases);
    }

    static Map<String, String> content(ChdbEngine engine, String... databases) {
        List<String> names = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        for (String db : databases) {
            names.add(db);
            queries.add("SELECT name FROM system.tables WHERE database = '" + db + "' ORDER BY name");
        }
        List<String> tables = engine.batch(queries);
        List<String> keys = new ArrayList<>();
        queries.clear();
        for (int i = 0; i < names.size(); i++) {
            for (String t : tables.get(i).lines().toList()) {
                keys.add(names.size() == 1 ? t : names.get(i) + "." + t);
                queries.add("SELECT * FROM `" + names.get(i) + "`.`" + t + "` ORDER BY ALL FORMAT TSV");
            }
        }
        List<String> rows = engine.batch(queries);
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            out.put(keys.get(i), rows.get(i));
        }
        return out;
    }

    private String userDatabases() {
        return engine.sql("SELECT name FROM system.databases WHERE engine = 'Atomic' ORDER BY name");
    }

    private static String replacedName(String output, String db) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("the live one is set aside as (" + db + "_replaced_\\d{8}T\\d{6}Z)")
                .matcher(output);
        assertTrue(m.find(), output);
        return m.group(1);
    }

    private static void flip(Path file, int at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xff);
        }
    }

    private static String shape(String jsonLine) {
        String sql = jsonLine.substring(1, jsonLine.length() - 1).replace("\\n", " ").replace("\\\"", "\"");
        String shape = sql.replaceAll("`[^`]*`", "?").replaceAll("'[^']*'", "?").replaceAll("\\s+", " ").trim();
        // The digests of a database's tables in one statement: however many tables, one shape.
        return shape.replaceAll("( UNION ALL SELECT \\?, count\\(\\), sum\\(cityHash64\\(formatRow\\(\\?, \\*\\)\\)\\) FROM \\?\\.\\?)+",
                " UNION ALL ...");
    }

    private List<String> runs() {
        Path dir = backups.resolve("runs");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String onlyRun() {
        List<String> runs = runs();
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
    }

    private List<String> manifest(String run) throws IOException {
        return Files.readAllLines(backups.resolve("runs").resolve(run).resolve("manifest"));
    }

    private Map<String, String> hashes(String run) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(backups.resolve("runs").resolve(run))) {
            for (Path p : s.toList()) {
                out.put(p.getFileName().toString(), Digests.sha256(p));
            }
        }
        return out;
    }

    private PostgresServer.Result run(String cronJob, Map<String, String> operatorEnv) {
        return PostgresServer.run(command(manifests, cronJob, operatorEnv));
    }

    private Process start(String cronJob, Map<String, String> testEnv) throws IOException {
        ProcessBuilder pb = command(manifests, cronJob, Map.of());
        pb.environment().putAll(testEnv);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** The CronJob's own command and env, with its scripts folder, volume, password file and /tmp mapped. */
    private ProcessBuilder command(Manifests m, String cronJob, Map<String, String> operatorEnv) {
        return command(m, cronJob, operatorEnv, tmp, backups, scripts, engine, offsiteSecretDir);
    }

    /**
     * The CronJob's own command and env, on the machine: its scripts folder, the volume ({@code backups}),
     * the login files ({@link #writeScriptsAndLogin}), the off-site Secret's files (or {@code null}) and /tmp
     * ({@code tmp}) mapped, the engine's stand-in client first on the image's PATH.
     */
    static ProcessBuilder command(Manifests m, String cronJob, Map<String, String> operatorEnv, Path tmp, Path backups,
                                  Path scripts, ChdbEngine engine, Path offsiteSecretDir) {
        Map<String, String> env = JobEnv.of(m, cronJob);
        Map<String, String> local = new LinkedHashMap<>();
        local.put("BACKUP_DIR", backups.toString());
        local.put("CLICKHOUSE_PASSWORD_FILE", env.get("CLICKHOUSE_PASSWORD_FILE").replace(ClickHouseBackup.PASSWORD_DIR, tmp.resolve("login").toString()));
        local.putAll(operatorEnv);
        local.forEach((name, value) -> {
            assertTrue(env.containsKey(name), cronJob + " does not set " + name);
            env.put(name, value);
        });
        List<String> commandLine = new ArrayList<>();
        if (env.containsKey("OFFSITE_CONFIG_DIR")) {
            // Debian's rclone and CA bundle instead of the ones the init container copies.
            env.put("OFFSITE_CONFIG_DIR", offsiteSecretDir.toString());
            env.put("OFFSITE_RCLONE", "/usr/bin/rclone");
            env.put("OFFSITE_CA_FILE", "/etc/ssl/certs/ca-certificates.crt");
        }
        for (Object part : m.get("CronJob", cronJob).at("spec.jobTemplate.spec.template.spec.containers[0].command").list()) {
            commandLine.add(part.toString().replace(BackupScripts.DIR + "/", scripts + "/"));
        }
        ProcessBuilder pb = new ProcessBuilder(commandLine).directory(tmp.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().putAll(engine.env());
        // The image's PATH, the stand-in client first.
        pb.environment().put("PATH", engine.bin() + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        // The pod's /tmp (an in-memory emptyDir); never the backup volume.
        pb.environment().put("TMPDIR", tmp.toString());
        return pb;
    }
}
