package io.datalayer.stores.clickhouse;

import io.datalayer.backup.BackupSettings;
import io.datalayer.backup.DrillSettings;
import io.datalayer.backup.RestoreDrill;
import io.datalayer.backup.RestoreSettings;
import io.datalayer.kit.Namespaces;
import io.datalayer.monitoring.Alerts;
import io.datalayer.stores.Store;
import io.datalayer.stores.StoreContext;
import software.constructs.Construct;

/**
 * The layer's ClickHouse as one store of an environment: its users' ExternalSecrets, the server
 * (with the backup claim mounted as its disk {@code backups}), the nightly {@code BACKUP} with its
 * off-site sync, the suspended restore, the nightly restore drill, and with monitoring on its Prometheus endpoint and the
 * store-down alert.
 *
 * @param server  the ClickHouse server; its three Vault secrets (users, app, monitoring) are the sources of
 *                its three ExternalSecrets, declared once in {@link ClickHouseProps}
 * @param backup  the nightly backup CronJob and its claim (which the server mounts too); start from
 *                {@link #backupSettings()}
 * @param restore the suspended restore CronJob; start from {@link #restoreSettings()}. Its
 *                {@code keepReplaced} keeps the replaced databases as {@code <name>_replaced_<stamp>}
 * @param drill   the nightly restore drill ({@link RestoreDrill}, {@code drill.sh}: the run restored by
 *                {@code clickhouse local} in the drill's pod, never by the live server); start from
 *                {@link #drillSettings()}. Default {@code null}: no drill CronJob (a store for a test);
 *                every environment sets one
 */
public record ClickHouseStore(ClickHouseProps server, BackupSettings backup, RestoreSettings restore, DrillSettings drill)
        implements Store {
    /** The store's name: its folder in the off-site bucket, the manifests' {@code store}, its alerts' label. */
    public static final String NAME = ClickHouseBackup.STORE;
    /** The alert when Prometheus cannot scrape the server's own endpoint: the server is down or unreachable. */
    public static final String DOWN_ALERT = "DataLayerClickHouseDown";

    public ClickHouseStore {
        if (server == null) {
            throw new IllegalArgumentException("ClickHouseStore.server is not set; give the ClickHouseProps of the environment");
        }
        if (backup == null) {
            throw new IllegalArgumentException("ClickHouseStore.backup is not set; start from ClickHouseStore.backupSettings()");
        }
        if (restore == null) {
            throw new IllegalArgumentException("ClickHouseStore.restore is not set; start from ClickHouseStore.restoreSettings()");
        }
    }

    public static ClickHouseStore of(ClickHouseProps server, BackupSettings backup, RestoreSettings restore) {
        return new ClickHouseStore(server, backup, restore, null);
    }

    /**
     * Backup settings holding ClickHouse's defaults: {@code clickhouse-backup} at 03:15 (after the
     * PostgreSQL and Redis backups have started), 2 hours, 60 s grace.
     */
    public static BackupSettings.Builder backupSettings() {
        // The grace lets the client's cancel reach the server and the run be recorded as interrupted.
        return BackupSettings.builder().name("clickhouse-backup").schedule("15 3 * * *")
                .terminationGracePeriodSeconds(60).activeDeadlineSeconds(7200);
    }

    /** Restore settings holding ClickHouse's defaults: {@code clickhouse-restore}, 2 hours, 60 s grace. */
    public static RestoreSettings.Builder restoreSettings() {
        // The grace drops what a stopped restore wrote and renames the live databases back.
        return RestoreSettings.builder().name("clickhouse-restore").activeDeadlineSeconds(7200)
                .terminationGracePeriodSeconds(60);
    }

    /**
     * Drill settings holding ClickHouse's defaults: {@code clickhouse-drill}, 3 hours (above the slow-drill alert's
     * default 120 minutes); its schedule derived
     * from the backup's (03:15 and 2 hours: 05:30).
     */
    public static DrillSettings.Builder drillSettings() {
        return DrillSettings.builder().name("clickhouse-drill").activeDeadlineSeconds(10800);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void build(StoreContext context) {
        Construct scope = context.scope();
        // The users' Secrets, each from its own Vault path: the layer's (admin, backup), the app's
        // (readable by L4 apps) and, with monitoring on, the monitoring user's (readable by dashboards).
        context.externalSecret("clickhouse-users", server.usersSecret(), ClickHouse.usersSecretName(server));
        context.externalSecret("clickhouse-app", server.appSecret(), ClickHouse.appSecretName(server));
        if (context.monitoring().enabled()) {
            context.externalSecret("clickhouse-monitoring", server.monitoringSecret(), ClickHouse.monitoringSecretName(server));
        }
        // The server writes the backups itself, onto the backup claim: it mounts the claim the settings name.
        ClickHouse clickhouse = new ClickHouse(scope, "clickhouse", server, context.monitoring(), backup.claimName());
        ClickHouseBackup backups = new ClickHouseBackup(scope, "clickhouse-backup", clickhouse, backup, context.offsite());
        new ClickHouseRestore(scope, "clickhouse-restore", backups, restore);
        if (drill != null) {
            // The server's image: its clickhouse binary runs `clickhouse local`, the live server's version.
            RestoreDrill drills = new RestoreDrill(scope, "clickhouse-drill", clickhouse.names(), NAME, server.image(),
                    server.uid(), drill, backup, ClickHouseBackup.DRILL_SCRIPT, context.offsite());
            drills.watched().ifPresent(context.alerts()::drill);
        }
        context.alerts().backup(backups.alert());
        if (context.monitoring().enabled()) {
            String up = "up{namespace=\"" + Namespaces.of(scope) + "\",job=\"" + ClickHouseMetrics.jobName(server.name()) + "\"}";
            context.alerts().storeAlert(new Alerts.StoreAlert(NAME, DOWN_ALERT, up + " == 0 or absent(" + up + ")", "5m", "critical",
                    "ClickHouse is down or Prometheus cannot reach it",
                    "Prometheus has not scraped the ClickHouse server's own metrics endpoint for 5 minutes: the server is not"
                            + " running, not ready, or its metrics port is not reachable. L4 apps' analytics queries fail meanwhile."));
        }
    }

    /** A builder holding this store, to change some of it. */
    public Builder toBuilder() {
        return new Builder().server(server).backup(backup).restore(restore).drill(drill);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction. */
    public static final class Builder {
        private ClickHouseProps server;
        private BackupSettings backup;
        private RestoreSettings restore;
        private DrillSettings drill;

        private Builder() {
        }

        public Builder server(ClickHouseProps v) { server = v; return this; }
        public Builder backup(BackupSettings v) { backup = v; return this; }
        public Builder restore(RestoreSettings v) { restore = v; return this; }
        public Builder drill(DrillSettings v) { drill = v; return this; }

        public ClickHouseStore build() {
            return new ClickHouseStore(server, backup, restore, drill);
        }
    }
}
