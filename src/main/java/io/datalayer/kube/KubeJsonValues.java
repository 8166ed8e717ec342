package io.datalayer.kube;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.plus28.k8s.IntOrString;
import org.cdk8s.plus28.k8s.Quantity;

/**
 * The leaves of {@link Kube}'s serializers, as cdk8s renders them: Java values as JSON values,
 * nulls left out of maps (cdk8s's {@code sanitizeValue}), map keys in sorted order, an
 * IntOrString's or a Quantity's value itself, an instant in ISO-8601.
 */
class KubeJsonValues {
    KubeJsonValues() {
    }

    static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** A value the L1 serializer passes through as it is (a string, number, boolean, list or map of them). */
    static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> {
                Object json = plain(v);
                if (json != null) {
                    out.put((String) k, json);
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(plain(item));
            }
            return out;
        }
        if (value instanceof IntOrString || value instanceof Quantity) {
            return value(value);
        }
        if (value instanceof Enum<?> e) {
            return Kube.enumValue(e);
        }
        if (value instanceof ApiObjectMetadata metadata) {
            return metadata(metadata);
        }
        return value;
    }

    /**
     * cdk8s's own metadata type, which the CRD imports' props use (cdk8s-plus-28's use ObjectMeta),
     * with the fields this project sets; owner references it never sets are refused rather than lost.
     */
    static Map<String, Object> metadata(ApiObjectMetadata metadata) {
        if (metadata.getOwnerReferences() != null) {
            throw new IllegalArgumentException("ApiObjectMetadata.ownerReferences is not rendered on the Java side;"
                    + " objects of this layer have no owner");
        }
        Map<String, Object> out = new TreeMap<>();
        put(out, "annotations", plain(metadata.getAnnotations()));
        put(out, "finalizers", plain(metadata.getFinalizers()));
        put(out, "labels", plain(metadata.getLabels()));
        put(out, "name", metadata.getName());
        put(out, "namespace", metadata.getNamespace());
        return out;
    }

    /** {@code x?.value} of an IntOrString or a Quantity ({@link KubeValues} makes them without the kernel). */
    static Object value(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof IntOrString intOrString) {
            return intOrString.getValue();
        }
        if (value instanceof Quantity quantity) {
            return quantity.getValue();
        }
        throw new IllegalArgumentException("not an IntOrString or a Quantity: " + value.getClass().getName());
    }

    /** A map of IntOrString or Quantity values (resource limits and requests), by sorted key. */
    static Map<String, Object> values(Map<String, ?> map) {
        if (map == null) {
            return null;
        }
        Map<String, Object> out = new TreeMap<>();
        map.forEach((k, v) -> put(out, k, value(v)));
        return out;
    }

    static String instant(Instant value) {
        return value == null ? null : value.toString();
    }
}
