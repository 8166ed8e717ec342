package io.datalayer.stores.neo4j;

import io.datalayer.backup.BackupSettings;
import io.datalayer.backup.Offsite;
import io.datalayer.backup.RestoreSettings;
import io.datalayer.kit.Mount;
import io.datalayer.kit.Namespaces;
import io.datalayer.kit.StoreNames;
import io.datalayer.monitoring.Alerts;
import io.datalayer.stores.Store;
import io.datalayer.stores.StoreContext;
import java.util.ArrayList;
import java.util.List;
import org.cdk8s.plus28.k8s.EnvVar;
import software.constructs.Construct;

/**
 * The layer's Neo4j graph store as one store of an environment: the server with its admin and app
 * passwords from Vault, the nightly offline dumps its supervisor runs, the suspended restore, and
 * the alerts on them. Community Edition has no metrics endpoint, so the store is watched through
 * kube-state-metrics by two alerts that never fire together: {@value #DOWN_ALERT} when the
 * StatefulSet has no ready pod while no backup or restore job of this store runs (those stop the
 * server on purpose), and {@link Neo4jBackup#DOWN_ALERT} when it has none for longer than the
 * maintenance window plus the request margin WHILE such a job runs (the maintenance did not bring
 * neo4j back).
 *
 * @param server  the Neo4j server; its two Vault secrets (admin and app) are the sources of its two
 *                ExternalSecrets, declared once in {@link Neo4jProps}; its maintenance window is the
 *                backup's and the restore's too
 * @param backup  the nightly backup CronJob and its volume; start from {@link #backupSettings()}
 * @param restore the suspended restore CronJob; start from {@link #restoreSettings()}. Its
 *                {@code keepReplaced} keeps the replaced databases in {@code /data/replaced-<stamp>/}
 */
public record Neo4jStore(Neo4jProps server, BackupSettings backup, RestoreSettings restore) implements Store {
    /** The store's name: its folder in the off-site bucket, the manifests' {@code store}, its alerts' label. */
    public static final String NAME = "neo4j";
    /** The alert on a server without a ready pod. */
    public static final String DOWN_ALERT = "DataLayerNeo4jDown";

    public Neo4jStore {
        if (server == null) {
            throw new IllegalArgumentException("Neo4jStore.server is not set; give the Neo4jProps of the environment");
        }
        if (backup == null) {
            throw new IllegalArgumentException("Neo4jStore.backup is not set; start from Neo4jStore.backupSettings()");
        }
        if (restore == null) {
            throw new IllegalArgumentException("Neo4jStore.restore is not set; start from Neo4jStore.restoreSettings()");
        }
    }

    public static Neo4jStore of(Neo4jProps server, BackupSettings backup, RestoreSettings restore) {
        return new Neo4jStore(server, backup, restore);
    }

    /** Backup settings holding Neo4j's defaults ({@link Neo4jBackupProps#backupSettings()}). */
    public static BackupSettings.Builder backupSettings() {
        return Neo4jBackupProps.backupSettings();
    }

    /** Restore settings holding Neo4j's defaults ({@link Neo4jRestore#restoreSettings()}). */
    public static RestoreSettings.Builder restoreSettings() {
        return Neo4jRestore.restoreSettings();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void build(StoreContext context) {
        Wired wired = wire(context.scope(), server, backup, restore, context.offsite());
        Neo4j neo4j = wired.server();
        // Two Secrets, named by the server that mounts them, each from its own Vault path.
        context.externalSecret("neo4j-admin", server.adminSecret(), neo4j.adminSecretName());
        context.externalSecret("neo4j-app", server.appSecret(), neo4j.appSecretName());
        context.alerts().storeAlert(downAlert(neo4j));
        wired.backup().watch(context.alerts());
    }

    /** The server and the backup its supervisor runs, wired to each other. */
    record Wired(Neo4j server, Neo4jBackup backup, Neo4jRestore restore) {
    }

    /**
     * The backup and restore first, then the server: its pod mounts their volume, scripts and scratch
     * folder and carries the env their scripts read, because its supervisor runs them. {@code offsite}:
     * the environment's off-site copies, or {@code null}.
     */
    static Wired wire(Construct scope, Neo4jProps server, BackupSettings backup, RestoreSettings restore, Offsite offsite) {
        StoreNames names = new StoreNames(server.name(), Namespaces.of(scope));
        Neo4jBackup dumps = new Neo4jBackup(scope, "neo4j-backup", Neo4jBackupProps.of(names, server, backup), offsite);
        Neo4jRestore restores = new Neo4jRestore(scope, "neo4j-restore", dumps, restore);
        List<EnvVar> maintenanceEnv = new ArrayList<>(dumps.serverEnv());
        maintenanceEnv.addAll(restores.serverEnv());
        List<Mount> mounts = dumps.serverMounts();
        return new Wired(new Neo4j(scope, "neo4j", server, mounts, maintenanceEnv), dumps, restores);
    }

    /** A builder holding this store, to change some of it. */
    public Builder toBuilder() {
        return new Builder().server(server).backup(backup).restore(restore);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The PromQL of "a backup or restore Job of this server runs": its Jobs are named after the
     * CronJobs, {@code <name>-backup-*} and {@code <name>-restore-*} (the restore runbook names a
     * Job made by hand the same way).
     */
    static String maintenanceJobActive(StoreNames names) {
        return "(sum by (namespace) (kube_job_status_active{namespace=\"" + names.namespace()
                + "\",job_name=~\"" + names.name() + "-(backup|restore)-.*\"}) > 0)";
    }

    /** The PromQL of "the server StatefulSet has no ready pod" (one replica, see {@link Neo4j}). */
    static String noReadyPod(StoreNames names) {
        return "kube_statefulset_status_replicas_ready{namespace=\"" + names.namespace() + "\",statefulset=\""
                + names.name() + "\"} < 1";
    }

    /** No ready pod for 5 minutes, unless a backup or restore Job of this store is active (a maintenance stops the server). */
    static Alerts.StoreAlert downAlert(Neo4j neo4j) {
        String name = neo4j.names().name();
        return new Alerts.StoreAlert(NAME, DOWN_ALERT,
                noReadyPod(neo4j.names()) + " unless on (namespace) " + maintenanceJobActive(neo4j.names()),
                "5m", "critical", "The " + NAME + " server has no ready pod",
                "StatefulSet {{ $labels.namespace }}/" + name + " has had no ready pod for 5 minutes and no backup or"
                        + " restore job of it runs: L4 apps cannot reach the graph store.");
    }

    /** Fluent construction. */
    public static final class Builder {
        private Neo4jProps server;
        private BackupSettings backup;
        private RestoreSettings restore;

        private Builder() {
        }

        public Builder server(Neo4jProps v) { server = v; return this; }
        public Builder backup(BackupSettings v) { backup = v; return this; }
        public Builder restore(RestoreSettings v) { restore = v; return this; }

        public Neo4jStore build() {
            return new Neo4jStore(server, backup, restore);
        }
    }
}
