package io.datalayer.postgres;

import io.datalayer.k8s.Labels;
import io.datalayer.k8s.Pods;
import io.datalayer.k8s.RestrictedPod;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cdk8s.plus28.k8s.ConfigMapVolumeSource;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.ContainerPort;
import org.cdk8s.plus28.k8s.EmptyDirVolumeSource;
import org.cdk8s.plus28.k8s.ExecAction;
import org.cdk8s.plus28.k8s.IntOrString;
import org.cdk8s.plus28.k8s.KeyToPath;
import org.cdk8s.plus28.k8s.KubeConfigMap;
import org.cdk8s.plus28.k8s.KubeConfigMapProps;
import org.cdk8s.plus28.k8s.KubeNetworkPolicy;
import org.cdk8s.plus28.k8s.KubeNetworkPolicyProps;
import org.cdk8s.plus28.k8s.KubePersistentVolumeClaimProps;
import org.cdk8s.plus28.k8s.KubePodDisruptionBudget;
import org.cdk8s.plus28.k8s.KubePodDisruptionBudgetProps;
import org.cdk8s.plus28.k8s.KubeService;
import org.cdk8s.plus28.k8s.KubeServiceAccount;
import org.cdk8s.plus28.k8s.KubeServiceAccountProps;
import org.cdk8s.plus28.k8s.KubeServiceProps;
import org.cdk8s.plus28.k8s.KubeStatefulSet;
import org.cdk8s.plus28.k8s.KubeStatefulSetProps;
import org.cdk8s.plus28.k8s.LabelSelector;
import org.cdk8s.plus28.k8s.Lifecycle;
import org.cdk8s.plus28.k8s.LifecycleHandler;
import org.cdk8s.plus28.k8s.NetworkPolicyEgressRule;
import org.cdk8s.plus28.k8s.NetworkPolicyIngressRule;
import org.cdk8s.plus28.k8s.NetworkPolicyPeer;
import org.cdk8s.plus28.k8s.NetworkPolicyPort;
import org.cdk8s.plus28.k8s.NetworkPolicySpec;
import org.cdk8s.plus28.k8s.ObjectMeta;
import org.cdk8s.plus28.k8s.PersistentVolumeClaimSpec;
import org.cdk8s.plus28.k8s.PodDisruptionBudgetSpec;
import org.cdk8s.plus28.k8s.PodSpec;
import org.cdk8s.plus28.k8s.PodTemplateSpec;
import org.cdk8s.plus28.k8s.Probe;
import org.cdk8s.plus28.k8s.Quantity;
import org.cdk8s.plus28.k8s.ResourceRequirements;
import org.cdk8s.plus28.k8s.SecretVolumeSource;
import org.cdk8s.plus28.k8s.ServicePort;
import org.cdk8s.plus28.k8s.ServiceSpec;
import org.cdk8s.plus28.k8s.StatefulSetPersistentVolumeClaimRetentionPolicy;
import org.cdk8s.plus28.k8s.StatefulSetSpec;
import org.cdk8s.plus28.k8s.Volume;
import software.constructs.Construct;

/**
 * A single PostgreSQL server on the official image: StatefulSet with PGDATA on its own volume,
 * headless and ClusterIP Services, server configuration from a ConfigMap, a disruption budget and the
 * NetworkPolicies that admit exactly its peers.
 *
 * <p>One replica, on purpose: the official image does not replicate, so a second replica would be a
 * second, empty database behind the same Service. High availability needs an operator and is out of
 * this construct's scope.
 *
 * <p>The superuser password is read from a Secret mounted as a file ({@code POSTGRES_PASSWORD_FILE});
 * this construct never sees the value. The image reads that file only when it initializes the data
 * directory; the {@link PasswordSync} sidecar applies every later change of the Secret.
 */
public final class Postgres extends Construct {
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
    static final String CONFIG_HASH_ANNOTATION = "data-layer/config-sha256";

    private final PostgresProps props;
    private final PasswordSync passwordSync;

    public Postgres(Construct scope, String id, PostgresProps props) {
        super(scope, id);
        if (props == null) {
            throw new IllegalArgumentException("Postgres props are missing; pass PostgresProps.defaults()");
        }
        this.props = props;

        String conf = ServerConfig.postgresqlConf(props);
        String hba = ServerConfig.pgHbaConf(props);
        String ident = ServerConfig.pgIdentConf(props);
        Map<String, String> labels = Labels.of(props.name(), "database");

        new KubeServiceAccount(this, "service-account", KubeServiceAccountProps.builder()
                .metadata(meta(props.name(), labels))
                .automountServiceAccountToken(false)
                .build());

        new KubeConfigMap(this, "config", KubeConfigMapProps.builder()
                .metadata(meta(props.name() + "-config", labels))
                .data(new TreeMap<>(Map.of("postgresql.conf", conf, "pg_hba.conf", hba, "pg_ident.conf", ident)))
                .build());
        this.passwordSync = new PasswordSync(this, "password-sync", props, labels);

        new KubeService(this, "headless", KubeServiceProps.builder()
                .metadata(meta(headlessServiceName(), labels))
                .spec(ServiceSpec.builder()
                        .clusterIp("None")
                        .publishNotReadyAddresses(true)
                        .selector(Labels.selector(props.name()))
                        .ports(List.of(servicePort()))
                        .build())
                .build());

        new KubeService(this, "service", KubeServiceProps.builder()
                .metadata(meta(props.name(), labels))
                .spec(ServiceSpec.builder()
                        .type("ClusterIP")
                        .selector(Labels.selector(props.name()))
                        .ports(List.of(servicePort()))
                        .build())
                .build());

        new KubeStatefulSet(this, "statefulset", KubeStatefulSetProps.builder()
                .metadata(meta(props.name(), labels))
                .spec(StatefulSetSpec.builder()
                        .replicas(1)
                        .serviceName(headlessServiceName())
                        .podManagementPolicy("OrderedReady")
                        .selector(LabelSelector.builder().matchLabels(Labels.selector(props.name())).build())
                        .persistentVolumeClaimRetentionPolicy(StatefulSetPersistentVolumeClaimRetentionPolicy.builder()
                                .whenDeleted("Retain").whenScaled("Retain").build())
                        .volumeClaimTemplates(List.of(dataClaim()))
                        .template(PodTemplateSpec.builder()
                                .metadata(ObjectMeta.builder()
                                        .labels(labels)
                                        // The sidecar's script counts as configuration: a new one rolls the pod too.
                                        .annotations(Map.of(CONFIG_HASH_ANNOTATION,
                                                ServerConfig.hash(conf, hba, ident, PasswordSync.script())))
                                        .build())
                                .spec(podSpec())
                                .build())
                        .build())
                .build());

        new KubePodDisruptionBudget(this, "disruption-budget", KubePodDisruptionBudgetProps.builder()
                .metadata(meta(props.name(), labels))
                .spec(PodDisruptionBudgetSpec.builder()
                        // A drain stops at the only database until a person takes the downtime;
                        // a pod that is already unhealthy may still be evicted.
                        .minAvailable(IntOrString.fromNumber(1))
                        .unhealthyPodEvictionPolicy("AlwaysAllow")
                        .selector(LabelSelector.builder().matchLabels(Labels.selector(props.name())).build())
                        .build())
                .build());

        networkPolicies(labels);
    }

    /** The effective settings, defaults applied. */
    public PostgresProps props() {
        return props;
    }

    /** Name of the headless Service that gives the StatefulSet's pods their DNS names. */
    public String headlessServiceName() {
        return props.name() + "-headless";
    }

    /** The in-cluster DNS name clients connect to. */
    public String host() {
        return props.name() + "." + props.namespace() + ".svc.cluster.local";
    }

    /** Labels a pod of this namespace carries to be admitted as a client (and allowed to reach DNS). */
    public Map<String, String> clientLabels() {
        return Map.of(CLIENT_LABEL, "true");
    }

    private ObjectMeta meta(String name, Map<String, String> labels) {
        return ObjectMeta.builder().name(name).namespace(props.namespace()).labels(labels).build();
    }

    private ServicePort servicePort() {
        return ServicePort.builder().name("postgresql").port(props.port()).targetPort(IntOrString.fromString("postgresql"))
                .protocol("TCP").build();
    }

    private KubePersistentVolumeClaimProps dataClaim() {
        return KubePersistentVolumeClaimProps.builder()
                // volumeClaimTemplates cannot change on a live StatefulSet: only the stable selector labels.
                .metadata(ObjectMeta.builder().name("data").labels(Labels.selector(props.name())).build())
                .spec(PersistentVolumeClaimSpec.builder()
                        .accessModes(List.of(props.accessMode()))
                        .storageClassName(props.storageClass())
                        .resources(ResourceRequirements.builder()
                                .requests(Map.of("storage", Quantity.fromString(props.storageSize())))
                                .build())
                        .build())
                .build();
    }

    private PodSpec podSpec() {
        List<String> isReady = List.of("pg_isready", "--host=127.0.0.1", "--port=" + props.port(),
                "--username=" + props.superuser(), "--dbname=postgres", "--quiet");
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
                .ports(List.of(ContainerPort.builder().name("postgresql").containerPort(props.port()).protocol("TCP").build()))
                .resources(Pods.resources(props.cpuRequest(), props.memoryRequest(), props.cpuLimit(), props.memoryLimit()))
                .securityContext(RestrictedPod.containerSecurityContext())
                // Crash recovery after an unclean stop can take minutes: the startup probe allows 10.
                .startupProbe(probe(isReady, 10, 5, 60))
                .readinessProbe(probe(isReady, 10, 5, 3))
                .livenessProbe(probe(isReady, 15, 10, 6))
                // Kubernetes sends SIGTERM (a "smart" shutdown that waits for every client); ask for
                // a fast shutdown instead so the server stops cleanly within the grace period.
                .lifecycle(Lifecycle.builder().preStop(LifecycleHandler.builder().exec(ExecAction.builder()
                        .command(List.of("pg_ctl", "stop", "--pgdata=" + PGDATA, "--mode=fast", "--wait",
                                "--timeout=" + (props.terminationGracePeriodSeconds() - 10)))
                        .build()).build()).build())
                .volumeMounts(List.of(
                        Pods.mount("data", DATA_DIR, false),
                        Pods.mount("config", CONFIG_DIR, true),
                        Pods.mount("superuser", SECRET_DIR, true),
                        Pods.mount("run", ServerConfig.SOCKET_DIR, false),
                        Pods.mount("tmp", "/tmp", false),
                        Pods.mount("shm", "/dev/shm", false)))
                .build();

        return PodSpec.builder()
                .serviceAccountName(props.name())
                .automountServiceAccountToken(false)
                .enableServiceLinks(false)
                .terminationGracePeriodSeconds(props.terminationGracePeriodSeconds())
                .securityContext(RestrictedPod.podSecurityContext(props.uid(), props.uid()))
                .containers(List.of(server, passwordSync.container()))
                .volumes(Stream.concat(Stream.of(
                        Volume.builder().name("config").configMap(ConfigMapVolumeSource.builder()
                                .name(props.name() + "-config").defaultMode(0444).build()).build(),
                        superuserVolume(),
                        Volume.builder().name("run").emptyDir(EmptyDirVolumeSource.builder()
                                .sizeLimit(Quantity.fromString("16Mi")).build()).build(),
                        Volume.builder().name("tmp").emptyDir(EmptyDirVolumeSource.builder()
                                .sizeLimit(Quantity.fromString("1Gi")).build()).build(),
                        Volume.builder().name("shm").emptyDir(EmptyDirVolumeSource.builder()
                                .medium("Memory").sizeLimit(Quantity.fromString(props.sharedMemorySize())).build()).build()),
                        passwordSync.volumes().stream()).toList())
                .build();
    }

    /**
     * Ingress to the server only from Vault's server pods (its database engine), from namespaces
     * labelled as L4 apps, and from this namespace's client pods; and egress for those client pods
     * to the server and to cluster DNS, which the namespace's default-deny blocks.
     */
    private void networkPolicies(Map<String, String> labels) {
        NetworkPolicyPort pgPort = NetworkPolicyPort.builder().protocol("TCP").port(IntOrString.fromNumber(props.port())).build();
        LabelSelector server = LabelSelector.builder().matchLabels(Labels.selector(props.name())).build();
        LabelSelector clients = LabelSelector.builder().matchLabels(clientLabels()).build();

        new KubeNetworkPolicy(this, "ingress-policy", KubeNetworkPolicyProps.builder()
                .metadata(meta(props.name() + "-ingress", labels))
                .spec(NetworkPolicySpec.builder()
                        .podSelector(server)
                        .policyTypes(List.of("Ingress"))
                        .ingress(List.of(NetworkPolicyIngressRule.builder()
                                .from(List.of(
                                        vaultPeer(),
                                        namespacePeer(Map.of(Labels.LAYER, Labels.APP_LAYER)),
                                        NetworkPolicyPeer.builder().podSelector(clients).build()))
                                .ports(List.of(pgPort))
                                .build()))
                        .build())
                .build());

        new KubeNetworkPolicy(this, "client-egress-policy", KubeNetworkPolicyProps.builder()
                .metadata(meta(props.name() + "-client-egress", labels))
                .spec(NetworkPolicySpec.builder()
                        .podSelector(clients)
                        .policyTypes(List.of("Egress"))
                        .egress(List.of(
                                NetworkPolicyEgressRule.builder()
                                        .to(List.of(NetworkPolicyPeer.builder().podSelector(server).build()))
                                        .ports(List.of(pgPort))
                                        .build(),
                                NetworkPolicyEgressRule.builder()
                                        .to(List.of(NetworkPolicyPeer.builder()
                                                .namespaceSelector(LabelSelector.builder()
                                                        .matchLabels(Map.of("kubernetes.io/metadata.name", "kube-system")).build())
                                                .podSelector(LabelSelector.builder().matchLabels(Map.of("k8s-app", "kube-dns")).build())
                                                .build()))
                                        .ports(List.of(
                                                NetworkPolicyPort.builder().protocol("UDP").port(IntOrString.fromNumber(53)).build(),
                                                NetworkPolicyPort.builder().protocol("TCP").port(IntOrString.fromNumber(53)).build()))
                                        .build()))
                        .build())
                .build());
    }

    /**
     * Vault's server pods and nothing else of its namespace: both selectors in one peer (an AND);
     * as two peers they would admit the whole namespace.
     */
    private NetworkPolicyPeer vaultPeer() {
        return NetworkPolicyPeer.builder()
                .namespaceSelector(LabelSelector.builder()
                        .matchLabels(Map.of("kubernetes.io/metadata.name", props.vaultNamespace())).build())
                .podSelector(LabelSelector.builder().matchLabels(props.vaultPodSelector()).build())
                .build();
    }

    private static NetworkPolicyPeer namespacePeer(Map<String, String> namespaceLabels) {
        return NetworkPolicyPeer.builder()
                .namespaceSelector(LabelSelector.builder().matchLabels(namespaceLabels).build())
                .build();
    }

    private static Probe probe(List<String> command, int periodSeconds, int timeoutSeconds, int failureThreshold) {
        return Probe.builder()
                .exec(ExecAction.builder().command(command).build())
                .periodSeconds(periodSeconds)
                .timeoutSeconds(timeoutSeconds)
                .failureThreshold(failureThreshold)
                .build();
    }

    /**
     * The volume {@code superuser} with the password as the file {@code password}; mounted at
     * {@link #SECRET_DIR} by the server and by every job that connects as the superuser.
     */
    Volume superuserVolume() {
        return Volume.builder().name("superuser").secret(SecretVolumeSource.builder()
                .secretName(props.superuserSecretName())
                .items(List.of(KeyToPath.builder().key(props.superuserPasswordKey()).path("password").build()))
                // Owned by root with group fsGroup: group read is what lets the non-root uid read it.
                .defaultMode(0440)
                .build()).build();
    }
}
