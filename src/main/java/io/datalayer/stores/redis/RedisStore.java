package io.datalayer.stores.redis;

import io.datalayer.backup.BackupSettings;
import io.datalayer.backup.DrillSettings;
import io.datalayer.backup.RestoreDrill;
import io.datalayer.backup.RestoreSettings;
import io.datalayer.kit.Defaults;
import io.datalayer.monitoring.Alerts;
import io.datalayer.stores.Store;
import io.datalayer.stores.StoreContext;
import software.constructs.Construct;

/**
 * The layer's Redis cache as one store of an environment: the server with its ACL users from
 * Vault, the nightly snapshot and the suspended restore, and with monitoring on its exporter, the
 * exporter's ACL user and the alerts on them. {@code monitoring} may be {@code null} to take its
 * default; the compact constructor checks what only the whole store can.
 *
 * @param server     the Redis server; its two Vault secrets (users and app) are the sources of its two
 *                   ExternalSecrets, declared once in {@link RedisProps}
 * @param backup     the nightly snapshot CronJob and its volume; start from {@link #backupSettings()}
 * @param restore    the suspended restore CronJob; start from {@link #restoreSettings()}. Its
 *                   {@code keepReplaced} keeps the server's replaced files in {@code /data/replaced-<stamp>/}
 * @param monitoring the exporter's ACL user, secret and image, used when the environment's monitoring is
 *                   on; default {@link RedisMonitoring#defaults()}
 * @param drill      the nightly restore drill ({@link RestoreDrill}, {@code drill.sh}); start from
 *                   {@link #drillSettings()}. Default {@code null}: no drill CronJob (a store for a test);
 *                   every environment sets one. Its private redis-server holds the whole data set: its
 *                   memory limit must cover the server's
 */
public record RedisStore(RedisProps server, BackupSettings backup, RestoreSettings restore, RedisMonitoring monitoring,
                         DrillSettings drill)
        implements Store {
    /** The store's name: its folder in the off-site bucket, the manifests' {@code store}, its alerts' label. */
    public static final String NAME = "redis";

    public RedisStore {
        if (server == null) {
            throw new IllegalArgumentException("RedisStore.server is not set; give the RedisProps of the environment");
        }
        if (backup == null) {
            throw new IllegalArgumentException("RedisStore.backup is not set; start from RedisStore.backupSettings()");
        }
        if (restore == null) {
            throw new IllegalArgumentException("RedisStore.restore is not set; start from RedisStore.restoreSettings()");
        }
        monitoring = Defaults.or(monitoring, RedisMonitoring.defaults());
        String path = monitoring.secret().apiPath();
        if (path.equals(server.usersSecret().apiPath()) || path.equals(server.appSecret().apiPath())) {
            throw new IllegalArgumentException("RedisMonitoring.secret is " + path
                    + ", a path of Redis's own users; give the monitoring user a Vault path of its own (KV v2 policies"
                    + " grant whole paths), so the exporter's Secret never holds the admin or app password");
        }
    }

    /** This store with the default monitoring settings. */
    public static RedisStore of(RedisProps server, BackupSettings backup, RestoreSettings restore) {
        return new RedisStore(server, backup, restore, null, null);
    }

    /**
     * Backup settings holding Redis's defaults: {@code redis-backup} at 02:45 (after the PostgreSQL
     * backup has started, so two forks do not start the same minute), 1 hour, 30 s grace.
     */
    public static BackupSettings.Builder backupSettings() {
        // The kubelet's SIGTERM must leave time to stop redis-cli and write the manifest of a failed run.
        return BackupSettings.builder().name("redis-backup").schedule("45 2 * * *")
                .terminationGracePeriodSeconds(30).activeDeadlineSeconds(3600);
    }

    /** Restore settings holding Redis's defaults: {@code redis-restore}, 1 hour, 60 s grace. */
    public static RestoreSettings.Builder restoreSettings() {
        // The grace stops the private redis-server and removes what a stopped restore wrote.
        return RestoreSettings.builder().name("redis-restore").activeDeadlineSeconds(3600)
                .terminationGracePeriodSeconds(60);
    }

    /**
     * Drill settings holding Redis's defaults: {@code redis-drill}, 1 hour, slow above 30 minutes; its schedule derived from the
     * backup's (02:45 and 1 hour: 04:00).
     */
    public static DrillSettings.Builder drillSettings() {
        // A snapshot of at most maxmemory loads in well under a minute: 30 min is already slow.
        return DrillSettings.builder().name("redis-drill").activeDeadlineSeconds(3600).maxDurationMinutes(30);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void build(StoreContext context) {
        Construct scope = context.scope();
        RedisMonitoringUser monitoringUser = context.monitoring().enabled() ? RedisMonitoringUser.of(monitoring, server) : null;
        Redis redis = new Redis(scope, "redis", server, monitoringUser);
        // Redis's two Secrets, named by the server that mounts them: the layer's users (admin, backup)
        // and the app user, each from its own Vault path.
        context.externalSecret("redis-users", server.usersSecret(), redis.usersSecretName());
        context.externalSecret("redis-app", server.appSecret(), redis.appSecretName());
        if (monitoringUser != null) {
            // The exporter's user from its own path: its ExternalSecret cannot read the admin password.
            context.externalSecret("redis-monitoring", monitoring.secret(), monitoringUser.secretName());
        }
        RedisBackup snapshots = new RedisBackup(scope, "redis-backup", redis, backup, context.offsite());
        new RedisRestore(scope, "redis-restore", snapshots, restore);
        if (drill != null) {
            RestoreDrill drills = new RestoreDrill(scope, "redis-drill", redis.names(), NAME, server.image(),
                    server.uid(), drill, backup, RedisBackup.DRILL_SCRIPT, context.offsite());
            drills.watched().ifPresent(context.alerts()::drill);
        }
        context.alerts().backup(new Alerts.Backup(NAME, backup.name(), snapshots.offsiteSyncName().orElse(null)));
        if (context.monitoring().enabled()) {
            new RedisExporter(scope, "redis-exporter", redis, context.monitoring(), monitoring.exporterImage());
            context.alerts().exporter(new Alerts.Exporter(NAME, RedisExporter.exporterName(server), RedisExporter.UP_METRIC));
        }
    }

    /** A builder holding this store, to change some of it. */
    public Builder toBuilder() {
        return new Builder().server(server).backup(backup).restore(restore).monitoring(monitoring).drill(drill);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction; unset fields take the documented defaults. */
    public static final class Builder {
        private RedisProps server;
        private BackupSettings backup;
        private RestoreSettings restore;
        private RedisMonitoring monitoring;
        private DrillSettings drill;

        private Builder() {
        }

        public Builder server(RedisProps v) { server = v; return this; }
        public Builder backup(BackupSettings v) { backup = v; return this; }
        public Builder restore(RestoreSettings v) { restore = v; return this; }
        public Builder monitoring(RedisMonitoring v) { monitoring = v; return this; }
        public Builder drill(DrillSettings v) { drill = v; return this; }

        public RedisStore build() {
            return new RedisStore(server, backup, restore, monitoring, drill);
        }
    }
}
