package io.datalayer.stores.clickhouse;

import io.datalayer.kit.Checks;
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
import io.datalayer.kube.KubeValues;
import io.datalayer.monitoring.MonitoringProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.ContainerPort;
import org.cdk8s.plus28.k8s.HttpGetAction;
import org.cdk8s.plus28.k8s.KubeConfigMapProps;
import org.cdk8s.plus28.k8s.PodSpec;
import org.cdk8s.plus28.k8s.Probe;
import software.constructs.Construct;

/**
 * A single ClickHouse server on the official image, the layer's analytics store: StatefulSet with
 * {@code /var/lib/clickhouse} on its own volume, headless and ClusterIP Services with the native and
 * HTTP ports, {@code config.xml} from a ConfigMap, users rendered in the pod from Vault's passwords
 * ({@link UsersRender}), a disruption budget and the NetworkPolicies that admit L4 apps and this
 * namespace's clients (the layer's jobs). The server's built-in Prometheus endpoint always listens;
 * with monitoring on, {@link ClickHouseMetrics} admits Prometheus to it and has it scraped.
 *
 * <p>One replica and no Keeper, on purpose: a second pod of this StatefulSet would be a second,
 * empty server behind the same Service, not a replica. High availability needs ClickHouse Keeper
 * (three nodes) and {@code ReplicatedMergeTree} tables, best run by Altinity's clickhouse-operator;
 * see docs/stores/clickhouse.md.
 *
 * <p>The container runs {@code clickhouse-server --config-file=...} itself, not the image's
 * entrypoint, which writes {@code users.d/default-user.xml} into the image on every start (the root is
 * read-only here). The watchdog (a parent process that restarts a crashed server) is off: the
 * kubelet restarts the container, and SIGTERM then reaches the server itself.
 */
public final class ClickHouse extends KubeConstruct {
    /** Label that admits a pod of this namespace to the server (backup and restore jobs carry it). */
    public static final String CLIENT_LABEL = "data-layer/clickhouse-client";
    public static final String SERVER_CONTAINER = "clickhouse";
    static final String NATIVE_PORT_NAME = "native";
    static final String HTTP_PORT_NAME = "http";
    static final String METRICS_PORT_NAME = "metrics";
    static final String BACKUPS_VOLUME = "backups";

    private final ClickHouseProps props;
    private final StoreNames names;
    private final NetworkAccess access;
    private final UsersRender users;
    private final String configXml;
    private final String backupsClaim;

    /** A server without the backup volume, its metrics endpoint not scraped. */
    public ClickHouse(Construct scope, String id, ClickHouseProps props) {
        this(scope, id, props, MonitoringProps.off(), null);
    }

    /**
     * @param monitoring   the environment's monitoring; when on, {@link ClickHouseMetrics} admits
     *                     Prometheus to the metrics endpoint and has it scraped
     * @param backupsClaim the backup jobs' claim, mounted at {@code /backups} as the disk {@code backups}
     *                     that {@code BACKUP ... TO Disk('backups', ...)} writes to; {@code null}: no such disk
     */
    public ClickHouse(Construct scope, String id, ClickHouseProps props, MonitoringProps monitoring, String backupsClaim) {
        super(scope, id);
        if (props == null) {
            throw new IllegalArgumentException("ClickHouse props are missing; pass ClickHouseProps from the environment");
        }
        if (monitoring == null) {
            throw new IllegalArgumentException("ClickHouse monitoring is missing; pass the environment's MonitoringProps");
        }
        this.props = props;
        this.backupsClaim = backupsClaim == null ? null : Checks.dnsSubdomain("ClickHouse.backupsClaim", backupsClaim);
        this.names = new StoreNames(props.name(), Namespaces.of(this));
        this.configXml = ClickHouseConfig.configXml(props, backupsClaim != null);
        Map<String, String> labels = Labels.of(props.name(), "analytics");

        Pods.serviceAccount(this, "service-account", names.meta(props.name(), labels));
        Kube.configMap(this, "config", KubeConfigMapProps.builder()
                .metadata(names.meta(names.config(), labels))
                .data(Map.of(ClickHouseConfig.CONFIG_FILE, configXml))
                .build());
        this.users = new UsersRender(this, "users-render", props, monitoring.enabled(), names, labels);
        new ServicePair(this, "services", names, List.of(new ServicePair.Port(NATIVE_PORT_NAME, props.nativePort()),
                new ServicePair.Port(HTTP_PORT_NAME, props.httpPort())), labels);
        new ServerStatefulSet(this, "statefulset", names, labels, props.storage(),
                // The template and the script count as configuration: a change rolls the pod.
                ConfigFiles.hashAnnotation(configXml, users.template(), UsersRender.script()), podSpec());
        new SingleServerBudget(this, "disruption-budget", names, labels);
        // L4 app namespaces, then this namespace's clients (the layer's jobs), on both ports.
        this.access = new NetworkAccess(this, "network", names, List.of(props.nativePort(), props.httpPort()), CLIENT_LABEL,
                List.of(Peer.namespacesLabelled(Map.of(Labels.LAYER, Labels.APP_LAYER))), labels);
        if (monitoring.enabled()) {
            new ClickHouseMetrics(this, "metrics", names, props.metricsPort(), monitoring);
        }
    }

    /** The effective settings, defaults applied. */
    public ClickHouseProps props() {
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

    /** The native protocol's port (clickhouse-client, the backup jobs). */
    public int nativePort() {
        return props.nativePort();
    }

    /** Labels a pod of this namespace carries to be admitted as a client (and allowed to reach DNS). */
    public Map<String, String> clientLabels() {
        return access.clientLabels();
    }

    /** The Secret ESO writes from {@link ClickHouseProps#usersSecret()}: keys {@code admin-password}, {@code backup-password}. */
    public String usersSecretName() {
        return usersSecretName(props);
    }

    /** The Secret ESO writes from {@link ClickHouseProps#appSecret()}: key {@code password}. */
    public String appSecretName() {
        return appSecretName(props);
    }

    /** The Secret ESO writes from {@link ClickHouseProps#monitoringSecret()}: key {@code password}. */
    public String monitoringSecretName() {
        return monitoringSecretName(props);
    }

    /** Labels of the server's pod: the backup jobs are placed on its node (the backup claim is ReadWriteOnce). */
    public Map<String, String> podLabels() {
        return names.selectorLabels();
    }

    /** The backup user and its password's key in the users Secret: what the backup job logs in as. */
    public ClickHouseLogin backupLogin() {
        return new ClickHouseLogin(ClickHouseConfig.BACKUP_USER, usersSecretName(), ClickHouseProps.BACKUP_PASSWORD_KEY);
    }

    /**
     * The admin and its password's key in the users Secret: what the restore job logs in as (it
     * renames and drops live databases, which the backup user may not).
     */
    public ClickHouseLogin adminLogin() {
        return new ClickHouseLogin(ClickHouseConfig.ADMIN_USER, usersSecretName(), ClickHouseProps.ADMIN_PASSWORD_KEY);
    }

    /** The disk in config.xml that is the backup volume, for {@code BACKUP ... TO Disk('<disk>', ...)}. */
    public static String backupDisk() {
        return ClickHouseConfig.BACKUP_DISK;
    }

    /** Where the server pod mounts the backup volume (the disk's path). */
    public static String backupDir() {
        return ClickHouseConfig.BACKUP_DIR;
    }

    /** The server's {@code config.xml}, as the ConfigMap holds it. */
    public String configXml() {
        return configXml;
    }

    static String usersSecretName(ClickHouseProps props) {
        return props.name() + "-users";
    }

    static String appSecretName(ClickHouseProps props) {
        return props.name() + "-app";
    }

    static String monitoringSecretName(ClickHouseProps props) {
        return props.name() + "-monitoring";
    }

    /** The server container's command: the server alone, on the ConfigMap's file. */
    static List<String> serverCommand() {
        return List.of("clickhouse-server", "--config-file=" + ClickHouseConfig.CONFIG_DIR + "/" + ClickHouseConfig.CONFIG_FILE);
    }

    private PodSpec podSpec() {
        // /ping answers "Ok." once the server accepts connections; it needs no login.
        Probe.Builder ping = Probe.builder()
                .httpGet(HttpGetAction.builder().path("/ping").port(KubeValues.intOrString(HTTP_PORT_NAME)).build())
                .timeoutSeconds(5);
        List<ContainerPort> ports = List.of(
                ContainerPort.builder().name(NATIVE_PORT_NAME).containerPort(props.nativePort()).protocol("TCP").build(),
                ContainerPort.builder().name(HTTP_PORT_NAME).containerPort(props.httpPort()).protocol("TCP").build(),
                ContainerPort.builder().name(METRICS_PORT_NAME).containerPort(props.metricsPort()).protocol("TCP").build());
        List<Mount> mounts = new ArrayList<>(List.of(
                Mount.claimTemplate(ServerStatefulSet.DATA_VOLUME, ClickHouseConfig.DATA_DIR),
                Mount.configMap("config", names.config(), ClickHouseConfig.CONFIG_DIR),
                UsersRender.usersMount().at(ClickHouseConfig.USERS_DIR, true),
                // Libraries may write scratch files to /tmp; the server's own go to tmp_path on the data volume.
                Mount.emptyDir("tmp", "/tmp", "64Mi")));
        if (backupsClaim != null) {
            mounts.add(Mount.claim(BACKUPS_VOLUME, backupsClaim, ClickHouseConfig.BACKUP_DIR));
        }
        PodVolumes volumes = new PodVolumes();
        Container init = users.initContainer(volumes);
        Container server = Container.builder()
                .name(SERVER_CONTAINER)
                .image(props.image())
                .imagePullPolicy("IfNotPresent")
                .command(serverCommand())
                .env(List.of(Pods.env("CLICKHOUSE_WATCHDOG_ENABLE", "0")))
                .ports(ports)
                .resources(props.resources().requirements())
                .securityContext(RestrictedPod.containerSecurityContext())
                // Loading many parts after a restart takes a while: the startup probe allows 10 minutes.
                .startupProbe(ping.periodSeconds(10).failureThreshold(60).build())
                .readinessProbe(ping.periodSeconds(10).failureThreshold(3).build())
                .livenessProbe(ping.periodSeconds(15).failureThreshold(6).build())
                .volumeMounts(volumes.mount(mounts))
                .build();
        Container sidecar = users.container(volumes);
        return Pods.serverPod(props.name(), props.uid(), props.terminationGracePeriodSeconds(), List.of(init),
                List.of(server, sidecar), volumes.volumes());
    }
}
