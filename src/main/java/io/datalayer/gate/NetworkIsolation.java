package io.datalayer.gate;

import static io.datalayer.output.Manifest.list;
import static io.datalayer.output.Manifest.map;
import static io.datalayer.output.Manifest.str;

import io.datalayer.output.Manifest;
import io.datalayer.output.PodTemplate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Network isolation as NetworkPolicy semantics define it: every namespace this output creates or
 * runs pods in starts from deny-all, and every Service points at pods that some policy lets
 * traffic reach on the Service's target port (otherwise the Service is dead on arrival).
 */
public final class NetworkIsolation {
    public static final String DEFAULT_DENY = "default-deny-network-policy";
    public static final String SERVICE = "service-ingress-admitted";

    private NetworkIsolation() {
    }

    public static List<Violation> check(List<Manifest> manifests) {
        List<Violation> out = new ArrayList<>();
        defaultDeny(manifests, out);
        services(manifests, out);
        return out;
    }

    private static void defaultDeny(List<Manifest> manifests, List<Violation> out) {
        Set<String> namespaces = new LinkedHashSet<>();
        Map<String, Manifest> firstSeen = new java.util.HashMap<>();
        for (Manifest m : manifests) {
            String ns = "Namespace".equals(m.kind()) ? m.name() : PodTemplate.of(m).isEmpty() ? null : m.namespace();
            if (ns != null && namespaces.add(ns)) {
                firstSeen.put(ns, m);
            }
        }
        for (String ns : namespaces) {
            boolean denied = manifests.stream()
                    .filter(m -> "NetworkPolicy".equals(m.kind()) && ns.equals(m.namespace()))
                    .anyMatch(NetworkIsolation::isDefaultDeny);
            if (!denied) {
                out.add(Violation.of(firstSeen.get(ns), DEFAULT_DENY, "namespace \"" + ns
                        + "\" has no default-deny NetworkPolicy (podSelector {}, policyTypes with Ingress, no rules)"));
            }
        }
    }

    /** Selects every pod, covers Ingress, and allows nothing in the directions it covers. */
    static boolean isDefaultDeny(Manifest policy) {
        Map<String, Object> spec = map(policy.object().get("spec"));
        Map<String, Object> selector = map(spec.get("podSelector"));
        boolean allPods = spec.containsKey("podSelector")
                && map(selector.get("matchLabels")).isEmpty() && list(selector.get("matchExpressions")).isEmpty();
        List<Object> types = policyTypes(spec);
        return allPods && types.contains("Ingress")
                && list(spec.get("ingress")).isEmpty()
                && (!types.contains("Egress") || list(spec.get("egress")).isEmpty());
    }

    private static void services(List<Manifest> manifests, List<Violation> out) {
        List<PodTemplate> pods = PodTemplate.all(manifests);
        for (Manifest svc : manifests) {
            if (!"Service".equals(svc.kind())) {
                continue;
            }
            Map<String, Object> selector = map(map(svc.object().get("spec")).get("selector"));
            if (selector.isEmpty()) {
                continue; // no selector: endpoints are managed by hand, nothing to check
            }
            for (PodTemplate pod : pods) {
                if (!Objects.equals(pod.owner().namespace(), svc.namespace()) || !pod.labels().entrySet().containsAll(selector.entrySet())) {
                    continue;
                }
                for (Object p : list(map(svc.object().get("spec")).get("ports"))) {
                    Map<String, Object> port = map(p);
                    Object target = port.getOrDefault("targetPort", port.get("port"));
                    String protocol = str(port.getOrDefault("protocol", "TCP"));
                    Integer number = containerPort(pod, target, protocol);
                    String name = target instanceof String s ? s : namedPort(pod, number, protocol);
                    boolean admitted = manifests.stream()
                            .filter(m -> "NetworkPolicy".equals(m.kind()) && Objects.equals(m.namespace(), svc.namespace()))
                            .anyMatch(np -> admits(np, pod.labels(), number, name, protocol));
                    if (!admitted) {
                        out.add(Violation.of(svc, SERVICE, "selects the pods of " + pod.owner().ref()
                                + " but no NetworkPolicy in namespace \"" + svc.namespace() + "\" admits ingress to port "
                                + (number != null ? number : target) + "/" + protocol));
                    }
                }
            }
        }
    }

    /** Whether {@code policy} selects pods with {@code labels} and has an ingress rule open to this port. */
    static boolean admits(Manifest policy, Map<String, Object> labels, Integer number, String name, String protocol) {
        Map<String, Object> spec = map(policy.object().get("spec"));
        if (!policyTypes(spec).contains("Ingress") || !selects(map(spec.get("podSelector")), labels)) {
            return false;
        }
        for (Object r : list(spec.get("ingress"))) {
            List<Object> ports = list(map(r).get("ports"));
            if (ports.isEmpty()) {
                return true; // a rule without ports admits all ports
            }
            for (Object p : ports) {
                Map<String, Object> rule = map(p);
                if (!protocol.equals(str(rule.getOrDefault("protocol", "TCP")))) {
                    continue;
                }
                Object port = rule.get("port");
                if (port == null
                        || (port instanceof String s && s.equals(name))
                        || (port instanceof Number n && number != null && (rule.get("endPort") instanceof Number end
                                ? n.intValue() <= number && number <= end.intValue() : n.intValue() == number))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Label selector semantics: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist). */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        if (!labels.entrySet().containsAll(map(selector.get("matchLabels")).entrySet())) {
            return false;
        }
        for (Object e : list(selector.get("matchExpressions"))) {
            Map<String, Object> expr = map(e);
            String key = str(expr.get("key"));
            List<Object> values = list(expr.get("values"));
            boolean ok = switch (str(expr.get("operator"))) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    // Without policyTypes, Ingress always applies and Egress only when egress rules exist.
    private static List<Object> policyTypes(Map<String, Object> spec) {
        if (spec.containsKey("policyTypes")) {
            return list(spec.get("policyTypes"));
        }
        return spec.containsKey("egress") ? List.of("Ingress", "Egress") : List.of("Ingress");
    }

    private static Integer containerPort(PodTemplate pod, Object target, String protocol) {
        if (target instanceof Number n) {
            return n.intValue();
        }
        for (PodTemplate.Container c : pod.containers()) {
            for (Object p : list(c.spec().get("ports"))) {
                Map<String, Object> port = map(p);
                if (Objects.equals(port.get("name"), target) && protocol.equals(str(port.getOrDefault("protocol", "TCP")))
                        && port.get("containerPort") instanceof Number n) {
                    return n.intValue();
                }
            }
        }
        return null;
    }

    private static String namedPort(PodTemplate pod, Integer number, String protocol) {
        for (PodTemplate.Container c : pod.containers()) {
            for (Object p : list(c.spec().get("ports"))) {
                Map<String, Object> port = map(p);
                if (number != null && port.get("containerPort") instanceof Number n && n.intValue() == number
                        && protocol.equals(str(port.getOrDefault("protocol", "TCP")))) {
                    return str(port.get("name"));
                }
            }
        }
        return null;
    }
}
