package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.backup.BackupSettings;
import io.datalayer.backup.RestoreSettings;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.secrets.SecretRequirement;
import io.datalayer.stores.Store;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PostgreSQL as a store: its defaults, what only the whole store can check, and its part of the Store contract. */
class PostgresStoreTest {
    private static final Resources RESOURCES = new Resources("1", "1Gi", "1", "1Gi");
    private static final PostgresProps SERVER = PostgresProps.builder().storage(Storage.of("1Gi", "local-path"))
            .resources(RESOURCES).build();
    private static final BackupSettings BACKUP = PostgresStore.backupSettings().retention(7)
            .storage(Storage.of("2Gi", "local-path")).resources(RESOURCES).build();
    private static final RestoreSettings RESTORE = PostgresStore.restoreSettings().resources(RESOURCES).build();

    private static PostgresStore.Builder store() {
        return PostgresStore.builder().server(SERVER).backup(BACKUP).restore(RESTORE);
    }

    private static String error(PostgresStore.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    // --- defaults ---------------------------------------------------------------------------

    @Test
    void defaultsAreDocumentedValues() {
        PostgresStore p = store().build();
        assertEquals(PostgresStore.SUPERUSER_SECRET, p.superuserSecret());
        assertEquals(List.of(), p.backupDatabases());
        assertEquals(false, p.restoreTerminateClients());
        assertEquals(PostgresMonitoring.defaults(), p.monitoring());
        assertEquals(SERVER, p.server());
        assertEquals(BACKUP, p.backup());
        assertEquals(RESTORE, p.restore());
    }

    @Test
    void superuserSecretIsWhatL2Writes() {
        assertEquals("secret/data/postgres", PostgresStore.SUPERUSER_SECRET.apiPath());
        assertEquals(List.of("password"), PostgresStore.SUPERUSER_SECRET.keys());
        assertEquals(16, PostgresStore.SUPERUSER_SECRET.minLength());
    }

    @Test
    void ofTakesEveryDefault() {
        assertEquals(store().build(), PostgresStore.of(SERVER, BACKUP, RESTORE));
    }

    @Test
    void setValuesAreKept() {
        SecretRequirement superuser = SecretRequirement.of("pg-admin", "pw").withMinLength(20);
        PostgresMonitoring monitoring = new PostgresMonitoring("exporter", null, null);
        PostgresStore p = store().server(SERVER.toBuilder().superuserPasswordKey("pw").build())
                .superuserSecret(superuser).backupDatabases(List.of("shop", "billing")).restoreTerminateClients(true)
                .monitoring(monitoring).build();
        assertEquals(superuser, p.superuserSecret());
        assertEquals(List.of("shop", "billing"), p.backupDatabases());
        assertEquals(true, p.restoreTerminateClients());
        assertEquals(monitoring, p.monitoring());
    }

    @Test
    void backupDatabasesAreCopied() {
        List<String> dbs = new ArrayList<>(List.of("shop"));
        PostgresStore p = store().backupDatabases(dbs).build();
        dbs.add("other");
        assertEquals(List.of("shop"), p.backupDatabases());
        assertThrows(UnsupportedOperationException.class, () -> p.backupDatabases().add("other"));
    }

    // --- the Store contract -------------------------------------------------------------------

    @Test
    void isAStoreNamedPostgresql() {
        PostgresStore p = store().build();
        assertInstanceOf(Store.class, p);
        assertEquals("postgresql", p.name());
        assertEquals(PostgresStore.NAME, p.name());
    }

    @Test
    void docsPageIsNamedAfterTheStore() {
        assertEquals("docs/stores/postgresql.md", store().build().docsPage());
    }

    @Test
    void rulesAreItsSettingsRule() {
        assertEquals(List.of(PostgresSettings.CHECK), store().build().rules());
    }

    // --- toBuilder ----------------------------------------------------------------------------

    @Test
    void toBuilderRoundTrips() {
        PostgresStore p = store().build();
        assertEquals(p, p.toBuilder().build());
        PostgresStore everything = store().server(SERVER.toBuilder().superuserPasswordKey("pw").build())
                .superuserSecret(SecretRequirement.of("pg-admin", "pw")).backupDatabases(List.of("shop"))
                .restoreTerminateClients(true).monitoring(new PostgresMonitoring("exporter", null, null)).build();
        assertEquals(everything, everything.toBuilder().build());
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet() {
        PostgresStore p = store().build();
        PostgresStore q = p.toBuilder().restoreTerminateClients(true).build();
        assertEquals(true, q.restoreTerminateClients());
        assertEquals(p, q.toBuilder().restoreTerminateClients(false).build());
    }

    // --- required parts -----------------------------------------------------------------------

    @Test
    void serverIsRequired() {
        assertEquals("PostgresStore.server is not set; give the PostgresProps of the environment",
                error(store().server(null)));
    }

    @Test
    void backupIsRequired() {
        assertEquals("PostgresStore.backup is not set; start from PostgresStore.backupSettings()",
                error(store().backup(null)));
    }

    @Test
    void restoreIsRequired() {
        assertEquals("PostgresStore.restore is not set; start from PostgresStore.restoreSettings()",
                error(store().restore(null)));
    }

    // --- the superuser's secret ---------------------------------------------------------------

    @Test
    void superuserPasswordKeyMustBeCopiedByTheExternalSecret() {
        assertEquals("PostgresProps.superuserPasswordKey \"pw\" is not among the keys [password] of the Vault secret"
                + " secret/data/postgres; the ExternalSecret copies those keys, so use one of them",
                error(store().server(SERVER.toBuilder().superuserPasswordKey("pw").build())));
    }

    @Test
    void superuserPasswordKeyIsCheckedAgainstAGivenSecret() {
        assertEquals("PostgresProps.superuserPasswordKey \"password\" is not among the keys [pw, user] of the Vault"
                + " secret secret/data/pg-admin; the ExternalSecret copies those keys, so use one of them",
                error(store().superuserSecret(SecretRequirement.of("pg-admin", "pw", "user"))));
        assertEquals("pw", store().server(SERVER.toBuilder().superuserPasswordKey("pw").build())
                .superuserSecret(SecretRequirement.of("pg-admin", "pw", "user")).build().server().superuserPasswordKey());
    }

    @Test
    void monitoringSecretMustNotBeTheSuperusers() {
        assertEquals("PostgresMonitoring.secret is secret/data/postgres, the superuser's secret; give the monitoring"
                + " role a Vault path of its own, so the exporter's Secret never holds the superuser password",
                error(store().monitoring(new PostgresMonitoring(null, SecretRequirement.of("postgres", "password"), null))));
    }

    @Test
    void monitoringSecretMustNotShareThePathEvenWithAnotherKey() {
        // A Vault policy grants the whole path, so another key of it is no protection.
        assertEquals("PostgresMonitoring.secret is secret/data/postgres, the superuser's secret; give the monitoring"
                + " role a Vault path of its own, so the exporter's Secret never holds the superuser password",
                error(store().monitoring(new PostgresMonitoring(null,
                        SecretRequirement.of("postgres", "monitoring-password"), null))));
    }

    @Test
    void monitoringSecretIsComparedWithAGivenSuperuserSecret() {
        assertEquals("PostgresMonitoring.secret is secret/data/pg-admin, the superuser's secret; give the monitoring"
                + " role a Vault path of its own, so the exporter's Secret never holds the superuser password",
                error(store().superuserSecret(SecretRequirement.of("pg-admin", "password"))
                        .monitoring(new PostgresMonitoring(null, SecretRequirement.of("pg-admin", "password"), null))));
        // With the superuser elsewhere, the monitoring role may use the path the superuser had by default.
        PostgresStore p = store().superuserSecret(SecretRequirement.of("pg-admin", "password"))
                .monitoring(new PostgresMonitoring(null, SecretRequirement.of("postgres", "password"), null)).build();
        assertEquals("secret/data/postgres", p.monitoring().secret().apiPath());
    }

    // --- backupDatabases ----------------------------------------------------------------------

    @Test
    void listedDatabaseNamesMustSurviveASpaceSeparatedList() {
        assertEquals("PostgresStore.backupDatabases entry \"my db\" cannot be listed; use at most 63 letters, digits,"
                + " '_', '.' and '-', not starting with '.' or '-', or leave backupDatabases empty to back up every"
                + " database whatever its name", error(store().backupDatabases(List.of("shop", "my db"))));
    }

    @Test
    void listedDatabaseNamesMustNotStartWithADashOrDot() {
        assertEquals("PostgresStore.backupDatabases entry \"-shop\" cannot be listed; use at most 63 letters, digits,"
                + " '_', '.' and '-', not starting with '.' or '-', or leave backupDatabases empty to back up every"
                + " database whatever its name", error(store().backupDatabases(List.of("-shop"))));
        assertEquals("PostgresStore.backupDatabases entry \".shop\" cannot be listed; use at most 63 letters, digits,"
                + " '_', '.' and '-', not starting with '.' or '-', or leave backupDatabases empty to back up every"
                + " database whatever its name", error(store().backupDatabases(List.of(".shop"))));
    }

    @Test
    void listedDatabaseNamesHaveAtMost63Characters() {
        String name = "d".repeat(64);
        assertEquals("PostgresStore.backupDatabases entry \"" + name + "\" cannot be listed; use at most 63 letters,"
                + " digits, '_', '.' and '-', not starting with '.' or '-', or leave backupDatabases empty to back up"
                + " every database whatever its name", error(store().backupDatabases(List.of(name))));
        assertEquals(List.of("d".repeat(63), "Shop_2.v-1"),
                store().backupDatabases(List.of("d".repeat(63), "Shop_2.v-1")).build().backupDatabases());
    }

    @Test
    void listedDatabaseNamesAreNotNull() {
        assertEquals("PostgresStore.backupDatabases entry \"null\" cannot be listed; use at most 63 letters, digits,"
                + " '_', '.' and '-', not starting with '.' or '-', or leave backupDatabases empty to back up every"
                + " database whatever its name", error(store().backupDatabases(Arrays.asList("shop", null))));
    }

    @Test
    void template1MayBeListed() {
        assertEquals(List.of("template1"), store().backupDatabases(List.of("template1")).build().backupDatabases());
    }

    @Test
    void template0CannotBeListed() {
        assertEquals("PostgresStore.backupDatabases entry \"template0\" cannot be dumped (it accepts no connections and"
                + " every server has it); remove it", error(store().backupDatabases(List.of("shop", "template0"))));
    }

    @Test
    void databasesAreListedOnce() {
        assertEquals("PostgresStore.backupDatabases [shop, shop] names a database twice; list each once",
                error(store().backupDatabases(List.of("shop", "shop"))));
    }
}
