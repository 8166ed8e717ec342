package io.datalayer.gate;

import io.datalayer.output.Manifest;
import java.util.List;

/**
 * One policy rule over a synth's whole output. The layer's own rules are in {@link Policies}; a
 * store adds those only it knows through {@code Store.rules()}, so the gate never reaches into a store.
 */
@FunctionalInterface
public interface Rule {
    /**
     * Every breach of the rule in {@code manifests}; empty when none. {@link Policies} hands a rule
     * the objects of one environment at a time (one output folder, one cluster), so a rule matches
     * objects to each other by namespace and name without finding them in another environment.
     */
    List<Violation> check(List<Manifest> manifests);
}
