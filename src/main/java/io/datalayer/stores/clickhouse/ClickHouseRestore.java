package io.datalayer.stores.clickhouse;

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
 * {@code kubectl create job --from=cronjob/clickhouse-restore <name>} makes a Job running
 * {@code restore.sh} from the backup's ConfigMap, on the backup's claim, beside the server (the
 * same podAffinity as the backup). The server keeps running: the script proves the run in scratch
 * databases, renames each live database of the run aside ({@code <name>_replaced_<stamp>}),
 * restores the run's copy under its name, proves it again and puts everything back on any failure.
 * See docs/runbooks/clickhouse-restore.md.
 *
 * <p>It connects as the store's admin ({@link ClickHouse#adminLogin()}), not as the backup user:
 * renaming and dropping live databases and restoring tables of any engine is more than a backup
 * needs, and the backup user's grants stay confined to the scratch databases.
 */
public final class ClickHouseRestore extends KubeConstruct {
    private final RestoreSettings settings;

    public ClickHouseRestore(Construct scope, String id, ClickHouseBackup backup, RestoreSettings settings) {
        super(scope, id);
        if (backup == null) {
            throw new IllegalArgumentException("ClickHouseRestore needs the ClickHouseBackup whose runs it restores; pass it, not null");
        }
        if (settings == null) {
            throw new IllegalArgumentException("ClickHouseRestore settings are missing; pass the RestoreSettings of ClickHouseStore.restore");
        }
        if (settings.name().equals(backup.settings().name())) {
            throw new IllegalArgumentException("RestoreSettings.name \"" + settings.name()
                    + "\" is the backup CronJob's name; give the restore its own name");
        }
        this.settings = settings;
        Map<String, String> labels = Labels.of(settings.name(), "restore");
        ClickHouseLogin login = backup.server().adminLogin();

        List<EnvVar> env = new ArrayList<>(backup.connectionEnv(login));
        // Empty: the newest complete run. The runbook shows how to set it on a Job.
        env.add(Pods.env("RESTORE_RUN", ""));
        // local: a run on the volume; offsite: fetched from the object store first (when this
        // environment has off-site copies; runs.sh refuses it otherwise).
        env.add(Pods.env("RESTORE_FROM", "local"));
        env.add(Pods.env("RESTORE_KEEP_REPLACED", Boolean.toString(settings.keepReplaced())));
        env.add(Pods.env("BACKUP_LOCK_WAIT_SECONDS", Integer.toString(settings.lockWaitSeconds())));
        env.addAll(BackupJobs.lockHolderEnv());

        backup.besideTheServer(BackupJobs.cronJob(this, "cronjob", backup.server().names().meta(settings.name(), labels), labels,
                JobTiming.of(settings),
                backup.podTemplate(labels, "restore", ClickHouseBackup.RESTORE_SCRIPT, env,
                        settings.terminationGracePeriodSeconds(), settings.resources().requirements(), login,
                        Offsite.Mode.BEFORE)));
    }

    /** The effective settings, defaults applied. */
    public RestoreSettings settings() {
        return settings;
    }
}
