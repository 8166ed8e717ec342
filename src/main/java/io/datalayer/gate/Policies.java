package io.datalayer.gate;

import io.datalayer.output.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every policy rule of the layer, run over a set of manifests: on every synth before anything is
 * published (the synth gate), and by the tests over the fresh synth and the committed dist/. The
 * layer's own rules are here; a store's own rules come from that store ({@code Store.rules()}) and
 * run after them.
 *
 * <p>Every rule runs over one environment's objects at a time ({@link Manifest#environmentFolder()}:
 * {@code dist/prod/}, {@code dist/dev/}): each environment is a cluster of its own with the same
 * namespace and object names, so a rule that matches objects to each other (a Service to its pods, a
 * ServiceMonitor to its Service, an alert to a CronJob) must never find its match in another
 * environment, where it would hide a missing object or report a foreign one.
 */
public final class Policies {
    private static final List<Rule> RULES = List.of(
            PodSecurityRestricted::check,
            WorkloadHygiene::check,
            HostAccess::check,
            NetworkIsolation::check,
            SecretHygiene::check,
            ResourceSemantics::check,
            ApiServerValidation::check,
            MonitoringWiring::check);

    private Policies() {
    }

    /** The layer's own rules only. */
    public static List<Violation> check(List<Manifest> manifests) {
        return check(manifests, List.of());
    }

    /** The layer's own rules, then {@code storeRules} (each store's, see {@code Store.rules()}). */
    public static List<Violation> check(List<Manifest> manifests, List<Rule> storeRules) {
        Collection<List<Manifest>> environments = byEnvironment(manifests);
        List<Violation> out = new ArrayList<>();
        for (List<Rule> rules : List.of(RULES, storeRules)) {
            for (Rule rule : rules) {
                for (List<Manifest> environment : environments) {
                    out.addAll(rule.check(environment));
                }
            }
        }
        return out;
    }

    /**
     * The objects of each environment folder, folders in the order they first appear. No object at
     * all is one empty environment, so that every rule still runs ({@link SynthGate#prepare} loads
     * the rules that way).
     */
    private static Collection<List<Manifest>> byEnvironment(List<Manifest> manifests) {
        Map<String, List<Manifest>> out = new LinkedHashMap<>();
        for (Manifest m : manifests) {
            out.computeIfAbsent(m.environmentFolder(), folder -> new ArrayList<>()).add(m);
        }
        return out.isEmpty() ? List.of(List.of()) : out.values();
    }

    public static List<Violation> check(Path... paths) {
        return check(Manifest.readAll(paths));
    }
}
