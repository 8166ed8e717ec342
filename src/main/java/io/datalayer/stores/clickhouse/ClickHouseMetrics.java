package io.datalayer.stores.clickhouse;

import imports.com.coreos.monitoring.ServiceMonitor;
import imports.com.coreos.monitoring.ServiceMonitorProps;
import imports.com.coreos.monitoring.ServiceMonitorSpec;
import imports.com.coreos.monitoring.ServiceMonitorSpecEndpoints;
import imports.com.coreos.monitoring.ServiceMonitorSpecEndpointsScheme;
import imports.com.coreos.monitoring.ServiceMonitorSpecNamespaceSelector;
import imports.com.coreos.monitoring.ServiceMonitorSpecSelector;
import io.datalayer.kit.KubeValues;
import io.datalayer.kit.Labels;
import io.datalayer.kit.NetworkAccess;
import io.datalayer.kit.Peer;
import io.datalayer.kit.StoreNames;
import io.datalayer.monitoring.MonitoringProps;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.plus28.k8s.KubeNetworkPolicy;
import org.cdk8s.plus28.k8s.KubeNetworkPolicyProps;
import org.cdk8s.plus28.k8s.KubeService;
import org.cdk8s.plus28.k8s.KubeServiceProps;
import org.cdk8s.plus28.k8s.NetworkPolicyIngressRule;
import org.cdk8s.plus28.k8s.NetworkPolicySpec;
import org.cdk8s.plus28.k8s.ServicePort;
import org.cdk8s.plus28.k8s.ServiceSpec;
import software.constructs.Construct;

/**
 * The server's built-in Prometheus endpoint, scraped directly: no exporter Deployment and no login.
 * Safe to open because it serves only counters and gauges by name ({@code system.metrics},
 * {@code events}, {@code asynchronous_metrics}, error counts by code): no row of any table, no query
 * text, no user. Still, only Prometheus' pods reach its port ({@code <name>-metrics-ingress}).
 *
 * <p>A Service {@code <name>-metrics} of its own (not a port of the client Services, so the
 * ServiceMonitor selects one Service), its NetworkPolicy and the ServiceMonitor; the job label is the
 * Service's name, {@code <name>-metrics}, which the store-down alert watches.
 */
final class ClickHouseMetrics extends Construct {
    ClickHouseMetrics(Construct scope, String id, StoreNames server, int port, MonitoringProps monitoring) {
        super(scope, id);
        String name = jobName(server.name());
        Map<String, String> labels = Labels.of(name, "metrics");

        new KubeService(this, "service", KubeServiceProps.builder()
                .metadata(server.meta(name, labels))
                .spec(ServiceSpec.builder().type("ClusterIP").selector(server.selectorLabels())
                        .ports(List.of(ServicePort.builder().name(ClickHouse.METRICS_PORT_NAME).port(port)
                                .targetPort(KubeValues.intOrString(ClickHouse.METRICS_PORT_NAME)).protocol("TCP").build()))
                        .build())
                .build());

        new KubeNetworkPolicy(this, "ingress", KubeNetworkPolicyProps.builder()
                .metadata(server.meta(name + "-ingress", labels))
                .spec(NetworkPolicySpec.builder()
                        .podSelector(server.selector())
                        .policyTypes(List.of("Ingress"))
                        .ingress(List.of(NetworkPolicyIngressRule.builder()
                                .from(List.of(Peer.podsIn(monitoring.prometheusNamespace(), monitoring.prometheusPodSelector())
                                        .policyPeer()))
                                .ports(List.of(NetworkAccess.tcp(port)))
                                .build()))
                        .build())
                .build());

        Map<String, String> monitorLabels = new TreeMap<>(labels);
        monitorLabels.putAll(monitoring.selectorLabels());
        new ServiceMonitor(this, "service-monitor", ServiceMonitorProps.builder()
                .metadata(ApiObjectMetadata.builder().name(name).namespace(server.namespace()).labels(monitorLabels).build())
                .spec(ServiceMonitorSpec.builder()
                        .jobLabel(Labels.NAME)
                        .selector(ServiceMonitorSpecSelector.builder().matchLabels(Labels.selector(name)).build())
                        .namespaceSelector(ServiceMonitorSpecNamespaceSelector.builder().matchNames(List.of(server.namespace())).build())
                        .endpoints(List.of(ServiceMonitorSpecEndpoints.builder()
                                .port(ClickHouse.METRICS_PORT_NAME)
                                .path(ClickHouseConfig.METRICS_PATH)
                                .scheme(ServiceMonitorSpecEndpointsScheme.HTTP)
                                .interval(monitoring.scrapeInterval())
                                .build()))
                        .build())
                .build());
    }

    /** The Service's name and so the scrape job's: what the store-down alert selects. */
    static String jobName(String serverName) {
        return serverName + "-metrics";
    }
}
