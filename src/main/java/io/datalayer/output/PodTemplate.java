package io.datalayer.output;

import static io.datalayer.output.Manifest.list;
import static io.datalayer.output.Manifest.map;
import static io.datalayer.output.Manifest.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod template found in an object: a Pod itself, the template of a workload controller, or a
 * CronJob's job template. {@code longRunning} is false for Jobs, CronJobs and Pods that do not
 * restart, where readiness and liveness probes make no sense.
 */
public record PodTemplate(Manifest owner, Map<String, Object> metadata, Map<String, Object> spec, boolean longRunning) {

    private static final Set<String> CONTROLLERS = Set.of("StatefulSet", "Deployment", "DaemonSet", "ReplicaSet", "ReplicationController");

    /** A container of the template; {@code where} is how messages name it. */
    public record Container(String section, String name, Map<String, Object> spec) {
        public boolean init() {
            return section.equals("initContainers");
        }

        public String where() {
            return (section.equals("containers") ? "container" : section.replace("Containers", " container")) + " \"" + name + "\"";
        }
    }

    /** The pod templates {@code manifest} carries (none for kinds without pods). */
    public static List<PodTemplate> of(Manifest manifest) {
        Map<String, Object> o = manifest.object();
        String kind = manifest.kind();
        if (kind == null) {
            return List.of();
        }
        if (kind.equals("Pod")) {
            String restart = str(map(o.get("spec")).get("restartPolicy"));
            boolean restarts = restart == null || restart.equals("Always");
            return List.of(new PodTemplate(manifest, map(o.get("metadata")), map(o.get("spec")), restarts));
        }
        Map<String, Object> template;
        if (kind.equals("CronJob")) {
            template = map(map(map(map(o.get("spec")).get("jobTemplate")).get("spec")).get("template"));
        } else if (kind.equals("Job") || CONTROLLERS.contains(kind)) {
            template = map(map(o.get("spec")).get("template"));
        } else {
            return List.of();
        }
        boolean longRunning = CONTROLLERS.contains(kind);
        return List.of(new PodTemplate(manifest, map(template.get("metadata")), map(template.get("spec")), longRunning));
    }

    /** All pod templates of all objects. */
    public static List<PodTemplate> all(List<Manifest> manifests) {
        return manifests.stream().flatMap(m -> of(m).stream()).toList();
    }

    public Map<String, Object> labels() {
        return map(metadata.get("labels"));
    }

    /** Init containers first, then containers, then ephemeral containers, each in declared order. */
    public List<Container> containers() {
        List<Container> out = new ArrayList<>();
        for (String section : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (Object c : list(spec.get(section))) {
                out.add(new Container(section, str(map(c).get("name")), map(c)));
            }
        }
        return out;
    }
}
