package io.datalayer.stores.clickhouse;

import io.datalayer.kit.Namespaces;
import io.datalayer.monitoring.Alerts;
import io.datalayer.stores.Store;
import io.datalayer.stores.StoreContext;
import software.constructs.Construct;

/**
 * The layer's ClickHouse as one store of an environment: its users' ExternalSecrets, the
 * server, and with monitoring on its Prometheus endpoint and the store-down alert. The backup and
 * restore CronJobs (issue #24's other half) take the server ({@link ClickHouse}: host, native port,
 * client labels, {@link ClickHouse#backupUser()}, the users Secret's {@code backup-password}) and its
 * backup claim, which the server mounts as the disk {@code backups}.
 *
 * @param server the ClickHouse server; its three Vault secrets (users, app, monitoring) are the sources of
 *               its three ExternalSecrets, declared once in {@link ClickHouseProps}
 */
public record ClickHouseStore(ClickHouseProps server) implements Store {
    /** The store's name: its folder in the off-site bucket, its alerts' label. */
    public static final String NAME = "clickhouse";
    /** The alert when Prometheus cannot scrape the server's own endpoint: the server is down or unreachable. */
    public static final String DOWN_ALERT = "DataLayerClickHouseDown";

    public ClickHouseStore {
        if (server == null) {
            throw new IllegalArgumentException("ClickHouseStore.server is not set; give the ClickHouseProps of the environment");
        }
    }

    public static ClickHouseStore of(ClickHouseProps server) {
        return new ClickHouseStore(server);
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
        new ClickHouse(scope, "clickhouse", server, context.monitoring(), null);
        if (context.monitoring().enabled()) {
            String up = "up{namespace=\"" + Namespaces.of(scope) + "\",job=\"" + ClickHouseMetrics.jobName(server.name()) + "\"}";
            context.alerts().storeAlert(new Alerts.StoreAlert(NAME, DOWN_ALERT, up + " == 0 or absent(" + up + ")", "5m", "critical",
                    "ClickHouse is down or Prometheus cannot reach it",
                    "Prometheus has not scraped the ClickHouse server's own metrics endpoint for 5 minutes: the server is not"
                            + " running, not ready, or its metrics port is not reachable. L4 apps' analytics queries fail meanwhile."));
        }
    }
}
