package io.datalayer.gate;

import io.datalayer.output.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every policy rule of the layer, run over a set of manifests: on every synth before anything is
 * published (the synth gate), and by the tests over the fresh synth and the committed dist/. The
 * layer's own rules are here; a store's own rules come from that store ({@code Store.rules()}) and
 * run after them.
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
        List<Violation> out = new ArrayList<>();
        for (Rule rule : RULES) {
            out.addAll(rule.check(manifests));
        }
        for (Rule rule : storeRules) {
            out.addAll(rule.check(manifests));
        }
        return out;
    }

    public static List<Violation> check(Path... paths) {
        return check(Manifest.readAll(paths));
    }
}
