package io.datalayer.monitoring;

import io.datalayer.kit.Checks;
import io.datalayer.kit.ConfigFiles;
import io.datalayer.kit.Mount;
import io.datalayer.kit.PodVolumes;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.EnvVar;

/**
 * What a store's {@link MetricsExporter} runs and how it reaches the store. Every component is
 * required; the store's construct fills them.
 *
 * @param name         the exporter's name: Deployment, Service, ServiceAccount, ServiceMonitor, policy stem
 * @param image        the exporter image, pinned to an exact version or digest
 * @param port         the port the exporter listens on
 * @param metricsPath  the HTTP path of the metrics, absolute
 * @param args         the container's args (the image's entrypoint stays)
 * @param env          literal environment; never a credential (those come from mounted files)
 * @param mounts       the container's mounts (e.g. the password file from a Secret)
 * @param uid          the image's non-root user
 * @param clientLabels the store's client labels, which the store's NetworkPolicies admit
 * @param companions   containers beside the exporter (e.g. rendering a credentials file the exporter
 *                     reads): given the pod's volumes, so their mounts' volumes join the pod's; none by default
 */
public record MetricsExporterProps(String name, String image, int port, String metricsPath, List<String> args,
                                   List<EnvVar> env, List<Mount> mounts, int uid, Map<String, String> clientLabels,
                                   Function<PodVolumes, Companions> companions) {
    /**
     * Init containers run before the exporter; sidecars run beside it, after it in the pod's list.
     * {@code files} are the scripts they run (from a ConfigMap): their hash is the pod template's
     * {@link ConfigFiles#HASH_ANNOTATION}, so a changed script rolls the pod.
     */
    public record Companions(List<Container> initContainers, List<Container> sidecars, List<String> files) {
        public static final Companions NONE = new Companions(List.of(), List.of(), List.of());

        public Companions {
            initContainers = List.copyOf(initContainers);
            sidecars = List.copyOf(sidecars);
            files = List.copyOf(files);
        }
    }

    /** An exporter with no companion containers. */
    public MetricsExporterProps(String name, String image, int port, String metricsPath, List<String> args,
                                List<EnvVar> env, List<Mount> mounts, int uid, Map<String, String> clientLabels) {
        this(name, image, port, metricsPath, args, env, mounts, uid, clientLabels, null);
    }

    public MetricsExporterProps {
        Checks.dnsLabel("MetricsExporterProps.name", name);
        Checks.pinnedImage("MetricsExporterProps.image", image);
        Checks.port("MetricsExporterProps.port", port);
        if (metricsPath == null || !metricsPath.startsWith("/")) {
            throw new IllegalArgumentException("MetricsExporterProps.metricsPath \"" + metricsPath + "\" is not an absolute"
                    + " HTTP path; use e.g. /metrics");
        }
        Checks.atLeast("MetricsExporterProps.uid", uid, 1);
        args = List.copyOf(args);
        env = List.copyOf(env);
        mounts = List.copyOf(mounts);
        clientLabels = Checks.labelSelector("MetricsExporterProps.clientLabels", clientLabels);
        companions = companions == null ? volumes -> Companions.NONE : companions;
    }
}
