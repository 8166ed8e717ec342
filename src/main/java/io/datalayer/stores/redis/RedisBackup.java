package io.datalayer.stores.redis;

import io.datalayer.backup.BackupJobs;
import io.datalayer.backup.BackupScripts;
import io.datalayer.backup.BackupSettings;
import io.datalayer.backup.JobTiming;
import io.datalayer.backup.Offsite;
import io.datalayer.kit.Labels;
import io.datalayer.kit.Mount;
import io.datalayer.kit.Pods;
import io.datalayer.kube.KubeConstruct;
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
 * Nightly snapshots of a {@link Redis} server: a CronJob that runs {@code backup.sh} on the server's
 * own image (so {@code redis-cli --rdb} and {@code redis-check-rdb} match the server's RDB version), a
 * claim of its own for the runs, and a ConfigMap holding the scripts ({@code backup.sh},
 * {@code restore.sh}, {@code redis.sh} and the shared {@code runs.sh}) exactly as they are in the
 * repository. Runs, manifests, lock, retention and signals are the PostgreSQL backup's
 * ({@code io.datalayer.backup}).
 *
 * <p>The job connects through the server's Service as the {@value Redis#BACKUP_USER} user, whose ACL
 * allows only the replication handshake: it reads a consistent snapshot (the server forks, as for a
 * new replica) and can change nothing. Its password comes from the server's users Secret, mounted as
 * one file, which redis-cli reads on its standard input ({@code --askpass}): never on a command
 * line or in an environment. The pods
 * carry the server's client label, which is what its NetworkPolicies admit. {@link RedisRestore}
 * runs {@code restore.sh} on the same claim.
 */
public final class RedisBackup extends KubeConstruct {
    static final String BACKUP_SCRIPT = "backup.sh";
    static final String RESTORE_SCRIPT = "restore.sh";
    /** The restore drill ({@link io.datalayer.backup.RestoreDrill}), from the same ConfigMap. */
    static final String DRILL_SCRIPT = "drill.sh";
    /** The Redis pieces both scripts share: the password from its file, redis-check-rdb. */
    static final String REDIS_LIBRARY = "redis.sh";
    /** What needs no live server (the private server, the drill's facts): backup.sh and drill.sh source it. */
    static final String REDIS_FACTS = "redis-facts.sh";
    /** This store's scripts; the ConfigMap adds runs.sh, offsite.sh and drills.sh. */
    static final List<String> SCRIPTS = List.of(BACKUP_SCRIPT, RESTORE_SCRIPT, DRILL_SCRIPT, REDIS_LIBRARY, REDIS_FACTS);
    /** Where the backup user's password file is mounted. */
    static final String PASSWORD_DIR = "/etc/redis-backup";

    /** The store's folder in the off-site bucket, and the manifests' {@code store}. */
    static final String STORE = RedisStore.NAME;

    private final Redis redis;
    private final BackupSettings props;
    private final Offsite offsite;

    /** Backups without off-site copies. */
    public RedisBackup(Construct scope, String id, Redis redis, BackupSettings props) {
        this(scope, id, redis, props, null);
    }

    /**
     * @param offsite the environment's off-site copies, or {@code null} when they are switched off:
     *                with them, each run is copied to the object store after it is recorded (the
     *                same {@code offsite.sh} as PostgreSQL's, under the bucket folder {@value #STORE})
     */
    public RedisBackup(Construct scope, String id, Redis redis, BackupSettings props, Offsite offsite) {
        super(scope, id);
        if (redis == null) {
            throw new IllegalArgumentException("RedisBackup needs the Redis construct it backs up; pass it, not null");
        }
        if (props == null) {
            throw new IllegalArgumentException("RedisBackup props are missing; pass the BackupSettings of RedisStore.backup");
        }
        this.redis = redis;
        this.props = props;
        this.offsite = offsite;
        Map<String, String> labels = Labels.of(props.name(), "backup");

        BackupJobs.claim(this, "runs", meta(props.claimName(), labels), props.storage());
        BackupJobs.scripts(this, "scripts", meta(props.scriptsName(), labels), RedisBackup.class, SCRIPTS);

        List<EnvVar> env = new ArrayList<>(connectionEnv(redis));
        env.add(Pods.env("REDIS_USER", Redis.BACKUP_USER));
        env.add(Pods.env("REDIS_PASSWORD_FILE", PASSWORD_DIR + "/" + RedisProps.BACKUP_PASSWORD_KEY));
        env.addAll(BackupJobs.settingsEnv(props));
        env.addAll(BackupJobs.lockHolderEnv());

        // Only the backup user's key of the users Secret: the admin password never reaches this pod.
        Mount password = Mount.secretKey("backup-password", redis.usersSecretName(), RedisProps.BACKUP_PASSWORD_KEY,
                RedisProps.BACKUP_PASSWORD_KEY, PASSWORD_DIR);
        BackupJobs.cronJob(this, "cronjob", meta(props.name(), labels), labels,
                JobTiming.of(props),
                podTemplate(redis, props, labels, "backup", BACKUP_SCRIPT, env, props.terminationGracePeriodSeconds(),
                        props.resources().requirements(), List.of(password), offsite, Offsite.Mode.AFTER));

        if (offsite != null) {
            BackupJobs.offsiteSync(this, redis.names(), redis.props().image(), redis.props().uid(), props, offsite, STORE);
        }
    }

    /** The off-site sync CronJob's name when off-site copies are on ({@link Offsite#syncName}), else empty. */
    public Optional<String> offsiteSyncName() {
        return offsite == null ? Optional.empty() : Optional.of(Offsite.syncName(STORE));
    }

    /** The environment's off-site copies, when they are on. */
    public Optional<Offsite> offsite() {
        return Optional.ofNullable(offsite);
    }

    /** The effective settings, defaults applied. */
    public BackupSettings props() {
        return props;
    }

    /** The server this construct backs up. */
    public Redis redis() {
        return redis;
    }

    /** A script exactly as it is in the repository, from beside this class. */
    public static String script(String name) {
        return BackupScripts.read(RedisBackup.class, name);
    }

    /** Where the scripts reach the server and keep the runs. */
    static List<EnvVar> connectionEnv(Redis redis) {
        return List.of(
                Pods.env("REDIS_HOST", redis.host()),
                Pods.env("REDIS_PORT", Integer.toString(redis.port())),
                Pods.env("BACKUP_DIR", BackupJobs.BACKUP_DIR));
    }

    /**
     * The pod of a backup or restore Job (see {@link BackupJobs#pod}): the server's image, uid and
     * client labels, and the store mounts the Job needs.
     */
    static PodTemplateSpec podTemplate(Redis redis, BackupSettings backup, Map<String, String> labels, String container,
                                       String script, List<EnvVar> env, int gracePeriodSeconds,
                                       ResourceRequirements resources, List<Mount> storeMounts, Offsite offsite,
                                       Offsite.Mode mode) {
        RedisProps server = redis.props();
        Map<String, String> podLabels = new TreeMap<>(labels);
        podLabels.putAll(redis.clientLabels());
        return BackupJobs.pod(podLabels, container, server.image(), server.uid(), script, env, resources,
                gracePeriodSeconds, backup.claimName(), backup.scriptsName(), storeMounts, "16Mi", offsite, mode, STORE);
    }

    private ObjectMeta meta(String name, Map<String, String> labels) {
        return redis.names().meta(name, labels);
    }
}
