package io.datalayer.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.kube.KubeChart;
import org.cdk8s.App;
import org.cdk8s.ChartProps;
import org.junit.jupiter.api.Test;
import software.constructs.Construct;

class NamespacesTest {
    @Test
    void aConstructTakesItsChartsNamespace() {
        KubeChart chart = new KubeChart(new App(), "env", ChartProps.builder().namespace("analytics").build());
        assertEquals("analytics", Namespaces.of(new Construct(new Construct(chart, "a"), "b")));
    }

    @Test
    void aChartWithoutNamespaceIsRefused() {
        KubeChart chart = new KubeChart(new App(), "env");
        assertEquals("env/store is in chart \"env\", which has no namespace; create the chart with ChartProps.namespace"
                + " (the environment's namespace)",
                assertThrows(IllegalArgumentException.class, () -> Namespaces.of(new Construct(chart, "store"))).getMessage());
    }
}
