package io.datalayer.kit;

import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.kube.KubeValues;
import java.util.List;
import java.util.Map;
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
public final class ServicePair extends KubeConstruct {
    /**
     * @param names    the store: Service names and selector
     * @param portName the container port's name, also the Service port's name
     * @param port     the port clients connect to
     * @param labels   labels of both Services
     */
    public ServicePair(Construct scope, String id, StoreNames names, String portName, int port, Map<String, String> labels) {
        this(scope, id, names, List.of(new Port(portName, port)), labels);
    }

    /** A named TCP port of both Services, sent to the container port of the same name. */
    public record Port(String name, int port) {
        public Port {
            Checks.dnsLabel("ServicePair.portName", name);
            Checks.port("ServicePair.port", port);
        }
    }

    /** Both Services with several ports (ClickHouse: native and HTTP), in the order given. */
    public ServicePair(Construct scope, String id, StoreNames names, List<Port> ports, Map<String, String> labels) {
        super(scope, id);
        if (ports == null || ports.isEmpty()) {
            throw new IllegalArgumentException("ServicePair.ports of " + names.name() + " is empty; give at least one port");
        }
        List<ServicePort> servicePorts = ports.stream().map(p -> ServicePort.builder().name(p.name()).port(p.port())
                .targetPort(KubeValues.intOrString(p.name())).protocol("TCP").build()).toList();

        Kube.service(this, "headless", KubeServiceProps.builder()
                .metadata(names.meta(names.headless(), labels))
                .spec(ServiceSpec.builder()
                        .clusterIp("None")
                        .publishNotReadyAddresses(true)
                        .selector(names.selectorLabels())
                        .ports(servicePorts)
                        .build())
                .build());

        Kube.service(this, "service", KubeServiceProps.builder()
                .metadata(names.meta(names.name(), labels))
                .spec(ServiceSpec.builder()
                        .type("ClusterIP")
                        .selector(names.selectorLabels())
                        .ports(servicePorts)
                        .build())
                .build());
    }
}
