package io.datalayer.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * One object of a rendered YAML file, with where it came from, so every finding can name the
 * file and the object. Also holds the few null-safe accessors the rules share for parsed YAML.
 */
public record Manifest(String file, Map<String, Object> object) {

    /** Every object of every {@code *.yaml}/{@code *.yml} file under the given files or folders, in a stable order. */
    public static List<Manifest> readAll(Path... paths) {
        List<Manifest> out = new ArrayList<>();
        for (Path path : paths) {
            for (Path file : yamlFiles(path)) {
                out.addAll(parse(file.toString(), read(file)));
            }
        }
        return out;
    }

    /** The objects of one YAML stream; empty documents are skipped. */
    public static List<Manifest> parse(String file, String yaml) {
        List<Manifest> out = new ArrayList<>();
        // Duplicate keys are an error: the parser would keep one value while the file still holds both.
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        for (Object doc : new Yaml(options).loadAll(yaml)) {
            if (doc == null) {
                continue;
            }
            if (!(doc instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(file + ": a document is not a mapping");
            }
            flatten(file, map(doc), out);
        }
        return out;
    }

    /**
     * {@code kind: List} (and {@code *List} kinds) carries objects in {@code items}: kubectl applies
     * each one, so each is checked as an object of its own.
     */
    private static void flatten(String file, Map<String, Object> object, List<Manifest> out) {
        Object kind = object.get("kind");
        if (kind instanceof String k && k.endsWith("List") && object.get("items") instanceof List<?> items) {
            for (Object item : items) {
                if (!(item instanceof Map<?, ?>)) {
                    throw new IllegalArgumentException(file + ": an item of a " + k + " is not a mapping");
                }
                flatten(file, map(item), out);
            }
            return;
        }
        out.add(new Manifest(file, object));
    }

    public String kind() {
        return str(object.get("kind"));
    }

    public String name() {
        return str(map(object.get("metadata")).get("name"));
    }

    /** The namespace the object lives in ({@code null} for cluster-scoped objects and Namespaces). */
    public String namespace() {
        return str(map(object.get("metadata")).get("namespace"));
    }

    /**
     * The folder of the file the object was read from: one environment's output ({@code dev} for
     * {@code dev/data-layer.k8s.yaml} as the synth reads its output, {@code dist/prod} for
     * {@code dist/prod/data-layer.k8s.yaml}); empty for a file named without a folder. Each
     * environment is a cluster of its own that shares namespaces and object names with the others,
     * so the gate matches objects to each other only within one folder (see {@code gate.Policies}).
     */
    public String environmentFolder() {
        Path folder = Path.of(file).getParent();
        return folder == null ? "" : folder.toString();
    }

    /** {@code Kind/name}, as {@code kubectl} writes it. */
    public String ref() {
        return kind() + "/" + name();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    public static String str(Object value) {
        return value == null ? null : value.toString();
    }

    private static List<Path> yamlFiles(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
                    // Not an object for the API server; validate-manifests.mjs checks what it lists.
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
