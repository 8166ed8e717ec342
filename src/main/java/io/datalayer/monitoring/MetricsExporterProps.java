package io.datalayer.monitoring;

import io.datalayer.k8s.Checks;
import io.datalayer.k8s.Mount;
import java.util.List;
import java.util.Map;
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
 */
public record MetricsExporterProps(String name, String image, int port, String metricsPath, List<String> args,
                                   List<EnvVar> env, List<Mount> mounts, int uid, Map<String, String> clientLabels) {
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
    }
}
