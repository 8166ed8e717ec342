package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datalayer.app.Environments;
import io.datalayer.backup.BackupSettings;
import io.datalayer.backup.RestoreSettings;
import io.datalayer.testing.Await;
import io.datalayer.testing.Digests;
import io.datalayer.testing.JobEnv;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HexFormat;
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
 * backup.sh and restore.sh on a real PostgreSQL server, one test per failure the review reported
 * (issue 8): the scripts are read from the synthesized ConfigMap and run with the environment of
 * the synthesized CronJob containers; only the host, the port, the paths and what an operator sets
 * on a Job are changed, and the downward-API variables are given the values Kubernetes would.
 * Every check is on content: row checksums, role logins, database properties, file hashes.
 */
class PostgresBackupScriptsTest {
    private static final String RUN_ID = "\\d{6}-\\d{8}T\\d{6}Z";
    /** 63 bytes, the longest name PostgreSQL keeps: 30 two-byte letters and 3 ASCII ones. */
    private static final String LONGEST = "é".repeat(30) + "end";
    /**
     * Names that word-split ("my db" beside "my" and "db"), quote and look like connection options,
     * and the longest non-ASCII one.
     */
    private static final List<String> AWKWARD = List.of("my db", "my", "db", "it's \"odd\" a=b", LONGEST);

    private static PostgresServer server;
    private static Manifests manifests;

    @TempDir
    Path tmp;
    private Path backups;
    private Path scripts;
    private final List<Process> started = new ArrayList<>();
    private final List<PostgresServer> extraServers = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        manifests = synth(Environments.prod().store(PostgresStore.class).backup(), Environments.prod().store(PostgresStore.class).restore());
        server = PostgresServer.start(JobEnv.of(manifests, "postgresql-backup").get("PGUSER"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void emptyServerAndFolders() throws IOException {
        resetServer(server);
        backups = Files.createDirectory(tmp.resolve("backups"));
        scripts = Files.createDirectory(tmp.resolve("scripts"));
    }

    @AfterEach
    void stopLeftovers() throws IOException, InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (PostgresServer s : extraServers) {
            s.close();
        }
        if (Files.exists(backups) && Files.readString(Path.of("/proc/self/mounts")).contains(" " + backups + " tmpfs ")) {
            PostgresServer.run(new ProcessBuilder("umount", backups.toString()));
        }
    }

    private static void resetServer(PostgresServer s) {
        for (String db : s.sql("postgres", "SELECT quote_ident(datname) FROM pg_database WHERE datname NOT IN"
                + " ('postgres', 'template0', 'template1')").lines().filter(l -> !l.isBlank()).toList()) {
            s.sql("postgres", "ALTER DATABASE " + db + " IS_TEMPLATE false");
            s.sql("postgres", "DROP DATABASE " + db + " WITH (FORCE)");
        }
        s.sql("template1", "DROP TABLE IF EXISTS template_marker");
        for (String ts : s.sql("postgres", "SELECT quote_ident(spcname) FROM pg_tablespace WHERE spcname NOT LIKE 'pg\\_%'")
                .lines().filter(l -> !l.isBlank()).toList()) {
            s.sql("postgres", "DROP TABLESPACE " + ts);
        }
        // By the server (a name may hold a line break, which psql's output lines cannot carry).
        s.sql("postgres", "DO $$DECLARE r record; BEGIN FOR r IN SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_'"
                + " AND rolname <> current_user LOOP EXECUTE format('DROP OWNED BY %I', r.rolname);"
                + " EXECUTE format('DROP ROLE %I', r.rolname); END LOOP; END$$");
    }

    // ---- 3. every database, by its exact name, templates included -------------------------------

    @Test
    void awkwardNamesTemplatesAndRolesRoundTripOntoAFreshServer() throws IOException {
        server.sql("postgres", "CREATE ROLE shop_owner LOGIN PASSWORD 'owner-pw'");
        server.sql("postgres", "CREATE ROLE \"Reporting Team\" NOLOGIN");
        server.sql("postgres", "GRANT \"Reporting Team\" TO shop_owner");
        for (String name : AWKWARD) {
            server.sql("postgres", "CREATE DATABASE " + ident(name) + " OWNER shop_owner");
            server.sql(name, "SET ROLE shop_owner; CREATE TABLE t (id int PRIMARY KEY, label text);"
                    + " INSERT INTO t SELECT g, md5(" + literal(name) + " || g) FROM generate_series(1, 300) g");
        }
        assertEquals(63, LONGEST.getBytes(StandardCharsets.UTF_8).length);
        server.sql("postgres", "ALTER DATABASE \"my db\" CONNECTION LIMIT 7");
        server.sql("postgres", "ALTER DATABASE \"my db\" SET work_mem TO '8MB'");
        server.sql("postgres", "COMMENT ON DATABASE " + ident(LONGEST) + " IS 'comment survives'");
        server.sql("template1", "CREATE TABLE template_marker AS SELECT 'in template1'::text AS note");
        server.sql("postgres", "CREATE DATABASE tmpl_custom");
        server.sql("tmpl_custom", "CREATE TABLE base AS SELECT g FROM generate_series(1, 42) g");
        server.sql("postgres", "ALTER DATABASE tmpl_custom IS_TEMPLATE true");
        Map<String, String> before = server.fingerprint();
        String properties = databaseProperties(server);

        PostgresServer.Result backup = backup(Map.of());
        assertEquals(0, backup.exitCode(), backup.output());
        String run = onlyRun();
        List<String> manifest = manifest(run);
        assertTrue(manifest.contains("outcome complete"), manifest.toString());
        // Every database but template0, by the hex of its exact bytes, in a file not named after it.
        List<String> expected = new ArrayList<>(AWKWARD);
        expected.addAll(List.of("postgres", "template1", "tmpl_custom"));
        assertEquals(expected.stream().map(PostgresBackupScriptsTest::hex).sorted().toList(),
                manifest.stream().filter(l -> l.startsWith("database ")).map(l -> l.split(" ")[1]).sorted().toList());
        for (String line : manifest.stream().filter(l -> l.startsWith("database ")).toList()) {
            assertTrue(line.split(" ")[2].matches("db-\\d{4}\\.dump"), line);
        }
        try (Stream<Path> files = Files.list(backups.resolve("runs").resolve(run))) {
            for (Path f : files.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
        }

        // Disaster recovery: a new, empty server; restore the newest run.
        PostgresServer fresh = freshServer();
        PostgresServer.Result restore = restore(fresh, Map.of());
        assertEquals(0, restore.exitCode(), restore.output());
        assertTrue(restore.output().contains("restoring the newest complete run, " + run), restore.output());
        assertEquals(before, fresh.fingerprint());
        assertEquals(properties, databaseProperties(fresh));
        assertEquals("300", fresh.sqlAs("shop_owner", "owner-pw", "my db", "SELECT count(*) FROM t"));
        assertEquals("t", fresh.sql("postgres", "SELECT pg_has_role('shop_owner', 'Reporting Team', 'MEMBER')"));
        assertEquals("in template1", fresh.sql("template1", "SELECT note FROM template_marker"));
        // A database created from the restored template1 carries its objects, as before.
        fresh.sql("postgres", "CREATE DATABASE from_template");
        assertEquals("in template1", fresh.sql("from_template", "SELECT note FROM template_marker"));
        assertEquals("0", fresh.sql("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'datalayer-restore-%'"));
        // The fresh server's own postgres and template1 were replaced, and kept (the default).
        assertEquals("2", fresh.sql("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'replaced-%'"));
    }

    // ---- names with a line break; names in another encoding; globals whole -------------------------

    /** Database names as hex, sorted: line breaks and all (psql's line-by-line output cannot carry them). */
    private static List<String> databasesByHex(PostgresServer s) {
        return s.sql("postgres", "SELECT encode(convert_to(datname::text, 'UTF8'), 'hex') FROM pg_database"
                + " WHERE datname NOT LIKE 'replaced-%' ORDER BY 1").lines().toList();
    }

    /**
     * Issue 21, 8: pg_restore --create cannot recreate a database whose name holds a line break (it
     * refuses to write the \connect for it, after the CREATE DATABASE, before the properties), so
     * such a database is refused at backup time: not dumped, named in hex, the run failed for it alone,
     * the others dumped, and the message says how many.
     */
    @Test
    void aDatabaseNamedWithALineBreakIsRefusedAtBackupTimeAndTheOthersAreDumped() throws IOException {
        String lf = "line\nbreak";
        String cr = "carriage\rreturn";
        try {
            for (String name : List.of(lf, cr, "plain")) {
                server.sql("postgres", "CREATE DATABASE " + ident(name));
                server.sql(name, "CREATE TABLE t AS SELECT g, md5(" + literal(name) + " || g) AS v FROM generate_series(1, 50) g");
            }
            String plain = server.tableFingerprint("plain", "t");

            PostgresServer.Result backup = backup(Map.of());
            assertEquals(1, backup.exitCode(), backup.output());
            String run = onlyRun();
            List<String> manifest = manifest(run);
            assertTrue(manifest.contains("outcome failed"), manifest.toString());
            for (String name : List.of(lf, cr)) {
                String shown = name.replace('\n', '?').replace('\r', '?');
                assertTrue(manifest.contains("failed database \"" + shown + "\" (hex " + hex(name) + "): not dumped: its name holds a line break,"
                        + " and pg_restore cannot recreate a database of such a name (it refuses to write the \\connect for it), so no dump"
                        + " of it would restore; rename it (ALTER DATABASE ... RENAME TO ...), then the next run dumps it"), manifest.toString());
                assertFalse(manifest.stream().anyMatch(l -> l.startsWith("database " + hex(name) + " ")), manifest.toString());
            }
            // postgres, template1 and plain: dumped, and the log says so.
            assertEquals(3, manifest.stream().filter(l -> l.startsWith("database ")).count(), manifest.toString());
            assertTrue(backup.output().contains("run " + run + " FAILED: 2 problem(s), listed above and in " + backups.resolve("runs").resolve(run)
                    + "/manifest; 3 of 5 database(s) were dumped and read back (" + backups.resolve("runs").resolve(run) + "), earlier runs are untouched"),
                    backup.output());
            // The dumps it holds are whole: "plain" restores from it by hand (pg_restore), as its content says.
            Path dump = fileOf(run, "plain");
            PostgresServer fresh = freshServer();
            fresh.sql("postgres", "CREATE DATABASE plain");
            ProcessBuilder pgRestore = new ProcessBuilder(server.bin().resolve("pg_restore").toString(), "--no-password",
                    "-h", "127.0.0.1", "-p", Integer.toString(fresh.port()), "-U", fresh.superuser(), "-d", "plain", dump.toString());
            pgRestore.environment().put("PGPASSWORD", fresh.password());
            PostgresServer.Result byHand = PostgresServer.run(pgRestore);
            assertEquals(0, byHand.exitCode(), byHand.output());
            assertEquals(plain, fresh.tableFingerprint("plain", "t"));

            // Renamed: the next run is complete and restores whole.
            server.sql("postgres", "ALTER DATABASE " + ident(lf) + " RENAME TO line_break");
            server.sql("postgres", "ALTER DATABASE " + ident(cr) + " RENAME TO carriage_return");
            PostgresServer.Result again = backup(Map.of());
            assertEquals(0, again.exitCode(), again.output());
            assertTrue(manifest(newestRun()).contains("outcome complete"));
            Map<String, String> before = server.fingerprint();
            PostgresServer other = freshServer();
            PostgresServer.Result whole = restore(other, Map.of());
            assertEquals(0, whole.exitCode(), whole.output());
            assertEquals(before, other.fingerprint());
        } finally {
            for (String name : List.of(lf, cr)) {
                server.sql("postgres", "DROP DATABASE IF EXISTS " + ident(name));
            }
        }
    }

    /**
     * Issue 21, 8: roles and tablespaces are restored statement by statement, so a role whose name
     * holds a line break comes back like any other, with its comment and its memberships.
     */
    @Test
    void aRoleNamedWithALineBreakIsBackedUpAndRestoredWhole() throws IOException {
        String role = "evil\nrole; DROP ROLE x; --";
        server.sql("postgres", "CREATE ROLE " + ident(role) + " NOLOGIN CONNECTION LIMIT 3");
        server.sql("postgres", "COMMENT ON ROLE " + ident(role) + " IS " + literal("two\nlines; and a 'quote'"));
        server.sql("postgres", "CREATE ROLE after_evil NOLOGIN");
        server.sql("postgres", "GRANT after_evil TO " + ident(role));
        server.sql("postgres", "CREATE DATABASE shop OWNER " + ident(role));
        server.sql("shop", "CREATE TABLE t AS SELECT generate_series(1, 10) AS g");
        String roles = roles(server);
        Map<String, String> before = server.fingerprint();

        PostgresServer.Result backup = backup(Map.of());
        assertEquals(0, backup.exitCode(), backup.output());
        assertFalse(backup.output().contains("WARNING"), backup.output());
        assertTrue(manifest(onlyRun()).contains("outcome complete"));

        PostgresServer fresh = freshServer();
        PostgresServer.Result restore = restore(fresh, Map.of());
        assertEquals(0, restore.exitCode(), restore.output());
        assertEquals(roles, roles(fresh));
        assertEquals(before, fresh.fingerprint());
        assertEquals("t", fresh.sql("postgres", "SELECT pg_get_userbyid(datdba) = " + literal(role) + " FROM pg_database WHERE datname = 'shop'"));
    }

    /**
     * Issue 21, 8: every statement of pg_dumpall --globals-only about a role the new server lacks comes
     * back (attributes, password, settings, comment, memberships, privileges on parameters); a role the
     * server already has is left exactly as it is.
     */
    @Test
    void globalsComeBackWholeOnANewServerAndExistingRolesAreUntouched() throws IOException {
        server.sql("postgres", "CREATE ROLE app LOGIN PASSWORD 'app-pw' CONNECTION LIMIT 20 VALID UNTIL '2030-01-01'");
        server.sql("postgres", "COMMENT ON ROLE app IS " + literal("the app's login;\nsecond line with \"double\" and 'single' quotes"));
        server.sql("postgres", "ALTER ROLE app SET search_path TO 'shop', 'public'");
        server.sql("postgres", "ALTER ROLE app SET statement_timeout TO '30s'");
        server.sql("postgres", "CREATE ROLE \"Readers\" NOLOGIN");
        server.sql("postgres", "COMMENT ON ROLE \"Readers\" IS 'read-only group'");
        server.sql("postgres", "GRANT \"Readers\" TO app WITH ADMIN OPTION");
        server.sql("postgres", "GRANT SET ON PARAMETER work_mem TO app");
        server.sql("postgres", "CREATE ROLE keeper NOLOGIN");
        server.sql("postgres", "COMMENT ON ROLE keeper IS 'as in the backup'");
        server.sql("postgres", "ALTER ROLE keeper SET work_mem TO '1MB'");
        server.sql("postgres", "CREATE DATABASE shop OWNER app");
        server.sql("shop", "SET ROLE app; CREATE TABLE t AS SELECT generate_series(1, 10) AS g");
        String roles = roles(server);
        Map<String, String> before = server.fingerprint();
        assertEquals(0, backup(Map.of()).exitCode());

        // A new server that already has "keeper", as somebody set it up there.
        PostgresServer fresh = freshServer();
        fresh.sql("postgres", "CREATE ROLE keeper LOGIN PASSWORD 'kept-pw' CONNECTION LIMIT 5");
        fresh.sql("postgres", "COMMENT ON ROLE keeper IS 'the new server''s own'");
        String keeperBefore = role(fresh, "keeper");
        PostgresServer.Result restore = restore(fresh, Map.of());
        assertEquals(0, restore.exitCode(), restore.output());
        assertTrue(restore.output().contains("created the missing roles: "), restore.output());
        assertEquals(before, fresh.fingerprint());
        // Every role of the backup but keeper exactly as it was; keeper exactly as the new server had it.
        assertEquals(roles.lines().filter(l -> !l.startsWith("keeper|")).toList(),
                roles(fresh).lines().filter(l -> !l.startsWith("keeper|")).toList());
        assertEquals(keeperBefore, role(fresh, "keeper"));
        assertEquals("10", fresh.sqlAs("app", "app-pw", "shop", "SELECT count(*) FROM t"));
        // No restore marker is left on any role.
        assertEquals("0", fresh.sql("postgres", "SELECT count(*) FROM pg_shdescription WHERE description LIKE 'datalayer-restore%'"));

        // Restored again onto the same server: nothing about any role changes.
        String rolesAfter = roles(fresh);
        PostgresServer.Result again = restore(fresh, Map.of("RESTORE_KEEP_REPLACED", "false"));
        assertEquals(0, again.exitCode(), again.output());
        assertEquals(rolesAfter, roles(fresh));
    }

    /** Issue 21, 6: a database name stored in another encoding's bytes is listed, dumped and restored by its bytes. */
    @Test
    void aDatabaseNamedInAnotherEncodingIsDumpedAndRestoredByItsBytes() throws IOException {
        String latin1Cafe = "636166e9"; // "café" as LATIN1 stores it: not valid UTF-8
        server.sql("postgres", "CREATE DATABASE latin TEMPLATE template0 ENCODING 'LATIN1' LOCALE 'C'");
        try {
            // From the LATIN1 database with a UTF-8 client, as the operator did: the name is stored as LATIN1 bytes.
            server.sqlBytes(hex("latin"), "UTF8", "CREATE DATABASE \"café\"".getBytes(StandardCharsets.UTF_8));
            assertEquals("1", server.sqlBytes(hex("postgres"), "SQL_ASCII",
                    ("SELECT count(*) FROM pg_database WHERE textsend(datname::text) = '\\x" + latin1Cafe + "'").getBytes(StandardCharsets.UTF_8)));
            server.sqlBytes(latin1Cafe, "SQL_ASCII", "CREATE TABLE t AS SELECT g, md5(g::text) AS v FROM generate_series(1, 123) g"
                    .getBytes(StandardCharsets.UTF_8));
            seedShop(server, 200);
            Map<String, String> before = server.fingerprintByHex();
            assertTrue(before.containsKey(latin1Cafe + "/public.t"), before.toString());

            PostgresServer.Result backup = backup(Map.of());
            assertEquals(0, backup.exitCode(), backup.output());
            String run = onlyRun();
            List<String> manifest = manifest(run);
            assertTrue(manifest.contains("outcome complete"), manifest.toString());
            assertTrue(manifest.stream().anyMatch(l -> l.startsWith("database " + latin1Cafe + " db-")), manifest.toString());
            assertTrue(manifest.stream().anyMatch(l -> l.startsWith("database " + hex("shop") + " db-")), manifest.toString());
            assertTrue(backup.output().contains("run " + run + " complete: 5 database(s)"), backup.output());

            // One database of the run while that name exists on the server: found by its bytes, not converted.
            server.sql("shop", "DELETE FROM orders");
            PostgresServer.Result one = restore(server, Map.of("RESTORE_DATABASE", "shop", "RESTORE_KEEP_REPLACED", "false"));
            assertEquals(0, one.exitCode(), one.output());
            assertEquals(before, server.fingerprintByHex());

            // A new server: every database comes back under its exact bytes, with its content.
            PostgresServer fresh = freshServer();
            PostgresServer.Result all = restore(fresh, Map.of());
            assertEquals(0, all.exitCode(), all.output());
            assertEquals(before, fresh.fingerprintByHex());
            assertEquals("LATIN1", fresh.sql("postgres", "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'latin'"));
            // And it can be dropped there by its name, from the LATIN1 database, as it was made.
            fresh.sqlBytes(hex("latin"), "UTF8", "DROP DATABASE \"café\"".getBytes(StandardCharsets.UTF_8));
        } finally {
            server.sqlBytes(hex("latin"), "UTF8", "DROP DATABASE IF EXISTS \"café\"".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Every role but the bootstrap superuser, one line each: attributes, password hash, settings, comment, memberships, parameter grants. */
    private static String roles(PostgresServer s) {
        return s.sql("postgres", "SELECT string_agg(x, E'\\n' ORDER BY x) FROM (SELECT format('%s|%s', a.rolname, " + ROLE_COLUMNS + ") AS x"
                + " FROM pg_authid a WHERE a.rolname !~ '^pg_' AND a.rolname <> current_user) r");
    }

    private static String role(PostgresServer s, String name) {
        return s.sql("postgres", "SELECT format('%s|%s', a.rolname, " + ROLE_COLUMNS + ") FROM pg_authid a WHERE a.rolname = " + literal(name));
    }

    private static final String ROLE_COLUMNS = "concat_ws(' ', a.rolsuper, a.rolinherit, a.rolcreaterole, a.rolcreatedb, a.rolcanlogin,"
            + " a.rolreplication, a.rolbypassrls, a.rolconnlimit, a.rolvaliduntil, md5(coalesce(a.rolpassword, '')),"
            + " (SELECT setconfig::text FROM pg_db_role_setting WHERE setrole = a.oid AND setdatabase = 0),"
            + " quote_literal(shobj_description(a.oid, 'pg_authid')),"
            + " (SELECT string_agg(pg_get_userbyid(m.roleid) || ' admin=' || m.admin_option, ',' ORDER BY 1) FROM pg_auth_members m WHERE m.member = a.oid),"
            + " (SELECT string_agg(p.parname || '=' || p.paracl::text, ',' ORDER BY 1) FROM pg_parameter_acl p WHERE p.paracl::text LIKE '%' || a.rolname || '=%'))";

    @Test
    void restoreSwapsInPlaceKeepsTheReplacedDatabaseAndCanBeRunAgain() throws IOException {
        seedShop(server, 500);
        Map<String, String> atBackup = server.fingerprint();
        assertEquals(0, backup(Map.of()).exitCode());
        String run = onlyRun();
        server.sql("shop", "INSERT INTO orders SELECT g, 1, 1, now() FROM generate_series(100001, 100050) g");
        Map<String, String> later = server.fingerprint();

        PostgresServer.Result first = restore(server, Map.of("RESTORE_RUN", run));
        assertEquals(0, first.exitCode(), first.output());
        assertEquals(atBackup, server.fingerprint());
        String replaced = server.sql("postgres", "SELECT datname FROM pg_database WHERE datname LIKE 'replaced-%'").lines()
                .filter(n -> server.sql(n, "SELECT count(*) FROM pg_tables WHERE tablename = 'orders'").equals("1"))
                .findFirst().orElseThrow(() -> new AssertionError("the replaced shop was not kept: " + first.output()));
        // The replaced database is the live one as it was, byte for byte in content.
        assertEquals(later.get("shop/public.orders"), server.tableFingerprint(replaced, "public.orders"));
        assertTrue(first.output().contains("kept the replaced \"shop\" as " + replaced), first.output());

        // Again, dropping the replaced databases this time: a restore can always be re-run.
        PostgresServer.Result second = restore(server, Map.of("RESTORE_RUN", run, "RESTORE_KEEP_REPLACED", "false"));
        assertEquals(0, second.exitCode(), second.output());
        assertEquals(atBackup, server.fingerprint());
        assertTrue(second.output().contains("dropped the replaced \"shop\""), second.output());

        // One database of the run, by its name.
        server.sql("shop", "DELETE FROM orders");
        server.sql("postgres", "CREATE DATABASE untouched");
        PostgresServer.Result one = restore(server, Map.of("RESTORE_RUN", run, "RESTORE_DATABASE", "shop",
                "RESTORE_KEEP_REPLACED", "false"));
        assertEquals(0, one.exitCode(), one.output());
        assertTrue(one.output().contains("restore of run " + run + " complete: 1 database(s)"), one.output());
        assertEquals(atBackup.get("shop/public.orders"), server.tableFingerprint("shop", "public.orders"));
        assertEquals("1", server.sql("postgres", "SELECT count(*) FROM pg_database WHERE datname = 'untouched'"));

        PostgresServer.Result unknown = restore(server, Map.of("RESTORE_RUN", run, "RESTORE_DATABASE", "nope"));
        assertEquals(1, unknown.exitCode(), unknown.output());
        assertTrue(unknown.output().contains("run " + run + " holds no database named \"nope\"; it holds: "), unknown.output());
    }

    // ---- 1. a corrupt dump never touches the live database ----------------------------------------

    @Test
    void corruptDumpsAreRefusedAndTheLiveDatabaseIsUntouched() throws IOException {
        seedShop(server, 3000);
        assertEquals(0, backup(Map.of()).exitCode());
        String run = onlyRun();
        Path dump = fileOf(run, "shop");
        byte[] good = Files.readAllBytes(dump);
        server.sql("shop", "INSERT INTO orders SELECT g, 1, 1, now() FROM generate_series(100001, 100010) g");
        Map<String, String> live = server.fingerprint();
        String liveOid = server.sql("postgres", "SELECT oid FROM pg_database WHERE datname = 'shop'");

        for (int percent : new int[] {50, 90}) {
            Files.write(dump, java.util.Arrays.copyOf(good, good.length * percent / 100));
            PostgresServer.Result r = restore(server, Map.of());
            assertEquals(1, r.exitCode(), r.output());
            assertTrue(r.output().contains("refusing to restore: run " + run + " is damaged: "
                    + dump.getFileName() + " is " + good.length * percent / 100 + " bytes, the manifest says " + good.length), r.output());
        }
        byte[] flipped = good.clone();
        for (int i = 0; i < 64; i++) {
            flipped[good.length / 2 + i] ^= (byte) 0x5a;
        }
        Files.write(dump, flipped);
        PostgresServer.Result r = restore(server, Map.of());
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains(dump.getFileName() + " does not match its SHA-256 in the manifest"), r.output());

        // Corrupt before the checksum was taken (the manifest agrees with the bad bytes): the full
        // read-through still refuses it; a table-of-contents check would not.
        Files.write(dump, java.util.Arrays.copyOf(good, good.length * 90 / 100));
        assertEquals(0, PostgresServer.run(new ProcessBuilder(server.bin().resolve("pg_restore").toString(), "--list",
                dump.toString())).exitCode(), "pg_restore --list accepts the truncated dump, so only a full read catches it");
        rewriteManifestEntry(run, dump);
        PostgresServer.Result truncated = restore(server, Map.of());
        assertEquals(1, truncated.exitCode(), truncated.output());
        assertTrue(truncated.output().contains(dump.getFileName() + " of run " + run + " does not read back completely;"
                + " nothing was touched"), truncated.output());

        // A manifest whose names are not what backup.sh writes never reaches SQL.
        Path manifestFile = backups.resolve("runs").resolve(run).resolve("manifest");
        Files.write(manifestFile, Files.readAllLines(manifestFile).stream()
                .map(l -> l.startsWith("database " + hex("shop") + " ") ? l.replace(hex("shop"), "73'; DROP DATABASE shop; --") : l)
                .toList());
        PostgresServer.Result tampered = restore(server, Map.of());
        assertEquals(1, tampered.exitCode(), tampered.output());
        assertTrue(tampered.output().contains("the manifest of run " + run + " has database lines this script did not write"),
                tampered.output());

        assertEquals(live, server.fingerprint());
        assertEquals(liveOid, server.sql("postgres", "SELECT oid FROM pg_database WHERE datname = 'shop'"));
        assertEquals("0", server.sql("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'datalayer-restore-%'"));
    }

    @Test
    void aFailedLoadLeavesDatabasesAndRolesAsTheyWere() throws IOException {
        server.sql("postgres", "CREATE ROLE app LOGIN PASSWORD 'old-pw'");
        server.sql("postgres", "CREATE ROLE ghost");
        server.sql("postgres", "CREATE ROLE newcomer LOGIN PASSWORD 'newcomer-pw'");
        seedShop(server, 200);
        server.sql("postgres", "CREATE DATABASE zz_haunted");
        server.sql("zz_haunted", "CREATE TABLE spooky (id int); ALTER TABLE spooky OWNER TO ghost");
        assertEquals(0, backup(Map.of()).exitCode());
        String run = onlyRun();
        // The run loses the role a table of its last database belongs to: that load fails, after
        // the other databases were loaded.
        Path globals = backups.resolve("runs").resolve(run).resolve("globals.sql");
        Files.writeString(globals, Files.readString(globals).lines().filter(l -> !l.matches("(CREATE|ALTER) ROLE ghost\\b.*"))
                .reduce("", (a, b) -> a + b + "\n"));
        rewriteManifestEntry(run, globals);
        server.sql("postgres", "DROP DATABASE zz_haunted");
        server.sql("postgres", "DROP ROLE ghost");
        server.sql("postgres", "DROP ROLE newcomer");
        server.sql("postgres", "ALTER ROLE app PASSWORD 'new-pw'");
        server.sql("shop", "DELETE FROM orders WHERE id > 100");
        Map<String, String> live = server.fingerprint();
        String roles = server.sql("postgres", "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles");

        PostgresServer.Result r = restore(server, Map.of());
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("loading \"zz_haunted\" from "), r.output());
        assertTrue(r.output().contains("role \"ghost\" does not exist"), r.output());
        assertTrue(r.output().contains("nothing was changed: the live databases and existing roles are as they were"), r.output());
        assertEquals(live, server.fingerprint());
        assertEquals(roles, server.sql("postgres", "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles"),
                "the role created for the load (newcomer) must be gone again");
        assertEquals("1", server.sqlAs("app", "new-pw", "postgres", "SELECT 1"));
        assertEquals("", server.sql("postgres", "SELECT string_agg(datname, ',') FROM pg_database"
                + " WHERE datname LIKE 'datalayer-restore-%' OR datname LIKE 'replaced-%'"));
    }

    // ---- 2. runs are recorded units; failed runs never count -----------------------------------------

    @Test
    void failedRunsInterleavedWithGoodOnesNeverCountAndRestoreOntoAFreshServer() throws IOException {
        Manifests m = synth(Environments.prod().store(PostgresStore.class).backup().toBuilder().retention(2).keepWeekly(0).build(), Environments.prod().store(PostgresStore.class).restore());
        seedShop(server, 100);
        server.sql("postgres", "CREATE DATABASE analytics");
        server.sql("analytics", "CREATE TABLE daily AS SELECT g AS day FROM generate_series(1, 365) g");
        PostgresServer.Result first = run(m, server, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of());
        assertEquals(0, first.exitCode(), first.output());
        String good1 = onlyRun();
        Map<String, String> atGood1 = server.fingerprint();
        // One summary line per run, its numbers the manifest's: analytics, postgres, shop, template1.
        JsonNode good1Summary = summary(first.output());
        assertSummary(good1Summary, good1, "complete", true, 4, 0);
        assertEquals(Long.parseLong(field(manifest(good1), "total_bytes")), good1Summary.get("bytes").asLong());

        server.sql("postgres", "CREATE DATABASE closed ALLOW_CONNECTIONS false");
        PostgresServer.Result failed = run(m, server, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of());
        assertEquals(1, failed.exitCode(), failed.output());
        String failed2 = newestRun();
        List<String> manifest = manifest(failed2);
        assertTrue(manifest.contains("outcome failed"), manifest.toString());
        assertTrue(manifest.stream().anyMatch(l -> l.startsWith("failed database \"closed\" (hex " + hex("closed")
                + "): pg_dump failed: ") && l.contains("not currently accepting connections")), manifest.toString());
        // The other databases of the failed run were dumped all the same.
        assertEquals(4, manifest.stream().filter(l -> l.startsWith("database ")).count(), manifest.toString());
        assertTrue(failed.output().contains("run " + failed2 + " FAILED: 1 problem(s)"), failed.output());
        JsonNode failedSummary = summary(failed.output());
        assertSummary(failedSummary, failed2, "failed", true, 4, 1);
        assertEquals(Long.parseLong(field(manifest, "total_bytes")), failedSummary.get("bytes").asLong());
        PostgresServer.Result refused = restore(server, Map.of("RESTORE_RUN", failed2));
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("refusing to restore: run " + failed2 + " is recorded as failed (database \"closed\""),
                refused.output());

        server.sql("postgres", "DROP DATABASE closed");
        server.sql("shop", "INSERT INTO orders SELECT g, 1, 1, now() FROM generate_series(200001, 200100) g");
        Map<String, String> atGood3 = server.fingerprint();
        assertEquals(0, run(m, server, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of()).exitCode());
        String good3 = newestRun();
        server.sql("postgres", "CREATE DATABASE closed ALLOW_CONNECTIONS false");
        assertEquals(1, run(m, server, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of()).exitCode());
        String failed4 = newestRun();
        // Retention counts complete runs only: the failed run before a complete one is gone, the
        // newest failed run stays for a person to read, both complete runs stay.
        assertEquals(List.of(good1, good3, failed4), runs());

        PostgresServer fresh = freshServer();
        PostgresServer.Result byRun = restore(fresh, Map.of("RESTORE_RUN", good1));
        assertEquals(0, byRun.exitCode(), byRun.output());
        assertEquals(atGood1, fresh.fingerprint());

        PostgresServer.Result newest = restore(fresh, Map.of("RESTORE_KEEP_REPLACED", "false"));
        assertEquals(0, newest.exitCode(), newest.output());
        assertTrue(newest.output().contains("restoring the newest complete run, " + good3), newest.output());
        assertEquals(atGood3, fresh.fingerprint());
    }

    /**
     * The report's case is seven runs against a retention of 7; the same rule is tested with a
     * retention of 2 and three empty runs (one more than retention), which keeps the suite fast.
     */
    @Test
    void runsOfAnEmptyServerNeverRotateOutTheLastRealRun() throws IOException {
        Manifests m = synth(Environments.prod().store(PostgresStore.class).backup().toBuilder().retention(2).keepWeekly(0).build(), Environments.prod().store(PostgresStore.class).restore());
        seedShop(server, 2000);
        Map<String, String> real = server.fingerprint();
        assertEquals(0, run(m, server, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of()).exitCode());
        String realRun = onlyRun();
        server.sql("postgres", "DROP DATABASE shop");
        for (int i = 0; i < 3; i++) {
            PostgresServer.Result r = run(m, server, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of());
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("backup: WARNING: run " + newestRun() + " holds 2 database(s)"), r.output());
            assertTrue(r.output().contains("restore run " + realRun + " (RESTORE_RUN=" + realRun + ")"), r.output());
        }
        assertTrue(runs().contains(realRun), runs().toString());
        assertEquals(3, runs().size(), "the 2 newest and the last real run: " + runs());

        PostgresServer.Result r = restore(server, Map.of("RESTORE_RUN", realRun));
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(real, server.fingerprint());
    }

    @Test
    void aClockTwoDaysBehindNeverDeletesTheRunJustWritten() throws IOException {
        Manifests m = synth(Environments.prod().store(PostgresStore.class).backup().toBuilder().retention(1).keepWeekly(0).build(), Environments.prod().store(PostgresStore.class).restore());
        seedShop(server, 100);
        assertEquals(0, run(m, server, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of()).exitCode());
        String first = onlyRun();
        server.sql("shop", "INSERT INTO orders SELECT g, 1, 1, now() FROM generate_series(300001, 300020) g");
        Map<String, String> later = server.fingerprint();

        PostgresServer.Result behind = run(m, server, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of(),
                List.of("faketime", "-f", "-2d"));
        assertEquals(0, behind.exitCode(), behind.output());
        String second = onlyRun();
        assertNotEquals(first, second);
        assertTrue(second.compareTo(first) > 0, "the sequence orders runs, not the clock: " + first + " then " + second);
        assertTrue(second.substring(7).compareTo(first.substring(7)) < 0,
                "the faked clock must really be behind: " + first + " then " + second);
        assertTrue(behind.output().contains("retention: removed run " + first), behind.output());

        server.sql("shop", "DELETE FROM orders");
        PostgresServer.Result r = restore(server, Map.of("RESTORE_DATABASE", "shop"));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("restoring the newest complete run, " + second), r.output());
        assertEquals(later, server.fingerprint());
    }

    // ---- 4. signals and a full volume ------------------------------------------------------------------

    @Test
    void sigtermMidDumpStopsPgDumpAndRecordsAnInterruptedRun() throws Exception {
        seedShop(server, 1000);
        Process holder = holdTableLock("shop", "orders");
        Process backup = start(manifests, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of(), List.of());
        Await.until(() -> pgDumpWaiting(), "pg_dump blocked on the locked table");
        String run = newestRun();
        assertTrue(partials(run).size() == 1, "a dump is being written: " + partials(run));

        List<ProcessHandle> children = backup.descendants().toList();
        assertTrue(children.stream().anyMatch(c -> c.info().command().orElse("").endsWith("pg_dump")),
                "pg_dump runs: " + children.stream().map(c -> c.info().toString()).toList() + output(backup));
        long t0 = System.nanoTime();
        // What the kubelet does: SIGTERM to the container's first process only.
        PostgresServer.run(new ProcessBuilder("kill", "-TERM", Long.toString(backup.pid())));
        assertTrue(backup.waitFor(20, TimeUnit.SECONDS), "backup.sh did not stop after SIGTERM");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertTrue(seconds < 10, "stopping took " + seconds + " s, more than the grace period allows");
        String output = output(backup);
        assertEquals(143, backup.exitValue(), output);
        assertTrue(output.contains("ERROR: stopped by SIGTERM; removing unfinished files"), output);
        assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "pg_dump outlived the script");
        assertEquals(List.of(), partials(run));
        assertTrue(manifest(run).contains("outcome failed"), manifest(run).toString());
        assertTrue(manifest(run).stream().anyMatch(l -> l.startsWith("failed interrupted by SIGTERM")), manifest(run).toString());
        // Only postgres was dumped before the blocked shop (postgres, shop, template1 in order).
        assertSummary(summary(output), run, "interrupted", true, 1, 1);
        assertEquals(List.of(), privateFolders());
        release(holder);

        assertEquals(0, backup(Map.of()).exitCode());
        assertEquals(1, runs().size(), "the interrupted run is removed once a newer run completed: " + runs());
    }

    @Test
    void sigkillMidDumpLeavesNoSecretOnTheVolumeAndTheNextRunCleansUp() throws Exception {
        seedShop(server, 1000);
        Map<String, String> atBackup = server.fingerprint();
        Process holder = holdTableLock("shop", "orders");
        // setsid: a process group of its own, killed whole the way the kubelet kills a container.
        Process backup = start(manifests, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of(), List.of("setsid"));
        Await.until(() -> pgDumpWaiting(), "pg_dump blocked on the locked table");
        String run = newestRun();
        PostgresServer.run(new ProcessBuilder("kill", "-KILL", "--", "-" + backup.pid()));
        assertTrue(backup.waitFor(10, TimeUnit.SECONDS));
        release(holder);
        Await.until(() -> server.sql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pg_dump'")
                .equals("0"), "the killed pg_dump's session to end");

        assertEquals(1, partials(run).size(), "SIGKILL leaves the unfinished dump: " + partials(run));
        assertFalse(Files.exists(backups.resolve("runs").resolve(run).resolve("manifest")));
        assertNoSecretOnTheVolume();
        // The passfile is in the pod's own /tmp (memory, gone with the pod), never on the volume.
        List<Path> left = privateFolders();
        assertEquals(1, left.size(), left.toString());
        assertTrue(Files.exists(left.get(0).resolve("pgpass")));
        PostgresServer.deleteTree(left.get(0));

        PostgresServer.Result next = backup(Map.of());
        assertEquals(0, next.exitCode(), next.output());
        assertTrue(next.output().contains("retention: removed run " + run), next.output());
        assertEquals(1, runs().size());
        server.sql("postgres", "DROP DATABASE shop");
        assertEquals(0, restore(server, Map.of("RESTORE_DATABASE", "shop")).exitCode());
        assertEquals(atBackup, server.fingerprint());
    }

    @Test
    void sigtermDuringARestoreStopsPgRestoreAndLeavesTheServerAsItWas() throws Exception {
        server.sql("postgres", "CREATE DATABASE big");
        server.sql("big", "CREATE TABLE t (id int PRIMARY KEY, x text);"
                + " INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 200000) g");
        assertEquals(0, backup(Map.of()).exitCode());
        server.sql("big", "DELETE FROM t WHERE id % 3 = 0");
        Map<String, String> live = server.fingerprint();

        // Caught in pg_restore with nothing to race (see restoreBlockedInPgRestore).
        Process restore = restoreBlockedInPgRestore("big", "t", List.of());
        PostgresServer.run(new ProcessBuilder("kill", "-TERM", Long.toString(restore.pid())));
        assertTrue(restore.waitFor(30, TimeUnit.SECONDS), "restore.sh did not stop after SIGTERM");
        String output = output(restore);
        assertEquals(143, restore.exitValue(), output);
        assertTrue(output.contains("ERROR: stopped by SIGTERM; dropping what this restore created"), output);
        assertTrue(output.contains("nothing was changed: the live databases and existing roles are as they were"), output);
        assertEquals("0", server.sql("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'datalayer-restore-%'"));
        assertEquals(live, server.fingerprint());
        assertEquals(List.of(), privateFolders());
    }

    @Test
    void aRestoreKilledMidLoadCanBeRunAgain() throws Exception {
        server.sql("postgres", "CREATE ROLE reader LOGIN PASSWORD 'reader-pw'");
        server.sql("postgres", "CREATE DATABASE big OWNER reader");
        server.sql("big", "CREATE TABLE t (id int PRIMARY KEY, x text);"
                + " INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 200000) g");
        Map<String, String> data = server.fingerprint();
        assertEquals(0, backup(Map.of()).exitCode());
        server.sql("postgres", "DROP DATABASE big");
        server.sql("postgres", "DROP ROLE reader");

        Process killed = restoreBlockedInPgRestore("big", "t", List.of("setsid"));
        PostgresServer.run(new ProcessBuilder("kill", "-KILL", "--", "-" + killed.pid()));
        assertTrue(killed.waitFor(10, TimeUnit.SECONDS));
        // What a SIGKILL leaves: the control and the temporary database, and the role created for the
        // load, marked.
        assertEquals("datalayer-restore-control,temporary", server.sql("postgres", "SELECT string_agg(CASE WHEN datname"
                + " = 'datalayer-restore-control' THEN datname ELSE 'temporary' END, E'\\n') FROM pg_database"
                + " WHERE datname LIKE 'datalayer-restore-%'").lines().sorted().reduce((a, b) -> a + "," + b).orElse(""));
        assertTrue(server.sql("postgres", "SELECT shobj_description(oid, 'pg_authid') FROM pg_authid WHERE rolname = 'reader'")
                .startsWith("datalayer-restore: unfinished "));
        privateFolders().forEach(PostgresServer::deleteTree);

        PostgresServer.Result again = restore(server, Map.of("RESTORE_DATABASE", "big"));
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("left by a restore that was killed: DROP ROLE \"reader\""), again.output());
        assertEquals(data, server.fingerprint());
        assertEquals("reader", server.sqlAs("reader", "reader-pw", "big", "SELECT current_user"));
        assertEquals("", server.sql("postgres", "SELECT coalesce(shobj_description(oid, 'pg_authid'), '') FROM pg_authid"
                + " WHERE rolname = 'reader'"));
        assertEquals("0", server.sql("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'datalayer-restore-%'"));
    }

    @Test
    void aFullVolumeFailsTheRunKeepsEarlierRunsAndRecoversOnceDataShrinks() throws IOException {
        Manifests m = synth(Environments.prod().store(PostgresStore.class).backup().toBuilder().retention(1).keepWeekly(0).build(), Environments.prod().store(PostgresStore.class).restore());
        PostgresServer.Result mount = PostgresServer.run(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700",
                "tmpfs", backups.toString()));
        assertEquals(0, mount.exitCode(), "this test needs root to mount a small tmpfs as the backup volume (CI runs as root): "
                + mount.output());
        seedShop(server, 200);
        Map<String, String> small = server.fingerprint();
        assertEquals(0, run(m, server, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of()).exitCode());
        String good = onlyRun();
        Map<String, String> goodFiles = hashes(good);

        // About 2.5 MB of hex that compresses to more than 1 MB: more than the volume holds.
        server.sql("shop", "CREATE TABLE blob AS SELECT g, md5(random()::text) AS x FROM generate_series(1, 80000) g");
        PostgresServer.Result full = run(m, server, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of());
        assertEquals(1, full.exitCode(), full.output());
        assertTrue(full.output().contains("No space left on device"), full.output());
        assertEquals("failed", summary(full.output()).get("outcome").asText(), full.output());
        assertEquals(goodFiles, hashes(good), "the earlier complete run is untouched");
        assertEquals(2, runs().size(), runs().toString());

        server.sql("shop", "DROP TABLE blob");
        server.sql("shop", "INSERT INTO customers VALUES (900001, 'after the full volume')");
        Map<String, String> after = server.fingerprint();
        PostgresServer.Result recovered = run(m, server, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of());
        assertEquals(0, recovered.exitCode(), recovered.output());
        assertEquals(1, runs().size(), "the failed and the older complete run are removed: " + runs());
        long free = Files.getFileStore(backups).getUsableSpace();
        assertTrue(free > 800_000, "space came back: " + free + " bytes free");

        server.sql("postgres", "DROP DATABASE shop");
        assertEquals(0, restore(server, Map.of("RESTORE_DATABASE", "shop")).exitCode());
        assertEquals(after, server.fingerprint());
        assertNotEquals(small, after);
    }

    // ---- 5. one lock for backups and restores ----------------------------------------------------------

    @Test
    void twoBackupsAtOnceTakeTurnsOrTheSecondNamesTheHolder() throws Exception {
        seedShop(server, 1000);
        Map<String, String> data = server.fingerprint();
        Process holder = holdTableLock("shop", "orders");
        Process first = start(manifests, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of(), List.of());
        Await.until(() -> pgDumpWaiting(), "the first backup to hold the lock and block in pg_dump");

        PostgresServer.Result impatient = backup(Map.of("BACKUP_LOCK_WAIT_SECONDS", "0"));
        assertEquals(1, impatient.exitCode(), impatient.output());
        assertTrue(impatient.output().matches("(?s).*ERROR: another backup or restore holds the lock on " + backups
                + " \\(backup job=test-job pod=test-pod pid=" + first.pid() + " since=\\S+ \\) and did not release it within 0s.*"),
                impatient.output());
        // A backup that never got the lock still prints its one line: no run, not recorded.
        assertSummary(summary(impatient.output()), "", "failed", false, 0, 1);

        Process second = start(manifests, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of(), List.of());
        Await.until(() -> lockWaiters() == 1, "the second backup to wait for the lock");
        release(holder);
        assertTrue(first.waitFor(60, TimeUnit.SECONDS) && second.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue(), output(first));
        assertEquals(0, second.exitValue(), output(second));
        assertTrue(output(second).contains("waiting up to 600s for the lock on " + backups + ", held by: backup"), output(second));
        assertEquals(2, runs().size(), runs().toString());
        // Each run its own line, naming its own run: two runs, two lines, no mix-up.
        assertEquals(runs(), List.of(summary(output(first)).get("run").asText(), summary(output(second)).get("run").asText()));
        for (String run : runs()) {
            assertEquals(List.of(), runVerify(run), run);
            assertEquals(data.get("shop/public.orders"), dumpedRows(run, "shop", "orders"), run);
        }
    }

    @Test
    void aBackupDuringARestoreWaitsAndDumpsTheRestoredData() throws Exception {
        server.sql("postgres", "CREATE DATABASE big");
        server.sql("big", "CREATE TABLE t (id int PRIMARY KEY, x text);"
                + " INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 200000) g");
        Map<String, String> data = server.fingerprint();
        assertEquals(0, backup(Map.of()).exitCode());
        String run = onlyRun();
        server.sql("postgres", "DROP DATABASE big");

        // The restore holds the lock, stopped at its test-only pause point: nothing to race.
        Path pause = tmp.resolve("pause-before-load");
        Process restore = restorePausedBeforeLoad("big", List.of(), pause);
        assertTrue(lockText().startsWith("restore "), lockText());
        Process backupJob = start(manifests, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, Map.of(), List.of());
        Await.until(() -> {
            try {
                return output(backupJob).contains(", held by: restore job=test-job pod=test-pod pid=" + restore.pid());
            } catch (IOException e) {
                return false;
            }
        }, "the backup to wait for the restore's lock");
        Files.delete(pause);
        assertTrue(restore.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, restore.exitValue(), output(restore));
        assertTrue(backupJob.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, backupJob.exitValue(), output(backupJob));
        String after = newestRun();
        assertNotEquals(run, after);
        assertEquals(data.get("big/public.t"), dumpedRows(after, "big", "t"), "the backup holds every restored row");
        assertEquals(data, server.fingerprint());
    }

    // ---- restore details: tablespaces, clients, nothing to restore -------------------------------------

    @Test
    void aRestoreOfARunWithATablespaceCanBeRunAgain() throws IOException {
        Path location = Files.createDirectory(tmp.resolve("tablespace"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        if ("root".equals(System.getProperty("user.name"))) {
            UserPrincipal postgres = location.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(location, postgres);
        }
        server.sql("postgres", "CREATE TABLESPACE fast LOCATION " + literal(location.toString()));
        server.sql("postgres", "CREATE DATABASE placed TABLESPACE fast");
        server.sql("placed", "CREATE TABLE t AS SELECT g, md5(g::text) FROM generate_series(1, 500) g");
        Map<String, String> data = server.fingerprint();
        assertEquals(0, backup(Map.of()).exitCode());

        for (int i = 0; i < 2; i++) {
            server.sql("placed", "DELETE FROM t WHERE g > 250");
            PostgresServer.Result r = restore(server, Map.of("RESTORE_DATABASE", "placed", "RESTORE_KEEP_REPLACED", "false"));
            assertEquals(0, r.exitCode(), "restore " + (i + 1) + ": " + r.output());
            assertEquals(data, server.fingerprint());
            assertEquals("fast", server.sql("postgres", "SELECT spcname FROM pg_database d JOIN pg_tablespace s"
                    + " ON s.oid = d.dattablespace WHERE datname = 'placed'"));
        }
    }

    @Test
    void connectedClientsAreListedOrDisconnectedOnRequest() throws Exception {
        seedShop(server, 300);
        Map<String, String> atBackup = server.fingerprint();
        assertEquals(0, backup(Map.of()).exitCode());
        server.sql("shop", "INSERT INTO customers VALUES (700001, 'written after the backup')");
        Map<String, String> live = server.fingerprint();
        Process client = psqlSession("shop", "billing-app", "SELECT pg_sleep(120)");
        // The restore leaves out only its own connections (a name of its own, with a random part): one
        // named like a restore's is a client like any other.
        Process lookalike = psqlSession("shop", "datalayer-restore-0000000000000000", "SELECT pg_sleep(120)");
        Await.until(() -> server.sql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name"
                + " IN ('billing-app', 'datalayer-restore-0000000000000000')").equals("2"), "the client sessions");

        PostgresServer.Result refused = restore(server, Map.of("RESTORE_DATABASE", "shop"));
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().matches("(?s).*  session: pid=\\d+ user=postgres application=billing-app client=127\\.0\\.0\\.1"
                + " since=\\S+ database=shop\n.*"), refused.output());
        assertTrue(refused.output().contains("application=datalayer-restore-0000000000000000 client=127.0.0.1"), refused.output());
        assertTrue(refused.output().contains("set RESTORE_TERMINATE_CLIENTS=true to disconnect them. Nothing was touched"),
                refused.output());
        assertEquals(live, server.fingerprint());
        assertTrue(client.isAlive());

        PostgresServer.Result forced = restore(server, Map.of("RESTORE_DATABASE", "shop", "RESTORE_TERMINATE_CLIENTS", "true"));
        assertEquals(0, forced.exitCode(), forced.output());
        assertEquals(atBackup, server.fingerprint());
        assertTrue(client.waitFor(10, TimeUnit.SECONDS), "the client was disconnected");
        assertTrue(lookalike.waitFor(10, TimeUnit.SECONDS), "the look-alike client was disconnected");
    }

    @Test
    void nothingToRestoreIsAClearErrorAndTouchesNothing() throws IOException {
        seedShop(server, 10);
        Map<String, String> live = server.fingerprint();
        PostgresServer.Result none = restore(server, Map.of());
        assertEquals(1, none.exitCode(), none.output());
        assertTrue(none.output().contains("ERROR: no complete run in " + backups + "/runs; list the runs with:"
                + " sh /opt/data-layer/runs.sh list"), none.output());
        PostgresServer.Result missing = restore(server, Map.of("RESTORE_RUN", "000042-20260101T000000Z"));
        assertEquals(1, missing.exitCode(), missing.output());
        assertTrue(missing.output().contains("refusing to restore: run 000042-20260101T000000Z does not exist in " + backups
                + "/runs. Nothing was touched"), missing.output());
        PostgresServer.Result typo = restore(server, Map.of("RESTORE_RUN", "shop-20260101T000000Z.dump"));
        assertEquals(1, typo.exitCode(), typo.output());
        assertTrue(typo.output().contains("RESTORE_RUN \"shop-20260101T000000Z.dump\" is not a run id like 000042-20261127T023000Z"),
                typo.output());
        assertEquals(live, server.fingerprint());
    }

    @Test
    void aStoppedServerFailsTheBackupAndKeepsEarlierRuns() throws IOException {
        seedShop(server, 10);
        assertEquals(0, backup(Map.of()).exitCode());
        String run = onlyRun();
        Map<String, String> earlier = hashes(run);
        server.stop();
        PostgresServer.Result failed;
        try {
            failed = backup(Map.of());
        } finally {
            server.startAgain();
        }
        assertEquals(1, failed.exitCode(), failed.output());
        assertTrue(failed.output().contains("ERROR: cannot connect to 127.0.0.1:" + server.port()
                + " as postgres; is the server up and the password right?"), failed.output());
        // No run began, but the night still has its one line: failed, not recorded, no run id.
        assertSummary(summary(failed.output()), "", "failed", false, 0, 1);
        assertEquals(List.of(run), runs());
        assertEquals(earlier, hashes(run));
    }

    @Test
    void listRunsShowsOutcomesAndDatabases() throws IOException {
        seedShop(server, 10);
        assertEquals(0, backup(Map.of()).exitCode());
        PostgresServer.Result list = PostgresServer.run(new ProcessBuilder("/bin/sh", scripts.resolve(PostgresBackup.RUNS_LIBRARY).toString(),
                "list", backups.toString()));
        assertEquals(0, list.exitCode(), list.output());
        assertTrue(list.output().matches("(?s)RUN +OUTCOME +STARTED +BYTES +CONTENT\n" + onlyRun()
                + " +complete +\\S+ +\\d+ +postgres,shop,template1\n"), list.output());
    }

    // ---- settings: written once, in the Java props; the scripts hold no defaults ------------------------

    @Test
    void aSettingTheCronJobSetsIsRequiredAndNamedWhenMissing() throws IOException {
        // runs.sh's checks go through fail: a backup still prints its one summary line.
        for (String name : List.of("BACKUP_RETENTION", "BACKUP_KEEP_WEEKLY", "BACKUP_SHRINK_PERCENT", "BACKUP_LOCK_WAIT_SECONDS")) {
            PostgresServer.Result r = withoutSetting("postgresql-backup", PostgresBackup.BACKUP_SCRIPT, name);
            assertEquals(1, r.exitCode(), r.output());
            assertTrue(r.output().contains("ERROR: " + name + " is not set; the CronJob sets it from the backup settings"), r.output());
            assertSummary(summary(r.output()), "", "failed", false, 0, 1);
        }
        PostgresServer.Result port = withoutSetting("postgresql-backup", PostgresBackup.BACKUP_SCRIPT, "PGPORT");
        assertNotEquals(0, port.exitCode(), port.output());
        assertTrue(port.output().contains("PGPORT is not set; the CronJob sets it to the port of the server"), port.output());
        for (Map.Entry<String, String> e : Map.of(
                "RESTORE_KEEP_REPLACED", "RESTORE_KEEP_REPLACED is not set; the CronJob sets it from the restore settings",
                "RESTORE_TERMINATE_CLIENTS", "RESTORE_TERMINATE_CLIENTS is not set; the CronJob sets it from the restore settings",
                "RESTORE_FROM", "RESTORE_FROM is not set; the CronJob sets it to local (set offsite to fetch the run from the object store)",
                "BACKUP_LOCK_WAIT_SECONDS", "BACKUP_LOCK_WAIT_SECONDS is not set; the CronJob sets it from the backup settings").entrySet()) {
            PostgresServer.Result r = withoutSetting("postgresql-restore", PostgresBackup.RESTORE_SCRIPT, e.getKey());
            assertEquals(1, r.exitCode(), r.output());
            assertTrue(r.output().contains("ERROR: " + e.getValue()), r.output());
        }
        assertEquals(List.of(), runs());
    }

    /** The script with the CronJob's env less one variable it sets. */
    private PostgresServer.Result withoutSetting(String cronJob, String script, String name) {
        ProcessBuilder pb = command(manifests, server, cronJob, script, Map.of(), List.of());
        assertTrue(pb.environment().remove(name) != null, cronJob + " does not set " + name);
        return PostgresServer.run(pb);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static Manifests synth(BackupSettings props, RestoreSettings restore) {
        return Manifests.of(chart -> {
            Postgres postgres = new Postgres(chart, "postgresql", Environments.prod().store(PostgresStore.class).server());
            PostgresBackup backup = new PostgresBackup(chart, "backup", postgres, props);
            new PostgresRestore(chart, "restore", backup, restore);
        });
    }


    private PostgresServer.Result backup(Map<String, String> operatorEnv) {
        return run(manifests, server, "postgresql-backup", PostgresBackup.BACKUP_SCRIPT, operatorEnv);
    }

    private PostgresServer.Result restore(PostgresServer target, Map<String, String> operatorEnv) {
        return run(manifests, target, "postgresql-restore", PostgresBackup.RESTORE_SCRIPT, operatorEnv);
    }

    private PostgresServer.Result run(Manifests m, PostgresServer target, String cronJob, String script, Map<String, String> env) {
        return run(m, target, cronJob, script, env, List.of());
    }

    private PostgresServer.Result run(Manifests m, PostgresServer target, String cronJob, String script,
                                      Map<String, String> operatorEnv, List<String> prefix) {
        List<Path> before = privateFolders();
        PostgresServer.Result r = PostgresServer.run(command(m, target, cronJob, script, operatorEnv, prefix));
        assertFalse(r.output().contains(target.password()), "the password appeared in the output of " + script);
        assertFalse(r.output().contains("SCRAM-SHA-256$"), "a password hash appeared in the output of " + script);
        List<Path> left = new ArrayList<>(privateFolders());
        left.removeAll(before);
        assertEquals(List.of(), left, script + " left its private folder (with the passfile) behind");
        return r;
    }

    private Process start(Manifests m, String cronJob, String script, Map<String, String> operatorEnv, List<String> prefix)
            throws IOException {
        ProcessBuilder pb = command(m, server, cronJob, script, operatorEnv, prefix);
        Path out = Files.createTempFile(tmp, "out-", ".log");
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        Process p = pb.start();
        outputs.put(p, out);
        started.add(p);
        return p;
    }

    private final Map<Process, Path> outputs = new LinkedHashMap<>();

    /** Test-only variables for the next script started (the pause point); empty otherwise. */
    private final Map<String, String> testEnv = new LinkedHashMap<>();

    /**
     * A restore of {@code database} caught while pg_restore loads it, with nothing to race: the
     * restore stops at its test-only pause point "before-load" (the temporary database exists, empty);
     * the test begins a transaction there that creates {@code table} and stays open; then the restore
     * goes on, and its pg_restore blocks on that table's name until the transaction ends (or the
     * restore's own clean-up drops the database with FORCE). Returns once pg_restore waits there.
     */
    private Process restoreBlockedInPgRestore(String database, String table, List<String> prefix) throws IOException {
        Path file = tmp.resolve("pause-before-load");
        Process restore = restorePausedBeforeLoad(database, prefix, file);
        String temporary = Files.readString(file).replaceAll("(?s).*database=(\\S+).*", "$1");
        assertTrue(temporary.startsWith("datalayer-restore-"), temporary);
        ProcessBuilder pb = new ProcessBuilder(server.bin().resolve("psql").toString(), "-X", "-q", "-h", "127.0.0.1",
                "-p", Integer.toString(server.port()), "-U", server.superuser(), "-d", temporary);
        pb.environment().put("PGPASSWORD", server.password());
        pb.environment().put("PGAPPNAME", "blocker");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process blocker = pb.start();
        started.add(blocker);
        blocker.getOutputStream().write(("BEGIN; CREATE TABLE public." + table + " (blocker int);\n").getBytes(StandardCharsets.UTF_8));
        blocker.getOutputStream().flush();
        Await.until(() -> server.sql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'blocker'"
                + " AND state = 'idle in transaction'").equals("1"), "the blocking transaction");
        Files.delete(file);
        Await.until(() -> server.sql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pg_restore'"
                + " AND datname = " + literal(temporary) + " AND wait_event_type = 'Lock'").equals("1"),
                "pg_restore to wait on the blocking transaction in " + temporary);
        return restore;
    }

    /**
     * A restore of {@code database} stopped at its test-only pause point "before-load" (it holds the
     * lock; the temporary database exists, empty); returns once it is there. Deleting {@code file}
     * lets it go on.
     */
    private Process restorePausedBeforeLoad(String database, List<String> prefix, Path file) throws IOException {
        testEnv.put("DATALAYER_TEST_PAUSE_AT", "before-load");
        testEnv.put("DATALAYER_TEST_PAUSE_FILE", file.toString());
        Process restore;
        try {
            restore = start(manifests, "postgresql-restore", PostgresBackup.RESTORE_SCRIPT, Map.of("RESTORE_DATABASE", database), prefix);
        } finally {
            testEnv.clear();
        }
        Await.until(() -> {
            if (!restore.isAlive()) {
                String out;
                try {
                    out = output(restore);
                } catch (IOException e) {
                    out = e.toString();
                }
                throw new AssertionError("restore.sh ended before loading: " + out);
            }
            return Files.exists(file);
        }, "the restore to stop before loading");
        return restore;
    }

    private String output(Process p) throws IOException {
        return Files.readString(outputs.get(p));
    }

    /**
     * The script from the ConfigMap (with the files it sources) and the CronJob's env; only the
     * host, port and paths are changed (each must be in the manifest), plus what an operator sets.
     */
    private ProcessBuilder command(Manifests m, PostgresServer target, String cronJob, String script,
                                   Map<String, String> operatorEnv, List<String> prefix) {
        try {
            for (Map.Entry<String, Object> e : m.get("ConfigMap", "postgresql-backup-scripts").at("data").map().entrySet()) {
                Files.writeString(scripts.resolve(e.getKey()), e.getValue().toString(), StandardCharsets.UTF_8);
            }
            Path passwordFile = tmp.resolve("password-" + target.port());
            if (!Files.exists(passwordFile)) {
                Files.writeString(passwordFile, target.password(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("r--------"));
            }
            Map<String, String> env = JobEnv.of(m, cronJob);
            Map<String, String> local = Map.of("PGHOST", "127.0.0.1", "PGPORT", Integer.toString(target.port()),
                    "POSTGRES_PASSWORD_FILE", passwordFile.toString(), "BACKUP_DIR", backups.toString());
            local.forEach((name, value) -> {
                assertTrue(env.containsKey(name), cronJob + " does not set " + name);
                env.put(name, value);
            });
            operatorEnv.forEach((name, value) -> {
                assertTrue(env.containsKey(name), cronJob + " does not set " + name);
                env.put(name, value);
            });
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(List.of("/bin/sh", scripts.resolve(script).toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            // The image puts its PostgreSQL binaries first on PATH; so does the test.
            pb.environment().put("PATH", server.bin() + ":/usr/local/bin:/usr/bin:/bin");
            // The pod's /tmp (an in-memory emptyDir); never the backup volume.
            pb.environment().put("TMPDIR", tmp.toString());
            // Tests only, never in a CronJob: where the script stops and waits for the test.
            pb.environment().putAll(testEnv);
            return pb;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The scripts' private folders in TMPDIR (the pod's /tmp). */
    private List<Path> privateFolders() {
        try (Stream<Path> list = Files.list(tmp)) {
            return list.filter(p -> p.getFileName().toString().startsWith("pg-")).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }


    /** Ends the lock-holding session on the server side (a killed psql's backend would sleep on). */
    private void release(Process holder) {
        server.sql("postgres", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'lock-holder'");
        holder.destroy();
    }

    /** flock processes waiting on the volume's lock. */
    private long lockWaiters() {
        return started.stream().flatMap(Process::descendants)
                .filter(h -> h.isAlive() && h.info().command().orElse("").endsWith("flock")).count();
    }

    /** No file on the volume holds the password or a passfile line. */
    private void assertNoSecretOnTheVolume() throws IOException {
        try (Stream<Path> all = Files.walk(backups)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(server.password()), f + " holds the password");
                assertFalse(text.contains("*:*:*:*:"), f + " holds a passfile");
                assertFalse(f.getFileName().toString().contains("pgpass"), f + " is a passfile");
            }
        }
    }

    private PostgresServer freshServer() {
        PostgresServer s = PostgresServer.start(server.superuser());
        extraServers.add(s);
        return s;
    }

    private static void seedShop(PostgresServer s, int orders) {
        s.sql("postgres", "CREATE DATABASE shop");
        s.sql("shop", "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);"
                + " CREATE TABLE orders (id int PRIMARY KEY, customer int REFERENCES customers, total numeric(10,2), at timestamptz);"
                + " INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 500) g;"
                + " INSERT INTO orders SELECT g, 1 + g % 500, (g * 7 % 1000) / 3.0, '2026-01-01'::timestamptz + g * interval '1 minute'"
                + " FROM generate_series(1, " + orders + ") g;");
    }

    /** A session holding an exclusive lock on a table, so a pg_dump blocks mid-run until it ends. */
    private Process holdTableLock(String db, String table) throws IOException {
        Process p = psqlSession(db, "lock-holder", "BEGIN; LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120);");
        Await.until(() -> server.sql("postgres", "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                + " WHERE a.application_name = 'lock-holder' AND l.mode = 'AccessExclusiveLock' AND l.granted").equals("1"),
                "the table lock");
        return p;
    }

    private Process psqlSession(String db, String application, String sql) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(server.bin().resolve("psql").toString(), "-X", "-q", "-h", "127.0.0.1", "-p",
                Integer.toString(server.port()), "-U", server.superuser(), "-d", db, "-c", sql);
        pb.environment().put("PGPASSWORD", server.password());
        pb.environment().put("PGAPPNAME", application);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private boolean pgDumpWaiting() {
        return server.sql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pg_dump'"
                + " AND wait_event_type = 'Lock'").equals("1");
    }


    private String lockText() {
        try {
            Path lock = backups.resolve(".lock");
            return Files.exists(lock) ? Files.readString(lock) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private List<String> runs() throws IOException {
        Path dir = backups.resolve("runs");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            List<String> names = list.map(p -> p.getFileName().toString()).sorted().toList();
            names.forEach(n -> assertTrue(n.matches(RUN_ID), n));
            return names;
        }
    }

    private String onlyRun() throws IOException {
        List<String> runs = runs();
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
    }

    private String newestRun() throws IOException {
        List<String> runs = runs();
        assertFalse(runs.isEmpty());
        return runs.get(runs.size() - 1);
    }

    /**
     * The one summary line of a backup's output (the marker, then a JSON object), parsed; fails
     * unless there is exactly one.
     */
    static JsonNode summary(String output) {
        List<String> lines = output.lines().filter(l -> l.startsWith("DATALAYER_BACKUP_SUMMARY ")).toList();
        assertEquals(1, lines.size(), "exactly one summary line:\n" + output);
        try {
            JsonNode json = new ObjectMapper().readTree(lines.get(0).substring("DATALAYER_BACKUP_SUMMARY ".length()));
            List<String> keys = new ArrayList<>();
            json.fieldNames().forEachRemaining(keys::add);
            assertEquals(List.of("store", "run", "outcome", "recorded", "databases", "bytes", "seconds", "failures"), keys);
            assertTrue(json.get("bytes").isIntegralNumber() && json.get("seconds").isIntegralNumber()
                    && json.get("seconds").asLong() >= 0 && json.get("seconds").asLong() < 600, json.toString());
            return json;
        } catch (IOException e) {
            throw new AssertionError("the summary line is not JSON: " + lines.get(0), e);
        }
    }

    private static void assertSummary(JsonNode json, String run, String outcome, boolean recorded, int databases, int failures) {
        assertEquals("postgresql", json.get("store").asText(), json.toString());
        assertEquals(run, json.get("run").asText(), json.toString());
        assertEquals(outcome, json.get("outcome").asText(), json.toString());
        assertEquals(recorded, json.get("recorded").asBoolean(), json.toString());
        assertTrue(json.get("recorded").isBoolean(), json.toString());
        assertEquals(databases, json.get("databases").asInt(), json.toString());
        assertEquals(failures, json.get("failures").asInt(), json.toString());
    }

    private static String field(List<String> manifest, String key) {
        return manifest.stream().filter(l -> l.startsWith(key + " ")).findFirst().orElseThrow().substring(key.length() + 1);
    }

    private List<String> manifest(String run) {
        try {
            // Decoded leniently: a name that is not UTF-8 (shown after its hex) must not hide the rest.
            return new String(Files.readAllBytes(backups.resolve("runs").resolve(run).resolve("manifest")), StandardCharsets.UTF_8)
                    .lines().toList();
        } catch (IOException e) {
            throw new AssertionError("no manifest in run " + run, e);
        }
    }

    private List<String> partials(String run) throws IOException {
        try (Stream<Path> list = Files.list(backups.resolve("runs").resolve(run))) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".partial")).toList();
        }
    }

    private Path fileOf(String run, String database) {
        String line = manifest(run).stream().filter(l -> l.startsWith("database " + hex(database) + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(database + " is not in run " + run));
        return backups.resolve("runs").resolve(run).resolve(line.split(" ")[2]);
    }

    /** What a corruption before the checksum looks like: the manifest agrees with the bad file. */
    private void rewriteManifestEntry(String run, Path file) throws IOException {
        Path m = backups.resolve("runs").resolve(run).resolve("manifest");
        String name = file.getFileName().toString();
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(m)) {
            lines.add(l.startsWith("file " + name + " ") ? "file " + name + " " + Files.size(file) + " " + Digests.sha256(file) : l);
        }
        Files.write(m, lines);
    }

    /** Problems runs_verify (the library's own check) finds in a run; empty when it is sound. */
    private List<String> runVerify(String run) {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", ". \"$LIB\" && runs_verify \"$RUN\"");
        pb.environment().put("LIB", scripts.resolve(PostgresBackup.RUNS_LIBRARY).toString());
        pb.environment().put("RUN", run);
        pb.environment().put("BACKUP_DIR", backups.toString());
        PostgresServer.Result r = PostgresServer.run(pb);
        return r.exitCode() == 0 ? List.of() : List.of(r.output());
    }

    /** Row count and checksum of a table as it is inside a dump, read with pg_restore. */
    private String dumpedRows(String run, String database, String table) throws IOException {
        Path dump = fileOf(run, database);
        PostgresServer scratch = server;
        String db = "scratch_" + Long.toHexString(System.nanoTime());
        scratch.sql("postgres", "CREATE DATABASE " + db);
        try {
            ProcessBuilder pb = new ProcessBuilder(server.bin().resolve("pg_restore").toString(), "--no-owner",
                    "-h", "127.0.0.1", "-p", Integer.toString(server.port()), "-U", server.superuser(), "-d", db,
                    "--exit-on-error", dump.toString());
            pb.environment().put("PGPASSWORD", server.password());
            PostgresServer.Result r = PostgresServer.run(pb);
            assertEquals(0, r.exitCode(), r.output());
            return scratch.tableFingerprint(db, "public." + table);
        } finally {
            scratch.sql("postgres", "DROP DATABASE " + db + " WITH (FORCE)");
        }
    }

    private Map<String, String> hashes(String run) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> list = Files.list(backups.resolve("runs").resolve(run))) {
            for (Path f : list.sorted().toList()) {
                out.put(f.getFileName().toString(), Digests.sha256(f));
            }
        }
        return out;
    }





    /** Owner, template flag, connection settings, per-database settings and comment of every database. */
    private static String databaseProperties(PostgresServer s) {
        return s.sql("postgres", "SELECT string_agg(format('%s owner=%s template=%s allowconn=%s limit=%s settings=%s comment=%s',"
                + " datname, pg_get_userbyid(datdba), datistemplate, datallowconn, datconnlimit,"
                + " (SELECT setconfig FROM pg_db_role_setting WHERE setdatabase = d.oid AND setrole = 0),"
                + " shobj_description(d.oid, 'pg_database')), E'\\n' ORDER BY datname) FROM pg_database d"
                + " WHERE datname NOT LIKE 'replaced-%'");
    }

    private static String hex(String name) {
        return HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
