package io.datalayer.testing;

import io.datalayer.gate.Violation;
import io.datalayer.output.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The known-good layer of {@code manifests/good/layer.yaml} (which also passes the schema check),
 * loaded fresh for each test so a test can break exactly one field and see exactly one finding.
 */
public final class LayerFixture {
    public static final String FILE = "src/test/resources/manifests/good/layer.yaml";

    private final List<Manifest> manifests;

    private LayerFixture() {
        this.manifests = new ArrayList<>(Manifest.readAll(Path.of(FILE)));
    }

    public static LayerFixture good() {
        return new LayerFixture();
    }

    public List<Manifest> manifests() {
        return manifests;
    }

    /** Sets {@code path} (dots and [i]) inside object {@code ref} (Kind/name), creating maps on the way. */
    public LayerFixture set(String ref, String path, Object value) {
        Object node = object(ref);
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

    /** Adds the objects of a YAML snippet, reported as coming from {@code extra.yaml}. */
    public LayerFixture add(String yaml) {
        manifests.addAll(Manifest.parse("extra.yaml", yaml));
        return this;
    }

    public LayerFixture drop(String ref) {
        manifests.removeIf(m -> m.ref().equals(ref));
        return this;
    }

    private Map<String, Object> object(String ref) {
        return manifests.stream().filter(m -> m.ref().equals(ref)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + ref + " in " + FILE)).object();
    }

    public static List<String> lines(List<Violation> violations) {
        return violations.stream().map(Violation::toString).toList();
    }
}
