package io.datalayer.testing;

import java.util.List;
import java.util.Map;

/** A path into parsed YAML: {@code at("spec.template.spec.containers[0].image")}. */
public record Node(Object value) {
    public static Node of(Object value) {
        return new Node(value);
    }

    public Node at(String path) {
        Object current = value;
        for (String part : path.split("\\.")) {
            String key = part;
            Integer index = null;
            int bracket = part.indexOf('[');
            if (bracket >= 0) {
                key = part.substring(0, bracket);
                index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
            }
            if (!key.isEmpty()) {
                current = current instanceof Map<?, ?> map ? map.get(key) : null;
            }
            if (index != null) {
                current = current instanceof List<?> list && index < list.size() ? list.get(index) : null;
            }
        }
        return new Node(current);
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
