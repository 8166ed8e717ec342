package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.monitoring.MonitoringProps;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.Postgres18Server;
import io.datalayer.testing.PostgresServer;
import io.datalayer.testing.ProcScan;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The exporter's least-privilege role on PostgreSQL 18.4, run as the synthesized StatefulSet runs
 * it: the password-sync sidecar (script from its ConfigMap, its env and mounts) creates the role
 * from the monitoring Secret, the exporter logs in over TCP with the password its own Deployment
 * mounts, reads the statistics views it needs, and can neither read table data nor write. The
 * server logs every statement.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringRoleTest {
    private static final String SUPERUSER = password("S");
    private static final String M1 = password("M1");
    private static final String M2 = password("M2");
    private static final String SECRET = "postgresql-monitoring";
    private static Postgres18Server server;
    private static Manifests manifests;

    @BeforeAll
    static void start() {
        MonitoringProps monitoring = MonitoringProps.on();
        manifests = Manifests.of(chart -> {
            PostgresProps props = Environments.prod().store(PostgresStore.class).server().toBuilder().parameters(Map.of("log_statement", "all"))
                    .passwordSyncIntervalSeconds(1).build();
            Postgres postgres = new Postgres(chart, "postgresql", props, MonitoringRole.of(PostgresMonitoring.defaults(), props));
            new PostgresExporter(chart, "exporter", postgres, monitoring, PostgresMonitoring.EXPORTER_IMAGE);
        });
        server = Postgres18Server.start(manifests, "postgresql", SUPERUSER, Map.of(SECRET, M1));
        server.start(PasswordSync.CONTAINER, server.commandOf(PasswordSync.CONTAINER), server.portOverride(PasswordSync.CONTAINER));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void theExporterReadsTheSameSecretTheSidecarApplies() {
        Node exporter = manifests.get("Deployment", "postgresql-exporter").at("spec.template.spec");
        Map<String, String> env = new LinkedHashMap<>();
        for (Object e : exporter.at("containers[0].env").list()) {
            Map<?, ?> var = (Map<?, ?>) e;
            env.put((String) var.get("name"), (String) var.get("value"));
        }
        assertEquals(Map.of("DATA_SOURCE_URI", "postgresql.data.svc.cluster.local:5432/postgres?sslmode=disable",
                "DATA_SOURCE_USER", "monitoring", "DATA_SOURCE_PASS_FILE", "/etc/postgresql-monitoring/password"), env);
        assertEquals(SECRET, exporter.at("volumes[0].secret.secretName").string());
        assertEquals("/etc/postgresql-monitoring", exporter.at("containers[0].volumeMounts[0].mountPath").string());
        assertEquals("true", manifests.get("Deployment", "postgresql-exporter").at("spec.template.metadata.labels")
                .map().get(Postgres.CLIENT_LABEL), "the exporter's pods are the server's clients");
    }

    @Test
    @Order(2)
    void theRoleIsCreatedWithPgMonitorOnlyAndReadsTheStatisticsViews() {
        awaitLogin(M1);
        assertEquals("f|f|f|f|f|t|5", sql("SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin,"
                + " rolconnlimit FROM pg_roles WHERE rolname = 'monitoring'"));
        assertEquals("pg_monitor", sql("SELECT string_agg(b.rolname, ',') FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid"
                + " WHERE m.member = 'monitoring'::regrole"));

        sql("CREATE TABLE IF NOT EXISTS customer_secrets (id int, card text); INSERT INTO customer_secrets VALUES (1, '4111-1111')");
        // What postgres_exporter's default collectors read.
        for (String view : List.of("pg_stat_database", "pg_stat_bgwriter", "pg_stat_checkpointer", "pg_stat_archiver",
                "pg_stat_replication", "pg_replication_slots", "pg_stat_user_tables", "pg_statio_user_tables", "pg_locks",
                "pg_settings", "pg_stat_wal")) {
            PostgresServer.Result r = asMonitoring(M1, "SELECT count(*) >= 0 FROM " + view);
            assertEquals(0, r.exitCode(), view + ": " + r.output());
            assertEquals("t", r.output().strip(), view);
        }
        // pg_read_all_stats: other roles' sessions with their query text, database sizes.
        PostgresServer.Result activity = asMonitoring(M1, "SELECT count(*) FROM pg_stat_activity WHERE usename = 'postgres'"
                + " AND query <> '<insufficient privilege>'");
        assertEquals(0, activity.exitCode(), activity.output());
        assertEquals("t", asMonitoring(M1, "SELECT pg_database_size('postgres') > 0").output().strip());
        // The statistics of the table, but not its rows.
        assertEquals("1", asMonitoring(M1, "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'customer_secrets'")
                .output().strip());
        assertDenied(asMonitoring(M1, "SELECT * FROM customer_secrets"), "permission denied for table customer_secrets");
        assertDenied(asMonitoring(M1, "INSERT INTO customer_secrets VALUES (2, 'x')"), "cannot execute INSERT in a read-only transaction");
        assertDenied(asMonitoring(M1, "BEGIN READ WRITE; INSERT INTO customer_secrets VALUES (2, 'x'); COMMIT"),
                "permission denied for table customer_secrets");
        assertDenied(asMonitoring(M1, "BEGIN READ WRITE; CREATE TABLE mine (x int); COMMIT"),
                "permission denied for schema public");
        assertDenied(asMonitoring(M1, "SET ROLE postgres"), "permission denied to set role \"postgres\"");
        assertDenied(asMonitoring(M1, "SELECT pg_read_file('postgresql.conf')"), "permission denied for function pg_read_file");
        assertEquals("1", sql("SELECT count(*) FROM customer_secrets"), "the monitoring role wrote nothing");
    }

    @Test
    @Order(3)
    void aRotationConvergesTheRoleAndRefusedValuesLeaveItAsItWas() {
        awaitLogin(M1);
        // Someone widened the role by hand: the next rotation takes it back to pg_monitor only.
        sql("ALTER ROLE monitoring SUPERUSER CREATEDB; GRANT pg_read_all_data TO monitoring");
        // M2: no process's command line or environment may hold it while the sidecar applies it.
        ProcScan scan = ProcScan.start(M2);
        server.rotateSecret(SECRET, M2);
        awaitLogin(M2);
        scan.stop();
        assertEquals(List.of(), scan.findings(), "the new monitoring password was visible in /proc");
        assertTrue(scan.rounds() > 5, "the /proc scan hardly ran: " + scan.rounds());
        assertRefused(M1);
        assertEquals("f|f", sql("SELECT rolsuper, rolcreatedb FROM pg_roles WHERE rolname = 'monitoring'"));
        assertEquals("pg_monitor", sql("SELECT string_agg(b.rolname, ',') FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid"
                + " WHERE m.member = 'monitoring'::regrole"));
        assertDenied(asMonitoring(M2, "SELECT * FROM customer_secrets"), "permission denied for table customer_secrets");

        server.rotateSecret(SECRET, "too-short");
        awaitLog("has 9 characters, fewer than 16; the password of role monitoring stays as it was");
        server.rotateSecret(SECRET, "");
        awaitLog("/etc/postgresql-monitoring/password is empty; the password of role monitoring stays as it was");
        assertEquals(0, asMonitoring(M2, "SELECT 1").exitCode(), "M2 still logs in");
        // The superuser's own rotation is untouched by all of this.
        assertEquals("postgres", server.sql("postgres", SUPERUSER, "SELECT current_user"));

        String log = server.log();
        for (String secret : List.of(SUPERUSER, M1, M2, "too-short")) {
            assertFalse(log.contains(secret), "a password value is in the server or sidecar log");
        }
        assertFalse(log.contains("SCRAM-SHA-256$"), "a SCRAM verifier is in the server log");
        assertFalse(log.contains("PASSWORD"), "an ALTER ROLE ... PASSWORD statement is in the server log");
    }

    private static String sql(String sql) {
        return server.sql("postgres", SUPERUSER, sql);
    }

    private static PostgresServer.Result asMonitoring(String password, String sql) {
        return server.psql("monitoring", password, "postgres", sql);
    }

    private static void assertDenied(PostgresServer.Result r, String message) {
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains(message), r.output());
    }

    private static void assertRefused(String password) {
        PostgresServer.Result r = asMonitoring(password, "SELECT 1");
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("password authentication failed for user \"monitoring\""), r.output());
    }

    private static void awaitLogin(String password) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (asMonitoring(password, "SELECT 1").exitCode() == 0) {
                return;
            }
            sleep();
        }
        throw new AssertionError("the monitoring role never logged in; log:\n" + tail(server.log()));
    }

    private static void awaitLog(String line) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (server.log().contains(line)) {
                return;
            }
            sleep();
        }
        throw new AssertionError("no log line \"" + line + "\"; log:\n" + tail(server.log()));
    }

    private static String tail(String log) {
        return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Random hex with a tag and the characters a shell or SQL would trip on. */
    private static String password(String tag) {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return tag + "-" + HexFormat.of().formatHex(bytes) + " $'\"\\;`";
    }
}
