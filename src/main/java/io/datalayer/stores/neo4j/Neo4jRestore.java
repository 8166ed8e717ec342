package io.datalayer.stores.neo4j;

import io.datalayer.backup.BackupJobs;
import io.datalayer.backup.JobTiming;
import io.datalayer.backup.Offsite;
import io.datalayer.backup.RestoreSettings;
import io.datalayer.kit.Labels;
import io.datalayer.kit.Pods;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.EnvVar;
import software.constructs.Construct;

/**
 * A restore an operator starts by hand: a suspended CronJob from which
 * {@code kubectl create job --from=cronjob/neo4j-restore <name>} makes a Job that asks the server's
 * supervisor for a restore ({@code request.sh}, action restore, the run in {@code RESTORE_RUN}) and
 * waits for its result. The supervisor runs {@code restore.sh} in the server container with neo4j
 * stopped: it proves the run (manifest, SHA-256, a load of every dump into a scratch home) before it
 * touches anything, refuses while a server holds the store lock, moves the live database folders
 * aside into {@code /data/replaced-<stamp>/} (kept with {@code keepReplaced}) and loads the dumps.
 * With off-site copies, {@code RESTORE_FROM=offsite} fetches the run into the runs claim first.
 * Same podAffinity to the server pod as the backup (the runs claim is the server's too).
 */
public final class Neo4jRestore extends KubeConstruct {
    private final RestoreSettings props;

    public Neo4jRestore(Construct scope, String id, Neo4jBackup backup, RestoreSettings props) {
        super(scope, id);
        if (backup == null) {
            throw new IllegalArgumentException("Neo4jRestore needs the Neo4jBackup whose runs it restores; pass it, not null");
        }
        if (props == null) {
            throw new IllegalArgumentException("Neo4jRestore props are missing; pass the RestoreSettings from Neo4jRestore.restoreSettings()");
        }
        if (props.name().equals(backup.props().settings().name())) {
            throw new IllegalArgumentException("RestoreSettings.name \"" + props.name()
                    + "\" is the backup CronJob's name; give the restore its own name");
        }
        int wait = backup.props().requestWaitSeconds();
        if (props.activeDeadlineSeconds() <= wait) {
            throw new IllegalArgumentException("RestoreSettings(" + props.name() + ").activeDeadlineSeconds "
                    + props.activeDeadlineSeconds() + " is not above the maintenance window plus the request margin ("
                    + wait + "s); the Job would be killed while neo4j is down for it. Raise it or shorten the window");
        }
        if (props.lockWaitSeconds() >= backup.props().maintenanceWindowSeconds()) {
            throw new IllegalArgumentException("RestoreSettings(" + props.name() + ").lockWaitSeconds " + props.lockWaitSeconds()
                    + " is not below Neo4jBackupProps.maintenanceWindowSeconds " + backup.props().maintenanceWindowSeconds()
                    + "; the restore waits for the lock while neo4j is down, so give it less than the window");
        }
        this.props = props;
        Map<String, String> labels = Labels.of(props.name(), "restore");

        // The restore's own lock wait for an off-site fetch (offsite.sh takes the volume's lock).
        List<EnvVar> env = new ArrayList<>(BackupJobs.runsEnv(backup.props().settings()).stream()
                .map(e -> e.getName().equals("BACKUP_LOCK_WAIT_SECONDS")
                        ? Pods.env(e.getName(), Integer.toString(props.lockWaitSeconds())) : e).toList());
        env.addAll(backup.requestEnv("restore"));
        // Empty: the newest complete run. The runbook shows how to set it on a Job.
        env.add(Pods.env("RESTORE_RUN", ""));
        // local: a run on the volume; offsite: offsite.sh fetches it from the object store first.
        env.add(Pods.env("RESTORE_FROM", "local"));
        KubeObject cronJob = BackupJobs.cronJob(this, "cronjob", backup.props().server().meta(props.name(), labels), labels,
                JobTiming.of(props),
                backup.jobPod(labels, "restore", env, props.terminationGracePeriodSeconds(), props.resources().requirements(),
                        Offsite.Mode.BEFORE));
        Neo4jBackup.besideServer(cronJob, backup.props());
    }

    /**
     * What restore.sh reads in the server container besides {@link Neo4jBackup#serverEnv()}: whether
     * the replaced folders are kept, its own lock wait (the container also carries the backup's
     * {@code BACKUP_LOCK_WAIT_SECONDS}), and where the run is ({@code local}: the Job fetched an off-site
     * run onto the claim first). {@code RESTORE_RUN} comes with each request.
     */
    public List<EnvVar> serverEnv() {
        return List.of(
                Pods.env("RESTORE_KEEP_REPLACED", Boolean.toString(props.keepReplaced())),
                Pods.env("RESTORE_LOCK_WAIT_SECONDS", Integer.toString(props.lockWaitSeconds())),
                Pods.env("RESTORE_FROM", "local"));
    }

    /**
     * Restore settings holding Neo4j's defaults: {@code neo4j-restore}, 2 hours (the window, the margin
     * and an off-site fetch), 60 s grace.
     */
    public static RestoreSettings.Builder restoreSettings() {
        return RestoreSettings.builder().name("neo4j-restore").activeDeadlineSeconds(7200).terminationGracePeriodSeconds(60);
    }

    /** The effective settings, defaults applied. */
    public RestoreSettings props() {
        return props;
    }
}
