package io.datalayer.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.constructs.Construct;

/**
 * A Kubernetes object of a {@link KubeChart}: made by {@link Kube} from cdk8s-plus-28's typed props
 * (the same builders the constructs always used), rendered on the Java side by the generated
 * serializers, and kept in its chart, in the order made, until cdk8s asks the chart for its objects
 * at synth. It is not a jsii object: making one costs no request to the jsii kernel, and the props
 * never travel struct by struct through jsii (the L1 {@code KubeStatefulSet} and its kind were one
 * request with every struct serialized by Jackson, plus the cdk8s-plus-28 assembly loaded in the kernel).
 *
 * <p>The rendering is cdk8s's own for these kinds: {@code apiVersion}, {@code kind}, {@code metadata}
 * first, every other key in sorted order at every level (the L1 serializers of the built-in kinds
 * declare their fields in that order, and cdk8s sorts map keys), nulls left out; metadata as
 * {@code ApiObjectMetadataDefinition} renders it (the chart's namespace when none is given, empty
 * maps and lists left out). {@code KubeObjectTest} compares both renderings field for field. One
 * difference, on purpose: the keys of a JSON patch's value are sorted too, where cdk8s keeps the
 * value's own order, which for Java's {@code Map.of} changes from one JVM to the next (a synth
 * must write the same bytes every time).
 *
 * <p>cdk8s's members for changing an object have Java counterparts here: {@link #jsonPatchAdd} and
 * {@link #jsonPatchRemove} for {@code addJsonPatch}, {@link #addAnnotation} for
 * {@code getMetadata().addAnnotation}.
 */
public final class KubeObject {
    private final String apiVersion;
    private final String kind;
    private final String name;
    private final boolean sortedKeys;
    private final Map<String, Object> json;

    /**
     * @param props       the props' JSON, from {@link Kube}
     * @param sortedKeys  whether cdk8s's output has every key of this kind in sorted order (the
     *                    built-in kinds) or in the order of the props' JSON (the CRD imports)
     */
    KubeObject(Construct scope, String id, String apiVersion, String kind, Map<String, Object> props, boolean sortedKeys) {
        KubeChart chart = KubeChart.of(scope);
        Map<String, Object> metadata = metadata(scope, id, kind, props, chart);
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.name = (String) metadata.get("name");
        this.sortedKeys = sortedKeys;
        this.json = new LinkedHashMap<>();
        json.put("apiVersion", apiVersion);
        json.put("kind", kind);
        json.put("metadata", metadata);
        props.forEach((key, value) -> {
            if (!key.equals("metadata")) {
                json.put(key, value);
            }
        });
        chart.claimId(scope, id);
        chart.add(this);
    }

    /** The object's metadata as cdk8s renders it: its name is required, the chart's namespace is the default. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Construct scope, String id, String kind, Map<String, Object> props,
                                                KubeChart chart) {
        Map<String, Object> given = (Map<String, Object>) props.get("metadata");
        Map<String, Object> metadata = given == null ? new TreeMap<>() : new TreeMap<>(given);
        if (!(metadata.get("name") instanceof String)) {
            throw new IllegalArgumentException(KubeChart.pathOf(scope) + "/" + id + ": a " + kind + " needs metadata.name;"
                    + " give its props' metadata a name (cdk8s would make one up from the construct path, which changes when"
                    + " the code moves)");
        }
        if (!metadata.containsKey("namespace")) {
            String chartNamespace = chart.defaultNamespace();
            if (chartNamespace != null) {
                metadata.put("namespace", chartNamespace);
            }
        }
        return withoutEmpty(metadata);
    }

    /** cdk8s's metadata rendering leaves out empty maps and lists, at any depth. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutEmpty(Map<String, Object> map) {
        Map<String, Object> out = new TreeMap<>();
        map.forEach((key, value) -> {
            Object kept = value;
            if (value instanceof Map<?, ?> inner) {
                kept = withoutEmpty((Map<String, Object>) inner);
                if (((Map<?, ?>) kept).isEmpty()) {
                    return;
                }
            } else if (value instanceof List<?> list && list.isEmpty()) {
                return;
            }
            out.put(key, kept);
        });
        return out;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    /** Adds (or replaces) an annotation of this object. */
    @SuppressWarnings("unchecked")
    public void addAnnotation(String key, String value) {
        Map<String, Object> metadata = (Map<String, Object>) json.get("metadata");
        ((Map<String, Object>) metadata.computeIfAbsent("annotations", k -> new TreeMap<String, Object>())).put(key, value);
    }

    /**
     * JSON Patch "add" (RFC 6902) of {@code value} (strings, numbers, booleans, lists and maps of them)
     * at {@code pointer}, e.g. {@code /spec/template/spec/affinity}; the parent must exist.
     */
    public void jsonPatchAdd(String pointer, Object value) {
        Parent parent = parent(pointer, "add");
        Object json = KubeJsonValues.plain(value);
        if (parent.container instanceof Map<?, ?>) {
            parent.map().put(parent.key, json);
        } else {
            List<Object> list = parent.list();
            list.add(parent.key.equals("-") ? list.size() : parent.index(list.size()), json);
        }
    }

    /** JSON Patch "remove" (RFC 6902) of what is at {@code pointer}; it must exist. */
    public void jsonPatchRemove(String pointer) {
        Parent parent = parent(pointer, "remove");
        if (parent.container instanceof Map<?, ?>) {
            if (parent.map().remove(parent.key) == null) {
                throw new IllegalArgumentException(what(pointer, "remove") + ": nothing is there");
            }
        } else {
            List<Object> list = parent.list();
            list.remove(parent.index(list.size() - 1));
        }
    }

    private record Parent(String pointer, Object container, String key) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map() {
            return (Map<String, Object>) container;
        }

        @SuppressWarnings("unchecked")
        List<Object> list() {
            return (List<Object>) container;
        }

        int index(int max) {
            try {
                int index = Integer.parseInt(key);
                if (index >= 0 && index <= max) {
                    return index;
                }
            } catch (NumberFormatException e) {
                // named below
            }
            throw new IllegalArgumentException("JSON patch " + pointer + ": \"" + key + "\" is not an index of a list of "
                    + ((List<?>) container).size());
        }
    }

    private Parent parent(String pointer, String op) {
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException(what(pointer, op) + ": a JSON pointer starts with /");
        }
        String[] tokens = pointer.substring(1).split("/", -1);
        Object container = json;
        for (int i = 0; i < tokens.length - 1; i++) {
            String token = unescape(tokens[i]);
            Object next = null;
            if (container instanceof Map<?, ?> map) {
                next = map.get(token);
            } else if (container instanceof List<?> list) {
                next = list.get(new Parent(pointer, list, token).index(list.size() - 1));
            }
            if (next == null) {
                throw new IllegalArgumentException(what(pointer, op) + ": /" + String.join("/", List.of(tokens).subList(0, i + 1))
                        + " does not exist in " + kind + " " + name);
            }
            container = next;
        }
        if (!(container instanceof Map<?, ?>) && !(container instanceof List<?>)) {
            throw new IllegalArgumentException(what(pointer, op) + ": its parent is not an object or a list");
        }
        return new Parent(pointer, container, unescape(tokens[tokens.length - 1]));
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    private String what(String pointer, String op) {
        return "JSON patch " + op + " " + pointer + " of " + kind + " " + name;
    }

    /** The whole object, as cdk8s renders an L1 object of its kind (see the class comment). */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("apiVersion", apiVersion);
        out.put("kind", kind);
        out.put("metadata", copy(json.get("metadata"), true));
        Map<String, Object> rest = new TreeMap<>();
        json.forEach((key, value) -> {
            if (!out.containsKey(key)) {
                rest.put(key, copy(value, sortedKeys));
            }
        });
        out.putAll(rest);
        return out;
    }

    /**
     * A deep copy, with every map's keys in sorted order when {@code sorted} (String order is
     * JavaScript's default sort: UTF-16 code units), else in their order.
     */
    private static Object copy(Object value, boolean sorted) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = sorted ? new TreeMap<>() : new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, copy(v, sorted)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(copy(item, sorted));
            }
            return out;
        }
        return value;
    }
}
