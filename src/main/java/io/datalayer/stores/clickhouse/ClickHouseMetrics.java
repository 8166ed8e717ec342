package io.datalayer.stores.clickhouse;

import io.datalayer.kit.StoreNames;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.monitoring.MonitoringProps;
import io.datalayer.monitoring.ScrapeTarget;
import software.constructs.Construct;

/**
 * The server's built-in Prometheus endpoint, scraped directly: no exporter Deployment and no login.
 * Safe to open because it serves only counters and gauges by name ({@code system.metrics},
 * {@code events}, {@code asynchronous_metrics}, error counts by code): no row of any table, no query
 * text, no user. Still, only Prometheus' pods reach its port.
 *
 * <p>A {@link ScrapeTarget} named {@code <name>-metrics} (a Service of its own, not a port of the
 * client Services, so the ServiceMonitor selects one Service; its NetworkPolicy and ServiceMonitor);
 * the job label is {@code <name>-metrics}, which the store-down alert watches.
 */
final class ClickHouseMetrics extends KubeConstruct {
    ClickHouseMetrics(Construct scope, String id, StoreNames server, int port, MonitoringProps monitoring) {
        super(scope, id);
        new ScrapeTarget(this, "scrape", new StoreNames(jobName(server.name()), server.namespace()), server.selectorLabels(), port,
                ClickHouseConfig.METRICS_PATH, monitoring);
    }

    /** The Service's name and so the scrape job's: what the store-down alert selects. */
    static String jobName(String serverName) {
        return serverName + "-metrics";
    }
}
