package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.secrets.SecretRequirement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings of PostgreSQL's exporter: its role, the role's secret and the image. */
class PostgresMonitoringTest {
    private static final String ROLE_RULE = " is not a plain role name; use at most 63 lowercase letters, digits"
            + " and '_', not starting with a digit or pg_";

    private static String role(String role) {
        return assertThrows(IllegalArgumentException.class, () -> new PostgresMonitoring(role, null, null)).getMessage();
    }

    private static String image(String image) {
        return assertThrows(IllegalArgumentException.class, () -> new PostgresMonitoring(null, null, image)).getMessage();
    }

    @Test
    void defaultsAreDocumentedValues() {
        PostgresMonitoring m = PostgresMonitoring.defaults();
        assertEquals("monitoring", m.role());
        assertEquals(PostgresMonitoring.SECRET, m.secret());
        assertEquals("secret/data/postgres-monitoring", m.secret().apiPath());
        assertEquals(List.of("password"), m.secret().keys());
        assertEquals(16, m.secret().minLength());
        assertEquals("password", m.secretKey());
        assertEquals(PostgresMonitoring.EXPORTER_IMAGE, m.exporterImage());
        assertEquals("quay.io/prometheuscommunity/postgres-exporter:v0.17.1", m.exporterImage());
        assertEquals(m, new PostgresMonitoring(null, null, null));
    }

    @Test
    void setValuesAreKept() {
        SecretRequirement secret = SecretRequirement.of("pg-exporter", "pass");
        PostgresMonitoring m = new PostgresMonitoring("_exporter_1", secret,
                "quay.io/prometheuscommunity/postgres-exporter:v0.18.0");
        assertEquals("_exporter_1", m.role());
        assertEquals(secret, m.secret());
        assertEquals("pass", m.secretKey());
        assertEquals("quay.io/prometheuscommunity/postgres-exporter:v0.18.0", m.exporterImage());
    }

    @Test
    void roleOf63CharactersIsAccepted() {
        assertEquals("r".repeat(63), new PostgresMonitoring("r".repeat(63), null, null).role());
    }

    @Test
    void roleMustBeLowercase() {
        assertEquals("PostgresMonitoring.role \"Monitoring\"" + ROLE_RULE, role("Monitoring"));
    }

    @Test
    void roleMustNotStartWithADigit() {
        assertEquals("PostgresMonitoring.role \"1monitoring\"" + ROLE_RULE, role("1monitoring"));
    }

    @Test
    void roleMustNotBeAPredefinedRole() {
        assertEquals("PostgresMonitoring.role \"pg_monitor\"" + ROLE_RULE, role("pg_monitor"));
    }

    @Test
    void roleMustNotNeedQuoting() {
        assertEquals("PostgresMonitoring.role \"mon-itoring\"" + ROLE_RULE, role("mon-itoring"));
        assertEquals("PostgresMonitoring.role \"\"" + ROLE_RULE, role(""));
    }

    @Test
    void roleHasAtMost63Characters() {
        assertEquals("PostgresMonitoring.role \"" + "r".repeat(64) + "\"" + ROLE_RULE, role("r".repeat(64)));
    }

    @Test
    void secretDeclaresExactlyOneKey() {
        assertEquals("PostgresMonitoring.secret secret/data/postgres-monitoring declares keys [user, password]; declare"
                + " exactly one, the monitoring role's password", assertThrows(IllegalArgumentException.class,
                        () -> new PostgresMonitoring(null, SecretRequirement.of("postgres-monitoring", "user", "password"),
                                null)).getMessage());
    }

    @Test
    void exporterImageMustNotUseLatest() {
        assertEquals("PostgresMonitoring.exporterImage \"quay.io/prometheuscommunity/postgres-exporter:latest\" uses the"
                + " moving tag latest; pin an exact version (major.minor, e.g."
                + " quay.io/prometheuscommunity/postgres-exporter:1.2) or a digest",
                image("quay.io/prometheuscommunity/postgres-exporter:latest"));
    }

    @Test
    void exporterImageMustHaveATag() {
        assertEquals("PostgresMonitoring.exporterImage \"quay.io/prometheuscommunity/postgres-exporter\" has no tag; pin"
                + " an exact version (major.minor, e.g. quay.io/prometheuscommunity/postgres-exporter:1.2) or a digest",
                image("quay.io/prometheuscommunity/postgres-exporter"));
    }

    @Test
    void exporterImageMustBeAnExactVersion() {
        assertEquals("PostgresMonitoring.exporterImage \"quay.io/prometheuscommunity/postgres-exporter:v0\" is not"
                + " pinned to an exact version; pin an exact version (major.minor, e.g."
                + " quay.io/prometheuscommunity/postgres-exporter:1.2) or a digest",
                image("quay.io/prometheuscommunity/postgres-exporter:v0"));
    }

    @Test
    void exporterImageMayBeADigest() {
        String pinned = "quay.io/prometheuscommunity/postgres-exporter@sha256:" + "a".repeat(64);
        assertEquals(pinned, new PostgresMonitoring(null, null, pinned).exporterImage());
    }

    @Test
    void exporterImageMustNotBeEmpty() {
        assertEquals("PostgresMonitoring.exporterImage is empty; set a value", image(" "));
    }
}
