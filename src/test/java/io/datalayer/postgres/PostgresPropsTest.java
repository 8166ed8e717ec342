package io.datalayer.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresPropsTest {
    private static String error(PostgresProps.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    @Test
    void defaultsAreDocumentedValues() {
        PostgresProps p = PostgresProps.defaults();
        assertEquals("postgresql", p.name());
        assertEquals("data", p.namespace());
        assertEquals("postgres:18.1", p.image());
        assertEquals(999, p.uid());
        assertEquals("postgres", p.superuser());
        assertEquals("postgresql-superuser", p.superuserSecretName());
        assertEquals("password", p.superuserPasswordKey());
        assertEquals(5432, p.port());
        assertEquals("10Gi", p.storageSize());
        assertEquals("local-path", p.storageClass());
        assertEquals("ReadWriteOnce", p.accessMode());
        assertEquals(120, p.terminationGracePeriodSeconds());
        assertEquals("platform", p.vaultNamespace());
        assertEquals(Map.of("app.kubernetes.io/name", "vault", "component", "server"), p.vaultPodSelector());
        assertEquals(10, p.passwordSyncIntervalSeconds());
        assertEquals(Map.of(), p.parameters());
    }

    @Test
    void storageSizeMustBeAQuantity() {
        assertEquals("PostgresProps.storageSize \"10GB\" is not a Kubernetes quantity; use 10Gi",
                error(PostgresProps.builder().storageSize("10GB")));
    }

    @Test
    void imageMustBePinned() {
        assertEquals("PostgresProps.image \"postgres:18\" is not pinned to an exact version; pin an exact version"
                + " (major.minor, e.g. postgres:18.1) or a digest", error(PostgresProps.builder().image("postgres:18")));
    }

    @Test
    void nameMustBeADnsLabel() {
        assertEquals("PostgresProps.name \"Business_DB\" is not a valid Kubernetes name; use at most 63 lowercase"
                + " letters, digits and '-', starting and ending with a letter or digit",
                error(PostgresProps.builder().name("Business_DB")));
    }

    @Test
    void portMustBeATcpPort() {
        assertEquals("PostgresProps.port 99999 is not a TCP port; use 1 to 65535", error(PostgresProps.builder().port(99999)));
    }

    @Test
    void accessModeMustSuitADatabase() {
        assertEquals("PostgresProps.accessMode \"ReadOnlyMany\" is not a volume access mode for a database; use"
                + " ReadWriteOnce or ReadWriteOncePod", error(PostgresProps.builder().accessMode("ReadOnlyMany")));
    }

    @Test
    void superuserMustBeAPlainRoleName() {
        assertEquals("PostgresProps.superuser \"Admin\" is not a plain PostgreSQL role name; use lowercase letters,"
                + " digits and '_', starting with a letter or '_'", error(PostgresProps.builder().superuser("Admin")));
    }

    @Test
    void secretKeyMustBeASecretKey() {
        assertEquals("PostgresProps.superuserPasswordKey \"pass word\" is not a Secret key; use letters, digits, '-',"
                + " '_' and '.'", error(PostgresProps.builder().superuserPasswordKey("pass word")));
    }

    @Test
    void gracePeriodLeavesTimeForAFastShutdown() {
        assertEquals("PostgresProps.terminationGracePeriodSeconds 5 is below the minimum; use 30 or more",
                error(PostgresProps.builder().terminationGracePeriodSeconds(5)));
    }

    @Test
    void vaultPodSelectorMustSelectSomething() {
        assertEquals("PostgresProps.vaultPodSelector is empty, which would select every pod; set at least one label",
                error(PostgresProps.builder().vaultPodSelector(Map.of())));
        assertEquals("PostgresProps.vaultPodSelector key \"-vault\" is not a label key; use [prefix/]name, the name at most"
                + " 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
                error(PostgresProps.builder().vaultPodSelector(Map.of("-vault", "x"))));
        assertEquals("PostgresProps.vaultPodSelector value \"vault server\" of \"app\" is not a label value; use at most 63"
                + " letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
                error(PostgresProps.builder().vaultPodSelector(Map.of("app", "vault server"))));
        assertEquals("PostgresProps.passwordSyncIntervalSeconds 0 is below the minimum; use 1 or more",
                error(PostgresProps.builder().passwordSyncIntervalSeconds(0)));
        assertEquals("PostgresProps.parameters key \"ident_file\" is set by the construct; change the matching prop instead"
                + " of overriding it", error(PostgresProps.builder().parameters(Map.of("ident_file", "/tmp/x"))));
    }

    @Test
    void parametersMayNotOverrideDerivedSettings() {
        assertEquals("PostgresProps.parameters key \"port\" is set by the construct; change the matching prop instead"
                + " of overriding it", error(PostgresProps.builder().parameters(Map.of("port", "5433"))));
        assertEquals("PostgresProps.parameters key \"Max Connections\" is not a postgresql.conf setting name; use"
                + " lowercase letters, digits, '_' and '.'",
                error(PostgresProps.builder().parameters(Map.of("Max Connections", "10"))));
        assertEquals("PostgresProps.parameters value of \"work_mem\" contains a line break, which postgresql.conf"
                + " cannot hold; use a single-line value",
                error(PostgresProps.builder().parameters(Map.of("work_mem", "4MB\nhba_file = '/tmp/x'"))));
    }
}
