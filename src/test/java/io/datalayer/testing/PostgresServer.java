package io.datalayer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server from the machine's Debian packages: {@code initdb} into a temporary
 * folder and {@code pg_ctl start} on 127.0.0.1 and a free port, SCRAM authentication only. Start one
 * per test class ({@code @BeforeAll}) and close it after ({@code @AfterAll}). As root, the server
 * runs as the {@code postgres} OS user (PostgreSQL refuses to run as root).
 *
 * <p>Missing binaries fail the test with what to do; they never skip it.
 */
public final class PostgresServer implements AutoCloseable {
    /** Where Debian's postgresql packages put the server binaries; PG_BIN overrides. */
    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final String PREFERRED_MAJOR = "15";

    private final Path bin;
    private final Path base;
    private final Path data;
    private final Path runDir;
    private final int port;
    private final String superuser;
    private final String password;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin, Path base, int port, String superuser, String password, boolean asPostgresUser) {
        this.bin = bin;
        this.base = base;
        this.data = base.resolve("data");
        this.runDir = base.resolve("run");
        this.port = port;
        this.superuser = superuser;
        this.password = password;
        this.asPostgresUser = asPostgresUser;
    }

    /**
     * Initializes and starts a server whose superuser is {@code superuser}, with a random password
     * that contains ':' and '\' (the characters a .pgpass file must escape).
     */
    public static PostgresServer start(String superuser) {
        Path bin = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path base = Files.createTempDirectory("pg-test-");
            // The postgres user must be able to reach its folders inside this one.
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            byte[] random = new byte[12];
            new SecureRandom().nextBytes(random);
            String password = "Pw:" + HexFormat.of().formatHex(random) + "\\x";
            PostgresServer server = new PostgresServer(bin, base, freePort(), superuser, password, root);
            server.initFromTemplate();
            server.startAgain();
            server.setOwnPassword();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a temporary PostgreSQL server: " + e.getMessage(), e);
        }
    }

    static Path findBinaries() {
        String override = System.getenv("PG_BIN");
        List<Path> candidates = new ArrayList<>();
        if (override != null && !override.isBlank()) {
            candidates.add(Path.of(override));
        } else if (Files.isDirectory(DEBIAN_ROOT)) {
            try (Stream<Path> majors = Files.list(DEBIAN_ROOT)) {
                majors.map(p -> p.resolve("bin"))
                        .sorted(Comparator.comparing((Path p) -> !p.getParent().getFileName().toString().equals(PREFERRED_MAJOR))
                                .thenComparing(Comparator.reverseOrder()))
                        .forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return candidates.stream()
                .filter(p -> Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("PostgreSQL server binaries (initdb, pg_ctl) not found in "
                        + (override != null && !override.isBlank() ? "PG_BIN=" + override : DEBIAN_ROOT + "/*/bin")
                        + "; run scripts/setup.sh (it installs Debian's postgresql package)"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * One initdb per binaries and superuser for the whole test JVM, kept stopped in a folder of its own
     * (with the password it was made with, in memory only); every server is a copy of it. A copy of a
     * cleanly initialized, never-started data folder is the cluster initdb would have made (same
     * version, superuser, encoding, locale and SCRAM authentication), at a fraction of initdb's cost;
     * {@link #setOwnPassword()} then gives each copy a password of its own.
     */
    private record Template(Path data, String password) {
    }

    private static final Map<String, Template> TEMPLATES = new java.util.HashMap<>();

    private static synchronized Template template(Path bin, String superuser, boolean asPostgresUser) throws IOException {
        String key = bin + "\n" + superuser + "\n" + asPostgresUser;
        Template template = TEMPLATES.get(key);
        if (template == null) {
            Path base = Files.createTempDirectory("pg-template-");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(base)));
            byte[] random = new byte[12];
            new SecureRandom().nextBytes(random);
            PostgresServer initdb = new PostgresServer(bin, base, 0, superuser, "Tpl:" + HexFormat.of().formatHex(random) + "\\x",
                    asPostgresUser);
            initdb.init();
            template = new Template(initdb.data, initdb.password);
            TEMPLATES.put(key, template);
        }
        return template;
    }

    /** This server's data folder: a copy of the template's (ownership and modes kept), and its run folder. */
    private void initFromTemplate() throws IOException {
        Template template = template(bin, superuser, asPostgresUser);
        Files.createDirectories(runDir);
        if (asPostgresUser) {
            Files.setOwner(runDir, base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
        }
        Result copy = run(new ProcessBuilder("cp", "-a", template.data().toString(), data.toString()));
        if (copy.exitCode() != 0) {
            throw new AssertionError("cannot copy the template data folder: " + copy.output());
        }
        templatePassword = template.password();
    }

    /** The template's password, until {@link #setOwnPassword()} replaces it with this server's own. */
    private String templatePassword;

    /**
     * The superuser's password becomes this server's own random one, as initdb --pwfile would have set
     * it (a SCRAM verifier, password_encryption's default). The SQL goes on psql's stdin, never on a
     * command line; the template's password in psql's environment, as every psql here gets its own.
     */
    private void setOwnPassword() {
        ProcessBuilder pb = new ProcessBuilder(bin.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", superuser, "-d", "postgres").redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", templatePassword);
        String sql = "ALTER ROLE " + quoteIdent(superuser) + " PASSWORD '" + password.replace("'", "''") + "';\n";
        try {
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write(sql.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("cannot set the superuser's password of the copied cluster: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run psql: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        templatePassword = null;
    }

    private static String quoteIdent(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private void init() throws IOException {
        Files.createDirectories(data);
        Files.createDirectories(runDir);
        Path pwfile = base.resolve("initdb-password");
        Files.writeString(pwfile, password, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
        if (asPostgresUser) {
            UserPrincipal postgres = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            for (Path p : List.of(data, runDir, pwfile)) {
                Files.setOwner(p, postgres);
            }
        }
        try {
            exec(List.of(bin.resolve("initdb").toString(), "--pgdata=" + data, "--username=" + superuser,
                    "--pwfile=" + pwfile, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"));
        } finally {
            Files.deleteIfExists(pwfile);
        }
    }

    /** Starts the server (again, after {@link #stop()}), waiting until it accepts connections. */
    public void startAgain() {
        exec(List.of(bin.resolve("pg_ctl").toString(), "start", "--pgdata=" + data, "--wait", "--timeout=60",
                "--log=" + runDir.resolve("server.log"),
                "--options=-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories=" + runDir
                        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"));
    }

    /** Stops the server at once (fast shutdown), as a crash or an outage would look to a client. */
    public void stop() {
        exec(List.of(bin.resolve("pg_ctl").toString(), "stop", "--pgdata=" + data, "--mode=fast", "--wait"));
    }

    @Override
    public void close() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                stop();
            }
        } finally {
            deleteTree(base);
        }
    }

    /** The folder with psql, pg_dump, pg_restore ... of the same version as the server. */
    public Path bin() {
        return bin;
    }

    public int port() {
        return port;
    }

    public String superuser() {
        return superuser;
    }

    /** The superuser's password; keep it out of assertion messages. */
    public String password() {
        return password;
    }

    /** Runs SQL as the superuser in {@code database} and returns psql's unaligned, tuples-only output. */
    public String sql(String database, String sql) {
        return sqlAs(superuser, password, database, sql);
    }

    /** Runs SQL as another role, to prove a restored role can log in. */
    public String sqlAs(String role, String rolePassword, String database, String sql) {
        ProcessBuilder pb = new ProcessBuilder(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", role, "-d", conninfoDbname(database),
                "-c", sql);
        pb.environment().put("PGPASSWORD", rolePassword);
        Result r = run(pb);
        if (r.exitCode() != 0) {
            throw new AssertionError("psql as " + role + " on " + database + " failed (" + r.exitCode() + "): " + r.output()
                    + "\nSQL: " + sql);
        }
        return r.output().strip();
    }

    /**
     * A libpq connection string naming {@code database} by its exact characters: a bare name with '='
     * or a space would be read as connection options.
     */
    public static String conninfoDbname(String database) {
        return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Exit code and the combined stdout and stderr of a finished process. */
    public record Result(int exitCode, String output) {
    }

    /** Runs a process to completion, stdout and stderr merged. */
    public static Result run(ProcessBuilder pb) {
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + pb.command());
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + pb.command().get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + pb.command(), e);
        }
    }

    private void exec(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).directory(base.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PG"));
        Result r = run(pb);
        if (r.exitCode() != 0) {
            String log = "";
            try {
                Path serverLog = runDir.resolve("server.log");
                log = Files.exists(serverLog) ? "\nserver log:\n" + Files.readString(serverLog) : "";
            } catch (IOException ignored) {
                // the command's own output is the main evidence
            }
            throw new AssertionError(command.get(0) + " failed (" + r.exitCode() + "): " + r.output() + log);
        }
    }

    /**
     * SQL in a database named by its exact bytes (hex), the SQL given as bytes too, with the client
     * encoding given: for names no Java String can carry to a command line (a LATIN1 name in a UTF8
     * cluster). The name goes to libpq as PGDATABASE, decoded from hex by perl inside the process.
     */
    public String sqlBytes(String databaseHex, String clientEncoding, byte[] sql) {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c",
                "PGDATABASE=$(perl -e 'print pack(q(H*), $ARGV[0])' \"$1\"; printf x); export PGDATABASE=\"${PGDATABASE%x}\";"
                        + " sql=$(perl -e 'print pack(q(H*), $ARGV[0])' \"$2\"; printf x);"
                        + " exec \"$3\" -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p \"$4\" -U \"$5\" -c \"${sql%x}\"",
                "sh", databaseHex, java.util.HexFormat.of().formatHex(sql), bin.resolve("psql").toString(), Integer.toString(port), superuser);
        pb.environment().put("PGPASSWORD", password);
        pb.environment().put("PGCLIENTENCODING", clientEncoding);
        Result r = run(pb);
        if (r.exitCode() != 0) {
            throw new AssertionError("psql on database hex " + databaseHex + " failed (" + r.exitCode() + "): " + r.output());
        }
        return r.output().strip();
    }

    /**
     * {@link #fingerprint()} with each database named by the hex of its exact bytes: works whatever
     * encoding (or none) a name is in.
     */
    public Map<String, String> fingerprintByHex() {
        Map<String, String> out = new TreeMap<>();
        String list = sqlBytes(hexOf("postgres"), "SQL_ASCII", ("SELECT encode(textsend(datname::text), 'hex') FROM pg_database"
                + " WHERE datallowconn AND NOT starts_with(datname::text, 'replaced-') AND NOT starts_with(datname::text, 'scratch_')"
                + " AND datname <> 'from_template'").getBytes(StandardCharsets.UTF_8));
        for (String db : list.lines().filter(l -> !l.isBlank()).toList()) {
            for (String table : sqlBytes(db, "SQL_ASCII", ("SELECT quote_ident(schemaname) || '.' || quote_ident(tablename)"
                    + " FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')").getBytes(StandardCharsets.UTF_8))
                    .lines().filter(l -> !l.isBlank()).toList()) {
                out.put(db + "/" + table, sqlBytes(db, "SQL_ASCII", ("SELECT count(*) || ' ' || md5(coalesce(string_agg(x::text, ','"
                        + " ORDER BY x::text), '')) FROM " + table + " x").getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /** Drops every database but postgres, template0 and template1, with their sessions: a server as initdb left it. */
    public void dropDatabasesButDefaults() {
        for (String db : sql("postgres", "SELECT quote_ident(datname) FROM pg_database WHERE datname NOT IN"
                + " ('postgres', 'template0', 'template1')").lines().filter(l -> !l.isBlank()).toList()) {
            sql("postgres", "DROP DATABASE " + db + " WITH (FORCE)");
        }
    }

    /** The hex of a name's UTF-8 bytes. */
    public static String hexOf(String name) {
        return java.util.HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8));
    }

    /** Row count and an ordered checksum of every user table of every database but template0. */
    public Map<String, String> fingerprint() {
        Map<String, String> out = new TreeMap<>();
        for (String db : sql("postgres", "SELECT datname FROM pg_database WHERE datallowconn AND datname NOT LIKE 'replaced-%'"
                + " AND datname NOT LIKE 'scratch_%' AND datname <> 'from_template'").lines().toList()) {
            for (String table : sql(db, "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename)"
                    + " FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')").lines()
                    .filter(l -> !l.isBlank()).toList()) {
                out.put(db + "/" + table, tableFingerprint(db, table));
            }
        }
        return out;
    }

    public String tableFingerprint(String db, String table) {
        return sql(db, "SELECT count(*) || ' ' || md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM "
                + table + " x");
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary server folder " + root + ": " + e.getMessage(), e);
        }
    }
}
