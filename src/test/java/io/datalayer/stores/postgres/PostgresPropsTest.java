package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.app.Environments;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresPropsTest {
    private static String error(PostgresProps.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    @Test
    void defaultsAreDocumentedValues() {
        PostgresProps p = PostgresProps.builder().storage(Storage.of("1Gi", "local-path"))
                .resources(new Resources("1", "1Gi", "1", "1Gi")).build();
        assertEquals("postgresql", p.name());
        assertEquals("postgres:18.4", p.image());
        assertEquals(999, p.uid());
        assertEquals("postgres", p.superuser());
        assertEquals("postgresql-superuser", p.superuserSecretName());
        assertEquals("password", p.superuserPasswordKey());
        assertEquals(5432, p.port());
        assertEquals(120, p.terminationGracePeriodSeconds());
        assertEquals("platform", p.vaultNamespace());
        assertEquals(Map.of("app.kubernetes.io/name", "vault", "component", "server"), p.vaultPodSelector());
        assertEquals(10, p.passwordSyncIntervalSeconds());
        assertEquals(Map.of(), p.parameters());
    }

    @Test
    void storageSizeMustBeAQuantity() {
        assertEquals("PostgresProps.storage.size \"10GB\" is not a Kubernetes quantity; use 10Gi",
                error(Environments.prod().store(PostgresStore.class).server().toBuilder().storage(Storage.of("10GB", "local-path"))));
    }

    @Test
    void productionChoicesHaveNoDefault() {
        assertEquals("PostgresProps.storage is not set; give size, storage class and access mode (the environment sets"
                + " them, see Environments)", error(PostgresProps.builder()));
        assertEquals("PostgresProps.resources is not set; give CPU and memory requests and limits (the environment sets"
                + " them, see Environments)", error(PostgresProps.builder().storage(Storage.of("1Gi", "local-path"))));
    }

    @Test
    void imageMustBePinned() {
        assertEquals("PostgresProps.image \"postgres:18\" is not pinned to an exact version; pin an exact version"
                + " (major.minor, e.g. postgres:18.1) or a digest", error(Environments.prod().store(PostgresStore.class).server().toBuilder().image("postgres:18")));
    }

    @Test
    void nameMustBeADnsLabel() {
        assertEquals("PostgresProps.name \"Business_DB\" is not a valid Kubernetes name; use at most 63 lowercase"
                + " letters, digits and '-', starting and ending with a letter or digit",
                error(Environments.prod().store(PostgresStore.class).server().toBuilder().name("Business_DB")));
    }

    @Test
    void portMustBeATcpPort() {
        assertEquals("PostgresProps.port 99999 is not a TCP port; use 1 to 65535", error(Environments.prod().store(PostgresStore.class).server().toBuilder().port(99999)));
    }

    @Test
    void accessModeMustSuitADatabase() {
        assertEquals("PostgresProps.storage.accessMode \"ReadOnlyMany\" is not a volume access mode; use"
                + " ReadWriteOnce or ReadWriteOncePod", error(Environments.prod().store(PostgresStore.class).server().toBuilder()
                        .storage(Storage.of("1Gi", "local-path").withAccessMode("ReadOnlyMany"))));
        assertEquals("PostgresProps.storage.accessMode \"ReadWriteMany\" is not a volume access mode for a database;"
                + " use ReadWriteOnce or ReadWriteOncePod", error(Environments.prod().store(PostgresStore.class).server().toBuilder()
                        .storage(Storage.of("1Gi", "local-path").withAccessMode("ReadWriteMany"))));
    }

    @Test
    void superuserMustBeAPlainRoleName() {
        assertEquals("PostgresProps.superuser \"Admin\" is not a plain PostgreSQL role name; use lowercase letters,"
                + " digits and '_', starting with a letter or '_'", error(Environments.prod().store(PostgresStore.class).server().toBuilder().superuser("Admin")));
    }

    @Test
    void secretKeyMustBeASecretKey() {
        assertEquals("PostgresProps.superuserPasswordKey \"pass word\" is not a Secret key; use letters, digits, '-',"
                + " '_' and '.'", error(Environments.prod().store(PostgresStore.class).server().toBuilder().superuserPasswordKey("pass word")));
    }

    @Test
    void gracePeriodLeavesTimeForAFastShutdown() {
        assertEquals("PostgresProps.terminationGracePeriodSeconds 5 is below the minimum; use 30 or more",
                error(Environments.prod().store(PostgresStore.class).server().toBuilder().terminationGracePeriodSeconds(5)));
    }

    @Test
    void vaultPodSelectorMustSelectSomething() {
        assertEquals("PostgresProps.vaultPodSelector is empty, which would select every pod; set at least one label",
                error(Environments.prod().store(PostgresStore.class).server().toBuilder().vaultPodSelector(Map.of())));
        assertEquals("PostgresProps.vaultPodSelector key \"-vault\" is not a label key; use [prefix/]name, the name at most"
                + " 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
                error(Environments.prod().store(PostgresStore.class).server().toBuilder().vaultPodSelector(Map.of("-vault", "x"))));
        assertEquals("PostgresProps.vaultPodSelector value \"vault server\" of \"app\" is not a label value; use at most 63"
                + " letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
                error(Environments.prod().store(PostgresStore.class).server().toBuilder().vaultPodSelector(Map.of("app", "vault server"))));
        assertEquals("PostgresProps.passwordSyncIntervalSeconds 0 is below the minimum; use 1 or more",
                error(Environments.prod().store(PostgresStore.class).server().toBuilder().passwordSyncIntervalSeconds(0)));
        assertEquals("PostgresProps.parameters key \"ident_file\" is set by the construct; change the matching prop instead"
                + " of overriding it", error(Environments.prod().store(PostgresStore.class).server().toBuilder().parameters(Map.of("ident_file", "/tmp/x"))));
    }

    @Test
    void parametersMayNotOverrideDerivedSettings() {
        assertEquals("PostgresProps.parameters key \"port\" is set by the construct; change the matching prop instead"
                + " of overriding it", error(Environments.prod().store(PostgresStore.class).server().toBuilder().parameters(Map.of("port", "5433"))));
        assertEquals("PostgresProps.parameters key \"Max Connections\" is not a postgresql.conf setting name; use"
                + " lowercase letters, digits, '_' and '.'",
                error(Environments.prod().store(PostgresStore.class).server().toBuilder().parameters(Map.of("Max Connections", "10"))));
        assertEquals("PostgresProps.parameters value of \"work_mem\" contains a line break, which postgresql.conf"
                + " cannot hold; use a single-line value",
                error(Environments.prod().store(PostgresStore.class).server().toBuilder().parameters(Map.of("work_mem", "4MB\nhba_file = '/tmp/x'"))));
    }
}
