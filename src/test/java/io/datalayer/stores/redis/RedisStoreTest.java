package io.datalayer.stores.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.app.Environments;
import io.datalayer.backup.BackupSettings;
import io.datalayer.backup.DrillSettings;
import io.datalayer.backup.RestoreSettings;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.secrets.SecretRequirement;
import io.datalayer.stores.Store;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Redis as a store: its defaults, what only the whole store can check, and its part of the Store contract. */
class RedisStoreTest {
    private static final Resources RESOURCES = new Resources("1", "1Gi", "1", "1Gi");
    private static final RedisProps SERVER = RedisProps.builder().storage(Storage.of("1Gi", "local-path"))
            .resources(RESOURCES).build();
    private static final BackupSettings BACKUP = RedisStore.backupSettings().retention(7)
            .storage(Storage.of("2Gi", "local-path")).resources(RESOURCES).build();
    private static final RestoreSettings RESTORE = RedisStore.restoreSettings().resources(RESOURCES).build();

    private static RedisStore.Builder store() {
        return RedisStore.builder().server(SERVER).backup(BACKUP).restore(RESTORE);
    }

    private static String error(RedisStore.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    private static RedisMonitoring monitoringAt(String path) {
        return new RedisMonitoring(null, SecretRequirement.of(path, "password"), null);
    }

    // --- defaults ---------------------------------------------------------------------------

    @Test
    void defaultsAreDocumentedValues() {
        RedisStore r = store().build();
        assertEquals(RedisMonitoring.defaults(), r.monitoring());
        assertEquals(SERVER, r.server());
        assertEquals(BACKUP, r.backup());
        assertEquals(RESTORE, r.restore());
    }

    @Test
    void ofTakesEveryDefault() {
        assertEquals(store().build(), RedisStore.of(SERVER, BACKUP, RESTORE));
    }

    @Test
    void theDrillIsOffUnlessSetAndProdDrillsNightlyAfterTheBackupWhileDevIsSuspended() {
        assertEquals(null, store().build().drill());
        DrillSettings prod = Environments.prod().store(RedisStore.class).drill().after(BACKUP);
        assertEquals("redis-drill", prod.name());
        assertEquals(true, prod.scheduled());
        // 02:45 plus the backup's hour plus 15 minutes: after the backup Job has uploaded its run.
        assertEquals("0 4 * * *", prod.schedule());
        assertEquals(30, prod.maxDurationMinutes());
        // The private server holds the data set: the drill's and the backup's limits are the server's.
        RedisStore prodStore = Environments.prod().store(RedisStore.class);
        assertEquals(prodStore.server().resources().memoryLimit(), prod.resources().memoryLimit());
        assertEquals(prodStore.server().resources().memoryLimit(), prodStore.backup().resources().memoryLimit());
        RedisStore dev = Environments.dev().store(RedisStore.class);
        assertEquals(false, dev.drill().scheduled());
        assertEquals(dev.server().resources().memoryLimit(), dev.backup().resources().memoryLimit());
    }

    @Test
    void setMonitoringIsKept() {
        RedisMonitoring monitoring = new RedisMonitoring("exporter", monitoringAt("cache-exporter").secret(), null);
        assertEquals(monitoring, store().monitoring(monitoring).build().monitoring());
    }

    // --- the Store contract -------------------------------------------------------------------

    @Test
    void isAStoreNamedRedis() {
        RedisStore r = store().build();
        assertInstanceOf(Store.class, r);
        assertEquals("redis", r.name());
        assertEquals(RedisStore.NAME, r.name());
    }

    @Test
    void docsPageIsNamedAfterTheStore() {
        assertEquals("docs/stores/redis.md", store().build().docsPage());
    }

    @Test
    void hasNoRulesOfItsOwn() {
        assertEquals(List.of(), store().build().rules());
    }

    // --- toBuilder ----------------------------------------------------------------------------

    @Test
    void toBuilderRoundTrips() {
        RedisStore r = store().build();
        assertEquals(r, r.toBuilder().build());
        RedisStore everything = store().monitoring(new RedisMonitoring("exporter", null, null)).build();
        assertEquals(everything, everything.toBuilder().build());
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet() {
        RedisStore r = store().build();
        BackupSettings shorter = BACKUP.toBuilder().retention(3).build();
        RedisStore q = r.toBuilder().backup(shorter).build();
        assertEquals(shorter, q.backup());
        assertEquals(r.restore(), q.restore());
        assertEquals(r, q.toBuilder().backup(BACKUP).build());
    }

    // --- required parts -----------------------------------------------------------------------

    @Test
    void serverIsRequired() {
        assertEquals("RedisStore.server is not set; give the RedisProps of the environment", error(store().server(null)));
    }

    @Test
    void backupIsRequired() {
        assertEquals("RedisStore.backup is not set; start from RedisStore.backupSettings()", error(store().backup(null)));
    }

    @Test
    void restoreIsRequired() {
        assertEquals("RedisStore.restore is not set; start from RedisStore.restoreSettings()",
                error(store().restore(null)));
    }

    // --- the monitoring user's secret ---------------------------------------------------------

    @Test
    void monitoringSecretMustNotBeTheUsersSecret() {
        assertEquals("RedisMonitoring.secret is secret/data/redis, a path of Redis's own users; give the monitoring user"
                + " a Vault path of its own (KV v2 policies grant whole paths), so the exporter's Secret never holds the"
                + " admin or app password", error(store().monitoring(monitoringAt("redis"))));
    }

    @Test
    void monitoringSecretMustNotBeTheAppSecret() {
        assertEquals("RedisMonitoring.secret is secret/data/redis-app, a path of Redis's own users; give the monitoring"
                + " user a Vault path of its own (KV v2 policies grant whole paths), so the exporter's Secret never holds"
                + " the admin or app password", error(store().monitoring(monitoringAt("redis-app"))));
    }

    @Test
    void monitoringSecretIsComparedWithTheServersOwnPaths() {
        RedisProps server = SERVER.toBuilder()
                .usersSecret(SecretRequirement.of("cache-users", RedisProps.ADMIN_PASSWORD_KEY, RedisProps.BACKUP_PASSWORD_KEY))
                .appSecret(SecretRequirement.of("cache-app", RedisProps.APP_PASSWORD_KEY)).build();
        assertEquals("RedisMonitoring.secret is secret/data/cache-users, a path of Redis's own users; give the monitoring"
                + " user a Vault path of its own (KV v2 policies grant whole paths), so the exporter's Secret never holds"
                + " the admin or app password", error(store().server(server).monitoring(monitoringAt("cache-users"))));
        assertEquals("RedisMonitoring.secret is secret/data/cache-app, a path of Redis's own users; give the monitoring"
                + " user a Vault path of its own (KV v2 policies grant whole paths), so the exporter's Secret never holds"
                + " the admin or app password", error(store().server(server).monitoring(monitoringAt("cache-app"))));
        // With the users elsewhere, the default paths are free for the monitoring user.
        assertEquals("secret/data/redis",
                store().server(server).monitoring(monitoringAt("redis")).build().monitoring().secret().apiPath());
    }
}
