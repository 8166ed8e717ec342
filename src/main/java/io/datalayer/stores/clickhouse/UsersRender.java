package io.datalayer.stores.clickhouse;

import io.datalayer.kit.ConfigFiles;
import io.datalayer.kit.Mount;
import io.datalayer.kit.PodVolumes;
import io.datalayer.kit.Pods;
import io.datalayer.kit.ScriptSidecar;
import io.datalayer.kit.StoreNames;
import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.EnvVar;
import org.cdk8s.plus28.k8s.KubeConfigMapProps;
import software.constructs.Construct;

/**
 * The users file of a {@link ClickHouse} server, written in its pod from the mounted Secrets by
 * {@value #SCRIPT} (embedded byte for byte in its own ConfigMap with the template it fills): once by
 * the init container {@value #INIT_CONTAINER} before the server starts, then by the sidecar
 * {@value #CONTAINER}, which watches each Secret's {@code ..data} link and writes the file again when
 * the kubelet swaps a Secret's files.
 *
 * <p>Why in the pod and not in a ConfigMap: the file holds every user's password hash, and the
 * passwords exist only in Vault and the Secrets ESO writes from them; a ConfigMap would put them in
 * dist/. Why a sidecar but no reload command: ClickHouse re-reads a changed users file by itself.
 */
final class UsersRender extends KubeConstruct {
    static final String CONTAINER = "users-render";
    static final String INIT_CONTAINER = "users-init";
    static final String SCRIPT = "users-render.sh";
    static final String TEMPLATE = "users-template.xml";
    static final String SCRIPTS_DIR = "/opt/data-layer";
    static final String SCRIPTS_VOLUME = "users-render";
    static final String TMP_VOLUME = "users-render-tmp";
    static final String USERS_VOLUME = "users";
    static final String HEARTBEAT_FILE = "/tmp/users-render.alive";

    private final ClickHouseProps props;
    private final boolean monitoringUser;
    private final String template;

    /** {@code monitoringUser}: whether the monitoring user (and its Secret) exist, as monitoring is on. */
    UsersRender(Construct scope, String id, ClickHouseProps props, boolean monitoringUser, StoreNames names,
                Map<String, String> labels) {
        super(scope, id);
        this.props = props;
        this.monitoringUser = monitoringUser;
        this.template = ClickHouseConfig.usersTemplate(props, monitoringUser);
        Kube.configMap(this, "script", KubeConfigMapProps.builder()
                .metadata(names.meta(configMapName(props), labels))
                .data(new TreeMap<>(Map.of(SCRIPT, script(), TEMPLATE, template)))
                .build());
    }

    /** The script exactly as it is in the repository. */
    static String script() {
        return ConfigFiles.read(UsersRender.class, SCRIPT);
    }

    static String configMapName(ClickHouseProps props) {
        return props.name() + "-users-render";
    }

    String template() {
        return template;
    }

    /** The memory-backed folder of the users file: written here, read by the server. */
    static Mount usersMount() {
        return Mount.memory(USERS_VOLUME, ClickHouseConfig.USERS_DIR, "1Mi");
    }

    /** The init container: renders the file once; a refused password keeps the pod from starting, with the reason in its log. */
    Container initContainer(PodVolumes volumes) {
        return sidecar().initContainer(INIT_CONTAINER, volumes, mounts(usersMount()));
    }

    /** The sidecar: the same script in a loop, with heartbeat probes and a private {@code /tmp}. */
    Container container(PodVolumes volumes) {
        return sidecar().sidecar(CONTAINER, volumes, mounts(usersMount()), TMP_VOLUME);
    }

    private ScriptSidecar sidecar() {
        return new ScriptSidecar(props.image(), SCRIPTS_DIR + "/" + SCRIPT, env());
    }

    /** The Secrets' folders, as the script's WATCH_DIRS lists them. */
    List<String> secretDirs() {
        return monitoringUser
                ? List.of(ClickHouseConfig.USERS_SECRET_DIR, ClickHouseConfig.APP_SECRET_DIR, ClickHouseConfig.MONITORING_SECRET_DIR)
                : List.of(ClickHouseConfig.USERS_SECRET_DIR, ClickHouseConfig.APP_SECRET_DIR);
    }

    private List<Mount> mounts(Mount... more) {
        List<Mount> all = new ArrayList<>(List.of(
                Mount.configMap(SCRIPTS_VOLUME, configMapName(props), SCRIPTS_DIR),
                Mount.secretKeys("users-secret", ClickHouse.usersSecretName(props),
                        List.of(ClickHouseProps.ADMIN_PASSWORD_KEY, ClickHouseProps.BACKUP_PASSWORD_KEY), ClickHouseConfig.USERS_SECRET_DIR),
                Mount.secretKeys("app-secret", ClickHouse.appSecretName(props), List.of(ClickHouseProps.PASSWORD_KEY),
                        ClickHouseConfig.APP_SECRET_DIR)));
        if (monitoringUser) {
            all.add(Mount.secretKeys("monitoring-secret", ClickHouse.monitoringSecretName(props), List.of(ClickHouseProps.PASSWORD_KEY),
                    ClickHouseConfig.MONITORING_SECRET_DIR));
        }
        all.addAll(List.of(more));
        return all;
    }

    private List<EnvVar> env() {
        return List.of(
                Pods.env("USERS_TEMPLATE", SCRIPTS_DIR + "/" + TEMPLATE),
                Pods.env("USERS_FILE", ClickHouseConfig.USERS_FILE),
                Pods.env("WATCH_DIRS", String.join(" ", secretDirs())),
                Pods.env("SYNC_INTERVAL_SECONDS", Integer.toString(props.usersSyncIntervalSeconds())),
                Pods.env("HEARTBEAT_FILE", HEARTBEAT_FILE));
    }

}
