package io.datalayer.stores;

import io.datalayer.gate.Rule;
import java.util.List;

/**
 * The contract every store of the layer implements: PostgreSQL, Redis, and the stores to come. A
 * store is one unit: its settings record implements this interface, and through it the store
 * contributes everything it owns, so the chart, {@code Main} and the gate name no store.
 * <ul>
 *   <li>{@link #build}: every object in the environment's chart: its ExternalSecrets (from which
 *       the build-time Vault check reads the secret requirements), the server, the backup and restore
 *       CronJobs with their off-site copies, the exporter, and what its alerts watch;</li>
 *   <li>{@link #rules}: the policy rules only this store knows (e.g. what PostgreSQL would refuse in
 *       a {@code postgresql.conf}), run by the synth gate beside the layer's own;</li>
 *   <li>its scripts live beside its package in {@code src/main/resources}, and its docs page is
 *       {@link #docsPage} (a test fails when it is missing).</li>
 * </ul>
 * An environment lists its stores in {@code DataLayerConfig.stores}; see docs/contributing/adding-a-store.md.
 */
public interface Store {
    /**
     * The store's name: the label of its alerts, its folder in the off-site bucket and the prefix of
     * its objects' names; unique in an environment.
     */
    String name();

    /** Adds every object the store owns to the environment's chart ({@link StoreContext#scope()}). */
    void build(StoreContext context);

    /** The policy rules only this store knows, run over every synth's output; none by default. */
    default List<Rule> rules() {
        return List.of();
    }

    /** The store's page for operators and reviewers, relative to the repository root. */
    default String docsPage() {
        return "docs/stores/" + name() + ".md";
    }
}
