package io.datalayer.stores.postgres;

import io.datalayer.kit.Mount;
import io.datalayer.kit.PodVolumes;
import io.datalayer.kit.Pods;
import io.datalayer.kit.Resources;
import io.datalayer.kit.RestrictedPod;
import io.datalayer.kit.StoreNames;
import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.EnvVar;
import org.cdk8s.plus28.k8s.ExecAction;
import org.cdk8s.plus28.k8s.KubeConfigMapProps;
import org.cdk8s.plus28.k8s.Probe;
import software.constructs.Construct;

/**
 * The password-sync sidecar of a {@link Postgres} server: a small container on the server's image
 * that runs {@value #SCRIPT} (embedded byte for byte in its own ConfigMap) and keeps the
 * superuser's password equal to the mounted Secret.
 *
 * <p>Why it exists: the image reads {@code POSTGRES_PASSWORD_FILE} only when it initializes an empty
 * data directory. When L2 writes a new password to Vault, ESO updates the Secret and the kubelet
 * the mounted file, but the server would keep the old password and every client that reads the
 * Secret (backups, Vault's database engine) would be locked out. The sidecar sees the file change
 * and sets the new password through the pod-local socket, where the superuser logs in by peer
 * authentication ({@link ServerConfig#pgHbaConf}); network logins stay SCRAM.
 */
final class PasswordSync extends KubeConstruct {
    static final String CONTAINER = "password-sync";
    static final String SCRIPT = "superuser-sync.sh";
    static final String SCRIPTS_DIR = "/opt/data-layer";
    /** Matches the length the synth's Vault check requires of the password (PostgresStore.SUPERUSER_SECRET). */
    static final int MIN_PASSWORD_LENGTH = 16;
    private static final String SCRIPTS_VOLUME = "password-sync-script";
    private static final String TMP_VOLUME = "password-sync-tmp";

    private static final Resources RESOURCES = new Resources("10m", "16Mi", "100m", "64Mi");

    /** Where the monitoring role's password file is mounted (when the server has one). */
    static final String MONITORING_SECRET_DIR = "/etc/postgresql-monitoring";

    private final PostgresProps props;
    private final MonitoringRole monitoring;

    /**
     * @param monitoring the exporter's role whose password the sidecar also keeps equal to its
     *                   Secret (creating the role first); {@code null} when monitoring is off
     */
    PasswordSync(Construct scope, String id, PostgresProps props, StoreNames names, Map<String, String> labels,
                 MonitoringRole monitoring) {
        super(scope, id);
        this.props = props;
        this.monitoring = monitoring;
        Kube.configMap(this, "script", KubeConfigMapProps.builder()
                .metadata(names.meta(configMapName(), labels))
                .data(Map.of(SCRIPT, script()))
                .build());
    }

    /** The script exactly as it is in the repository. */
    static String script() {
        return PostgresBackup.script(SCRIPT);
    }

    String configMapName() {
        return props.name() + "-password-sync";
    }

    /**
     * The container: the server's image and uid, restricted, small; it mounts the Secret, the
     * server's socket folder (volume {@code run}) and a private {@code /tmp} for its heartbeat;
     * the mounts register their volumes with the server's pod.
     */
    Container container(PodVolumes volumes, Mount superuser) {
        String script = SCRIPTS_DIR + "/" + SCRIPT;
        List<EnvVar> env = new ArrayList<>(List.of(
                Pods.env("POSTGRES_PASSWORD_FILE", Postgres.SECRET_DIR + "/password"),
                Pods.env("PGHOST", ServerConfig.SOCKET_DIR),
                Pods.env("PGPORT", Integer.toString(props.port())),
                Pods.env("PGUSER", props.superuser()),
                Pods.env("SYNC_INTERVAL_SECONDS", Integer.toString(props.passwordSyncIntervalSeconds())),
                Pods.env("SYNC_MIN_LENGTH", Integer.toString(MIN_PASSWORD_LENGTH)),
                Pods.env("HEARTBEAT_FILE", "/tmp/password-sync.alive")));
        List<Mount> mounts = new ArrayList<>(List.of(
                Mount.configMap(SCRIPTS_VOLUME, configMapName(), SCRIPTS_DIR),
                superuser,
                Postgres.runMount(),
                Mount.emptyDir(TMP_VOLUME, "/tmp", "1Mi")));
        if (monitoring != null) {
            env.add(Pods.env("MONITORING_ROLE", monitoring.role()));
            env.add(Pods.env("MONITORING_PASSWORD_FILE", MONITORING_SECRET_DIR + "/password"));
            mounts.add(monitoring.mount());
        }
        Probe alive = Probe.builder()
                .exec(ExecAction.builder().command(List.of("/bin/sh", script, "--check")).build())
                .periodSeconds(30).timeoutSeconds(5).failureThreshold(3)
                .build();
        return Container.builder()
                .name(CONTAINER)
                .image(props.image())
                .imagePullPolicy("IfNotPresent")
                // Run with sh, so the file needs no execute bit.
                .command(List.of("/bin/sh", script))
                .env(env)
                .resources(RESOURCES.requirements())
                .securityContext(RestrictedPod.containerSecurityContext())
                // Readiness fails with liveness only: a stuck loop, never a refused password, so the
                // server stays in its Service while an operator fixes a bad value.
                .readinessProbe(alive)
                .livenessProbe(alive)
                // Shares superuser and run with the server (one volume each); the rest is its own.
                .volumeMounts(volumes.mount(mounts))
                .build();
    }
}
