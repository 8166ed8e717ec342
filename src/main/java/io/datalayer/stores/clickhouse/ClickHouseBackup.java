package io.datalayer.stores.clickhouse;

import io.datalayer.backup.BackupJobs;
import io.datalayer.backup.BackupScripts;
import io.datalayer.backup.BackupSettings;
import io.datalayer.backup.JobTiming;
import io.datalayer.backup.Offsite;
import io.datalayer.backup.RestoreSettings;
import io.datalayer.kit.Labels;
import io.datalayer.kit.Mount;
import io.datalayer.kit.Pods;
import io.datalayer.monitoring.Alerts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cdk8s.ApiObject;
import org.cdk8s.JsonPatch;
import org.cdk8s.plus28.k8s.EnvVar;
import org.cdk8s.plus28.k8s.KubeCronJob;
import org.cdk8s.plus28.k8s.ObjectMeta;
import org.cdk8s.plus28.k8s.PodTemplateSpec;
import org.cdk8s.plus28.k8s.ResourceRequirements;
import software.constructs.Construct;

/**
 * Nightly backups of the ClickHouse server: a CronJob that runs {@code backup.sh} on the server's own
 * image (its clickhouse-client matches the server), the claim that holds the runs, and a ConfigMap
 * with the scripts ({@code backup.sh}, {@code restore.sh}, {@code clickhouse.sh} and the shared
 * {@code runs.sh}, {@code offsite.sh}) exactly as they are in the repository.
 *
 * <p>Unlike the other stores, the server writes the backup itself: {@code BACKUP DATABASE ... TO
 * Disk('<disk>', 'runs/<run>/db-<n>.tar')} on a disk of the server whose root is this construct's
 * claim. So the claim is mounted in the server's pod ({@link #claimName()}, at the disk's path) AND in
 * the Job's pod at {@code /backups}, where the Job records the run (manifest, SHA-256 of every
 * archive, retention, lock) with {@code runs.sh}. The claim is ReadWriteOnce: the Jobs (and the
 * off-site sync) carry a required podAffinity to the server's pod on {@code kubernetes.io/hostname},
 * so they start on its node, where the volume is attached, or not at all (Pending, which the backup
 * alerts report), never on another node that cannot mount it.
 *
 * <p>The Job connects through the server's Service as the backup user, whose password is mounted as
 * one file of its Secret; the pods carry the server's client labels, which its NetworkPolicies admit.
 */
public final class ClickHouseBackup extends Construct {
    static final String BACKUP_SCRIPT = "backup.sh";
    static final String RESTORE_SCRIPT = "restore.sh";
    /** The ClickHouse pieces both scripts share: the client config, the digests, the scratch restore. */
    static final String CLICKHOUSE_LIBRARY = "clickhouse.sh";
    /** This store's scripts; the ConfigMap adds runs.sh and offsite.sh. */
    static final List<String> SCRIPTS = List.of(BACKUP_SCRIPT, RESTORE_SCRIPT, CLICKHOUSE_LIBRARY);
    /** Where a Job's login password file is mounted. */
    static final String PASSWORD_DIR = "/etc/clickhouse-login";
    /** The store's folder in the off-site bucket, and the manifests' {@code store}. */
    public static final String STORE = "clickhouse";

    private final ClickHouseBackupProps props;
    private final BackupSettings settings;
    private final Offsite offsite;

    /**
     * @param offsite the environment's off-site copies, or {@code null} when they are switched off:
     *                with them, each run is copied to the object store after it is recorded (the
     *                same {@code offsite.sh} as the other stores', under the bucket folder {@value #STORE})
     */
    public ClickHouseBackup(Construct scope, String id, ClickHouseBackupProps props, BackupSettings settings,
                            Offsite offsite) {
        super(scope, id);
        if (props == null) {
            throw new IllegalArgumentException("ClickHouseBackup props are missing; pass the ClickHouseBackupProps of the server");
        }
        if (settings == null) {
            throw new IllegalArgumentException("ClickHouseBackup settings are missing; pass the BackupSettings of ClickHouseStore.backup");
        }
        this.props = props;
        this.settings = settings;
        this.offsite = offsite;
        Map<String, String> labels = Labels.of(settings.name(), "backup");

        BackupJobs.claim(this, "runs", meta(settings.claimName(), labels), settings.storage());
        BackupJobs.scripts(this, "scripts", meta(settings.scriptsName(), labels), ClickHouseBackup.class, SCRIPTS);

        List<EnvVar> env = new ArrayList<>(connectionEnv(props, props.login()));
        env.addAll(BackupJobs.settingsEnv(settings));
        env.addAll(BackupJobs.lockHolderEnv());
        KubeCronJob backup = BackupJobs.cronJob(this, "cronjob", meta(settings.name(), labels), labels, JobTiming.of(settings),
                podTemplate(labels, "backup", BACKUP_SCRIPT, env, settings.terminationGracePeriodSeconds(),
                        settings.resources().requirements(), props.login(), Offsite.Mode.AFTER));
        besideTheServer(backup);

        if (offsite != null) {
            String sync = Offsite.syncName(STORE);
            Map<String, String> syncLabels = Labels.of(sync, "backup");
            besideTheServer(BackupJobs.offsiteSync(this, "offsite-sync", meta(sync, syncLabels), syncLabels, props.image(),
                    props.uid(), BackupJobs.runsEnv(settings), settings.resources().requirements(), settings.claimName(),
                    settings.scriptsName(), offsite, STORE));
        }
    }

    /** Backup settings holding ClickHouse's defaults: {@code clickhouse-backup} at 03:15, 2 hours, 60 s grace. */
    public static BackupSettings.Builder backupSettings() {
        // The grace lets the client's cancel reach the server and the run be recorded as interrupted.
        return BackupSettings.builder().name("clickhouse-backup").schedule("15 3 * * *")
                .terminationGracePeriodSeconds(60).activeDeadlineSeconds(7200);
    }

    /** Restore settings holding ClickHouse's defaults: {@code clickhouse-restore}, 2 hours, 60 s grace. */
    public static RestoreSettings.Builder restoreSettings() {
        // The grace drops what a stopped restore wrote and renames the live databases back.
        return RestoreSettings.builder().name("clickhouse-restore").activeDeadlineSeconds(7200)
                .terminationGracePeriodSeconds(60);
    }

    /** The claim that holds the runs: the server mounts it too, for its backups disk. */
    public String claimName() {
        return settings.claimName();
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

    /** What the Jobs need of the server. */
    public ClickHouseBackupProps props() {
        return props;
    }

    /** A script exactly as it is in the repository, from beside this class. */
    public static String script(String name) {
        return BackupScripts.read(ClickHouseBackup.class, name);
    }

    /** Where the scripts reach the server, as whom, and where the runs are. */
    static List<EnvVar> connectionEnv(ClickHouseBackupProps props, ClickHouseLogin login) {
        return List.of(
                Pods.env("CLICKHOUSE_HOST", props.server().host()),
                Pods.env("CLICKHOUSE_PORT", Integer.toString(props.nativePort())),
                Pods.env("CLICKHOUSE_USER", login.user()),
                Pods.env("CLICKHOUSE_PASSWORD_FILE", PASSWORD_DIR + "/" + login.key()),
                Pods.env("CLICKHOUSE_BACKUP_DISK", props.disk()),
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
        podLabels.putAll(props.clientLabels());
        // Only the login's key of its Secret.
        Mount password = Mount.secretKey("login-password", login.secretName(), login.key(), login.key(), PASSWORD_DIR);
        return BackupJobs.pod(podLabels, container, props.image(), props.uid(), script, env, resources, gracePeriodSeconds,
                settings.claimName(), settings.scriptsName(), List.of(password), "16Mi", offsite, mode, STORE);
    }

    /**
     * A required podAffinity to the server's pod on its node: the claim is ReadWriteOnce and the server
     * has it mounted. Added as a patch to the CronJob, as the shared pod ({@link BackupJobs#pod}) has no
     * affinity of its own.
     */
    void besideTheServer(KubeCronJob cronJob) {
        Map<String, Object> term = new TreeMap<>();
        term.put("labelSelector", Map.of("matchLabels", new TreeMap<>(props.serverPodLabels())));
        term.put("topologyKey", "kubernetes.io/hostname");
        ApiObject.of(cronJob).addJsonPatch(JsonPatch.add("/spec/jobTemplate/spec/template/spec/affinity",
                Map.of("podAffinity", Map.of("requiredDuringSchedulingIgnoredDuringExecution", List.of(term)))));
    }

    private ObjectMeta meta(String name, Map<String, String> labels) {
        return props.server().meta(name, labels);
    }
}
