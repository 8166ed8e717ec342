package io.datalayer.stores.postgres;

import io.datalayer.kit.Pods;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.monitoring.MetricsExporter;
import io.datalayer.monitoring.MetricsExporterProps;
import io.datalayer.monitoring.MonitoringProps;
import java.util.List;
import software.constructs.Construct;

/**
 * The prometheus-community postgres exporter for a {@link Postgres} server, on the store-agnostic
 * {@link MetricsExporter}: it logs in over the server's Service as the least-privilege monitoring
 * role ({@link MonitoringRole}: LOGIN and {@code pg_monitor}, nothing else), its password read from
 * the mounted Secret through {@code DATA_SOURCE_PASS_FILE}, so it is never in the pod's environment
 * or command line. The pod carries the server's client label, which the server's NetworkPolicies admit.
 */
public final class PostgresExporter extends KubeConstruct {
    /** The exporter's listening port (the image's default). */
    public static final int PORT = 9187;
    /** The image's user ({@code nobody}). */
    static final int UID = 65534;
    /** The metric that says whether the exporter could log in: what {@code DataLayerStoreDown} watches. */
    public static final String UP_METRIC = "pg_up";

    private final MetricsExporter exporter;

    public PostgresExporter(Construct scope, String id, Postgres postgres, MonitoringProps monitoring, String image) {
        super(scope, id);
        if (postgres == null) {
            throw new IllegalArgumentException("PostgresExporter needs the Postgres construct it watches; pass it, not null");
        }
        MonitoringRole role = postgres.monitoringRole();
        if (role == null) {
            throw new IllegalArgumentException("PostgresExporter needs a Postgres built with its MonitoringRole (the role"
                    + " the exporter logs in as); pass MonitoringRole.of(monitoring, props) to Postgres");
        }
        PostgresProps props = postgres.props();
        this.exporter = new MetricsExporter(this, "exporter", new MetricsExporterProps(
                exporterName(props),
                image,
                PORT,
                "/metrics",
                List.of("--web.listen-address=:" + PORT, "--web.telemetry-path=/metrics", "--log.level=info"),
                // sslmode=disable: the server has no TLS configured; SCRAM keeps the password off the wire.
                List.of(Pods.env("DATA_SOURCE_URI", postgres.host() + ":" + props.port() + "/postgres?sslmode=disable"),
                        Pods.env("DATA_SOURCE_USER", role.role()),
                        Pods.env("DATA_SOURCE_PASS_FILE", PasswordSync.MONITORING_SECRET_DIR + "/password")),
                List.of(role.mount()),
                UID,
                postgres.clientLabels()), monitoring);
    }

    /** {@code <server>-exporter}: the Deployment, Service and ServiceMonitor, and Prometheus' job name. */
    public static String exporterName(PostgresProps props) {
        return props.name() + "-exporter";
    }

    public MetricsExporter exporter() {
        return exporter;
    }
}
