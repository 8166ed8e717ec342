package io.datalayer.gate;

import static io.datalayer.output.Manifest.map;
import static io.datalayer.output.Manifest.str;

import io.datalayer.output.Manifest;
import io.datalayer.output.PodTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Container rules beyond Pod Security: sized (so the scheduler and the OOM killer treat the
 * databases predictably), probed when long-running (so traffic and restarts follow health), and
 * pinned to an exact image version (so {@code dist/} says exactly what runs).
 */
public final class WorkloadHygiene {
    public static final String RESOURCES = "container-resources";
    public static final String PROBES = "container-probes";
    public static final String IMAGE = "image-pinned";

    // A tag that names an exact release: at least major.minor, optionally a variant suffix.
    private static final Pattern EXACT_TAG = Pattern.compile("^v?\\d+\\.\\d+(\\.\\d+)*([-+_.][A-Za-z0-9][\\w.-]*)?$");
    private static final Pattern DIGEST = Pattern.compile("^sha256:[a-f0-9]{64}$");

    private WorkloadHygiene() {
    }

    public static List<Violation> check(List<Manifest> manifests) {
        List<Violation> out = new ArrayList<>();
        for (PodTemplate pod : PodTemplate.all(manifests)) {
            for (PodTemplate.Container c : pod.containers()) {
                resources(c).forEach(p -> out.add(Violation.of(pod.owner(), RESOURCES, p)));
                probes(pod, c).forEach(p -> out.add(Violation.of(pod.owner(), PROBES, p)));
                image(c).forEach(p -> out.add(Violation.of(pod.owner(), IMAGE, p)));
            }
        }
        return out;
    }

    static List<String> resources(PodTemplate.Container c) {
        if (c.section().equals("ephemeralContainers")) {
            return List.of(); // the API forbids resources on ephemeral containers
        }
        List<String> out = new ArrayList<>();
        Map<String, Object> resources = map(c.spec().get("resources"));
        for (String key : List.of("requests.cpu", "requests.memory", "limits.memory")) {
            String[] parts = key.split("\\.");
            if (map(resources.get(parts[0])).get(parts[1]) == null) {
                out.add(c.where() + " has no resources." + key);
            }
        }
        return out;
    }

    static List<String> probes(PodTemplate pod, PodTemplate.Container c) {
        // Init containers run to completion, except sidecars (restartPolicy Always), which keep running.
        boolean sidecar = c.init() && "Always".equals(c.spec().get("restartPolicy"));
        if (!pod.longRunning() || c.section().equals("ephemeralContainers") || (c.init() && !sidecar)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            if (c.spec().get(probe) == null) {
                out.add(c.where() + " runs long but has no " + probe);
            }
        }
        return out;
    }

    static List<String> image(PodTemplate.Container c) {
        String image = str(c.spec().get("image"));
        if (image == null || image.isBlank()) {
            return List.of(c.where() + " has no image");
        }
        int at = image.indexOf('@');
        if (at >= 0) {
            return DIGEST.matcher(image.substring(at + 1)).matches()
                    ? List.of()
                    : List.of(c.where() + " image \"" + image + "\" has a malformed digest");
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        String tag = colon > slash ? image.substring(colon + 1) : null;
        String why;
        if (tag == null) {
            why = "has no tag";
        } else if (tag.equals("latest")) {
            why = "uses latest";
        } else if (tag.matches("\\d+([-_.][A-Za-z][\\w.-]*)?")) {
            why = "names only a major version";
        } else if (!EXACT_TAG.matcher(tag).matches()) {
            why = "has no exact version tag";
        } else {
            return List.of();
        }
        return List.of(c.where() + " image \"" + image + "\" " + why + "; pin an exact version (postgres:18.1) or a digest");
    }
}
