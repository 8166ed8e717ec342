package io.datalayer.stores.postgres;

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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.ContainerPort;
import org.cdk8s.plus28.k8s.ExecAction;
import org.cdk8s.plus28.k8s.KubeConfigMapProps;
import org.cdk8s.plus28.k8s.Lifecycle;
import org.cdk8s.plus28.k8s.LifecycleHandler;
import software.constructs.Construct;

/**
 * A single PostgreSQL server on the official image: StatefulSet with PGDATA on its own volume,
 * headless and ClusterIP Services, server configuration from a ConfigMap, a disruption budget and the
 * NetworkPolicies that admit exactly its peers. Built on the store kit in {@code io.datalayer.kit};
 * what is PostgreSQL's own here is the configuration, the container and its probes.
 *
 * <p>One replica, on purpose: the official image does not replicate, so a second replica would be a
 * second, empty database behind the same Service. High availability needs an operator and is out of
 * this construct's scope.
 *
 * <p>The superuser password is read from a Secret mounted as a file ({@code POSTGRES_PASSWORD_FILE});
 * this construct never sees the value. The image reads that file only when it initializes the data
 * directory; the {@link PasswordSync} sidecar applies every later change of the Secret. The
 * namespace is the chart's.
 */
public final class Postgres extends KubeConstruct {
    /** Label that admits a pod of this namespace to the server (backup and restore jobs carry it). */
    public static final String CLIENT_LABEL = "data-layer/postgresql-client";
    /**
     * The volume is mounted where the official image (18+) expects it, one level above PGDATA, so a
     * later {@code pg_upgrade --link} can put the new major's cluster beside the old one on the same
     * volume. PGDATA itself has no version in its path on purpose: after a major bump without an
     * upgrade the server refuses to start on the old files instead of initializing an empty database.
     */
    static final String DATA_DIR = "/var/lib/postgresql";
    static final String PGDATA = DATA_DIR + "/data";
    static final String CONFIG_DIR = "/etc/postgresql";
    static final String SECRET_DIR = "/etc/postgresql-superuser";
    static final String PORT_NAME = "postgresql";

    private final PostgresProps props;
    private final StoreNames names;
    private final NetworkAccess access;
    private final PasswordSync passwordSync;
    private final MonitoringRole monitoringRole;

    public Postgres(Construct scope, String id, PostgresProps props) {
        this(scope, id, props, null);
    }

    /**
     * @param monitoringRole the exporter's role, which the password-sync sidecar creates and keeps
     *                       in step with its Secret; {@code null} when monitoring is off
     */
    public Postgres(Construct scope, String id, PostgresProps props, MonitoringRole monitoringRole) {
        super(scope, id);
        if (props == null) {
            throw new IllegalArgumentException("Postgres props are missing; pass PostgresProps from the environment");
        }
        this.props = props;
        this.monitoringRole = monitoringRole;
        this.names = new StoreNames(props.name(), Namespaces.of(this));

        String conf = ServerConfig.postgresqlConf(props);
        String hba = ServerConfig.pgHbaConf(props);
        String ident = ServerConfig.pgIdentConf(props);
        Map<String, String> labels = Labels.of(props.name(), "database");

        Pods.serviceAccount(this, "service-account", names.meta(props.name(), labels));
        Kube.configMap(this, "config", KubeConfigMapProps.builder()
                .metadata(names.meta(names.config(), labels))
                .data(new TreeMap<>(Map.of("postgresql.conf", conf, "pg_hba.conf", hba, "pg_ident.conf", ident)))
                .build());
        this.passwordSync = new PasswordSync(this, "password-sync", props, names, labels, monitoringRole);
        new ServicePair(this, "services", names, PORT_NAME, props.port(), labels);
        new ServerStatefulSet(this, "statefulset", names, labels, props.storage(),
                // The sidecar's script counts as configuration: a new one rolls the pod too.
                ConfigFiles.hashAnnotation(conf, hba, ident, PasswordSync.script()), podSpec());
        new SingleServerBudget(this, "disruption-budget", names, labels);
        // Vault's server pods (its database engine; both selectors in one peer, an AND: as two peers
        // they would admit the whole namespace), L4 app namespaces, then this namespace's clients.
        this.access = new NetworkAccess(this, "network", names, props.port(), CLIENT_LABEL, List.of(
                Peer.podsIn(props.vaultNamespace(), props.vaultPodSelector()),
                Peer.namespacesLabelled(Map.of(Labels.LAYER, Labels.APP_LAYER))), labels);
    }

    /** The effective settings, defaults applied. */
    public PostgresProps props() {
        return props;
    }

    /** The exporter's role the sidecar keeps, or {@code null} when monitoring is off. */
    public MonitoringRole monitoringRole() {
        return monitoringRole;
    }

    /** The names this server derives from its own (Services, policies, host), in one place. */
    public StoreNames names() {
        return names;
    }

    /** Name of the headless Service that gives the StatefulSet's pods their DNS names. */
    public String headlessServiceName() {
        return names.headless();
    }

    /** The in-cluster DNS name clients connect to. */
    public String host() {
        return names.host();
    }

    /** Labels a pod of this namespace carries to be admitted as a client (and allowed to reach DNS). */
    public Map<String, String> clientLabels() {
        return access.clientLabels();
    }

    private org.cdk8s.plus28.k8s.PodSpec podSpec() {
        List<String> isReady = List.of("pg_isready", "--host=127.0.0.1", "--port=" + props.port(),
                "--username=" + props.superuser(), "--dbname=postgres", "--quiet");
        PodVolumes volumes = new PodVolumes();
        Container server = Container.builder()
                .name("postgresql")
                .image(props.image())
                .imagePullPolicy("IfNotPresent")
                .args(List.of("postgres", "-c", "config_file=" + CONFIG_DIR + "/postgresql.conf",
                        "-c", "hba_file=" + CONFIG_DIR + "/pg_hba.conf", "-c", "ident_file=" + CONFIG_DIR + "/pg_ident.conf"))
                .env(List.of(
                        Pods.env("PGDATA", PGDATA),
                        Pods.env("POSTGRES_USER", props.superuser()),
                        Pods.env("POSTGRES_PASSWORD_FILE", SECRET_DIR + "/password")))
                .ports(List.of(ContainerPort.builder().name(PORT_NAME).containerPort(props.port()).protocol("TCP").build()))
                .resources(props.resources().requirements())
                .securityContext(RestrictedPod.containerSecurityContext())
                // Crash recovery after an unclean stop can take minutes: the startup probe allows 10.
                .startupProbe(Pods.execProbe(isReady, 10, 5, 60))
                .readinessProbe(Pods.execProbe(isReady, 10, 5, 3))
                .livenessProbe(Pods.execProbe(isReady, 15, 10, 6))
                // Kubernetes sends SIGTERM (a "smart" shutdown that waits for every client); ask for
                // a fast shutdown instead so the server stops cleanly within the grace period.
                .lifecycle(Lifecycle.builder().preStop(LifecycleHandler.builder().exec(ExecAction.builder()
                        .command(List.of("pg_ctl", "stop", "--pgdata=" + PGDATA, "--mode=fast", "--wait",
                                "--timeout=" + (props.terminationGracePeriodSeconds() - 10)))
                        .build()).build()).build())
                .volumeMounts(volumes.mount(
                        Mount.claimTemplate(ServerStatefulSet.DATA_VOLUME, DATA_DIR),
                        Mount.configMap("config", names.config(), CONFIG_DIR),
                        superuserMount(),
                        runMount(),
                        Mount.emptyDir("tmp", "/tmp", "1Gi"),
                        Mount.memory("shm", "/dev/shm", props.sharedMemorySize())))
                .build();
        Container sidecar = passwordSync.container(volumes, superuserMount());
        return Pods.serverPod(props.name(), props.uid(), props.terminationGracePeriodSeconds(), List.of(server, sidecar),
                volumes.volumes());
    }

    /**
     * The superuser's password as the read-only file {@code password} in {@link #SECRET_DIR}; mounted
     * by the server and by every job that connects as the superuser.
     */
    /** The server's socket folder, shared with the password-sync sidecar. */
    static Mount runMount() {
        return Mount.emptyDir("run", ServerConfig.SOCKET_DIR, "16Mi");
    }

    Mount superuserMount() {
        return Mount.secretKey("superuser", props.superuserSecretName(), props.superuserPasswordKey(), "password", SECRET_DIR);
    }
}
