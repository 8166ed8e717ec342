package io.datalayer.stores.redis;

import io.datalayer.kit.ConfigFiles;
import io.datalayer.kit.Labels;
import io.datalayer.kit.Mount;
import io.datalayer.kit.PodVolumes;
import io.datalayer.kit.Pods;
import io.datalayer.kit.Resources;
import io.datalayer.kit.RestrictedPod;
import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.monitoring.MetricsExporter;
import io.datalayer.monitoring.MetricsExporterProps;
import io.datalayer.monitoring.MonitoringProps;
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
 * oliver006/redis_exporter for a {@link Redis} server, on the store-agnostic {@link MetricsExporter}:
 * it logs in over the server's Service as the least-privilege ACL user ({@link RedisMonitoringUser}:
 * INFO, CONFIG GET, LATENCY, SLOWLOG LEN, no key and no value). The pod carries the server's client
 * label, which the server's NetworkPolicies admit.
 *
 * <p>The password: redis_exporter reads it from a flag, an environment variable, or
 * {@code --redis.password-file}, a JSON map from the Redis URI to the password. Only the file keeps
 * it off the command line and out of the environment, so {@value #SCRIPT} (embedded in the ConfigMap
 * {@code <exporter>-scripts}) renders it from the mounted Secret onto a memory-backed volume: the
 * init container {@value #INIT_CONTAINER} once before the exporter starts, then the sidecar
 * {@value #SIDECAR} when the Secret changes. redis_exporter reads the file at start only, and again
 * on {@code GET /-/reload}, which the sidecar calls after a rotation (over the pod's loopback).
 */
public final class RedisExporter extends KubeConstruct {
    /** The exporter's listening port (the image's default). */
    public static final int PORT = 9121;
    /** The image's non-root user (redis_exporter's Dockerfile). */
    static final int UID = 59000;
    /** The metric that says whether the exporter could log in: what {@code DataLayerStoreDown} watches. */
    public static final String UP_METRIC = "redis_up";
    static final String SCRIPT = "exporter-auth.sh";
    static final String INIT_CONTAINER = "password-render";
    static final String SIDECAR = "password-sync";
    static final String SCRIPTS_DIR = "/opt/data-layer";
    /** The rendered file's folder: memory-backed, written by the companions, read-only for the exporter. */
    static final String PASSWORD_DIR = "/run/redis-exporter";
    static final String PASSWORD_FILE = PASSWORD_DIR + "/password.json";
    private static final Resources COMPANION_RESOURCES = new Resources("5m", "8Mi", "50m", "32Mi");
    private static final int SYNC_INTERVAL_SECONDS = 10;

    private final MetricsExporter exporter;

    public RedisExporter(Construct scope, String id, Redis redis, MonitoringProps monitoring, String image) {
        super(scope, id);
        if (redis == null) {
            throw new IllegalArgumentException("RedisExporter needs the Redis construct it watches; pass it, not null");
        }
        RedisMonitoringUser user = redis.monitoringUser().orElseThrow(() -> new IllegalArgumentException(
                "RedisExporter needs a Redis built with its RedisMonitoringUser (the ACL user the exporter logs in as);"
                        + " pass RedisMonitoringUser.of(monitoring, props) to Redis"));
        RedisProps props = redis.props();
        String name = exporterName(props);
        String scripts = name + "-scripts";
        Kube.configMap(this, "scripts", KubeConfigMapProps.builder()
                .metadata(redis.names().meta(scripts, Labels.of(name, "metrics")))
                .data(Map.of(SCRIPT, script()))
                .build());
        String address = "redis://" + redis.host() + ":" + props.port();
        // redis_exporter looks the password up under the address with the user in it (v1.5x and
        // later) or without (before): the file maps both, so an image change cannot break the login.
        String withUser = "redis://" + user.user() + "@" + redis.host() + ":" + props.port();
        Mount rendered = Mount.memory("password-file", PASSWORD_DIR, "1Mi");
        Mount scriptsMount = Mount.configMap("password-scripts", scripts, SCRIPTS_DIR);
        List<EnvVar> env = List.of(
                Pods.env("PASSWORD_FILE", RedisMonitoringUser.passwordFile()),
                Pods.env("MIN_LENGTH", Integer.toString(user.minLength())),
                Pods.env("OUTPUT_FILE", PASSWORD_FILE),
                Pods.env("REDIS_URIS", withUser + " " + address),
                Pods.env("RELOAD_URL", "http://127.0.0.1:" + PORT + "/-/reload"),
                Pods.env("SYNC_INTERVAL_SECONDS", Integer.toString(SYNC_INTERVAL_SECONDS)),
                Pods.env("HEARTBEAT_FILE", "/tmp/password-sync.alive"));
        this.exporter = new MetricsExporter(this, "exporter", new MetricsExporterProps(
                name,
                image,
                PORT,
                "/metrics",
                List.of("--redis.addr=" + address,
                        "--redis.user=" + user.user(),
                        "--redis.password-file=" + PASSWORD_FILE,
                        "--web.listen-address=:" + PORT,
                        "--web.telemetry-path=/metrics"),
                List.of(),
                List.of(rendered.at(PASSWORD_DIR, true)),
                UID,
                redis.clientLabels(),
                volumes -> new MetricsExporterProps.Companions(
                        List.of(companion(INIT_CONTAINER, image, List.of("--once"), env, volumes,
                                scriptsMount, user.mount(), rendered).build()),
                        List.of(sidecar(image, env, volumes, scriptsMount, user.mount(), rendered)),
                        List.of(script()))),
                monitoring);
    }

    private static Container sidecar(String image, List<EnvVar> env, PodVolumes volumes, Mount scripts, Mount secret,
                                     Mount rendered) {
        Probe alive = Probe.builder()
                .exec(ExecAction.builder().command(List.of("/bin/sh", SCRIPTS_DIR + "/" + SCRIPT, "--check")).build())
                .periodSeconds(30).timeoutSeconds(5).failureThreshold(3)
                .build();
        return companion(SIDECAR, image, List.of(), env, volumes, scripts, secret, rendered,
                Mount.emptyDir("password-sync-tmp", "/tmp", "1Mi"))
                // Both fail only on a stuck loop, never on a refused password (the exporter keeps serving
                // and reports redis_up 0 while an operator fixes the value in Vault).
                .readinessProbe(alive)
                .livenessProbe(alive)
                .build();
    }

    private static Container.Builder companion(String name, String image, List<String> args, List<EnvVar> env,
                                               PodVolumes volumes, Mount... mounts) {
        List<String> command = new ArrayList<>(List.of("/bin/sh", SCRIPTS_DIR + "/" + SCRIPT));
        command.addAll(args);
        return Container.builder()
                .name(name)
                .image(image)
                .imagePullPolicy("IfNotPresent")
                // The image's entrypoint is the exporter; busybox sh runs the script (no execute bit needed).
                .command(command)
                .env(env)
                .resources(COMPANION_RESOURCES.requirements())
                .securityContext(RestrictedPod.containerSecurityContext())
                .volumeMounts(volumes.mount(mounts));
    }

    /** The script exactly as it is in the repository. */
    static String script() {
        return ConfigFiles.read(RedisExporter.class, SCRIPT);
    }

    /** {@code <server>-exporter}: the Deployment, Service and ServiceMonitor, and Prometheus' job name. */
    public static String exporterName(RedisProps props) {
        return props.name() + "-exporter";
    }

    public MetricsExporter exporter() {
        return exporter;
    }
}
