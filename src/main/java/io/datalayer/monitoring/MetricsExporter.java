package io.datalayer.monitoring;

import io.datalayer.kit.ConfigFiles;
import io.datalayer.kit.Labels;
import io.datalayer.kit.Namespaces;
import io.datalayer.kit.PodVolumes;
import io.datalayer.kit.Pods;
import io.datalayer.kit.RestrictedPod;
import io.datalayer.kit.StoreNames;
import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.kube.KubeValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.ContainerPort;
import org.cdk8s.plus28.k8s.DeploymentSpec;
import org.cdk8s.plus28.k8s.DeploymentStrategy;
import org.cdk8s.plus28.k8s.HttpGetAction;
import org.cdk8s.plus28.k8s.KubeDeploymentProps;
import org.cdk8s.plus28.k8s.ObjectMeta;
import org.cdk8s.plus28.k8s.PodTemplateSpec;
import org.cdk8s.plus28.k8s.Probe;
import software.constructs.Construct;

/**
 * A Prometheus exporter for one store: a one-replica Deployment (restricted, no API token) and its
 * {@link ScrapeTarget} (a ClusterIP Service with the port {@value #PORT_NAME}, a NetworkPolicy that
 * admits exactly the Prometheus pods to that port, and a ServiceMonitor that has it scraped).
 * The store's own construct says how the exporter connects (args, env, mounts, the store's client
 * labels, which its NetworkPolicies admit); this construct is store-agnostic, so the next store's
 * exporter is one more instance.
 *
 * <p>Written only when {@link MonitoringProps#enabled()}: the caller does not create it otherwise.
 */
public final class MetricsExporter extends KubeConstruct {
    /** The name of the metrics port on the container and the Service, which the ServiceMonitor scrapes. */
    public static final String PORT_NAME = "metrics";

    private final StoreNames names;

    public MetricsExporter(Construct scope, String id, MetricsExporterProps props, MonitoringProps monitoring) {
        super(scope, id);
        if (props == null) {
            throw new IllegalArgumentException("MetricsExporter props are missing; the store's construct passes MetricsExporterProps");
        }
        if (monitoring == null || !monitoring.enabled()) {
            throw new IllegalArgumentException("MetricsExporter " + props.name() + " needs MonitoringProps with enabled=true;"
                    + " with monitoring off the store creates no exporter");
        }
        String name = props.name();
        int port = props.port();
        String metricsPath = props.metricsPath();
        this.names = new StoreNames(name, Namespaces.of(this));
        Map<String, String> labels = Labels.of(name, "metrics");
        Map<String, String> podLabels = new TreeMap<>(names.selectorLabels());
        podLabels.putAll(props.clientLabels());

        Pods.serviceAccount(this, "service-account", names.meta(name, labels));
        PodVolumes volumes = new PodVolumes();
        // The exporter answers on its metrics path as long as its HTTP server runs, whether or not the
        // store is up (it reports that as a metric), so the probes restart only a stuck exporter.
        Probe http = Probe.builder()
                .httpGet(HttpGetAction.builder().path(metricsPath).port(KubeValues.intOrString(PORT_NAME)).build())
                .periodSeconds(30).timeoutSeconds(10).failureThreshold(3)
                .build();
        Container container = Container.builder()
                .name("exporter")
                .image(props.image())
                .imagePullPolicy("IfNotPresent")
                .args(props.args())
                .env(props.env())
                .ports(List.of(ContainerPort.builder().name(PORT_NAME).containerPort(port).protocol("TCP").build()))
                .resources(monitoring.exporterResources().requirements())
                .securityContext(RestrictedPod.containerSecurityContext())
                .readinessProbe(http)
                .livenessProbe(http)
                .volumeMounts(volumes.mount(props.mounts()))
                .build();
        MetricsExporterProps.Companions companions = props.companions().apply(volumes);
        List<Container> containers = new ArrayList<>(List.of(container));
        containers.addAll(companions.sidecars());
        Kube.deployment(this, "deployment", KubeDeploymentProps.builder()
                .metadata(names.meta(name, labels))
                .spec(DeploymentSpec.builder()
                        .replicas(1)
                        .revisionHistoryLimit(3)
                        // One exporter at a time: two would double every series until the old one stops.
                        .strategy(DeploymentStrategy.builder().type("Recreate").build())
                        .selector(names.selector())
                        .template(PodTemplateSpec.builder()
                                .metadata(ObjectMeta.builder().labels(podLabels).annotations(companions.files().isEmpty()
                                        ? null : ConfigFiles.hashAnnotation(companions.files().toArray(String[]::new))).build())
                                .spec(Pods.serverPod(name, props.uid(), 30, companions.initContainers(), containers,
                                        volumes.volumes()))
                                .build())
                        .build())
                .build());

        new ScrapeTarget(this, "scrape", names, names.selectorLabels(), port, metricsPath, monitoring);
    }

    /** The exporter's names (Service, policy) in its namespace. */
    public StoreNames names() {
        return names;
    }
}
