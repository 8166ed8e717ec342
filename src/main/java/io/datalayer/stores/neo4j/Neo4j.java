package io.datalayer.stores.neo4j;

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
import org.cdk8s.plus28.k8s.EnvVar;
import org.cdk8s.plus28.k8s.KubeConfigMapProps;
import org.cdk8s.plus28.k8s.PodSpec;
import software.constructs.Construct;

/**
 * A single Neo4j Community server on the official image, the layer's graph store: StatefulSet with
 * {@code /data} on its own volume, headless and ClusterIP Services for Bolt, {@code neo4j.conf} from a
 * ConfigMap, the admin and app passwords from Vault's Secrets, a disruption budget and the
 * NetworkPolicies that admit L4 apps and this namespace's labelled clients. Built on the store kit.
 *
 * <p>The container's command is the supervisor {@code server.sh}, not the image's entrypoint (which
 * writes the configuration into the read-only image and sets the password only before the first
 * start, on a command line): it sets the initial password, runs {@code neo4j console}, keeps both
 * passwords equal to the Secrets, and runs the backup and restore scripts when their jobs ask (Community
 * can only dump a stopped database), always starting neo4j again. See the script for the protocol.
 *
 * <p>One replica, on purpose: Community Edition has no clustering, and a second pod of this
 * StatefulSet would be a second, empty database behind the same Service. Enterprise Edition's
 * clustering (primaries with Raft, read replicas, online backup) is the route to availability and
 * online backups, under its licence; see docs/stores/neo4j.md.
 */
public final class Neo4j extends KubeConstruct {
    /** Label that admits a pod of this namespace to the Bolt port. */
    public static final String CLIENT_LABEL = "data-layer/neo4j-client";
    /** The Community admin user (the only user Community creates; its name cannot change). */
    public static final String ADMIN_USER = "neo4j";
    public static final String SERVER_CONTAINER = "neo4j";
    /** Where the backup volume is mounted in the server pod (and in the backup and restore jobs). */
    public static final String BACKUPS_DIR = "/backups";
    /** Where a job writes its maintenance request and the supervisor its result. */
    public static final String REQUESTS_DIR = BACKUPS_DIR + "/.requests";
    /** Where the backup side mounts backup.sh and restore.sh, which the supervisor runs. */
    public static final String SCRIPTS_DIR = "/scripts";
    /** Where the backup side mounts the scratch emptyDir its scripts load each dump into, to prove it. */
    public static final String SCRATCH_DIR = "/backup-scratch";
    static final String SUPERVISOR_DIR = "/supervisor";
    static final String SUPERVISOR_SCRIPT = "server.sh";
    static final String ADMIN_DIR = "/etc/neo4j-admin";
    static final String APP_DIR = "/etc/neo4j-app";
    static final String PORT_NAME = "bolt";
    /** The image's NEO4J_HOME (the distribution: bin, lib, licenses), read-only. */
    static final String IMAGE_HOME = "/var/lib/neo4j";

    private final Neo4jProps props;
    private final StoreNames names;
    private final NetworkAccess access;
    private final String conf;
    private final List<EnvVar> maintenanceEnv;

    public Neo4j(Construct scope, String id, Neo4jProps props) {
        this(scope, id, props, List.of(), List.of());
    }

    /**
     * A server whose pod also mounts {@code maintenanceMounts}: the backup volume at
     * {@value #BACKUPS_DIR}, the backup and restore scripts at {@value #SCRIPTS_DIR} and the scratch
     * folder the dumps are proven in at {@value #SCRATCH_DIR}, given by the backup side
     * ({@link Neo4jBackup#serverMounts()}), and whose container also carries {@code maintenanceEnv}
     * (what backup.sh and restore.sh read: {@link Neo4jBackup#serverEnv()}, {@link Neo4jRestore#serverEnv()}).
     * Without them the supervisor runs no maintenance (it says so in its log).
     */
    public Neo4j(Construct scope, String id, Neo4jProps props, List<Mount> maintenanceMounts, List<EnvVar> maintenanceEnv) {
        super(scope, id);
        if (props == null) {
            throw new IllegalArgumentException("Neo4j props are missing; pass Neo4jProps from the environment");
        }
        for (Mount m : maintenanceMounts) {
            if (!List.of(BACKUPS_DIR, SCRIPTS_DIR, SCRATCH_DIR).contains(m.path())) {
                throw new IllegalArgumentException("Neo4j maintenance mount \"" + m.volumeName() + "\" is at " + m.path()
                        + "; the supervisor's scripts use only " + BACKUPS_DIR + " (the backup volume), " + SCRIPTS_DIR
                        + " (backup.sh, restore.sh) and " + SCRATCH_DIR + " (the scratch homes the dumps are proven in)");
            }
        }
        this.props = props;
        List<String> own = env().stream().map(EnvVar::getName).toList();
        for (EnvVar e : maintenanceEnv) {
            if (own.contains(e.getName())) {
                throw new IllegalArgumentException("Neo4j maintenance env " + e.getName() + " is the server container's own;"
                        + " the backup side must not set it (the server's value is the one its supervisor uses)");
            }
        }
        this.maintenanceEnv = List.copyOf(maintenanceEnv);
        this.names = new StoreNames(props.name(), Namespaces.of(this));
        this.conf = Neo4jConfig.neo4jConf(props, names.host());
        String supervisor = supervisorScript();
        Map<String, String> labels = Labels.of(props.name(), "graph");

        Pods.serviceAccount(this, "service-account", names.meta(props.name(), labels));
        Kube.configMap(this, "config", KubeConfigMapProps.builder()
                .metadata(names.meta(names.config(), labels))
                .data(Map.of(Neo4jConfig.CONFIG_FILE, conf))
                .build());
        Kube.configMap(this, "supervisor", KubeConfigMapProps.builder()
                .metadata(names.meta(supervisorConfigMapName(), labels))
                .data(Map.of(SUPERVISOR_SCRIPT, supervisor))
                .build());
        new ServicePair(this, "services", names, PORT_NAME, props.boltPort(), labels);
        new ServerStatefulSet(this, "statefulset", names, labels, props.storage(),
                // The supervisor counts as configuration: a change of either rolls the pod.
                ConfigFiles.hashAnnotation(conf, supervisor), podSpec(maintenanceMounts));
        new SingleServerBudget(this, "disruption-budget", names, labels);
        this.access = new NetworkAccess(this, "network", names, props.boltPort(), CLIENT_LABEL,
                List.of(Peer.namespacesLabelled(Map.of(Labels.LAYER, Labels.APP_LAYER))), labels);
    }

    /** The supervisor, exactly as in the repository. */
    public static String supervisorScript() {
        return ConfigFiles.read(Neo4j.class, SUPERVISOR_SCRIPT);
    }

    /** The effective settings, defaults applied. */
    public Neo4jProps props() {
        return props;
    }

    public StoreNames names() {
        return names;
    }

    /** The in-cluster DNS name clients connect to ({@code bolt://<host>:<port>}). */
    public String host() {
        return names.host();
    }

    public int port() {
        return props.boltPort();
    }

    /** The shipped {@code neo4j.conf}. */
    public String neo4jConf() {
        return conf;
    }

    /** Labels a pod of this namespace carries to be admitted as a client (and allowed to reach DNS). */
    public Map<String, String> clientLabels() {
        return access.clientLabels();
    }

    /** The Secret ESO writes from {@link Neo4jProps#adminSecret()}: key {@code admin-password}. */
    public String adminSecretName() {
        return props.name() + "-admin";
    }

    /** The Secret ESO writes from {@link Neo4jProps#appSecret()}: key {@code password}. */
    public String appSecretName() {
        return props.name() + "-app";
    }

    public String supervisorConfigMapName() {
        return props.name() + "-supervisor";
    }

    /** The server container's command: the supervisor. */
    public static List<String> serverCommand() {
        return List.of("sh", SUPERVISOR_DIR + "/" + SUPERVISOR_SCRIPT);
    }

    private List<EnvVar> env() {
        return List.of(
                Pods.env("NEO4J_HOME", IMAGE_HOME),
                Pods.env("NEO4J_CONF", Neo4jConfig.CONFIG_DIR),
                Pods.env("NEO4J_DATA_DIR", Neo4jConfig.DATA_DIR),
                Pods.env("NEO4J_STATE_DIR", Neo4jConfig.STATE_DIR),
                Pods.env("NEO4J_RUN_DIR", Neo4jConfig.RUN_DIR),
                Pods.env("NEO4J_HTTP_URL", "http://127.0.0.1:" + props.httpPort()),
                Pods.env("NEO4J_ADMIN_PASSWORD_FILE", ADMIN_DIR + "/" + Neo4jProps.ADMIN_PASSWORD_KEY),
                Pods.env("NEO4J_APP_USER", props.appUser()),
                Pods.env("NEO4J_APP_PASSWORD_FILE", APP_DIR + "/" + Neo4jProps.APP_PASSWORD_KEY),
                Pods.env("NEO4J_SYNC_MIN_LENGTH", Integer.toString(props.passwordMinLength())),
                Pods.env("NEO4J_START_TIMEOUT_SECONDS", Integer.toString(props.startTimeoutSeconds())),
                // neo4j must stop within the pod's grace, with time left for the supervisor to end.
                Pods.env("NEO4J_STOP_TIMEOUT_SECONDS", Integer.toString(props.terminationGracePeriodSeconds() - 10)),
                Pods.env("NEO4J_MAINTENANCE_POLL_SECONDS", Integer.toString(props.maintenancePollSeconds())),
                Pods.env("NEO4J_MAINTENANCE_WINDOW_SECONDS", Integer.toString(props.maintenanceWindowSeconds())),
                Pods.env("NEO4J_REQUESTS_DIR", REQUESTS_DIR),
                Pods.env("NEO4J_SCRIPTS_DIR", SCRIPTS_DIR),
                // The JVM's temporary files (Netty's and zstd's native libraries) on the /tmp volume.
                Pods.env("TMPDIR", "/tmp"));
    }

    private List<EnvVar> containerEnv() {
        List<EnvVar> all = new ArrayList<>(env());
        all.addAll(maintenanceEnv);
        return all;
    }

    private PodSpec podSpec(List<Mount> maintenanceMounts) {
        List<String> ready = List.of("sh", SUPERVISOR_DIR + "/" + SUPERVISOR_SCRIPT, "--ready");
        List<String> live = List.of("sh", SUPERVISOR_DIR + "/" + SUPERVISOR_SCRIPT, "--live");
        PodVolumes volumes = new PodVolumes();
        List<Mount> mounts = new ArrayList<>(List.of(
                Mount.claimTemplate(ServerStatefulSet.DATA_VOLUME, Neo4jConfig.DATA_DIR),
                Mount.configMap("config", names.config(), Neo4jConfig.CONFIG_DIR),
                Mount.configMap("supervisor", supervisorConfigMapName(), SUPERVISOR_DIR),
                Mount.secretKey("admin", adminSecretName(), Neo4jProps.ADMIN_PASSWORD_KEY, Neo4jProps.ADMIN_PASSWORD_KEY,
                        ADMIN_DIR),
                Mount.secretKey("app", appSecretName(), Neo4jProps.APP_PASSWORD_KEY, Neo4jProps.APP_PASSWORD_KEY, APP_DIR),
                Mount.emptyDir("logs", Neo4jConfig.LOGS_DIR, "1Gi"),
                Mount.memory("run", Neo4jConfig.RUN_DIR, "16Mi"),
                Mount.emptyDir("tmp", "/tmp", "256Mi")));
        mounts.addAll(maintenanceMounts);
        Container server = Container.builder()
                .name(SERVER_CONTAINER)
                .image(props.image())
                .imagePullPolicy("IfNotPresent")
                .command(serverCommand())
                .env(containerEnv())
                .ports(List.of(ContainerPort.builder().name(PORT_NAME).containerPort(props.boltPort()).protocol("TCP").build()))
                .resources(props.resources().requirements())
                .securityContext(RestrictedPod.containerSecurityContext())
                // The first start and recovery after a crash: the supervisor gives up after
                // startTimeoutSeconds itself; the probe allows as long, plus a minute.
                .startupProbe(Pods.execProbe(ready, 10, 10, props.startTimeoutSeconds() / 10 + 6))
                .readinessProbe(Pods.execProbe(ready, 10, 10, 3))
                // Passes while a maintenance runs within its window (neo4j is stopped on purpose then).
                .livenessProbe(Pods.execProbe(live, 15, 10, 4))
                .volumeMounts(volumes.mount(mounts))
                .build();
        return Pods.serverPod(props.name(), props.uid(), props.terminationGracePeriodSeconds(), List.of(server),
                volumes.volumes());
    }
}
