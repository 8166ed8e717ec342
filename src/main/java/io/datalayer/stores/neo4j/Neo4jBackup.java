package io.datalayer.stores.neo4j;

import io.datalayer.backup.BackupJobs;
import io.datalayer.backup.BackupScripts;
import io.datalayer.backup.BackupSettings;
import io.datalayer.backup.JobTiming;
import io.datalayer.backup.Offsite;
import io.datalayer.kit.Labels;
import io.datalayer.kit.Mount;
import io.datalayer.kit.Pods;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.kube.KubeObject;
import io.datalayer.monitoring.AlertInputs;
import io.datalayer.monitoring.Alerts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cdk8s.plus28.k8s.EnvVar;
import org.cdk8s.plus28.k8s.PodTemplateSpec;
import software.constructs.Construct;

/**
 * Nightly offline dumps of a Neo4j Community server. Community can dump only a stopped database, and
 * only the server pod can stop neo4j without losing it for good, so the work is split:
 * <ul>
 * <li>the server container's supervisor ({@code server.sh}) runs {@code backup.sh} from this
 * construct's ConfigMap (mounted at {@value #SCRIPTS_DIR}) while it holds neo4j stopped, for at most
 * the maintenance window, and starts neo4j again in every case: a Job that is killed (SIGKILL, node
 * loss) cannot leave the server down. The server pod mounts {@link #serverMounts()} and sets
 * {@link #serverEnv()};</li>
 * <li>the CronJob's pod only asks for it: {@code request.sh} writes a request file on the runs claim
 * and waits for the result (the protocol is in {@code request.sh} and the store's docs), then
 * {@code offsite.sh} copies the new run off-site as for every store.</li>
 * </ul>
 * The runs claim is ReadWriteOnce on a node-local volume and mounted by the server pod, so the Jobs
 * carry a required podAffinity to the server's pod on {@code kubernetes.io/hostname}: they land on its
 * node or wait. Runs, manifests, lock, retention and signals are every store's ({@code runs.sh}).
 */
public final class Neo4jBackup extends KubeConstruct {
    static final String BACKUP_SCRIPT = "backup.sh";
    static final String RESTORE_SCRIPT = "restore.sh";
    static final String REQUEST_SCRIPT = "request.sh";
    /** The Neo4j pieces backup.sh and restore.sh share: settings, neo4j-admin, the proof of a dump. */
    static final String DUMPS_LIBRARY = "neo4j-dumps.sh";
    static final List<String> SCRIPTS = List.of(BACKUP_SCRIPT, RESTORE_SCRIPT, REQUEST_SCRIPT, DUMPS_LIBRARY);
    /** The store's folder in the off-site bucket, the manifests' {@code store}, its alerts' label. */
    public static final String STORE = "neo4j";
    /** Where the server container mounts the scripts ConfigMap: the supervisor runs {@code /scripts/backup.sh}. */
    public static final String SCRIPTS_DIR = Neo4j.SCRIPTS_DIR;
    /** Where the server container mounts the scratch emptyDir the dumps are proven in. */
    public static final String SCRATCH_DIR = Neo4j.SCRATCH_DIR;
    /** The alert that fires when neo4j stays down past the maintenance window. */
    public static final String DOWN_ALERT = "DataLayerNeo4jDownTooLong";

    private final Neo4jBackupProps props;
    private final Offsite offsite;
    private final KubeObject cronJob;

    /** Backups without off-site copies. */
    public Neo4jBackup(Construct scope, String id, Neo4jBackupProps props) {
        this(scope, id, props, null);
    }

    /**
     * @param offsite the environment's off-site copies, or {@code null} when they are off: with them,
     *                each run is copied to the object store after it is recorded (the shared
     *                {@code offsite.sh}, bucket folder {@value #STORE}), with the same run id
     */
    public Neo4jBackup(Construct scope, String id, Neo4jBackupProps props, Offsite offsite) {
        super(scope, id);
        if (props == null) {
            throw new IllegalArgumentException("Neo4jBackup props are missing; pass Neo4jBackupProps with the server's names and image");
        }
        this.props = props;
        this.offsite = offsite;
        BackupSettings settings = props.settings();
        Map<String, String> labels = Labels.of(settings.name(), "backup");

        BackupJobs.claim(this, "runs", props.server().meta(settings.claimName(), labels), settings.storage());
        BackupJobs.scripts(this, "scripts", props.server().meta(settings.scriptsName(), labels), Neo4jBackup.class, SCRIPTS);

        List<EnvVar> env = new ArrayList<>(BackupJobs.runsEnv(settings));
        env.addAll(requestEnv("backup"));
        cronJob = BackupJobs.cronJob(this, "cronjob", props.server().meta(settings.name(), labels), labels,
                JobTiming.of(settings),
                jobPod(labels, "backup", env, settings.terminationGracePeriodSeconds(), settings.resources().requirements(),
                        Offsite.Mode.AFTER));
        besideServer(cronJob, props);

        if (offsite != null) {
            besideServer(BackupJobs.offsiteSync(this, props.server(), props.image(), props.uid(), settings, offsite, STORE), props);
        }
    }

    /**
     * What the server container needs to run the scripts: the runs claim at {@value BackupJobs#BACKUP_DIR}
     * (read-write: backup.sh writes the runs and takes the lock), the scripts at {@value #SCRIPTS_DIR}
     * and the scratch emptyDir at {@value #SCRATCH_DIR}.
     */
    public List<Mount> serverMounts() {
        BackupSettings settings = props.settings();
        return List.of(
                Mount.claim("backups", settings.claimName(), BackupJobs.BACKUP_DIR),
                Mount.configMap("backup-scripts", settings.scriptsName(), SCRIPTS_DIR),
                Mount.emptyDir("backup-scratch", SCRATCH_DIR, props.scratchSize()));
    }

    /**
     * What backup.sh reads in the server container: the runs.sh settings and lock holder, the databases,
     * the scratch folder and, with off-site copies, the deployment the manifest names (the same run
     * identity the off-site copy checks). {@code NEO4J_CONF} and {@code NEO4J_DATA_DIR} (the data
     * claim's mount, {@code server.directories.data}) are the server container's own.
     */
    public List<EnvVar> serverEnv() {
        List<EnvVar> env = new ArrayList<>(List.of(Pods.env("BACKUP_DIR", BackupJobs.BACKUP_DIR)));
        env.addAll(BackupJobs.settingsEnv(props.settings()));
        // The lock's text names the holder; a server pod has no Job name, only its own.
        env.addAll(BackupJobs.lockHolderEnv().stream().filter(e -> e.getName().equals("POD_NAME")).toList());
        env.add(Pods.env("NEO4J_BACKUP_DATABASES", String.join(" ", props.databases())));
        env.add(Pods.env("NEO4J_BACKUP_SCRATCH_DIR", SCRATCH_DIR));
        if (offsite != null) {
            env.add(Pods.env("OFFSITE_DEPLOYMENT", offsite.deployment()));
        }
        return List.copyOf(env);
    }

    /**
     * Registers what the alerts watch: the backup CronJob and its off-site sync (the shared backup
     * alerts), and {@value #DOWN_ALERT}: the server StatefulSet has had no ready pod for longer than
     * the maintenance window plus the request margin while a backup or restore Job of it runs.
     * Community has no metrics endpoint, so kube-state-metrics is the only witness. Without such a Job
     * the store's own {@link Neo4jStore#DOWN_ALERT} speaks (after 5 minutes); the two conditions
     * exclude each other, so one outage never pages twice.
     */
    public void watch(AlertInputs alerts) {
        alerts.backup(new Alerts.Backup(STORE, props.settings().name(), offsiteSyncName().orElse(null)));
        alerts.storeAlert(new Alerts.StoreAlert(STORE, DOWN_ALERT,
                Neo4jStore.noReadyPod(props.server()) + " and on (namespace) " + Neo4jStore.maintenanceJobActive(props.server()),
                props.requestWaitSeconds() + "s", "critical",
                "Neo4j has been down longer than its maintenance window",
                "StatefulSet {{ $labels.namespace }}/" + props.server().name() + " has had no ready pod for longer than the"
                        + " maintenance window (" + props.maintenanceWindowSeconds() + "s) plus the margin ("
                        + props.requestMarginSeconds() + "s) while a backup or restore Job of it runs. A maintenance"
                        + " never takes that long: the supervisor did not bring neo4j back."));
    }

    /** The off-site sync CronJob's name when off-site copies are on ({@link Offsite#syncName}), else empty. */
    public Optional<String> offsiteSyncName() {
        return offsite == null ? Optional.empty() : Optional.of(Offsite.syncName(STORE));
    }

    /** The environment's off-site copies, when they are on. */
    public Optional<Offsite> offsite() {
        return Optional.ofNullable(offsite);
    }

    /** The effective props, defaults applied. */
    public Neo4jBackupProps props() {
        return props;
    }

    /** The claim that holds the runs, which the server pod mounts too. */
    public String claimName() {
        return props.settings().claimName();
    }

    /** A script exactly as it is in the repository, from beside this class. */
    public static String script(String name) {
        return BackupScripts.read(Neo4jBackup.class, name);
    }

    /** What request.sh reads: the action, the window and the margin. */
    List<EnvVar> requestEnv(String action) {
        return List.of(
                Pods.env("NEO4J_REQUEST_ACTION", action),
                Pods.env("NEO4J_MAINTENANCE_WINDOW_SECONDS", Integer.toString(props.maintenanceWindowSeconds())),
                Pods.env("NEO4J_REQUEST_MARGIN_SECONDS", Integer.toString(props.requestMarginSeconds())));
    }

    /**
     * The pod of a backup or restore Job: the server's image and uid running request.sh (through
     * offsite.sh when off-site copies are on) on the runs claim. It needs no password and opens no
     * connection: it only writes and reads files on the claim.
     */
    PodTemplateSpec jobPod(Map<String, String> labels, String container, List<EnvVar> env, int gracePeriodSeconds,
                           org.cdk8s.plus28.k8s.ResourceRequirements resources, Offsite.Mode mode) {
        return BackupJobs.pod(labels, container, props.image(), props.uid(), REQUEST_SCRIPT, env, resources,
                gracePeriodSeconds, props.settings().claimName(), props.settings().scriptsName(), List.of(), "16Mi",
                offsite, mode, STORE);
    }

    /**
     * The required podAffinity to the server's pod on its node: the runs claim is ReadWriteOnce on a
     * node-local volume that the server pod mounts, so a Job elsewhere could not mount it.
     */
    static void besideServer(KubeObject cronJob, Neo4jBackupProps props) {
        cronJob.jsonPatchAdd("/spec/jobTemplate/spec/template/spec/affinity", Map.of("podAffinity",
                Map.of("requiredDuringSchedulingIgnoredDuringExecution", List.of(Map.of(
                        "labelSelector", Map.of("matchLabels", props.server().selectorLabels()),
                        "topologyKey", "kubernetes.io/hostname")))));
    }
}
