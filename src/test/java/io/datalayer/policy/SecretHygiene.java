package io.datalayer.policy;

import static io.datalayer.policy.Manifest.list;
import static io.datalayer.policy.Manifest.map;
import static io.datalayer.policy.Manifest.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * No secret material in {@code dist/}: Secrets come from External Secrets at run time, so a
 * {@code Secret} object with content, or a credential written as a literal environment value,
 * means a value reached Git. Values are never printed; only names.
 */
public final class SecretHygiene {
    public static final String SECRET = "secret-without-data";
    public static final String ENV = "env-credential";

    private static final Pattern CREDENTIAL_NAME = Pattern.compile("(?i).*(PASSWORD|PASSWD|PWD|TOKEN|SECRET|KEY|CREDENTIAL).*");
    private static final List<Pattern> CREDENTIAL_VALUES = List.of(
            Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]+:[^/\\s@]+@.*"),       // URL with user:password@
            Pattern.compile("(?i).*\\b(password|passwd|pwd)\\s*=\\s*\\S+.*"),            // key=value connection string
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----.*", Pattern.DOTALL),       // PEM private key
            Pattern.compile("AKIA[0-9A-Z]{16}"),                                          // AWS access key id
            Pattern.compile("hv[sbr]\\.[A-Za-z0-9_-]{20,}"),                              // Vault token
            Pattern.compile("eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"));   // JWT

    private SecretHygiene() {
    }

    public static List<Violation> check(List<Manifest> manifests) {
        List<Violation> out = new ArrayList<>();
        for (Manifest m : manifests) {
            if ("Secret".equals(m.kind())) {
                for (String field : List.of("data", "stringData")) {
                    if (!map(m.object().get(field)).isEmpty()) {
                        out.add(Violation.of(m, SECRET, field + " carries " + map(m.object().get(field)).keySet()
                                + "; secrets reach the cluster through External Secrets, never through dist/"));
                    }
                }
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

    /** Why this env entry looks like a literal credential, or null. Never quotes the value. */
    static String envProblem(Map<String, Object> env) {
        String name = str(env.get("name"));
        if (!env.containsKey("value")) {
            return null; // valueFrom: a reference, which is the point
        }
        String value = str(env.get("value"));
        value = value == null ? "" : value;
        if (name != null && CREDENTIAL_NAME.matcher(name).matches()) {
            if (name.endsWith("_FILE") && value.startsWith("/")) {
                return null; // a path to a mounted secret file, the postgres image's convention
            }
            return "has a literal value; use valueFrom.secretKeyRef or a mounted file (*_FILE)";
        }
        for (Pattern p : CREDENTIAL_VALUES) {
            if (p.matcher(value).matches()) {
                return "has a literal value that looks like a credential; use valueFrom.secretKeyRef";
            }
        }
        return null;
    }
}
