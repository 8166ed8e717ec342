package io.datalayer.kit;

import org.cdk8s.Chart;
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
        String namespace = Chart.of(scope).getNamespace();
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException(scope.getNode().getPath() + " is in chart \"" + Chart.of(scope).getNode().getId()
                    + "\", which has no namespace; create the chart with ChartProps.namespace (the environment's namespace)");
        }
        return Checks.dnsLabel("the chart's namespace", namespace);
    }
}
