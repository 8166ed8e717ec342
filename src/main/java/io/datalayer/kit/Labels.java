package io.datalayer.kit;

import java.util.Map;
import java.util.TreeMap;

/**
 * The recommended {@code app.kubernetes.io/*} labels every object of this layer carries, and the
 * platform's layer label. Kept in one place so selectors, NetworkPolicies and dashboards agree.
 */
public final class Labels {
    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    /** The platform's layer label: {@code l3} on what this project owns, {@code l4} on app namespaces. */
    public static final String LAYER = "platform/layer";
    public static final String THIS_LAYER = "l3";
    public static final String APP_LAYER = "l4";

    private Labels() {
    }

    /** Labels that identify the pods of one workload; used as its selector, so they never change. */
    public static Map<String, String> selector(String name) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(NAME, name);
        labels.put(INSTANCE, name);
        return labels;
    }

    /** The selector labels plus component, part-of, managed-by and the layer. */
    public static Map<String, String> of(String name, String component) {
        Map<String, String> labels = new TreeMap<>(selector(name));
        labels.put(COMPONENT, component);
        labels.putAll(layer());
        return labels;
    }

    /** The labels that mark an object as this layer's, without naming a workload. */
    public static Map<String, String> layer() {
        Map<String, String> labels = new TreeMap<>();
        labels.put(PART_OF, "data-layer");
        labels.put(MANAGED_BY, "cdk8s");
        labels.put(LAYER, THIS_LAYER);
        return labels;
    }
}
