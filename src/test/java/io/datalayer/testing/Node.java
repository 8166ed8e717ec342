package io.datalayer.testing;

import java.util.List;
import java.util.Map;

/**
 * A path into parsed YAML: {@code at("spec.template.spec.containers[0].image")}, or by a field of
 * the list element rather than its position: {@code at("spec.template.spec.volumes[name=config]")}
 * (the element whose {@code name} is {@code config}; values may not contain '.').
 */
public record Node(Object value) {
    public static Node of(Object value) {
        return new Node(value);
    }

    public Node at(String path) {
        Object current = value;
        for (String part : path.split("\\.")) {
            String key = part;
            String selector = null;
            int bracket = part.indexOf('[');
            if (bracket >= 0) {
                key = part.substring(0, bracket);
                selector = part.substring(bracket + 1, part.length() - 1);
            }
            if (!key.isEmpty()) {
                current = current instanceof Map<?, ?> map ? map.get(key) : null;
            }
            if (selector != null) {
                current = current instanceof List<?> list ? element(list, selector) : null;
            }
        }
        return new Node(current);
    }

    private static Object element(List<?> list, String selector) {
        int eq = selector.indexOf('=');
        if (eq < 0) {
            int index = Integer.parseInt(selector);
            return index < list.size() ? list.get(index) : null;
        }
        String field = selector.substring(0, eq);
        String wanted = selector.substring(eq + 1);
        return list.stream().filter(e -> e instanceof Map<?, ?> m && wanted.equals(String.valueOf(m.get(field))))
                .findFirst().orElse(null);
    }

    public String string() {
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    public List<Object> list() {
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map() {
        return (Map<String, Object>) value;
    }
}
