package io.datalayer.testing;

import io.datalayer.gate.Violation;
import io.datalayer.output.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The known-good layer of {@code manifests/good/layer.yaml} (which also passes the schema check),
 * loaded fresh for each test so a test can break exactly one field and see exactly one finding.
 *
 * <p>Its objects are one environment's output, as the gate sees a synth's: read from
 * {@code <environment>/<file>} ({@value #ENVIRONMENT} unless a method names another). The gate
 * matches objects only within one environment, so what a test adds to the layer ({@link #add})
 * lands in its environment, and {@link #withEnvironment} adds the same layer as another environment
 * writes it (same namespace, same names, as {@code dist/dev} beside {@code dist/prod}).
 */
public final class LayerFixture {
    /** The environment of the layer and of what {@link #add} adds. */
    public static final String ENVIRONMENT = "prod";
    /** The file findings on the layer's objects name. */
    public static final String FILE = ENVIRONMENT + "/layer.yaml";
    /** The file findings on objects {@link #add} added name. */
    public static final String EXTRA = ENVIRONMENT + "/extra.yaml";
    private static final Path SOURCE = Path.of("src/test/resources/manifests/good/layer.yaml");

    private final List<Manifest> manifests = new ArrayList<>();

    private LayerFixture() {
        withEnvironment(ENVIRONMENT);
    }

    public static LayerFixture good() {
        return new LayerFixture();
    }

    /** Adds the good layer, fresh, as {@code environment}'s output ({@code <environment>/layer.yaml}). */
    public LayerFixture withEnvironment(String environment) {
        try {
            manifests.addAll(Manifest.parse(environment + "/layer.yaml", Files.readString(SOURCE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public List<Manifest> manifests() {
        return manifests;
    }

    /** Sets {@code path} (dots and [i]) inside object {@code ref} (Kind/name), creating maps on the way. */
    public LayerFixture set(String ref, String path, Object value) {
        return set(ENVIRONMENT, ref, path, value);
    }

    /** The same in {@code environment}'s object {@code ref}. */
    public LayerFixture set(String environment, String ref, String path, Object value) {
        Object node = object(environment, ref);
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            String key = part.contains("[") ? part.substring(0, part.indexOf('[')) : part;
            Map<String, Object> map = Manifest.map(node);
            boolean last = i == parts.length - 1;
            if (part.contains("[")) {
                int index = Integer.parseInt(part.substring(part.indexOf('[') + 1, part.length() - 1));
                List<Object> list = Manifest.list(map.get(key));
                if (last) {
                    list.set(index, value);
                    return this;
                }
                node = list.get(index);
            } else if (last) {
                if (value == null) {
                    map.remove(key);
                } else {
                    map.put(key, value);
                }
            } else {
                node = map.computeIfAbsent(key, k -> new java.util.LinkedHashMap<String, Object>());
            }
        }
        return this;
    }

    public LayerFixture remove(String ref, String path) {
        return set(ref, path, null);
    }

    /** Adds the objects of a YAML snippet to the layer's environment, reported as coming from {@link #EXTRA}. */
    public LayerFixture add(String yaml) {
        return add(ENVIRONMENT, yaml);
    }

    /** Adds the objects of a YAML snippet to {@code environment}, reported as coming from {@code <environment>/extra.yaml}. */
    public LayerFixture add(String environment, String yaml) {
        manifests.addAll(Manifest.parse(environment + "/extra.yaml", yaml));
        return this;
    }

    public LayerFixture drop(String ref) {
        return drop(ENVIRONMENT, ref);
    }

    /** Drops {@code environment}'s object {@code ref}. */
    public LayerFixture drop(String environment, String ref) {
        manifests.removeIf(m -> m.ref().equals(ref) && m.environmentFolder().equals(environment));
        return this;
    }

    private Map<String, Object> object(String environment, String ref) {
        return manifests.stream().filter(m -> m.ref().equals(ref) && m.environmentFolder().equals(environment)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + ref + " in environment " + environment)).object();
    }

    public static List<String> lines(List<Violation> violations) {
        return violations.stream().map(Violation::toString).toList();
    }
}
