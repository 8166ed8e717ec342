package io.datalayer.gate;

import static io.datalayer.output.Manifest.list;
import static io.datalayer.output.Manifest.map;
import static io.datalayer.output.Manifest.str;

import io.datalayer.output.Manifest;
import io.datalayer.output.PodTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * No secret material in {@code dist/}: Secrets come from External Secrets at run time, so any
 * {@code Secret} object (on its own, in the items of a {@code kind: List}, or embedded anywhere in
 * another object), or a credential written as a literal environment value, means a value reached
 * Git or soon will. Values are never printed; only names.
 */
public final class SecretHygiene {
    public static final String SECRET = "no-secret-in-output";
    private static final String VIA_ESO = "; secrets reach the cluster through External Secrets, never through dist/:"
            + " declare a SecretRequirement and a VaultExternalSecret";
    public static final String ENV = "env-credential";

    private SecretHygiene() {
    }

    public static List<Violation> check(List<Manifest> manifests) {
        List<Violation> out = new ArrayList<>();
        for (Manifest m : manifests) {
            if ("Secret".equals(m.kind())) {
                List<String> carried = new ArrayList<>();
                for (String field : List.of("data", "stringData")) {
                    if (!map(m.object().get(field)).isEmpty()) {
                        carried.add(field + " " + map(m.object().get(field)).keySet());
                    }
                }
                out.add(Violation.of(m, SECRET, "a Secret" + (carried.isEmpty() ? "" : " carrying " + String.join(" and ", carried))
                        + VIA_ESO));
            } else {
                nested(m, m.object(), "", out);
            }
        }
        for (PodTemplate pod : PodTemplate.all(manifests)) {
            for (PodTemplate.Container c : pod.containers()) {
                for (Object e : list(c.spec().get("env"))) {
                    String problem = envProblem(map(e));
                    if (problem != null) {
                        out.add(Violation.of(pod.owner(), ENV, c.where() + " env " + str(map(e).get("name")) + " " + problem));
                    }
                }
            }
        }
        return out;
    }

    /** A Secret embedded in another object (a template, a CRD's field) is refused too. */
    private static void nested(Manifest m, Object node, String path, List<Violation> out) {
        if (node instanceof Map<?, ?> object) {
            if (!path.isEmpty() && "Secret".equals(object.get("kind")) && object.containsKey("apiVersion")) {
                out.add(Violation.of(m, SECRET, path + " is a Secret" + VIA_ESO));
                return;
            }
            for (Map.Entry<?, ?> e : object.entrySet()) {
                nested(m, e.getValue(), path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey(), out);
            }
        } else if (node instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                nested(m, items.get(i), path + "[" + i + "]", out);
            }
        }
    }

    /** Why this env entry looks like a literal credential, or null. Never quotes the value. */
    static String envProblem(Map<String, Object> env) {
        String name = str(env.get("name"));
        if (!env.containsKey("value")) {
            return null; // valueFrom: a reference, which is the point
        }
        String value = str(env.get("value"));
        value = value == null ? "" : value;
        if (name != null && Credentials.CREDENTIAL_NAME.matcher(name).matches()) {
            if (name.endsWith("_FILE") && value.startsWith("/")) {
                return null; // a path to a mounted secret file, the postgres image's convention
            }
            if (name.toUpperCase(java.util.Locale.ROOT).endsWith("AUTH") && !Credentials.isLiteral(value)) {
                return null; // NEO4J_AUTH=none: a setting, not a credential
            }
            return "has a literal value; use valueFrom.secretKeyRef or a mounted file (*_FILE)";
        }
        return Credentials.shapeIn(value).isPresent()
                ? "has a literal value that looks like a credential; use valueFrom.secretKeyRef" : null;
    }
}
