package io.datalayer.kit;

import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.ContainerPort;
import org.cdk8s.plus28.k8s.ExecAction;
import org.cdk8s.plus28.k8s.Probe;
import software.constructs.Construct;

/**
 * What the next store costs with the kit: a single-server Redis-like cache with its data on a
 * claim, the Service pair, a disruption budget and network access for L4 apps, passing the layer's
 * policies (see {@link ExampleCacheTest}). Test code only: it measures the kit, it is not a store.
 */
final class ExampleCache extends Construct {
    record Props(String name, String image, int port, Storage storage, Resources resources) {
        Props {
            Checks.pinnedImage("ExampleCache.Props.image", image);
            storage = Storage.require("ExampleCache.Props.storage", storage);
            resources = Resources.require("ExampleCache.Props.resources", resources);
        }
    }

    ExampleCache(Construct scope, String id, Props props) {
        super(scope, id);
        StoreNames names = new StoreNames(props.name(), Namespaces.of(this));
        Map<String, String> labels = Labels.of(props.name(), "cache");
        Probe ping = Probe.builder().exec(ExecAction.builder().command(List.of("redis-cli", "ping")).build()).build();
        PodVolumes volumes = new PodVolumes();
        Container server = Container.builder().name("redis").image(props.image())
                .args(List.of("redis-server", "--dir", "/data", "--port", Integer.toString(props.port())))
                .ports(List.of(ContainerPort.builder().name("redis").containerPort(props.port()).protocol("TCP").build()))
                .resources(props.resources().requirements())
                .securityContext(RestrictedPod.containerSecurityContext())
                .readinessProbe(ping).livenessProbe(ping)
                .volumeMounts(volumes.mount(Mount.claimTemplate(ServerStatefulSet.DATA_VOLUME, "/data"),
                        Mount.emptyDir("tmp", "/tmp", "64Mi")))
                .build();

        Pods.serviceAccount(this, "service-account", names.meta(props.name(), labels));
        new ServicePair(this, "services", names, "redis", props.port(), labels);
        new ServerStatefulSet(this, "statefulset", names, labels, props.storage(), Map.of(),
                Pods.serverPod(props.name(), 999, 30, List.of(server), volumes.volumes()));
        new SingleServerBudget(this, "disruption-budget", names, labels);
        new NetworkAccess(this, "network", names, props.port(), "data-layer/" + props.name() + "-client",
                List.of(Peer.namespacesLabelled(Map.of(Labels.LAYER, Labels.APP_LAYER))), labels);
    }
}
