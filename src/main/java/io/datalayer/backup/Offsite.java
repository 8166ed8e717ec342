package io.datalayer.backup;

import io.datalayer.kit.Labels;
import io.datalayer.kit.Mount;
import io.datalayer.kit.Namespaces;
import io.datalayer.kit.NetworkAccess;
import io.datalayer.kit.PodVolumes;
import io.datalayer.kit.Pods;
import io.datalayer.kit.Resources;
import io.datalayer.kit.RestrictedPod;
import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.secrets.VaultExternalSecret;
import io.datalayer.secrets.VaultExternalSecretProps;
import io.datalayer.secrets.VaultSecretStore;
import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.EnvVar;
import org.cdk8s.plus28.k8s.IpBlock;
import org.cdk8s.plus28.k8s.KubeNetworkPolicyProps;
import org.cdk8s.plus28.k8s.LabelSelector;
import org.cdk8s.plus28.k8s.NetworkPolicyEgressRule;
import org.cdk8s.plus28.k8s.NetworkPolicyPeer;
import org.cdk8s.plus28.k8s.NetworkPolicySpec;
import org.cdk8s.plus28.k8s.ObjectMeta;
import software.constructs.Construct;

/**
 * Off-site copies of every store's backup runs in an S3-compatible object store, once per
 * environment: the ExternalSecret for {@code secret/data/backup-s3} and the egress NetworkPolicy
 * to the object store. A store's backup and restore Jobs take part with {@link #apply}: their pods
 * then run the store's script through {@code offsite.sh} (from {@link #SCRIPT_RESOURCE}, which the
 * store embeds in its scripts ConfigMap beside {@code runs.sh}).
 *
 * <p>Why rclone runs inside the store's own container rather than in the rclone image: the run
 * library ({@code runs.sh}) needs util-linux {@code flock -w} (the lock shared with backup and
 * restore) and GNU {@code date -d}; the rclone image is Alpine with busybox, which has neither. So an
 * init container on the pinned rclone image copies its static binary (and its CA bundle) into a
 * pod-local folder, and the store's script runs it: one userland for every script, and one
 * process holding the lock from fetch to restore. The same pattern as Argo CD's copyutil.
 */
public final class Offsite extends KubeConstruct {
    /** Pods with this label (value {@code "true"}) may reach the object store and DNS. */
    public static final String CLIENT_LABEL = "data-layer/offsite-client";
    public static final String SCRIPT = "offsite.sh";
    public static final String SCRIPT_RESOURCE = "/io/datalayer/backup/offsite.sh";
    /** Where the init container puts rclone and its CA bundle. */
    public static final String RCLONE_DIR = "/opt/rclone";
    /** Where the Secret's keys are files. */
    public static final String SECRET_DIR = "/etc/backup-s3";
    /** The policy admitting the copy jobs' egress. */
    public static final String EGRESS_POLICY = "offsite-egress";
    /** Copying one file needs little; the limit leaves room for busybox's cp. */
    static final Resources COPY_RESOURCES = new Resources("10m", "16Mi", "200m", "64Mi");
    /** Room for the rclone binary (about 70 MB) and the CA bundle. */
    static final String RCLONE_DIR_SIZE = "256Mi";

    /** How a store's script runs through offsite.sh. */
    public enum Mode {
        /** The backup, then the upload (and catch-up) of complete runs. */
        AFTER("after"),
        /** With {@code RESTORE_FROM=offsite}, the fetch of the run, then the restore. */
        BEFORE("before"),
        /** No store script: the catch-up upload, then the check that off-site holds the newest complete run. */
        SYNC("sync"),
        /** The restore drill: the newest complete off-site run fetched into the drill's emptyDir, then the drill. */
        DRILL("drill");

        private final String word;

        Mode(String word) {
            this.word = word;
        }
    }

    private final OffsiteProps props;
    private final String deployment;
    private final VaultExternalSecret secret;

    public Offsite(Construct scope, String id, VaultSecretStore store, OffsiteProps props) {
        super(scope, id);
        if (store == null) {
            throw new IllegalArgumentException("Offsite needs the Vault SecretStore its ExternalSecret reads through; pass it, not null");
        }
        if (props == null || !props.enabled()) {
            throw new IllegalArgumentException("Offsite needs enabled OffsiteProps; with OffsiteProps.off() create no Offsite");
        }
        this.props = props;
        // Once: each lookup is two round trips to the jsii kernel, and every store's jobs ask for it.
        this.deployment = props.environment() + "/" + Namespaces.of(this);
        this.secret = new VaultExternalSecret(this, "secret", store,
                VaultExternalSecretProps.of(props.secret(), props.secretName()));
        Map<String, String> clients = Map.of(CLIENT_LABEL, "true");
        NetworkPolicyPeer destination = props.egressCidr() != null
                ? NetworkPolicyPeer.builder().ipBlock(IpBlock.builder().cidr(props.egressCidr()).build()).build()
                : props.egressPeer().policyPeer();
        Kube.networkPolicy(this, "egress", KubeNetworkPolicyProps.builder()
                .metadata(ObjectMeta.builder().name(EGRESS_POLICY).namespace(Namespaces.of(this))
                        .labels(Labels.of(EGRESS_POLICY, "backup")).build())
                .spec(NetworkPolicySpec.builder()
                        .podSelector(LabelSelector.builder().matchLabels(clients).build())
                        .policyTypes(List.of("Egress"))
                        .egress(List.of(
                                NetworkPolicyEgressRule.builder()
                                        .to(List.of(destination))
                                        .ports(List.of(NetworkAccess.tcp(props.egressPort())))
                                        .build(),
                                // The store's host name is resolved first.
                                NetworkAccess.dnsEgress()))
                        .build())
                .build());
    }

    /** The effective settings. */
    public OffsiteProps props() {
        return props;
    }

    /**
     * The deployment's identity, {@code <environment>/<namespace>}: its folder under the prefix, and
     * what every manifest records ({@code OFFSITE_DEPLOYMENT}).
     */
    public String deployment() {
        return deployment;
    }

    /** A store's folder in the bucket: {@code <prefix>/<environment>/<namespace>/<store>}. */
    public String path(String store) {
        return props.prefix() + "/" + deployment() + "/" + store;
    }

    /** The ExternalSecret that writes the Secret the jobs mount. */
    public VaultExternalSecret secret() {
        return secret;
    }

    /**
     * What a store's backup or restore pod needs, applied in one call: the init container copying
     * rclone, the Secret and rclone mounted into the store's container, the variables offsite.sh
     * reads, the label the egress policy admits, and the command running {@code script} through
     * offsite.sh.
     *
     * @param store      the store's folder in the deployment's ({@link #path}), e.g. postgresql
     * @param scriptsDir where the store's scripts ConfigMap (with offsite.sh and runs.sh) is mounted
     * @param script     the store's script file name, e.g. backup.sh
     * @param volumes    the pod's volumes; the mounts register theirs here
     */
    public Wiring apply(String store, String scriptsDir, String script, Mode mode, PodVolumes volumes) {
        Mount rclone = Mount.emptyDir("rclone", RCLONE_DIR, RCLONE_DIR_SIZE);
        Container copy = Container.builder()
                .name("rclone")
                .image(props.image())
                .imagePullPolicy("IfNotPresent")
                // The official image: a static rclone and Alpine's CA bundle.
                .command(List.of("cp", "/usr/local/bin/rclone", "/etc/ssl/certs/ca-certificates.crt", RCLONE_DIR + "/"))
                .resources(COPY_RESOURCES.requirements())
                .securityContext(RestrictedPod.containerSecurityContext())
                .volumeMounts(volumes.mount(rclone))
                .build();
        List<EnvVar> env = List.of(
                Pods.env("OFFSITE_CONFIG_DIR", SECRET_DIR),
                Pods.env("OFFSITE_VAULT_PATH", props.secret().apiPath()),
                Pods.env("OFFSITE_PROVIDER", props.provider()),
                Pods.env("OFFSITE_PATH", path(store)),
                Pods.env("OFFSITE_DEPLOYMENT", deployment()),
                Pods.env("OFFSITE_RCLONE", RCLONE_DIR + "/rclone"),
                // The store's image may have no CA bundle; offsite.sh gives this one to rclone only.
                Pods.env("OFFSITE_CA_FILE", RCLONE_DIR + "/ca-certificates.crt"));
        List<Mount> mounts = List.of(rclone.at(RCLONE_DIR, true), Mount.secret("offsite-secret", props.secretName(), SECRET_DIR));
        List<String> command = mode == Mode.SYNC
                ? List.of("/bin/sh", scriptsDir + "/" + SCRIPT, mode.word)
                : List.of("/bin/sh", scriptsDir + "/" + SCRIPT, mode.word, scriptsDir + "/" + script);
        return new Wiring(List.of(copy), mounts, env, Map.of(CLIENT_LABEL, "true"), command);
    }

    /** The name of a store's off-site sync CronJob: {@code <store>-offsite-sync}, the store being its bucket folder. */
    public static String syncName(String store) {
        return store + "-offsite-sync";
    }

    /**
     * What {@link #apply} gives a store's pod.
     *
     * @param initContainers run before the store's container
     * @param mounts         for the store's container (their volumes are registered with the pod's)
     * @param env            for the store's container
     * @param podLabels      for the pod
     * @param command        the store's container command
     */
    public record Wiring(List<Container> initContainers, List<Mount> mounts, List<EnvVar> env,
                         Map<String, String> podLabels, List<String> command) {
    }
}
