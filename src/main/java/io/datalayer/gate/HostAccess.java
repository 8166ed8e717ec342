package io.datalayer.gate;

import io.datalayer.output.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * hostPath, hostNetwork, hostPID, hostIPC or privileged anywhere in any object, not only in pod
 * templates (a PersistentVolume with hostPath is as much a way onto the node as a pod volume).
 */
public final class HostAccess {
    public static final String RULE = "host-access";

    private static final Set<String> TRUE_FLAGS = Set.of("hostNetwork", "hostPID", "hostIPC", "privileged");
    // Free-form maps whose keys are data or names, not API fields.
    private static final Set<String> FREE_FORM = Set.of("data", "stringData", "binaryData", "labels", "annotations");

    private HostAccess() {
    }

    public static List<Violation> check(List<Manifest> manifests) {
        List<Violation> out = new ArrayList<>();
        for (Manifest m : manifests) {
            walk(m.object(), "", m, out);
        }
        return out;
    }

    private static void walk(Object node, String path, Manifest where, List<Violation> out) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String at = path.isEmpty() ? key : path + "." + key;
                if (key.equals("hostPath")) {
                    out.add(Violation.of(where, RULE, at + " is set"));
                } else if (TRUE_FLAGS.contains(key) && Boolean.TRUE.equals(e.getValue())) {
                    out.add(Violation.of(where, RULE, at + " is true"));
                } else if (!FREE_FORM.contains(key)) {
                    walk(e.getValue(), at, where, out);
                }
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", where, out);
            }
        }
    }
}
