package io.datalayer.stores.neo4j;

import io.datalayer.app.Environments;
import io.datalayer.backup.Offsite;
import io.datalayer.backup.RestoreSettings;
import io.datalayer.kit.Labels;
import io.datalayer.kit.Mount;
import io.datalayer.kit.PodVolumes;
import io.datalayer.kit.Pods;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.kit.StoreNames;
import io.datalayer.kube.Kube;
import io.datalayer.secrets.VaultSecretStore;
import io.datalayer.testing.Manifests;
import java.util.ArrayList;
import java.util.List;
import org.cdk8s.Chart;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.EnvVar;
import org.cdk8s.plus28.k8s.KubeStatefulSetProps;
import org.cdk8s.plus28.k8s.LabelSelector;
import org.cdk8s.plus28.k8s.ObjectMeta;
import org.cdk8s.plus28.k8s.PodSpec;
import org.cdk8s.plus28.k8s.PodTemplateSpec;
import org.cdk8s.plus28.k8s.StatefulSetSpec;

/**
 * A test chart with Neo4j's backup and restore, and a STAND-IN for the server StatefulSet (the real
 * one is neo4j-server's construct, wired in by the store record): only what the backup half gives the
 * server container, {@link Neo4jBackup#serverEnv()}, {@link Neo4jRestore#serverEnv()} and
 * {@link Neo4jBackup#serverMounts()}, plus {@code NEO4J_CONF} and {@code NEO4J_DATA_DIR} as the real
 * server container sets them, so the script tests run backup.sh and
 * restore.sh with the env a synthesized server container carries.
 */
final class Neo4jBackupChart {
    static final String IMAGE = "neo4j:5.26.30-community";
    static final StoreNames SERVER = new StoreNames("neo4j", "data");
    /** Where the stand-in server mounts its configuration (the real one: neo4j-server's ConfigMap). */
    static final String CONF_DIR = "/conf";

    private Neo4jBackupChart() {
    }

    static Neo4jBackupProps props() {
        // The window and the margin as a server's Neo4jProps would give them (Neo4jBackupProps.of).
        return Neo4jBackupProps.builder().server(SERVER).image(IMAGE).maintenanceWindowSeconds(1800)
                .settings(Neo4jBackupProps.backupSettings().retention(7)
                        .storage(Storage.of("20Gi", "local-path")).resources(new Resources("100m", "64Mi", "500m", "128Mi")).build())
                .build();
    }

    static RestoreSettings restoreSettings() {
        return Neo4jRestore.restoreSettings().resources(new Resources("100m", "64Mi", "500m", "128Mi")).build();
    }

    static Manifests synth(Neo4jBackupProps props, boolean offsite) {
        return Manifests.of(chart -> build(chart, props, offsite));
    }

    static void build(Chart chart, Neo4jBackupProps props, boolean withOffsite) {
        Offsite offsite = null;
        if (withOffsite) {
            VaultSecretStore store = new VaultSecretStore(chart, "vault", Environments.prod().secretStore());
            offsite = new Offsite(chart, "offsite", store, Environments.prod().offsite());
        }
        Neo4jBackup backup = new Neo4jBackup(chart, "neo4j-backup", props, offsite);
        Neo4jRestore restore = new Neo4jRestore(chart, "neo4j-restore", backup, restoreSettings());
        // What the real server container sets itself (neo4j-server's Neo4j): its conf and data folders.
        List<EnvVar> env = new ArrayList<>(List.of(Pods.env("NEO4J_CONF", CONF_DIR), Pods.env("NEO4J_DATA_DIR", "/data")));
        env.addAll(backup.serverEnv());
        env.addAll(restore.serverEnv());
        PodVolumes volumes = new PodVolumes();
        List<Mount> mounts = new ArrayList<>(backup.serverMounts());
        Container server = Container.builder().name("neo4j").image(props.image()).env(env)
                .volumeMounts(volumes.mount(mounts)).build();
        Kube.statefulSet(chart, "stand-in-server", KubeStatefulSetProps.builder()
                .metadata(SERVER.meta(SERVER.name(), Labels.of(SERVER.name(), "server")))
                .spec(StatefulSetSpec.builder().serviceName(SERVER.headless()).replicas(1)
                        .selector(LabelSelector.builder().matchLabels(SERVER.selectorLabels()).build())
                        .template(PodTemplateSpec.builder()
                                .metadata(ObjectMeta.builder().labels(SERVER.selectorLabels()).build())
                                .spec(PodSpec.builder().containers(List.of(server)).volumes(volumes.volumes()).build())
                                .build())
                        .build())
                .build());
    }
}
