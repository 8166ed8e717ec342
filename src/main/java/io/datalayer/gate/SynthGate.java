package io.datalayer.gate;

import io.datalayer.output.SynthOutput;
import io.datalayer.vault.Fingerprints;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a synth's output must pass before it is published, run over the output parsed once
 * ({@link SynthOutput}): the {@link OutputGuard} (no secret value, no credential literal) and the
 * layer's {@link Policies} (Pod Security restricted, resources, probes, pinned images, host
 * access, network isolation, no Secrets, and what the API server would refuse).
 */
public final class SynthGate {
    private SynthGate() {
    }

    /** A gate that refused the output; the message lists every finding, one per line. */
    public static final class Refused extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final transient List<Violation> findings;

        public Refused(List<Violation> findings) {
            super(message(findings));
            this.findings = List.copyOf(findings);
        }

        public List<Violation> findings() {
            return findings;
        }

        private static String message(List<Violation> findings) {
            StringBuilder sb = new StringBuilder("the output breaks " + findings.size() + " rule"
                    + (findings.size() == 1 ? "" : "s") + ":");
            for (Violation v : findings) {
                sb.append("\n  ").append(v);
            }
            return sb.toString();
        }
    }

    /**
     * Loads and initializes the gate's classes ahead of {@link #check} (its patterns, the rule list
     * and its lambdas: first-use costs of the interpreter, for a thread that would otherwise wait);
     * checks nothing and changes no result.
     */
    public static void prepare() {
        Policies.check(List.of()); // every rule over no object
        ClassLoader loader = SynthGate.class.getClassLoader();
        for (Class<?> c : List.of(OutputGuard.class, Decodings.class, io.datalayer.gate.Credentials.class)) {
            try {
                Class.forName(c.getName(), true, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e); // cannot happen: the class is named by its literal
            }
        }
    }

    /** Every finding of the guard and the layer's policies, guard first. */
    public static List<Violation> findings(SynthOutput output, Fingerprints fingerprints) {
        return findings(output, fingerprints, List.of());
    }

    /** Every finding of the guard, the layer's policies and the stores' own rules, in that order. */
    public static List<Violation> findings(SynthOutput output, Fingerprints fingerprints, List<Rule> storeRules) {
        List<Violation> out = new ArrayList<>(OutputGuard.check(output, fingerprints));
        out.addAll(Policies.check(output.manifests(), storeRules));
        return out;
    }

    /**
     * The same findings, in the same order, with the guard's taken from {@code ahead} where it
     * checked the very files of {@code output}; the policies run here meanwhile.
     */
    public static List<Violation> findings(SynthOutput output, GuardAhead ahead, List<Rule> storeRules) {
        List<Violation> policies = Policies.check(output.manifests(), storeRules);
        List<Violation> out = new ArrayList<>(ahead.findings(output));
        out.addAll(policies);
        return out;
    }
}
