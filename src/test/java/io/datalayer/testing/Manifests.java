package io.datalayer.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.cdk8s.App;
import io.datalayer.kube.KubeChart;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Synthesizes constructs with the real cdk8s runtime and reads the YAML back for assertions. */
public final class Manifests {
    private final String yaml;
    private final List<Map<String, Object>> objects;

    private Manifests(String yaml) {
        this.yaml = yaml;
        this.objects = parse(yaml);
    }

    /** Builds a chart named {@code test} in namespace {@code data} with what {@code body} adds, and synthesizes it. */
    public static Manifests of(Consumer<KubeChart> body) {
        return of("data", body);
    }

    /** Builds a chart named {@code test} in {@code namespace} with what {@code body} adds, and synthesizes it. */
    public static Manifests of(String namespace, Consumer<KubeChart> body) {
        App app = new App();
        KubeChart chart = new KubeChart(app, "test", ChartProps.builder().namespace(namespace).build());
        body.accept(chart);
        return new Manifests(app.synthYaml());
    }

    /**
     * Builds a plain cdk8s chart named {@code test} in namespace {@code data} with what {@code body}
     * adds (cdk8s's own L1 classes, not {@code io.datalayer.kube}), and synthesizes it.
     */
    public static Manifests ofCdk8s(Consumer<Chart> body) {
        App app = new App();
        Chart chart = new Chart(app, "test", ChartProps.builder().namespace("data").build());
        body.accept(chart);
        return new Manifests(app.synthYaml());
    }

    /** Reads YAML that was synthesized elsewhere (e.g. a file in dist/). */
    public static Manifests of(String yaml) {
        return new Manifests(yaml);
    }

    /** Synthesizes the charts an app already holds. */
    public static Manifests of(App app) {
        return new Manifests(app.synthYaml());
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(yaml)) {
            if (doc != null) {
                out.add((Map<String, Object>) doc);
            }
        }
        return out;
    }

    public String yaml() {
        return yaml;
    }

    public List<Map<String, Object>> objects() {
        return objects;
    }

    /** The one object of this kind and name; fails when there is none. */
    public Node get(String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.get("kind")) && name.equals(Node.of(o).at("metadata.name").value()))
                .findFirst()
                .map(Node::of)
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in:\n" + yaml));
    }

    public List<String> kindsAndNames() {
        return objects.stream().map(o -> o.get("kind") + "/" + Node.of(o).at("metadata.name").value()).toList();
    }

    /**
     * The ConfigMap with its data block (every indented or blank line after {@code data:}) replaced
     * by a placeholder; line by line, since a regular expression over the scripts' thousand lines
     * runs out of stack. For the backup snapshots: the scripts are the repository files and are
     * reviewed there and in dist/, not a third time.
     */
    public static String withoutScripts(String doc) {
        StringBuilder out = new StringBuilder();
        boolean inData = false;
        for (String line : doc.split("\n", -1)) {
            if (inData && (line.startsWith("  ") || line.isEmpty())) {
                continue;
            }
            inData = line.equals("data:");
            out.append(inData ? "data: <the backup and restore scripts from src/main/resources>" : line).append('\n');
        }
        // The old expression also took the block's final line break; the document's own stays.
        return doc.endsWith("\n") && !out.toString().endsWith("\n\n") ? out.toString() : out.substring(0, out.length() - 1);
    }
}
