package io.datalayer.gate;

import io.datalayer.output.Manifest;
import java.util.List;

/**
 * One policy rule over a synth's whole output. The layer's own rules are in {@link Policies}; a
 * store adds those only it knows through {@code Store.rules()}, so the gate never reaches into a store.
 */
@FunctionalInterface
public interface Rule {
    /** Every breach of the rule in {@code manifests}; empty when none. */
    List<Violation> check(List<Manifest> manifests);
}
