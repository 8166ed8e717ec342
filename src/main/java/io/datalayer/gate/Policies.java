package io.datalayer.gate;

import io.datalayer.output.Manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every policy rule of the layer, run over a set of manifests: on every synth before anything is
 * published (the synth gate), and by the tests over the fresh synth and the committed dist/.
 */
public final class Policies {
    private static final List<Function<List<Manifest>, List<Violation>>> RULES = List.of(
            PodSecurityRestricted::check,
            WorkloadHygiene::check,
            HostAccess::check,
            NetworkIsolation::check,
            SecretHygiene::check,
            ResourceSemantics::check,
            PostgresSettings::check,
            MonitoringWiring::check);

    private Policies() {
    }

    public static List<Violation> check(List<Manifest> manifests) {
        List<Violation> out = new ArrayList<>();
        for (Function<List<Manifest>, List<Violation>> rule : RULES) {
            out.addAll(rule.apply(manifests));
        }
        return out;
    }

    public static List<Violation> check(Path... paths) {
        return check(Manifest.readAll(paths));
    }
}
