package io.datalayer.monitoring;

import imports.com.coreos.monitoring.ServiceMonitorProps;
import imports.com.coreos.monitoring.ServiceMonitorSpec;
import imports.com.coreos.monitoring.ServiceMonitorSpecEndpoints;
import imports.com.coreos.monitoring.ServiceMonitorSpecEndpointsScheme;
import imports.com.coreos.monitoring.ServiceMonitorSpecNamespaceSelector;
import imports.com.coreos.monitoring.ServiceMonitorSpecSelector;
import io.datalayer.kit.Labels;
import io.datalayer.kit.NetworkAccess;
import io.datalayer.kit.Peer;
import io.datalayer.kit.StoreNames;
import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.kube.KubeObject;
import io.datalayer.kube.KubeValues;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.plus28.k8s.KubeNetworkPolicyProps;
import org.cdk8s.plus28.k8s.KubeServiceProps;
import org.cdk8s.plus28.k8s.LabelSelector;
import org.cdk8s.plus28.k8s.NetworkPolicyIngressRule;
import org.cdk8s.plus28.k8s.NetworkPolicySpec;
import org.cdk8s.plus28.k8s.ServicePort;
import org.cdk8s.plus28.k8s.ServiceSpec;
import software.constructs.Construct;

/**
 * What makes a metrics port of some pods a Prometheus target: a ClusterIP Service {@code <name>} with
 * the port {@value MetricsExporter#PORT_NAME}, a NetworkPolicy {@code <name>-ingress} that admits
 * exactly the Prometheus pods to it, and a ServiceMonitor {@code <name>} whose job label is the
 * Service's name. An exporter's pods ({@link MetricsExporter}) or a server that serves its own
 * metrics (ClickHouse) are such pods.
 */
public final class ScrapeTarget extends KubeConstruct {
    /**
     * @param names       the target's name (Service, policy, ServiceMonitor, job) and namespace
     * @param podSelector the labels of the pods that serve the metrics
     * @param port        their metrics port, named {@value MetricsExporter#PORT_NAME} on the container
     * @param path        the metrics path
     */
    public ScrapeTarget(Construct scope, String id, StoreNames names, Map<String, String> podSelector, int port, String path,
                        MonitoringProps monitoring) {
        super(scope, id);
        String name = names.name();
        Map<String, String> labels = Labels.of(name, "metrics");
        ServicePort servicePort = ServicePort.builder().name(MetricsExporter.PORT_NAME).port(port)
                .targetPort(KubeValues.intOrString(MetricsExporter.PORT_NAME)).protocol("TCP").build();
        Kube.service(this, "service", KubeServiceProps.builder()
                .metadata(names.meta(name, labels))
                .spec(ServiceSpec.builder().type("ClusterIP").selector(podSelector).ports(List.of(servicePort)).build())
                .build());

        // Only Prometheus' own pods reach the port: the metrics name databases and sizes.
        Kube.networkPolicy(this, "ingress", KubeNetworkPolicyProps.builder()
                .metadata(names.meta(names.ingressPolicy(), labels))
                .spec(NetworkPolicySpec.builder()
                        .podSelector(LabelSelector.builder().matchLabels(podSelector).build())
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
        Kube.serviceMonitor(this, "service-monitor", ServiceMonitorProps.builder()
                .metadata(ApiObjectMetadata.builder().name(name).namespace(names.namespace()).labels(monitorLabels).build())
                .spec(ServiceMonitorSpec.builder()
                        // The job label is the Service's name label: the target's name, as the alerts expect.
                        .jobLabel(Labels.NAME)
                        .selector(ServiceMonitorSpecSelector.builder().matchLabels(names.selectorLabels()).build())
                        .namespaceSelector(ServiceMonitorSpecNamespaceSelector.builder().matchNames(List.of(names.namespace())).build())
                        .endpoints(List.of(ServiceMonitorSpecEndpoints.builder()
                                .port(MetricsExporter.PORT_NAME)
                                .path(path)
                                .scheme(ServiceMonitorSpecEndpointsScheme.HTTP)
                                .interval(monitoring.scrapeInterval())
                                .build()))
                        .build())
                .build());
    }
}
