package io.datalayer.stores.neo4j;

import io.datalayer.monitoring.Alerts;
import io.datalayer.stores.Store;
import io.datalayer.stores.StoreContext;

/**
 * The layer's Neo4j graph store as one store of an environment: the server with its admin and app
 * passwords from Vault, and the alert on it. Community Edition has no metrics endpoint, so the store
 * is watched through kube-state-metrics: {@value #DOWN_ALERT} fires when the StatefulSet has no ready
 * pod while no backup or restore job of this store runs (those stop the server on purpose; the
 * backup side's own alert watches a maintenance that leaves it down).
 *
 * @param server the Neo4j server; its two Vault secrets (admin and app) are the sources of its two
 *               ExternalSecrets, declared once in {@link Neo4jProps}
 */
public record Neo4jStore(Neo4jProps server) implements Store {
    /** The store's name: its folder in the off-site bucket, the manifests' {@code store}, its alerts' label. */
    public static final String NAME = "neo4j";
    /** The alert on a server without a ready pod. */
    public static final String DOWN_ALERT = "DataLayerNeo4jDown";

    public Neo4jStore {
        if (server == null) {
            throw new IllegalArgumentException("Neo4jStore.server is not set; give the Neo4jProps of the environment");
        }
    }

    public static Neo4jStore of(Neo4jProps server) {
        return new Neo4jStore(server);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void build(StoreContext context) {
        Neo4j neo4j = new Neo4j(context.scope(), "neo4j", server);
        // Two Secrets, named by the server that mounts them, each from its own Vault path.
        context.externalSecret("neo4j-admin", server.adminSecret(), neo4j.adminSecretName());
        context.externalSecret("neo4j-app", server.appSecret(), neo4j.appSecretName());
        context.alerts().storeAlert(downAlert(neo4j));
    }

    /**
     * No ready pod for {@code for}, unless a job of this store whose name starts with
     * {@code <name>-backup} or {@code <name>-restore} is active (a maintenance stops the server).
     */
    static Alerts.StoreAlert downAlert(Neo4j neo4j) {
        String ns = neo4j.names().namespace();
        String name = neo4j.names().name();
        return new Alerts.StoreAlert(NAME, DOWN_ALERT,
                "kube_statefulset_status_replicas_ready{namespace=\"" + ns + "\",statefulset=\"" + name + "\"} < 1"
                        + " unless on (namespace) (sum by (namespace) (kube_job_status_active{namespace=\"" + ns
                        + "\",job_name=~\"" + name + "-(backup|restore)-.*\"}) > 0)",
                "5m", "critical", "The " + NAME + " server has no ready pod",
                "StatefulSet {{ $labels.namespace }}/" + name + " has had no ready pod for 5 minutes and no backup or"
                        + " restore job of it runs: L4 apps cannot reach the graph store.");
    }
}
