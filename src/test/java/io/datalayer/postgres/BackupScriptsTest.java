package io.datalayer.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.Environments;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup.sh and restore.sh on a real PostgreSQL server: the scripts are read from the synthesized
 * ConfigMap and run with the environment of the synthesized CronJob containers; only the host, the
 * port and the paths are pointed at the test server and temporary folders.
 */
class BackupScriptsTest {
    private static final String STAMP = "\\d{8}T\\d{6}Z";
    private static PostgresServer server;
    private static Manifests manifests;

    @TempDir
    Path tmp;
    private Path backups;
    private Path scripts;

    @BeforeAll
    static void startServer() {
        manifests = synth(Environments.prod().backup());
        server = PostgresServer.start(containerEnv(manifests, "postgresql-backup").get("PGUSER"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void emptyServerAndFolders() throws IOException {
        for (String db : server.sql("postgres", "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres'")
                .lines().filter(l -> !l.isBlank()).toList()) {
            server.sql("postgres", "DROP DATABASE \"" + db + "\" WITH (FORCE)");
        }
        for (String role : server.sql("postgres", "SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' AND rolname <> current_user")
                .lines().filter(l -> !l.isBlank()).toList()) {
            server.sql("postgres", "DROP ROLE \"" + role + "\"");
        }
        backups = Files.createDirectory(tmp.resolve("backups"));
        scripts = Files.createDirectory(tmp.resolve("scripts"));
    }

    @Test
    void backupDropEverythingRestore() throws IOException {
        server.sql("postgres", "CREATE ROLE shop_owner LOGIN PASSWORD 'owner-pw'");
        server.sql("postgres", "CREATE DATABASE shop OWNER shop_owner");
        server.sql("postgres", "CREATE DATABASE \"my-db\"");
        server.sql("postgres", "CREATE DATABASE analytics");
        server.sql("shop", "SET ROLE shop_owner;"
                + " CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);"
                + " CREATE TABLE orders (id int PRIMARY KEY, customer int REFERENCES customers, total numeric(10,2), at timestamptz);"
                + " INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 500) g;"
                + " INSERT INTO orders SELECT g, 1 + g % 500, (g * 7 % 1000) / 3.0, '2026-01-01'::timestamptz + g * interval '1 minute'"
                + " FROM generate_series(1, 3000) g;");
        server.sql("my-db", "CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb);"
                + " INSERT INTO events SELECT g, jsonb_build_object('n', g, 'tag', md5(g::text)) FROM generate_series(1, 2000) g;");
        server.sql("analytics", "CREATE TABLE daily (day date PRIMARY KEY, hits int);"
                + " INSERT INTO daily SELECT d::date, extract(doy FROM d)::int FROM generate_series('2025-01-01'::date, '2025-12-31', '1 day') d;");
        Map<String, String> before = fingerprint();

        PostgresServer.Result backup = runScript("postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of());
        assertEquals(0, backup.exitCode(), backup.output());
        List<String> files = files();
        String stamp = files.get(0).replaceAll("^.*-(" + STAMP + ")\\.(dump|sql)$", "$1");
        assertEquals(List.of("analytics-" + stamp + ".dump", "globals-" + stamp + ".sql", "my-db-" + stamp + ".dump",
                "postgres-" + stamp + ".dump", "shop-" + stamp + ".dump"), files);
        for (String f : files) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backups.resolve(f))), f);
        }

        server.sql("postgres", "DROP DATABASE shop");
        server.sql("postgres", "DROP DATABASE \"my-db\"");
        server.sql("postgres", "DROP DATABASE analytics");
        server.sql("postgres", "DROP ROLE shop_owner");
        assertEquals("postgres", server.sql("postgres", "SELECT string_agg(datname, ',') FROM pg_database WHERE NOT datistemplate"));

        PostgresServer.Result restore = runScript("postgresql-restore", PostgresBackup.RESTORE_SCRIPT, Map.of());
        assertEquals(0, restore.exitCode(), restore.output());
        assertTrue(restore.output().contains("restoring the newest complete backup, " + stamp), restore.output());
        assertEquals(before, fingerprint());
        assertEquals("shop_owner", server.sql("shop", "SELECT tableowner FROM pg_tables WHERE tablename = 'orders'"));
        // The role came back with its password: it can log in.
        assertEquals("3000", server.sqlAs("shop_owner", "owner-pw", "shop", "SELECT count(*) FROM orders"));
    }

    @Test
    void retentionKeepsTheNewestPerDatabase() throws IOException {
        Manifests three = synth(Environments.prod().backup().toBuilder().retention(3).databases(List.of("alpha", "beta-2")).build());
        server.sql("postgres", "CREATE DATABASE alpha");
        server.sql("postgres", "CREATE DATABASE \"beta-2\"");
        server.sql("alpha", "CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 100) g");
        PostgresServer.Result first = runScript(three, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of());
        assertEquals(0, first.exitCode(), first.output());
        // Age the first run into eight older runs, and add files retention must leave alone: a
        // database whose name starts with another's, and a file the script did not write.
        for (String f : files()) {
            for (int day = 1; day <= 8; day++) {
                Files.copy(backups.resolve(f), backups.resolve(f.replaceAll(STAMP, String.format("202001%02dT000000Z", day))));
            }
            Files.delete(backups.resolve(f));
        }
        Files.copy(backups.resolve("alpha-20200101T000000Z.dump"), backups.resolve("alpha-archive-20200101T000000Z.dump"));
        Files.copy(backups.resolve("alpha-20200101T000000Z.dump"), backups.resolve("alpha-archive-20200102T000000Z.dump"));
        Files.writeString(backups.resolve("notes.txt"), "kept by hand");
        assertEquals(8 * 3 + 3, files().size());

        PostgresServer.Result run = runScript(three, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of());
        assertEquals(0, run.exitCode(), run.output());
        String stamp = files().stream().filter(f -> f.startsWith("globals-") && !f.contains("2020")).findFirst()
                .orElseThrow().replaceAll("^globals-(" + STAMP + ")\\.sql$", "$1");
        assertEquals(new TreeSet<>(List.of(
                "alpha-" + stamp + ".dump", "alpha-20200108T000000Z.dump", "alpha-20200107T000000Z.dump",
                "beta-2-" + stamp + ".dump", "beta-2-20200108T000000Z.dump", "beta-2-20200107T000000Z.dump",
                "globals-" + stamp + ".sql", "globals-20200108T000000Z.sql", "globals-20200107T000000Z.sql",
                "alpha-archive-20200101T000000Z.dump", "alpha-archive-20200102T000000Z.dump", "notes.txt")),
                new TreeSet<>(files()));
        assertTrue(run.output().contains("retention: removed alpha-20200106T000000Z.dump"), run.output());
    }

    @Test
    void aDatabaseThatCannotBeReadFailsTheRunAndKeepsEarlierDumps() throws IOException {
        server.sql("postgres", "CREATE DATABASE shop");
        server.sql("shop", "CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 1000) g");
        PostgresServer.Result good = runScript("postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of());
        assertEquals(0, good.exitCode(), good.output());
        Map<String, String> earlier = hashes();
        String goodStamp = earlier.keySet().iterator().next().replaceAll("^.*-(" + STAMP + ")\\.(dump|sql)$", "$1");

        // Sorted after postgres and shop, so the run fails halfway, after two dumps were written.
        server.sql("postgres", "CREATE DATABASE zz_locked ALLOW_CONNECTIONS false");
        nextSecond();
        PostgresServer.Result failed = runScript("postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of());
        assertNotEquals(0, failed.exitCode(), failed.output());
        assertTrue(failed.output().contains("ERROR: pg_dump of database zz_locked failed; earlier backups are untouched"),
                failed.output());
        Map<String, String> after = hashes();
        earlier.forEach((file, hash) -> assertEquals(hash, after.get(file), file + " changed"));
        assertTrue(after.keySet().stream().noneMatch(f -> f.startsWith(".")), "unfinished files left: " + after.keySet());
        assertTrue(after.keySet().stream().noneMatch(f -> f.startsWith("globals-") && !f.contains(goodStamp)),
                "a failed run must not look complete: " + after.keySet());

        // The newest complete backup is still the earlier one.
        server.sql("postgres", "DROP DATABASE zz_locked");
        server.sql("postgres", "DROP DATABASE shop");
        PostgresServer.Result restore = runScript("postgresql-restore", PostgresBackup.RESTORE_SCRIPT, Map.of());
        assertEquals(0, restore.exitCode(), restore.output());
        assertTrue(restore.output().contains("restoring the newest complete backup, " + goodStamp), restore.output());
        assertEquals("1000", server.sql("shop", "SELECT count(*) FROM t"));
    }

    @Test
    void aStoppedServerFailsTheRunAndKeepsEarlierDumps() throws IOException {
        server.sql("postgres", "CREATE DATABASE shop");
        PostgresServer.Result good = runScript("postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of());
        assertEquals(0, good.exitCode(), good.output());
        Map<String, String> earlier = hashes();

        nextSecond();
        server.stop();
        PostgresServer.Result failed;
        try {
            failed = runScript("postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of());
        } finally {
            server.startAgain();
        }
        assertNotEquals(0, failed.exitCode(), failed.output());
        assertTrue(failed.output().contains("ERROR: cannot list the databases on 127.0.0.1:" + server.port()
                + " as postgres; is the server up and the password right?"), failed.output());
        assertEquals(earlier, hashes());
    }

    @Test
    void restoresANamedFile() throws IOException {
        server.sql("postgres", "CREATE DATABASE shop");
        server.sql("shop", "CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 100) g");
        assertEquals(0, runScript("postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of()).exitCode());
        String older = files().stream().filter(f -> f.startsWith("shop-")).findFirst().orElseThrow();
        server.sql("shop", "INSERT INTO t SELECT g FROM generate_series(101, 250) g");
        nextSecond();
        assertEquals(0, runScript("postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of()).exitCode());
        assertEquals(2, files().stream().filter(f -> f.startsWith("shop-")).count());

        PostgresServer.Result restore = runScript("postgresql-restore", PostgresBackup.RESTORE_SCRIPT,
                Map.of("RESTORE_FILE", older));
        assertEquals(0, restore.exitCode(), restore.output());
        assertTrue(restore.output().contains("restoring database shop from " + older), restore.output());
        assertEquals("100", server.sql("shop", "SELECT count(*) FROM t"));
    }

    @Test
    void aMissingFileIsAClearErrorAndTouchesNothing() {
        server.sql("postgres", "CREATE DATABASE shop");
        server.sql("shop", "CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 10) g");
        PostgresServer.Result restore = runScript("postgresql-restore", PostgresBackup.RESTORE_SCRIPT,
                Map.of("RESTORE_FILE", "shop-20260101T000000Z.dump"));
        assertEquals(1, restore.exitCode(), restore.output());
        assertTrue(restore.output().endsWith("restore: ERROR: RESTORE_FILE " + backups + "/shop-20260101T000000Z.dump"
                + " does not exist; list the backups with: ls -l " + backups + "\n"), restore.output());
        assertEquals("10", server.sql("shop", "SELECT count(*) FROM t"));
    }

    @Test
    void restoreWithoutAnyBackupSaysSo() {
        PostgresServer.Result restore = runScript("postgresql-restore", PostgresBackup.RESTORE_SCRIPT, Map.of());
        assertEquals(1, restore.exitCode(), restore.output());
        assertTrue(restore.output().contains("ERROR: no complete backup in " + backups), restore.output());
    }

    @Test
    void aDumpThatDoesNotReadBackIsRefusedBeforeTheServerIsTouched() throws IOException {
        server.sql("postgres", "CREATE DATABASE shop");
        Files.writeString(backups.resolve("shop-20260101T000000Z.dump"), "PGDMP truncated");
        PostgresServer.Result restore = runScript("postgresql-restore", PostgresBackup.RESTORE_SCRIPT,
                Map.of("RESTORE_FILE", "shop-20260101T000000Z.dump"));
        assertEquals(1, restore.exitCode(), restore.output());
        assertTrue(restore.output().contains("is not a readable pg_dump custom-format archive (pg_restore --list failed);"
                + " nothing was restored"), restore.output());
        assertEquals("1", server.sql("postgres", "SELECT count(*) FROM pg_database WHERE datname = 'shop'"));
    }

    private static Manifests synth(PostgresBackupProps props) {
        return Manifests.of(chart -> {
            Postgres postgres = new Postgres(chart, "postgresql", Environments.prod().postgres());
            PostgresBackup backup = new PostgresBackup(chart, "backup", postgres, props);
            new PostgresRestore(chart, "restore", backup, Environments.prod().restore());
        });
    }

    /** The env of the only container of a CronJob, in manifest order. */
    private static Map<String, String> containerEnv(Manifests m, String cronJob) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object e : m.get("CronJob", cronJob).at("spec.jobTemplate.spec.template.spec.containers[0].env").list()) {
            Map<?, ?> var = (Map<?, ?>) e;
            env.put((String) var.get("name"), (String) var.get("value"));
        }
        return env;
    }

    private PostgresServer.Result runScript(String cronJob, String script, Map<String, String> operatorEnv) {
        return runScript(manifests, cronJob, script, operatorEnv);
    }

    /**
     * Runs the script from the ConfigMap with the CronJob's env; only the host, port and paths are
     * changed (each must be in the manifest), plus what an operator sets on a Job.
     */
    private PostgresServer.Result runScript(Manifests m, String cronJob, String script, Map<String, String> operatorEnv) {
        try {
            Path file = scripts.resolve(script);
            Files.writeString(file, m.get("ConfigMap", "postgresql-backup-scripts").at("data").map().get(script).toString(),
                    StandardCharsets.UTF_8);
            Path passwordFile = tmp.resolve("password");
            if (!Files.exists(passwordFile)) {
                Files.writeString(passwordFile, server.password(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("r--------"));
            }
            Map<String, String> env = containerEnv(m, cronJob);
            Map<String, String> local = Map.of("PGHOST", "127.0.0.1", "PGPORT", Integer.toString(server.port()),
                    "POSTGRES_PASSWORD_FILE", passwordFile.toString(), "BACKUP_DIR", backups.toString());
            local.forEach((name, value) -> {
                assertTrue(env.containsKey(name), cronJob + " does not set " + name);
                env.put(name, value);
            });
            operatorEnv.forEach((name, value) -> {
                assertTrue(env.containsKey(name), cronJob + " does not set " + name);
                env.put(name, value);
            });
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", file.toString()).directory(tmp.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            // The image puts its PostgreSQL binaries first on PATH; so does the test.
            pb.environment().put("PATH", server.bin() + ":/usr/local/bin:/usr/bin:/bin");
            pb.environment().put("TMPDIR", tmp.toString());
            PostgresServer.Result r = PostgresServer.run(pb);
            assertFalse(r.output().contains(server.password()), "the password appeared in the output of " + script);
            assertFalse(r.output().contains("SCRAM-SHA-256$"), "a password hash appeared in the output of " + script);
            assertTrue(Files.list(tmp).noneMatch(p -> p.getFileName().toString().startsWith("pg-")),
                    script + " left its temporary folder (with the passfile) behind");
            return r;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(backups)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Map<String, String> hashes() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String f : files()) {
            try {
                out.put(f, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(backups.resolve(f)))));
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    /** Row count and an ordered checksum of every user table of every non-template database. */
    private static Map<String, String> fingerprint() {
        Map<String, String> out = new TreeMap<>();
        for (String db : server.sql("postgres", "SELECT datname FROM pg_database WHERE NOT datistemplate").lines().toList()) {
            for (String table : server.sql(db, "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename)"
                    + " FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')").lines()
                    .filter(l -> !l.isBlank()).toList()) {
                out.put(db + "/" + table, server.sql(db, "SELECT count(*) || ' ' || md5(coalesce(string_agg(x::text, ','"
                        + " ORDER BY x::text), '')) FROM " + table + " x"));
            }
        }
        assertTrue(out.size() >= 4, "expected the test's tables, got " + out.keySet());
        return out;
    }

    /** Backup files are named by the second; wait for the next one so two runs do not collide. */
    private static void nextSecond() {
        try {
            Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
