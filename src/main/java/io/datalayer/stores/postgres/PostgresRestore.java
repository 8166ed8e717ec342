package io.datalayer.stores.postgres;

import io.datalayer.backup.BackupJobs;
import io.datalayer.backup.JobTiming;
import io.datalayer.backup.Offsite;
import io.datalayer.backup.RestoreSettings;
import io.datalayer.kit.Labels;
import io.datalayer.kit.Pods;
import io.datalayer.kube.KubeConstruct;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.EnvVar;
import software.constructs.Construct;

/**
 * A restore an operator starts by hand: a suspended CronJob that never runs on its own, from which
 * {@code kubectl create job --from=cronjob/postgresql-restore <name>} makes a Job running
 * {@code restore.sh} from the backup's ConfigMap on the backup's claim. It restores the newest complete
 * run, or the run in {@code RESTORE_RUN}, every database or the one in {@code RESTORE_DATABASE}. The
 * claim is writable because the restore takes the volume's lock, so no backup runs while it loads.
 *
 * <p>A Job is kept declarative in {@code dist/} this way: the pod, image, security context and
 * volumes are reviewed like everything else, and the operator supplies only a name (and a file).
 */
public final class PostgresRestore extends KubeConstruct {
    private final RestoreSettings props;
    private final boolean terminateClients;

    public PostgresRestore(Construct scope, String id, PostgresBackup backup, RestoreSettings props) {
        this(scope, id, backup, props, false);
    }

    /**
     * @param terminateClients disconnect clients of the databases being restored
     *                         ({@link PostgresStore#restoreTerminateClients()}); false: the restore refuses
     *                         and lists the sessions. An operator can override it per Job
     */
    public PostgresRestore(Construct scope, String id, PostgresBackup backup, RestoreSettings props, boolean terminateClients) {
        super(scope, id);
        if (backup == null) {
            throw new IllegalArgumentException("PostgresRestore needs the PostgresBackup whose dumps it restores; pass it, not null");
        }
        if (props == null) {
            throw new IllegalArgumentException("PostgresRestore props are missing; pass the RestoreSettings of PostgresStore.restore");
        }
        if (props.name().equals(backup.props().name())) {
            throw new IllegalArgumentException("RestoreSettings.name \"" + props.name()
                    + "\" is the backup CronJob's name; give the restore its own name");
        }
        this.props = props;
        this.terminateClients = terminateClients;
        Postgres postgres = backup.postgres();
        Map<String, String> labels = Labels.of(props.name(), "restore");

        List<EnvVar> env = new ArrayList<>(PostgresBackup.connectionEnv(postgres));
        // Empty: the newest complete run, every database of it. The runbook shows how to set them on a Job.
        env.add(Pods.env("RESTORE_RUN", ""));
        env.add(Pods.env("RESTORE_DATABASE", ""));
        // local: a run on the volume; offsite: fetched from the object store first (when this
        // environment has off-site copies; restore.sh refuses it otherwise).
        env.add(Pods.env("RESTORE_FROM", "local"));
        env.add(Pods.env("RESTORE_TERMINATE_CLIENTS", Boolean.toString(terminateClients)));
        env.add(Pods.env("RESTORE_KEEP_REPLACED", Boolean.toString(props.keepReplaced())));
        env.add(Pods.env("BACKUP_LOCK_WAIT_SECONDS", Integer.toString(props.lockWaitSeconds())));
        env.addAll(BackupJobs.lockHolderEnv());

        BackupJobs.cronJob(this, "cronjob", postgres.names().meta(props.name(), labels), labels,
                JobTiming.of(props),
                PostgresBackup.podTemplate(postgres, backup.props(), labels, "restore", PostgresBackup.RESTORE_SCRIPT, env,
                        props.terminationGracePeriodSeconds(), props.resources().requirements(), backup.offsite().orElse(null), Offsite.Mode.BEFORE));
    }

    /** The effective settings, defaults applied. */
    public RestoreSettings props() {
        return props;
    }
}
