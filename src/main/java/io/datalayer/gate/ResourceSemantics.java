package io.datalayer.gate;

import static io.datalayer.output.Manifest.list;
import static io.datalayer.output.Manifest.map;
import static io.datalayer.output.Manifest.str;

import io.datalayer.output.Manifest;
import io.datalayer.output.PodTemplate;
import io.datalayer.output.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the API server or the software would refuse, found before publishing rather than when
 * GitOps applies {@code dist/}: every quantity parses and is positive (container resources,
 * claims, emptyDir sizes); no request exceeds its limit; a memory-backed emptyDir (the shared
 * memory at {@code /dev/shm} PostgreSQL uses) fits within the memory limit of every container
 * that mounts it (its pages are charged to that container, which the OOM killer would stop);
 * container names, named ports and mount paths are unique and valid; every volume mount names a
 * volume of the pod; port numbers are in range.
 */
public final class ResourceSemantics {
    public static final String QUANTITY = "quantity-positive";
    public static final String REQUEST_LIMIT = "request-within-limit";
    public static final String SHM = "memory-volume-within-limit";
    public static final String POD_SPEC = "pod-spec-valid";
    public static final String METADATA = "metadata-valid";

    private static final Pattern SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern LABEL_VALUE = Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");
    private static final Pattern LABEL_NAME = Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
    private static final Pattern PORT_NAME = Pattern.compile("^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$");

    private ResourceSemantics() {
    }

    public static List<Violation> check(List<Manifest> manifests) {
        List<Violation> out = new ArrayList<>();
        for (Manifest m : manifests) {
            metadata(m, out);
            claims(m, out);
        }
        for (PodTemplate pod : PodTemplate.all(manifests)) {
            pod(pod, out);
        }
        return out;
    }

    /** Object names the API server accepts, and label keys and values (of the object and of its pod template). */
    private static void metadata(Manifest m, List<Violation> out) {
        if (String.valueOf(m.object().get("apiVersion")).startsWith("kustomize.config.k8s.io/")) {
            return; // kustomization.yaml is read by kustomize, never sent to the API server, and has no name
        }
        String name = m.name();
        if (name == null || name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
            out.add(Violation.of(m, METADATA, "metadata.name " + (name == null ? "is missing" : "\"" + name + "\" is not"
                    + " a valid name (at most 253 lowercase letters, digits, '-' and '.')")));
        }
        labels(m, "metadata.labels", map(map(m.object().get("metadata")).get("labels")), out);
        for (PodTemplate pod : PodTemplate.of(m)) {
            labels(m, "pod template labels", pod.labels(), out);
        }
    }

    private static void labels(Manifest m, String where, Map<String, Object> labels, List<Violation> out) {
        for (Map.Entry<String, Object> label : labels.entrySet()) {
            String key = label.getKey();
            int slash = key.lastIndexOf('/');
            String prefix = slash >= 0 ? key.substring(0, slash) : null;
            String keyName = key.substring(slash + 1);
            boolean keyOk = keyName.length() <= 63 && LABEL_NAME.matcher(keyName).matches()
                    && (prefix == null || (prefix.length() <= 253 && SUBDOMAIN.matcher(prefix).matches()));
            String value = str(label.getValue());
            if (!keyOk) {
                out.add(Violation.of(m, METADATA, where + " key \"" + key + "\" is not a valid label key"));
            } else if (value == null || value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
                out.add(Violation.of(m, METADATA, where + " " + key + " has a value the API server refuses: at most 63"
                        + " letters, digits, '-', '_' and '.', starting and ending with a letter or digit"));
            }
        }
    }

    /** PersistentVolumeClaims, StatefulSet claim templates and ephemeral volumes: storage must be positive. */
    private static void claims(Manifest m, List<Violation> out) {
        if ("PersistentVolumeClaim".equals(m.kind())) {
            storage(m, "spec", map(m.object().get("spec")), out);
        }
        if ("StatefulSet".equals(m.kind())) {
            List<Object> templates = list(map(m.object().get("spec")).get("volumeClaimTemplates"));
            for (int i = 0; i < templates.size(); i++) {
                storage(m, "spec.volumeClaimTemplates[" + i + "].spec", map(map(templates.get(i)).get("spec")), out);
            }
        }
    }

    private static void storage(Manifest m, String at, Map<String, Object> spec, List<Violation> out) {
        Map<String, Object> resources = map(spec.get("resources"));
        for (String kind : List.of("requests", "limits")) {
            Object value = map(resources.get(kind)).get("storage");
            if (value != null) {
                positive(m, at + ".resources." + kind + ".storage", value, out);
            }
        }
        if (map(resources.get("requests")).get("storage") == null) {
            out.add(Violation.of(m, QUANTITY, at + ".resources.requests.storage is missing; a claim needs a size"));
        }
    }

    private static Optional<BigDecimal> positive(Manifest m, String at, Object value, List<Violation> out) {
        Optional<BigDecimal> parsed = Quantity.parse(value);
        if (parsed.isEmpty()) {
            out.add(Violation.of(m, QUANTITY, at + " \"" + value + "\" is not a Kubernetes quantity; use a number with an"
                    + " optional suffix, such as 500m, 512Mi or 10Gi"));
        } else if (parsed.get().signum() <= 0) {
            out.add(Violation.of(m, QUANTITY, at + " is " + value + "; it must be positive"));
            return Optional.empty();
        }
        return parsed;
    }

    private static void pod(PodTemplate pod, List<Violation> out) {
        Manifest owner = pod.owner();
        String base = podPath(owner);
        Map<String, Map<String, Object>> volumes = new java.util.LinkedHashMap<>();
        List<Object> declared = list(pod.spec().get("volumes"));
        for (int i = 0; i < declared.size(); i++) {
            Map<String, Object> volume = map(declared.get(i));
            String name = str(volume.get("name"));
            if (volumes.put(name, volume) != null) {
                out.add(Violation.of(owner, POD_SPEC, "volume \"" + name + "\" is declared twice"));
            }
            Map<String, Object> emptyDir = map(volume.get("emptyDir"));
            if (emptyDir.get("sizeLimit") != null) {
                positive(owner, base + "volumes[" + i + "].emptyDir.sizeLimit", emptyDir.get("sizeLimit"), out);
            }
        }
        if ("StatefulSet".equals(owner.kind())) {
            // Each claim template is a volume of the pod, under the template's name.
            for (Object t : list(map(owner.object().get("spec")).get("volumeClaimTemplates"))) {
                volumes.putIfAbsent(str(map(map(t).get("metadata")).get("name")), Map.of("persistentVolumeClaim", Map.of()));
            }
        }
        Set<String> names = new HashSet<>();
        Set<String> portNames = new HashSet<>();
        for (PodTemplate.Container c : pod.containers()) {
            if (!names.add(c.name())) {
                out.add(Violation.of(owner, POD_SPEC, c.where() + " has the name of another container of the pod"));
            }
            Optional<BigDecimal> memoryLimit = resources(owner, c, out);
            ports(owner, c, portNames, out);
            Set<String> paths = new HashSet<>();
            for (Object o : list(c.spec().get("volumeMounts"))) {
                Map<String, Object> mount = map(o);
                String volumeName = str(mount.get("name"));
                String path = str(mount.get("mountPath"));
                if (!paths.add(path)) {
                    out.add(Violation.of(owner, POD_SPEC, c.where() + " mounts two volumes at " + path));
                }
                Map<String, Object> volume = volumes.get(volumeName);
                if (volume == null) {
                    out.add(Violation.of(owner, POD_SPEC, c.where() + " mounts volume \"" + volumeName
                            + "\", which the pod does not declare"));
                    continue;
                }
                Map<String, Object> emptyDir = map(volume.get("emptyDir"));
                if ("Memory".equals(emptyDir.get("medium"))) {
                    memoryVolume(owner, c, volumeName, path, emptyDir, memoryLimit, out);
                }
            }
        }
    }

    /** Checks requests and limits; returns the memory limit when there is a valid one. */
    private static Optional<BigDecimal> resources(Manifest owner, PodTemplate.Container c, List<Violation> out) {
        Map<String, Object> resources = map(c.spec().get("resources"));
        Map<String, Object> requests = map(resources.get("requests"));
        Map<String, Object> limits = map(resources.get("limits"));
        Map<String, BigDecimal> parsedLimits = new java.util.HashMap<>();
        for (Map.Entry<String, Object> e : limits.entrySet()) {
            positive(owner, c.where() + " resources.limits." + e.getKey(), e.getValue(), out)
                    .ifPresent(v -> parsedLimits.put(e.getKey(), v));
        }
        for (Map.Entry<String, Object> e : requests.entrySet()) {
            Optional<BigDecimal> request = positive(owner, c.where() + " resources.requests." + e.getKey(), e.getValue(), out);
            BigDecimal limit = parsedLimits.get(e.getKey());
            if (request.isPresent() && limit != null && request.get().compareTo(limit) > 0) {
                out.add(Violation.of(owner, REQUEST_LIMIT, c.where() + " requests " + e.getKey() + " " + e.getValue()
                        + " above its limit " + limits.get(e.getKey()) + "; the API server refuses a request above the limit"));
            }
        }
        return Optional.ofNullable(parsedLimits.get("memory"));
    }

    private static void memoryVolume(Manifest owner, PodTemplate.Container c, String volume, String path,
                                     Map<String, Object> emptyDir, Optional<BigDecimal> memoryLimit, List<Violation> out) {
        Object size = emptyDir.get("sizeLimit");
        if (memoryLimit.isEmpty()) {
            return; // the missing limit is WorkloadHygiene's finding
        }
        if (size == null) {
            out.add(Violation.of(owner, SHM, c.where() + " mounts the memory-backed volume \"" + volume + "\" at " + path
                    + " without a sizeLimit; give it one within the container's memory limit"));
            return;
        }
        Optional<BigDecimal> parsed = Quantity.parse(size);
        if (parsed.isPresent() && parsed.get().compareTo(memoryLimit.get()) > 0) {
            out.add(Violation.of(owner, SHM, c.where() + " mounts the memory-backed volume \"" + volume + "\" at " + path
                    + " with sizeLimit " + size + " above the container's memory limit "
                    + map(map(c.spec().get("resources")).get("limits")).get("memory")
                    + "; its pages count against that limit, so keep it within"));
        }
    }

    private static void ports(Manifest owner, PodTemplate.Container c, Set<String> portNames, List<Violation> out) {
        List<Object> ports = list(c.spec().get("ports"));
        for (int i = 0; i < ports.size(); i++) {
            Map<String, Object> port = map(ports.get(i));
            Object number = port.get("containerPort");
            if (!(number instanceof Number n) || n.intValue() < 1 || n.intValue() > 65535) {
                out.add(Violation.of(owner, POD_SPEC, c.where() + " ports[" + i + "].containerPort " + number
                        + " is not a port number (1 to 65535)"));
            }
            String name = str(port.get("name"));
            if (name != null) {
                if (name.length() > 15 || !PORT_NAME.matcher(name).matches()) {
                    out.add(Violation.of(owner, POD_SPEC, c.where() + " port name \"" + name + "\" is not valid; use at"
                            + " most 15 lowercase letters, digits and '-', with at least one letter"));
                }
                if (!portNames.add(name)) {
                    out.add(Violation.of(owner, POD_SPEC, c.where() + " port name \"" + name + "\" is used twice in the pod"));
                }
            }
        }
    }

    private static String podPath(Manifest owner) {
        return switch (owner.kind()) {
            case "Pod" -> "spec.";
            case "CronJob" -> "spec.jobTemplate.spec.template.spec.";
            default -> "spec.template.spec.";
        };
    }
}
