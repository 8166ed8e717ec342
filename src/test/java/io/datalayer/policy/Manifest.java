package io.datalayer.policy;

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
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(yaml)) {
            if (doc == null) {
                continue;
            }
            if (!(doc instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(file + ": a document is not a mapping: " + doc);
            }
            out.add(new Manifest(file, map(doc)));
        }
        return out;
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
