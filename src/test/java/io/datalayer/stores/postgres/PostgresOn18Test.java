package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.app.Main;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Postgres18Server;
import io.datalayer.testing.PostgresServer;
import io.datalayer.testing.ScramOnlyProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server exactly as the layer's synth ships it, on PostgreSQL 18.4 (the version the image
 * pins): the synthesized StatefulSet, ConfigMap and Secret volume, run by {@link Postgres18Server}
 * under a read-only root with only the pod's volumes writable. Clients are Debian's psql 15.
 */
class PostgresOn18Test {
    private static final String PASSWORD = "Initial:pw\\with'quotes\" and spaces";
    private static Manifests shipped;
    private static Postgres18Server server;
    private static String startLog;

    @BeforeAll
    static void startTheShippedServer() throws IOException {
        shipped = synthesizedLayer();
        // prod has monitoring on: the pod also mounts the exporter role's Secret.
        server = Postgres18Server.start(shipped, "postgresql", PASSWORD + "\n",
                Map.of("postgresql-monitoring", "monitoring-password-of-the-shipped-pod"));
        startLog = server.log(); // before any test's client (whose refused logins log FATAL) connects
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** What `make synth` writes to dist/, synthesized the same way (Main.synth of the defaults). */
    static Manifests synthesizedLayer() throws IOException {
        Path out = Files.createTempDirectory("synth-");
        try {
            Main.synth(Environments.prod(), out);
            try (Stream<Path> files = Files.walk(out)) {
                StringBuilder yaml = new StringBuilder();
                for (Path f : files.filter(p -> p.toString().endsWith(".k8s.yaml")).sorted().toList()) {
                    yaml.append(Files.readString(f)).append("\n---\n");
                }
                return Manifests.of(yaml.toString());
            }
        } finally {
            PostgresServer.deleteTree(out);
        }
    }

    @Test
    void startsWithoutAConfigurationProblem() {
        // A probe that connects before recovery ends gets "the database system is starting up": normal.
        String log = startLog.lines().filter(l -> !l.endsWith("FATAL:  the database system is starting up"))
                .reduce("", (a, b) -> a + b + "\n");
        assertTrue(log.contains("PostgreSQL init process complete"), log);
        assertTrue(log.contains("database system is ready to accept connections"), log);
        for (String bad : List.of("FATAL", "PANIC", "invalid value", "unrecognized configuration parameter",
                "syntax error", "Read-only file system", "could not")) {
            assertFalse(log.contains(bad), bad + " in the server log:\n" + log);
        }
        assertEquals("PostgreSQL 18.4", server.sql("postgres", PASSWORD, "SELECT split_part(version(), ' on ', 1)"));
    }

    @Test
    void everyShippedSettingReadsBackWithShow() {
        Map<String, String> settings = shippedSettings();
        assertTrue(settings.size() >= 10, settings.toString());
        List<String> wrong = new ArrayList<>();
        settings.forEach((key, value) -> {
            String expected = key.equals("port") ? Integer.toString(server.port()) : value;
            // Brackets keep leading and trailing spaces that psql's output would not show.
            String shown = server.sql("postgres", PASSWORD, "SELECT '[' || current_setting('" + key + "') || ']'");
            String actual = shown.substring(1, shown.length() - 1);
            if (!expected.equals(actual)) {
                wrong.add(key + ": set '" + value + "', SHOW gives '" + actual + "'");
            }
        });
        assertEquals(List.of(), wrong);
        // Each comes from the ConfigMap's file, not a default that happens to match; only port is
        // overridden (on the command line), so only its file entry is not applied.
        assertEquals("/etc/postgresql/postgresql.conf", server.sql("postgres", PASSWORD, "SHOW config_file"));
        assertEquals("/etc/postgresql/pg_hba.conf", server.sql("postgres", PASSWORD, "SHOW hba_file"));
        assertEquals("/etc/postgresql/pg_ident.conf", server.sql("postgres", PASSWORD, "SHOW ident_file"));
        assertEquals("", server.sql("postgres", PASSWORD, "SELECT coalesce(string_agg(sourcefile || ' ' || name || ': '"
                + " || coalesce(error, 'not applied'), '; '), '') FROM pg_file_settings"
                + " WHERE name <> 'port' AND (error IS NOT NULL OR NOT applied)"));
        assertEquals("/var/lib/postgresql/data", server.sql("postgres", PASSWORD, "SHOW data_directory"));
    }

    @Test
    void everyProbeCommandOfTheServerExitsZero() {
        // The sidecar's probes need it running: PasswordRotationTest runs them.
        List<String> probes = List.of("startupProbe", "readinessProbe", "livenessProbe");
        for (String probe : probes) {
            PostgresServer.Result r = server.probe(Postgres18Server.SERVER_CONTAINER, probe);
            assertEquals(0, r.exitCode(), probe + ": " + r.output());
        }
    }

    @Test
    void scramLoginOverTcpWithTheSecretsPassword() {
        // The Secret's value ends in a line break; like the image, the password is the value without it.
        assertEquals("postgres", server.sql("postgres", PASSWORD, "SELECT current_user"));
        assertEquals("SCRAM-SHA-256", server.sql("postgres", PASSWORD,
                "SELECT split_part(rolpassword, '$', 1) FROM pg_authid WHERE rolname = 'postgres'"));
    }

    @Test
    void wrongAndEmptyPasswordsAreRefused() {
        for (String wrong : List.of(PASSWORD + "x", PASSWORD.substring(1), PASSWORD.toUpperCase(), "")) {
            PostgresServer.Result r = server.psql("postgres", wrong, "postgres", "SELECT 1");
            assertNotEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("password authentication failed for user \"postgres\"")
                    || r.output().contains("no password supplied"), r.output());
        }
        PostgresServer.Result none = server.psql("postgres", null, "postgres", "SELECT 1");
        assertNotEquals(0, none.exitCode(), none.output());
        assertTrue(none.output().contains("no password supplied"), none.output());
    }

    @Test
    void aClientThatOffersOnlyMd5IsRefused() {
        // The server asks for SASL with SCRAM only, never MD5 (5) or cleartext (3); an MD5 answer is refused.
        ScramOnlyProbe.Outcome outcome = ScramOnlyProbe.offerMd5("127.0.0.1", server.port(), "postgres", PASSWORD);
        assertEquals(10, outcome.authRequest(), outcome.toString());
        assertEquals(List.of("SCRAM-SHA-256"), outcome.mechanisms());
        assertEquals('E', outcome.reply(), outcome.toString());
        // A role whose stored password is an MD5 hash cannot log in at all, even with the right password.
        server.sql("postgres", PASSWORD, "SET password_encryption = 'md5'; CREATE ROLE legacy LOGIN PASSWORD 'legacy-password-123'");
        try {
            PostgresServer.Result r = server.psql("legacy", "legacy-password-123", "postgres", "SELECT 1");
            assertNotEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("password authentication failed for user \"legacy\""), r.output());
        } finally {
            server.sql("postgres", PASSWORD, "DROP ROLE legacy");
        }
    }

    @Test
    void noTrustIsReachableOverTheNetwork() {
        // The rules in force (the ConfigMap's pg_hba.conf, not the trust lines initdb left in PGDATA).
        String rules = server.sql("postgres", PASSWORD,
                "SELECT string_agg(type || ' ' || array_to_string(user_name, ',') || ' ' || auth_method, '; ' ORDER BY rule_number)"
                        + " FROM pg_hba_file_rules WHERE error IS NULL");
        assertEquals("local postgres peer; local all scram-sha-256; host all scram-sha-256; host all scram-sha-256", rules);
        assertEquals("0", server.sql("postgres", PASSWORD, "SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL"));
        // Every role, including one without a password, needs one over TCP.
        server.sql("postgres", PASSWORD, "CREATE ROLE nopass LOGIN");
        try {
            PostgresServer.Result r = server.psql("nopass", null, "postgres", "SELECT 1");
            assertNotEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("no password supplied"), r.output());
            PostgresServer.Result guess = server.psql("nopass", "anything", "postgres", "SELECT 1");
            assertNotEquals(0, guess.exitCode(), guess.output());
        } finally {
            server.sql("postgres", PASSWORD, "DROP ROLE nopass");
        }
    }

    /** key = value of the shipped postgresql.conf, values unquoted the way the file's parser does. */
    static Map<String, String> shippedSettings() {
        String conf = shipped.get("ConfigMap", "postgresql-config").at("data").map().get("postgresql.conf").toString();
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : conf.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList()) {
            String key = line.substring(0, line.indexOf(" = "));
            String quoted = line.substring(line.indexOf(" = ") + 3);
            assertTrue(quoted.startsWith("'") && quoted.endsWith("'"), line);
            out.put(key, quoted.substring(1, quoted.length() - 1).replace("''", "'").replace("\\\\", "\\"));
        }
        return out;
    }
}
