package io.datalayer.kit;

import io.datalayer.kube.KubeChart;
import software.constructs.Construct;

/**
 * Where a construct learns its namespace: from its chart. An environment sets the namespace once,
 * on the chart ({@code ChartProps.namespace}), and every construct in it writes that name into
 * its objects, so no props record carries a namespace of its own that could disagree.
 */
public final class Namespaces {
    private Namespaces() {
    }

    /** The namespace of the chart {@code scope} belongs to. */
    public static String of(Construct scope) {
        KubeChart chart = KubeChart.of(scope);
        String namespace = chart.defaultNamespace();
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException(KubeChart.pathOf(scope) + " is in chart \"" + chart.getNode().getId()
                    + "\", which has no namespace; create the chart with ChartProps.namespace (the environment's namespace)");
        }
        return Checks.dnsLabel("the chart's namespace", namespace);
    }
}
