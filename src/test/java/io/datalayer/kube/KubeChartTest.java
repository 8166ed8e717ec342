package io.datalayer.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void kubeConstructsLiveOnTheJavaSideWithTheirPathsAndChart() {
        Manifests manifests = Manifests.of(chart -> {
            Part outer = new Part(chart, "outer");
            Construct plain = new Construct(chart, "plain"); // a KubeConstruct may be made in a plain construct
            Part inner = new Part(plain, "inner");
            Part leaf = new Part(inner, "leaf");
            assertEquals(chart, KubeChart.of(leaf));
            assertEquals(chart, leaf.chart());
            assertEquals(inner, leaf.madeIn());
            assertEquals("leaf", leaf.id());
            assertEquals("test/plain/inner/leaf", leaf.path());
            assertEquals("test/outer", outer.toString());
            assertEquals(List.of(outer, inner, leaf), chart.constructs());
            configMap(leaf, "cm", "a");
        });
        assertEquals(List.of("a"), names(manifests));
        assertEquals("data", ((Map<?, ?>) manifests.objects().get(0).get("metadata")).get("namespace"));
    }

    @Test
    void aKubeConstructHasNoNodeAndNoJsiiConstructCanBeMadeInIt() {
        App app = new App();
        KubeChart chart = new KubeChart(app, "env", ChartProps.builder().namespace("data").build());
        Part part = new Part(chart, "store");
        String refused = "env/store is a KubeConstruct, which lives on the Java side only and has no cdk8s node: use its"
                + " path(), id(), madeIn() or chart(), and make what goes in it with io.datalayer.kube.Kube or as another"
                + " KubeConstruct, not as a cdk8s or jsii construct";
        assertEquals(refused, assertThrows(IllegalStateException.class, part::getNode).getMessage());
        // A jsii construct made in it would otherwise live outside the chart and never be written: jsii
        // sends the KubeConstruct as a new construct with no scope, which the kernel refuses.
        for (Runnable made : List.<Runnable>of(
                () -> new Construct(part, "plain"),
                () -> new ApiObject(part, "raw", ApiObjectProps.builder().apiVersion("v1").kind("ConfigMap")
                        .metadata(ApiObjectMetadata.builder().name("raw").build()).build()))) {
            RuntimeException e = assertThrows(RuntimeException.class, made::run);
            assertTrue(e.getMessage().contains("Missing argument for the required parameter 'scope' of type"
                    + " 'constructs.Construct'"), e.getMessage());
        }
        assertThrows(IllegalStateException.class, () -> part.with());
        assertEquals(List.of(), app.synthYaml().lines().filter(l -> l.startsWith("kind:")).toList());
    }

    @Test
    void anIdIsUsedOnceInAScopeByAConstructOrAnObject() {
        Manifests.of(chart -> {
            Construct scope = new Construct(chart, "store");
            configMap(scope, "cm", "a");
            configMap(chart, "cm", "b"); // another scope: fine
            String taken = "test/store already has a construct or object with id \"%s\"; give each construct and object"
                    + " made in a scope its own id";
            assertEquals(taken.formatted("cm"),
                    assertThrows(IllegalArgumentException.class, () -> configMap(scope, "cm", "c")).getMessage());
            assertEquals(taken.formatted("cm"),
                    assertThrows(IllegalArgumentException.class, () -> new Part(scope, "cm")).getMessage());
            Part part = new Part(scope, "part");
            assertEquals(taken.formatted("part"),
                    assertThrows(IllegalArgumentException.class, () -> configMap(scope, "part", "d")).getMessage());
            assertEquals("test/store/part/x already has a construct or object with id \"cm\"; give each construct and"
                    + " object made in a scope its own id", assertThrows(IllegalArgumentException.class, () -> {
                        Part x = new Part(part, "x");
                        configMap(x, "cm", "e");
                        new Part(x, "cm");
                    }).getMessage());
            for (String bad : new String[] {"", "a/b", null}) {
                String shown = bad == null ? "null" : "\"" + bad + "\"";
                assertEquals("test/store: the id " + shown + " cannot name a construct or object; give it a non-empty id"
                        + " without \"/\" (the separator of a path)",
                        assertThrows(IllegalArgumentException.class, () -> new Part(scope, bad)).getMessage());
            }
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
    void aKubeConstructOrObjectInNoChartIsRefused() {
        App app = new App();
        assertEquals("the app's root is in no chart: objects and constructs of io.datalayer.kube are made in a KubeChart or"
                + " in a construct of one", assertThrows(IllegalArgumentException.class, () -> new Part(app, "store")).getMessage());
        Construct loose = new Construct(app, "loose");
        assertEquals("loose is in no chart: objects and constructs of io.datalayer.kube are made in a KubeChart or in a"
                + " construct of one", assertThrows(IllegalArgumentException.class, () -> configMap(loose, "cm", "a")).getMessage());
    }

    @Test
    void aKubeObjectOutsideAKubeChartIsRefused() {
        Chart plain = new Chart(new App(), "plain");
        assertEquals("plain/store is in chart \"plain\", which is not a KubeChart: objects of io.datalayer.kube render only in"
                + " a KubeChart (make the chart with new KubeChart(...) or a subclass)",
                assertThrows(IllegalArgumentException.class, () -> configMap(new Construct(plain, "store"), "cm", "a")).getMessage());
    }
}
