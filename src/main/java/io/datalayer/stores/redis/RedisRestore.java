package io.datalayer.stores.redis;

import io.datalayer.backup.BackupJobs;
import io.datalayer.backup.JobTiming;
import io.datalayer.backup.Offsite;
import io.datalayer.backup.RestoreSettings;
import io.datalayer.kit.Labels;
import io.datalayer.kit.Mount;
import io.datalayer.kit.Pods;
import io.datalayer.kit.ServerStatefulSet;
import io.datalayer.kube.KubeConstruct;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.EnvVar;
import software.constructs.Construct;

/**
 * A restore an operator starts by hand, with the server stopped: a suspended CronJob that never runs
 * on its own, from which {@code kubectl create job --from=cronjob/redis-restore <name>} makes a Job
 * running {@code restore.sh} from the backup's ConfigMap. It mounts the backup's claim (for the runs
 * and the lock) and the server's own data claim ({@code data-<redis>-0}), on which it stages the
 * snapshot, writes and proves the append-only files from it with a private redis-server, and only
 * then swaps them in by renames, keeping the replaced files. The newest complete run, or the run in
 * {@code RESTORE_RUN}. The README's runbook lists every step around it (scale to 0, the Job, scale
 * to 1, confirm).
 *
 * <p>The data claim is ReadWriteOnce on a node-local volume: the Job's pod lands on the server's
 * node (the volume's node affinity does that). The script proves the server is stopped on the
 * volume itself: it takes the flock the server's command holds for the server's whole life
 * ({@link Redis#serverLock()}), and refuses if it cannot; a server pod that is running but not Ready
 * (still loading) is not behind the Service, but it holds that lock. The restore keeps the lock to
 * its end, so a server that starts meanwhile waits for it. It also refuses while anything answers on
 * the Service.
 */
public final class RedisRestore extends KubeConstruct {
    private final RestoreSettings props;

    public RedisRestore(Construct scope, String id, RedisBackup backup, RestoreSettings props) {
        super(scope, id);
        if (backup == null) {
            throw new IllegalArgumentException("RedisRestore needs the RedisBackup whose runs it restores; pass it, not null");
        }
        if (props == null) {
            throw new IllegalArgumentException("RedisRestore props are missing; pass the RestoreSettings of RedisStore.restore");
        }
        if (props.name().equals(backup.props().name())) {
            throw new IllegalArgumentException("RestoreSettings.name \"" + props.name()
                    + "\" is the backup CronJob's name; give the restore its own name");
        }
        Redis redis = backup.redis();
        long restoreMemory = props.resources().memoryLimitBytes("RestoreSettings(" + props.name() + ").resources");
        if (restoreMemory < redis.props().maxmemoryBytes()) {
            throw new IllegalArgumentException("RestoreSettings(" + props.name() + ").resources.memoryLimit \"" + props.resources().memoryLimit()
                    + "\" is below the server's maxmemory (" + redis.props().maxmemoryBytes() + " bytes, from RedisProps.resources);"
                    + " the restore's private redis-server loads the whole data set, so give it at least the server's memory limit");
        }
        this.props = props;
        Map<String, String> labels = Labels.of(props.name(), "restore");

        List<EnvVar> env = new ArrayList<>(RedisBackup.connectionEnv(redis));
        env.add(Pods.env("REDIS_DATA_DIR", Redis.dataDir()));
        // The lock the server's command holds on the volume while it runs (ready or not).
        env.add(Pods.env("REDIS_SERVER_LOCK", Redis.serverLock()));
        env.add(Pods.env("REDIS_DBFILENAME", fileSetting(redis, "dbfilename")));
        env.add(Pods.env("REDIS_APPENDDIRNAME", fileSetting(redis, "appenddirname")));
        env.add(Pods.env("REDIS_APPENDFILENAME", fileSetting(redis, "appendfilename")));
        // Empty: the newest complete run. The runbook shows how to set it on a Job.
        env.add(Pods.env("RESTORE_RUN", ""));
        // local: a run on the volume; offsite: fetched from the object store first (when this
        // environment has off-site copies; runs.sh refuses it otherwise).
        env.add(Pods.env("RESTORE_FROM", "local"));
        env.add(Pods.env("RESTORE_KEEP_REPLACED", Boolean.toString(props.keepReplaced())));
        env.add(Pods.env("BACKUP_LOCK_WAIT_SECONDS", Integer.toString(props.lockWaitSeconds())));
        env.addAll(BackupJobs.lockHolderEnv());

        // The claim the StatefulSet's controller made for its only pod: <template>-<statefulset>-0.
        Mount data = Mount.claim("redis-data", dataClaimName(redis), Redis.dataDir());
        BackupJobs.cronJob(this, "cronjob", redis.names().meta(props.name(), labels), labels,
                JobTiming.of(props),
                RedisBackup.podTemplate(redis, backup.props(), labels, "restore", RedisBackup.RESTORE_SCRIPT, env,
                        props.terminationGracePeriodSeconds(), props.resources().requirements(), List.of(data),
                        backup.offsite().orElse(null), Offsite.Mode.BEFORE));
    }

    /** The effective settings, defaults applied. */
    public RestoreSettings props() {
        return props;
    }

    /** The data claim of the server's only pod. */
    static String dataClaimName(Redis redis) {
        return ServerStatefulSet.DATA_VOLUME + "-" + redis.props().name() + "-0";
    }

    /** A file name the server's redis.conf sets, without its quotes: the restore must write the same. */
    private static String fileSetting(Redis redis, String directive) {
        String value = RedisConfig.directives(redis.props()).get(directive);
        if (value == null) {
            throw new IllegalStateException("redis.conf has no " + directive + "; RedisRestore needs it to place the files");
        }
        return value.replace("\"", "");
    }
}
