package io.datalayer.stores.redis;

import io.datalayer.kit.ConfigFiles;
import io.datalayer.kit.Labels;
import io.datalayer.kit.Mount;
import io.datalayer.kit.Namespaces;
import io.datalayer.kit.NetworkAccess;
import io.datalayer.kit.Peer;
import io.datalayer.kit.PodVolumes;
import io.datalayer.kit.Pods;
import io.datalayer.kit.RestrictedPod;
import io.datalayer.kit.ServerStatefulSet;
import io.datalayer.kit.ServicePair;
import io.datalayer.kit.SingleServerBudget;
import io.datalayer.kit.StoreNames;
import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.ContainerPort;
import org.cdk8s.plus28.k8s.KubeConfigMapProps;
import software.constructs.Construct;

/**
 * A single Redis server on the official image, the layer's cache: StatefulSet with {@code /data}
 * (AOF and RDB) on its own volume, headless and ClusterIP Services, {@code redis.conf} from a
 * ConfigMap, ACL users rendered in the pod from Vault's passwords ({@link AclSync}), a disruption
 * budget and the NetworkPolicies that admit L4 apps and this namespace's clients. Built on the store
 * kit in {@code io.datalayer.kit}.
 *
 * <p>One replica, on purpose: a second pod of this StatefulSet would be a second, empty Redis
 * behind the same Service, not a replica. High availability needs Redis's own replication with
 * Sentinel (or Valkey's chart, which packages both) and is a separate decision.
 *
 * <p>Users: {@code default} is off, so every connection must AUTH; {@value #ADMIN_USER} may do
 * everything; {@value #APP_USER} (the L4 apps') everything but the {@code @dangerous} commands;
 * {@value #BACKUP_USER} only the replication handshake {@code redis-cli --rdb} uses. The server's
 * command replaces the image's entrypoint, which would load the image's bundled modules: none are
 * loaded, and MODULE is disabled.
 */
public final class Redis extends KubeConstruct {
    /** Label that admits a pod of this namespace to the server (backup and restore jobs carry it). */
    public static final String CLIENT_LABEL = "data-layer/redis-client";
    public static final String ADMIN_USER = "admin";
    public static final String APP_USER = "app";
    public static final String BACKUP_USER = "backup";
    public static final String SERVER_CONTAINER = "redis";
    static final String PORT_NAME = "redis";

    private final RedisProps props;
    private final StoreNames names;
    private final NetworkAccess access;
    private final AclSync aclSync;
    private final RedisMonitoringUser monitoring;

    public Redis(Construct scope, String id, RedisProps props) {
        this(scope, id, props, null);
    }

    /**
     * A server whose ACL also has the metrics exporter's user ({@link RedisMonitoringUser}, from the
     * environment's monitoring settings); {@code monitoring} null: no such user.
     */
    public Redis(Construct scope, String id, RedisProps props, RedisMonitoringUser monitoring) {
        super(scope, id);
        if (props == null) {
            throw new IllegalArgumentException("Redis props are missing; pass RedisProps from the environment");
        }
        this.props = props;
        this.names = new StoreNames(props.name(), Namespaces.of(this));
        String conf = RedisConfig.redisConf(props);
        Map<String, String> labels = Labels.of(props.name(), "cache");

        Pods.serviceAccount(this, "service-account", names.meta(props.name(), labels));
        Kube.configMap(this, "config", KubeConfigMapProps.builder()
                .metadata(names.meta(names.config(), labels))
                .data(Map.of(RedisConfig.CONFIG_FILE, conf))
                .build());
        this.monitoring = monitoring;
        this.aclSync = new AclSync(this, "acl-sync", props, monitoring, names, labels);
        new ServicePair(this, "services", names, PORT_NAME, props.port(), labels);
        new ServerStatefulSet(this, "statefulset", names, labels, props.storage(),
                // The rules and the script count as configuration: a change rolls the pod.
                ConfigFiles.hashAnnotation(conf, aclSync.rules(), AclSync.script()), podSpec());
        new SingleServerBudget(this, "disruption-budget", names, labels);
        // L4 app namespaces, then (only for dynamic users) Vault's pods, then this namespace's clients.
        List<Peer> peers = new ArrayList<>(List.of(Peer.namespacesLabelled(Map.of(Labels.LAYER, Labels.APP_LAYER))));
        if (props.vaultPeer() != null) {
            peers.add(props.vaultPeer());
        }
        this.access = new NetworkAccess(this, "network", names, props.port(), CLIENT_LABEL, peers, labels);
    }

    /** The exporter's ACL user, when the server was built with one. */
    public java.util.Optional<RedisMonitoringUser> monitoringUser() {
        return java.util.Optional.ofNullable(monitoring);
    }

    /** The effective settings, defaults applied. */
    public RedisProps props() {
        return props;
    }

    /** The names this server derives from its own (Services, policies, host), in one place. */
    public StoreNames names() {
        return names;
    }

    /** The in-cluster DNS name clients connect to. */
    public String host() {
        return names.host();
    }

    public int port() {
        return props.port();
    }

    /** Labels a pod of this namespace carries to be admitted as a client (and allowed to reach DNS). */
    public Map<String, String> clientLabels() {
        return access.clientLabels();
    }

    /** The Secret ESO writes from {@link RedisProps#usersSecret()}: keys {@code admin-password}, {@code backup-password}. */
    public String usersSecretName() {
        return usersSecretName(props);
    }

    /** The Secret ESO writes from {@link RedisProps#appSecret()}: key {@code password}. */
    public String appSecretName() {
        return appSecretName(props);
    }

    /** The ConfigMap with {@code redis.conf}. */
    public String configMapName() {
        return names.config();
    }

    /** Where the claim template's volume holds the AOF folder and {@code dump.rdb}. */
    public static String dataDir() {
        return RedisConfig.DATA_DIR;
    }

    /** The server's configuration file in its container. */
    public static String configPath() {
        return RedisConfig.CONFIG_DIR + "/" + RedisConfig.CONFIG_FILE;
    }

    /**
     * The server container's command: {@code /bin/sh -c SERVER_SHELL redis-server <config>}; the
     * shell execs {@code redis-server <config>} once it holds {@link #serverLock()}.
     */
    public static List<String> serverCommand() {
        return List.of("/bin/sh", "-c", RedisConfig.SERVER_SHELL, "redis-server", configPath());
    }

    /** The file on the data volume whose flock the running server holds (see {@link RedisConfig#SERVER_LOCK}). */
    public static String serverLock() {
        return RedisConfig.SERVER_LOCK;
    }

    static String usersSecretName(RedisProps props) {
        return props.name() + "-users";
    }

    static String appSecretName(RedisProps props) {
        return props.name() + "-app";
    }

    private org.cdk8s.plus28.k8s.PodSpec podSpec() {
        // The admin password goes to redis-cli on stdin (--askpass), from the file, through sh's
        // redirection: never on a command line or in an environment. redis-cli 7 exits 0 on an error
        // reply, so the reply itself is checked (a loading server answers LOADING, not PONG).
        List<String> ping = List.of("/bin/sh", "-c", "reply=$(redis-cli -h 127.0.0.1 -p " + props.port() + " --user "
                + ADMIN_USER + " --askpass PING <" + RedisConfig.ADMIN_DIR + "/" + RedisProps.ADMIN_PASSWORD_KEY
                + " 2>&1); [ \"$reply\" = PONG ] || { echo \"$reply\"; exit 1; }");
        PodVolumes volumes = new PodVolumes();
        Container init = aclSync.initContainer(volumes);
        Container server = Container.builder()
                .name(SERVER_CONTAINER)
                .image(props.image())
                .imagePullPolicy("IfNotPresent")
                // redis-server, run by a shell that holds the server lock on the data volume for it
                // (RedisConfig.SERVER_SHELL): what the restore checks, whatever the pod's readiness.
                .command(serverCommand())
                .ports(List.of(ContainerPort.builder().name(PORT_NAME).containerPort(props.port()).protocol("TCP").build()))
                .resources(props.resources().requirements())
                .securityContext(RestrictedPod.containerSecurityContext())
                // Loading a large AOF after a crash takes a while: the startup probe allows 10 minutes.
                .startupProbe(Pods.execProbe(ping, 10, 5, 60))
                .readinessProbe(Pods.execProbe(ping, 10, 5, 3))
                .livenessProbe(Pods.execProbe(ping, 15, 5, 6))
                .volumeMounts(volumes.mount(
                        Mount.claimTemplate(ServerStatefulSet.DATA_VOLUME, RedisConfig.DATA_DIR),
                        Mount.configMap("config", names.config(), RedisConfig.CONFIG_DIR),
                        AclSync.aclMount().at(RedisConfig.ACL_DIR, true),
                        Mount.secretKey("admin", usersSecretName(), RedisProps.ADMIN_PASSWORD_KEY,
                                RedisProps.ADMIN_PASSWORD_KEY, RedisConfig.ADMIN_DIR)))
                .build();
        Container sidecar = aclSync.container(volumes);
        return Pods.serverPod(props.name(), props.uid(), props.terminationGracePeriodSeconds(), List.of(init),
                List.of(server, sidecar), volumes.volumes());
    }
}
