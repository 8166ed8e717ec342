package io.datalayer.stores.clickhouse;

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
import io.datalayer.monitoring.Alerts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cdk8s.plus28.k8s.EnvVar;
import org.cdk8s.plus28.k8s.ObjectMeta;
import org.cdk8s.plus28.k8s.PodTemplateSpec;
import org.cdk8s.plus28.k8s.ResourceRequirements;
import software.constructs.Construct;

/**
 * Nightly backups of the {@link ClickHouse} server: a CronJob that runs {@code backup.sh} on the server's own
 * image (its clickhouse-client matches the server), the claim that holds the runs, and a ConfigMap
 * with the scripts ({@code backup.sh}, {@code restore.sh}, {@code drill.sh}, {@code clickhouse.sh},
 * {@code clickhouse-common.sh} and the shared
 * {@code runs.sh}, {@code offsite.sh}) exactly as they are in the repository.
 *
 * <p>Unlike the other stores, the server writes the backup itself: {@code BACKUP DATABASE ... TO
 * Disk('<disk>', 'runs/<run>/db-<n>.tar')} on a disk of the server whose root is this construct's
 * claim. So the claim is mounted in the server's pod (the store passes {@link BackupSettings#claimName()}
 * to the server, at the disk's path) AND in
 * the Job's pod at {@code /backups}, where the Job records the run (manifest, SHA-256 of every
 * archive, retention, lock) with {@code runs.sh}. The claim is ReadWriteOnce: the Jobs (and the
 * off-site sync) carry a required podAffinity to the server's pod on {@code kubernetes.io/hostname},
 * so they start on its node, where the volume is attached, or not at all (Pending, which the backup
 * alerts report), never on another node that cannot mount it.
 *
 * <p>The Job connects through the server's Service as the backup user, whose password is mounted as
 * one file of its Secret; the pods carry the server's client labels, which its NetworkPolicies admit.
 * Everything it needs of the server (names, image, uid, port, labels, disk, login) it reads from the
 * {@link ClickHouse} construct, so no fact about the server is set twice.
 */
public final class ClickHouseBackup extends KubeConstruct {
    static final String BACKUP_SCRIPT = "backup.sh";
    static final String RESTORE_SCRIPT = "restore.sh";
    /** The restore drill ({@link io.datalayer.backup.RestoreDrill}), from the same ConfigMap. */
    static final String DRILL_SCRIPT = "drill.sh";
    /** The ClickHouse pieces both scripts share: the client config, the scratch restore. */
    static final String CLICKHOUSE_LIBRARY = "clickhouse.sh";
    /** What needs no live server (names, the digests, the drill's facts): clickhouse.sh and drill.sh source it. */
    static final String CLICKHOUSE_COMMON = "clickhouse-common.sh";
    /** This store's scripts; the ConfigMap adds runs.sh, offsite.sh and drills.sh. */
    static final List<String> SCRIPTS = List.of(BACKUP_SCRIPT, RESTORE_SCRIPT, DRILL_SCRIPT, CLICKHOUSE_LIBRARY, CLICKHOUSE_COMMON);
    /** Where a Job's login password file is mounted. */
    static final String PASSWORD_DIR = "/etc/clickhouse-login";
    /** The store's folder in the off-site bucket, and the manifests' {@code store}. */
    public static final String STORE = "clickhouse";

    private final ClickHouse server;
    private final BackupSettings settings;
    private final Offsite offsite;

    /**
     * @param offsite the environment's off-site copies, or {@code null} when they are switched off:
     *                with them, each run is copied to the object store after it is recorded (the
     *                same {@code offsite.sh} as the other stores', under the bucket folder {@value #STORE})
     */
    public ClickHouseBackup(Construct scope, String id, ClickHouse server, BackupSettings settings, Offsite offsite) {
        super(scope, id);
        if (server == null) {
            throw new IllegalArgumentException("ClickHouseBackup server is missing; pass the ClickHouse construct it backs up");
        }
        if (settings == null) {
            throw new IllegalArgumentException("ClickHouseBackup settings are missing; pass the BackupSettings of ClickHouseStore.backup");
        }
        this.server = server;
        this.settings = settings;
        this.offsite = offsite;
        Map<String, String> labels = Labels.of(settings.name(), "backup");

        BackupJobs.claim(this, "runs", meta(settings.claimName(), labels), settings.storage());
        BackupJobs.scripts(this, "scripts", meta(settings.scriptsName(), labels), ClickHouseBackup.class, SCRIPTS);

        List<EnvVar> env = new ArrayList<>(connectionEnv(server.backupLogin()));
        env.addAll(BackupJobs.settingsEnv(settings));
        env.addAll(BackupJobs.lockHolderEnv());
        KubeObject backup = BackupJobs.cronJob(this, "cronjob", meta(settings.name(), labels), labels, JobTiming.of(settings),
                podTemplate(labels, "backup", BACKUP_SCRIPT, env, settings.terminationGracePeriodSeconds(),
                        settings.resources().requirements(), server.backupLogin(), Offsite.Mode.AFTER));
        besideTheServer(backup);

        if (offsite != null) {
            String sync = Offsite.syncName(STORE);
            Map<String, String> syncLabels = Labels.of(sync, "backup");
            besideTheServer(BackupJobs.offsiteSync(this, "offsite-sync", meta(sync, syncLabels), syncLabels, server.props().image(),
                    server.props().uid(), BackupJobs.runsEnv(settings), settings.resources().requirements(), settings.claimName(),
                    settings.scriptsName(), offsite, STORE));
        }
    }

    /** What the shared backup alerts watch of this store (the store registers it with {@code context.alerts()}). */
    public Alerts.Backup alert() {
        return new Alerts.Backup(STORE, settings.name(), offsite == null ? null : Offsite.syncName(STORE));
    }

    /** The environment's off-site copies, when they are on. */
    public Optional<Offsite> offsite() {
        return Optional.ofNullable(offsite);
    }

    /** The effective settings, defaults applied. */
    public BackupSettings settings() {
        return settings;
    }

    /** The server this backs up. */
    public ClickHouse server() {
        return server;
    }

    /** A script exactly as it is in the repository, from beside this class. */
    public static String script(String name) {
        return BackupScripts.read(ClickHouseBackup.class, name);
    }

    /** Where the scripts reach the server, as whom, and where the runs are. */
    List<EnvVar> connectionEnv(ClickHouseLogin login) {
        return List.of(
                Pods.env("CLICKHOUSE_HOST", server.host()),
                Pods.env("CLICKHOUSE_PORT", Integer.toString(server.nativePort())),
                Pods.env("CLICKHOUSE_USER", login.user()),
                Pods.env("CLICKHOUSE_PASSWORD_FILE", PASSWORD_DIR + "/" + login.key()),
                Pods.env("CLICKHOUSE_BACKUP_DISK", ClickHouse.backupDisk()),
                // The scratch databases the runs are proved in: the backup user's grants name the same prefix.
                Pods.env("CLICKHOUSE_SCRATCH_PREFIX", ClickHouseConfig.SCRATCH_PREFIX),
                Pods.env("BACKUP_DIR", BackupJobs.BACKUP_DIR));
    }

    /**
     * The pod of a backup or restore Job ({@link BackupJobs#pod}): the server's image, uid and client
     * labels, the login's password file.
     */
    PodTemplateSpec podTemplate(Map<String, String> labels, String container, String script, List<EnvVar> env,
                                int gracePeriodSeconds, ResourceRequirements resources, ClickHouseLogin login,
                                Offsite.Mode mode) {
        Map<String, String> podLabels = new TreeMap<>(labels);
        podLabels.putAll(server.clientLabels());
        // Only the login's key of its Secret.
        Mount password = Mount.secretKey("login-password", login.secretName(), login.key(), login.key(), PASSWORD_DIR);
        return BackupJobs.pod(podLabels, container, server.props().image(), server.props().uid(), script, env, resources, gracePeriodSeconds,
                settings.claimName(), settings.scriptsName(), List.of(password), "16Mi", offsite, mode, STORE);
    }

    /**
     * A required podAffinity to the server's pod on its node: the claim is ReadWriteOnce and the server
     * has it mounted. Added as a patch to the CronJob, as the shared pod ({@link BackupJobs#pod}) has no
     * affinity of its own.
     */
    void besideTheServer(KubeObject cronJob) {
        Map<String, Object> term = new TreeMap<>();
        term.put("labelSelector", Map.of("matchLabels", new TreeMap<>(server.podLabels())));
        term.put("topologyKey", "kubernetes.io/hostname");
        cronJob.jsonPatchAdd("/spec/jobTemplate/spec/template/spec/affinity",
                Map.of("podAffinity", Map.of("requiredDuringSchedulingIgnoredDuringExecution", List.of(term))));
    }

    private ObjectMeta meta(String name, Map<String, String> labels) {
        return server.names().meta(name, labels);
    }
}
