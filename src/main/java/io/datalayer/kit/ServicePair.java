package io.datalayer.kit;

import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.KubeService;
import org.cdk8s.plus28.k8s.KubeServiceProps;
import org.cdk8s.plus28.k8s.ServicePort;
import org.cdk8s.plus28.k8s.ServiceSpec;
import software.constructs.Construct;

/**
 * The two Services of a single-server store: a headless one that gives the StatefulSet's pod its
 * stable DNS name (and lists it before it is ready, so the server can be reached while it starts),
 * and the ClusterIP Service clients use. Both send the named port to the container port of the
 * same name.
 */
public final class ServicePair extends Construct {
    /**
     * @param names    the store: Service names and selector
     * @param portName the container port's name, also the Service port's name
     * @param port     the port clients connect to
     * @param labels   labels of both Services
     */
    public ServicePair(Construct scope, String id, StoreNames names, String portName, int port, Map<String, String> labels) {
        super(scope, id);
        Checks.dnsLabel("ServicePair.portName", portName);
        Checks.port("ServicePair.port", port);
        ServicePort servicePort = ServicePort.builder().name(portName).port(port)
                .targetPort(KubeValues.intOrString(portName)).protocol("TCP").build();

        new KubeService(this, "headless", KubeServiceProps.builder()
                .metadata(names.meta(names.headless(), labels))
                .spec(ServiceSpec.builder()
                        .clusterIp("None")
                        .publishNotReadyAddresses(true)
                        .selector(names.selectorLabels())
                        .ports(List.of(servicePort))
                        .build())
                .build());

        new KubeService(this, "service", KubeServiceProps.builder()
                .metadata(names.meta(names.name(), labels))
                .spec(ServiceSpec.builder()
                        .type("ClusterIP")
                        .selector(names.selectorLabels())
                        .ports(List.of(servicePort))
                        .build())
                .build());
    }
}
