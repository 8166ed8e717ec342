package io.datalayer.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.testing.Manifests;
import java.util.List;
import java.util.Map;
import org.cdk8s.ApiObject;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.ApiObjectProps;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.cdk8s.plus28.k8s.KubeConfigMapProps;
import org.cdk8s.plus28.k8s.ObjectMeta;
import org.junit.jupiter.api.Test;
import software.constructs.Construct;

/** A {@link KubeChart} through the real cdk8s runtime: what it writes, in which order, and what it refuses. */
class KubeChartTest {
    private static KubeObject configMap(Construct scope, String id, String name) {
        return Kube.configMap(scope, id, KubeConfigMapProps.builder().metadata(ObjectMeta.builder().name(name).build())
                .data(Map.of("k", name)).build());
    }

    private static List<String> names(Manifests manifests) {
        return manifests.objects().stream().map(o -> (String) ((Map<?, ?>) o.get("metadata")).get("name")).toList();
    }

    @Test
    void objectsAreWrittenInTheOrderTheyWereMadeWhateverTheirScope() {
        Manifests manifests = Manifests.of(chart -> {
            Construct first = new Construct(chart, "first");
            Construct second = new Construct(chart, "second");
            configMap(second, "cm", "b");
            configMap(first, "cm", "c"); // an earlier scope, a later object: written after b
            configMap(new Construct(first, "inner"), "cm", "a");
            configMap(chart, "cm", "d");
        });
        assertEquals(List.of("b", "c", "a", "d"), names(manifests));
        assertEquals("data", ((Map<?, ?>) manifests.objects().get(0).get("metadata")).get("namespace"));
    }

    @Test
    void theChartsObjectsAreTheJavaSides() {
        Manifests.of(chart -> {
            KubeObject a = configMap(new Construct(chart, "s"), "cm", "a");
            KubeObject b = configMap(chart, "cm", "b");
            assertEquals(List.of(a, b), chart.objects());
            assertEquals(chart, KubeChart.of(new Construct(new Construct(chart, "x"), "y")));
        });
    }

    /** A KubeConstruct of the test's own: the layer's constructs are these. */
    private static final class Part extends KubeConstruct {
        Part(Construct scope, String id) {
            super(scope, id);
        }
    }

    @Test
    void theChartIsFoundThroughKubeConstructsAndPlainConstructsAlike() {
        Manifests manifests = Manifests.of(chart -> {
            Part outer = new Part(chart, "outer");
            Part inner = new Part(new Construct(outer, "plain"), "inner");
            assertEquals(chart, KubeChart.of(inner));
            assertEquals(outer, inner.madeIn().getNode().getScope());
            configMap(new Part(inner, "leaf"), "cm", "a");
        });
        assertEquals(List.of("a"), names(manifests));
        assertEquals("data", ((Map<?, ?>) manifests.objects().get(0).get("metadata")).get("namespace"));
    }

    @Test
    void anIdIsUsedOnceInAScope() {
        Manifests.of(chart -> {
            Construct scope = new Construct(chart, "store");
            configMap(scope, "cm", "a");
            configMap(chart, "cm", "b"); // another scope: fine
            assertEquals("test/store already has an object with id \"cm\"; give each object of a construct its own id",
                    assertThrows(IllegalArgumentException.class, () -> configMap(scope, "cm", "c")).getMessage());
        });
    }

    @Test
    void anApiObjectMadeAnotherWayIsRefusedAtSynthNotLeftOut() {
        App app = new App();
        KubeChart chart = new KubeChart(app, "env", ChartProps.builder().namespace("data").build());
        configMap(chart, "cm", "a");
        new ApiObject(new Construct(chart, "legacy"), "raw", ApiObjectProps.builder().apiVersion("v1").kind("ConfigMap")
                .metadata(ApiObjectMetadata.builder().name("raw").build()).build());
        RuntimeException e = assertThrows(RuntimeException.class, app::synthYaml);
        assertEquals(true, e.getMessage().contains("env/legacy/raw is an ApiObject in KubeChart \"env\", which writes only the"
                + " objects of io.datalayer.kube; make it with io.datalayer.kube.Kube instead"), e.getMessage());
    }

    @Test
    void aKubeObjectOutsideAKubeChartIsRefused() {
        Chart plain = new Chart(new App(), "plain");
        assertEquals("plain/store is in chart \"plain\", which is not a KubeChart: objects of io.datalayer.kube render only in"
                + " a KubeChart (make the chart with new KubeChart(...) or a subclass)",
                assertThrows(IllegalArgumentException.class, () -> configMap(new Construct(plain, "store"), "cm", "a")).getMessage());
    }
}
