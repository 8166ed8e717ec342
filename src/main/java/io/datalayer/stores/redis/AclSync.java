package io.datalayer.stores.redis;

import io.datalayer.kit.ConfigFiles;
import io.datalayer.kit.Mount;
import io.datalayer.kit.PodVolumes;
import io.datalayer.kit.Pods;
import io.datalayer.kit.ScriptSidecar;
import io.datalayer.kit.StoreNames;
import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.EnvVar;
import org.cdk8s.plus28.k8s.KubeConfigMapProps;
import software.constructs.Construct;

/**
 * The ACL file of a {@link Redis} server, rendered in its pod from the mounted Secrets by
 * {@value #SCRIPT} (embedded byte for byte in its own ConfigMap with the rules it applies): once by
 * the init container {@value #INIT_CONTAINER} before the server starts, then by the sidecar
 * {@value #CONTAINER}, which follows the Secrets and runs {@code ACL LOAD} when a password changes.
 *
 * <p>Why in the pod and not in a ConfigMap: the ACL file holds every user's password hash, and the
 * passwords exist only in Vault and the Secrets ESO writes from it; a ConfigMap would put them in
 * dist/. Why a sidecar: Redis reads its aclfile only at start or on ACL LOAD, so without it a
 * rotation in Vault would lock every client that reads the new Secret out of the old server.
 */
final class AclSync extends KubeConstruct {
    static final String CONTAINER = "acl-sync";
    static final String INIT_CONTAINER = "acl-render";
    static final String SCRIPT = "acl-sync.sh";
    static final String RULES = "acl-rules";
    static final String SCRIPTS_DIR = "/opt/data-layer";
    static final String SCRIPTS_VOLUME = "acl-sync";
    static final String TMP_VOLUME = "acl-sync-tmp";
    static final String ACL_VOLUME = "acl";
    static final String USERS_VOLUME = "users";
    static final String APP_VOLUME = "app-user";

    private final RedisProps props;
    private final RedisMonitoringUser monitoring;
    private final String rules;

    AclSync(Construct scope, String id, RedisProps props, RedisMonitoringUser monitoring, StoreNames names,
            Map<String, String> labels) {
        super(scope, id);
        this.props = props;
        this.monitoring = monitoring;
        this.rules = RedisConfig.aclRules(props, monitoring);
        Kube.configMap(this, "script", KubeConfigMapProps.builder()
                .metadata(names.meta(configMapName(props), labels))
                .data(new TreeMap<>(Map.of(SCRIPT, script(), RULES, rules)))
                .build());
    }

    /** The script exactly as it is in the repository. */
    static String script() {
        return ConfigFiles.read(AclSync.class, SCRIPT);
    }

    static String configMapName(RedisProps props) {
        return props.name() + "-acl-sync";
    }

    String rules() {
        return rules;
    }

    /** The memory-backed folder of the ACL file: written here, read by the server. */
    static Mount aclMount() {
        return Mount.memory(ACL_VOLUME, RedisConfig.ACL_DIR, "1Mi");
    }

    /** The init container: renders the file once; a refused password keeps the pod from starting, with the reason in its log. */
    Container initContainer(PodVolumes volumes) {
        return sidecar().initContainer(INIT_CONTAINER, volumes, mounts(aclMount()));
    }

    /** The sidecar: the same script in a loop, with heartbeat probes and a private {@code /tmp}. */
    Container container(PodVolumes volumes) {
        return sidecar().sidecar(CONTAINER, volumes, mounts(aclMount()), TMP_VOLUME);
    }

    private ScriptSidecar sidecar() {
        return new ScriptSidecar(props.image(), scriptPath(), env());
    }

    /** The scripts, the users' password files (the monitoring user's when monitoring is on), then {@code more}. */
    private List<Mount> mounts(Mount... more) {
        List<Mount> all = new java.util.ArrayList<>(List.of(scriptsMount(), usersMount(), appMount()));
        if (monitoring != null) {
            all.add(monitoring.mount());
        }
        all.addAll(List.of(more));
        return all;
    }

    private List<EnvVar> env() {
        return List.of(
                Pods.env("ACL_RULES_FILE", SCRIPTS_DIR + "/" + RULES),
                Pods.env("ACL_FILE", RedisConfig.ACL_FILE),
                Pods.env("ADMIN_USER", Redis.ADMIN_USER),
                Pods.env("ADMIN_PASSWORD_FILE", RedisConfig.USERS_DIR + "/" + RedisProps.ADMIN_PASSWORD_KEY),
                Pods.env("REDIS_HOST", "127.0.0.1"),
                Pods.env("REDIS_PORT", Integer.toString(props.port())),
                Pods.env("SYNC_INTERVAL_SECONDS", Integer.toString(props.aclSyncIntervalSeconds())),
                Pods.env("HEARTBEAT_FILE", "/tmp/acl-sync.alive"));
    }

    private static String scriptPath() {
        return SCRIPTS_DIR + "/" + SCRIPT;
    }

    private Mount scriptsMount() {
        return Mount.configMap(SCRIPTS_VOLUME, configMapName(props), SCRIPTS_DIR);
    }

    private Mount usersMount() {
        return Mount.secretKeys(USERS_VOLUME, Redis.usersSecretName(props),
                List.of(RedisProps.ADMIN_PASSWORD_KEY, RedisProps.BACKUP_PASSWORD_KEY), RedisConfig.USERS_DIR);
    }

    private Mount appMount() {
        return Mount.secretKeys(APP_VOLUME, Redis.appSecretName(props), List.of(RedisProps.APP_PASSWORD_KEY), RedisConfig.APP_DIR);
    }
}
