package io.datalayer.backup;

import io.datalayer.kit.Labels;
import io.datalayer.kit.Mount;
import io.datalayer.kit.PodVolumes;
import io.datalayer.kit.Pods;
import io.datalayer.kit.RestrictedPod;
import io.datalayer.kit.Storage;
import io.datalayer.kit.StoreNames;
import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.CronJobSpec;
import org.cdk8s.plus28.k8s.EnvVar;
import org.cdk8s.plus28.k8s.EnvVarSource;
import org.cdk8s.plus28.k8s.JobSpec;
import org.cdk8s.plus28.k8s.JobTemplateSpec;
import org.cdk8s.plus28.k8s.KubeConfigMapProps;
import org.cdk8s.plus28.k8s.KubeCronJobProps;
import org.cdk8s.plus28.k8s.KubePersistentVolumeClaimProps;
import org.cdk8s.plus28.k8s.ObjectFieldSelector;
import org.cdk8s.plus28.k8s.ObjectMeta;
import org.cdk8s.plus28.k8s.PodTemplateSpec;
import org.cdk8s.plus28.k8s.ResourceRequirements;
import software.constructs.Construct;

/**
 * The store-agnostic parts of a backup: the claim that holds the runs, the scripts ConfigMap, the
 * pod a backup or restore Job runs and the CronJob around it. PostgreSQL and Redis build their
 * backups from these, so a fix to the lock, the grace period or the pod reaches every store.
 */
public final class BackupJobs {
    /** Where the runs claim is mounted in every backup and restore pod, and {@code BACKUP_DIR}. */
    public static final String BACKUP_DIR = "/backups";
    private static final String SHRINK_PERCENT = "BACKUP_SHRINK_PERCENT";

    private BackupJobs() {
    }

    /** The claim that holds a store's runs. */
    public static KubeObject claim(Construct scope, String id, ObjectMeta meta, Storage storage) {
        return Kube.persistentVolumeClaim(scope, id, KubePersistentVolumeClaimProps.builder()
                .metadata(meta)
                .spec(storage.claimSpec())
                .build());
    }

    /** The ConfigMap with a store's scripts and the shared {@code runs.sh} (see {@link BackupScripts}). */
    public static KubeObject scripts(Construct scope, String id, ObjectMeta meta, Class<?> owner, List<String> scripts) {
        return Kube.configMap(scope, id, KubeConfigMapProps.builder()
                .metadata(meta)
                .data(BackupScripts.configMapData(owner, scripts))
                .build());
    }

    /**
     * Who holds the backup volume's lock, for the message a waiting run prints: the Job and the pod,
     * from the downward API.
     */
    public static List<EnvVar> lockHolderEnv() {
        return List.of(
                EnvVar.builder().name("JOB_NAME").valueFrom(EnvVarSource.builder().fieldRef(ObjectFieldSelector.builder()
                        .fieldPath("metadata.labels['batch.kubernetes.io/job-name']").build()).build()).build(),
                EnvVar.builder().name("POD_NAME").valueFrom(EnvVarSource.builder().fieldRef(ObjectFieldSelector.builder()
                        .fieldPath("metadata.name").build()).build()).build());
    }

    /**
     * The pod of a backup or restore Job: the store's image and uid with the restricted security
     * context, {@code sh} running one script from the ConfigMap, the runs claim (writable for both
     * kinds of Job: the lock lives there), the store's own mounts (its password file, its data), and a
     * {@code /tmp} in memory for scratch files and anything secret, so none reaches a disk.
     *
     * @param podLabels the Job's labels plus the store's client labels (what its NetworkPolicies admit)
     */
    public static PodTemplateSpec pod(Map<String, String> podLabels, String container, String image, int uid,
                                      String script, List<EnvVar> env, ResourceRequirements resources,
                                      int terminationGracePeriodSeconds, String claimName, String scriptsName,
                                      List<Mount> storeMounts, String tmpSize) {
        return pod(podLabels, container, image, uid, script, env, resources, terminationGracePeriodSeconds, claimName,
                scriptsName, storeMounts, tmpSize, null, null, null);
    }

    /**
     * The pod (see above); with {@code offsite} not null the script runs through offsite.sh in
     * {@code mode}, with what {@link Offsite#apply} adds (init container, mounts, env, label), for the
     * store's folder {@code store} in the bucket.
     */
    public static PodTemplateSpec pod(Map<String, String> podLabels, String container, String image, int uid,
                                      String script, List<EnvVar> env, ResourceRequirements resources,
                                      int terminationGracePeriodSeconds, String claimName, String scriptsName,
                                      List<Mount> storeMounts, String tmpSize, Offsite offsite, Offsite.Mode mode,
                                      String store) {
        return pod(podLabels, container, image, uid, script, env, resources, terminationGracePeriodSeconds, claimName,
                scriptsName, false, storeMounts, tmpSize, offsite, mode, store);
    }

    /**
     * The pod (see above), with the runs claim read-only when {@code claimReadOnly}: a restore drill
     * reads the runs and must never change them, nor take the lock that lives there.
     */
    public static PodTemplateSpec pod(Map<String, String> podLabels, String container, String image, int uid,
                                      String script, List<EnvVar> env, ResourceRequirements resources,
                                      int terminationGracePeriodSeconds, String claimName, String scriptsName,
                                      boolean claimReadOnly, List<Mount> storeMounts, String tmpSize, Offsite offsite,
                                      Offsite.Mode mode, String store) {
        PodVolumes volumes = new PodVolumes();
        Map<String, String> labels = new TreeMap<>(podLabels);
        List<EnvVar> allEnv = new ArrayList<>(env);
        List<String> command = List.of("/bin/sh", BackupScripts.DIR + "/" + script);
        List<Container> init = List.of();
        List<Mount> offsiteMounts = List.of();
        if (offsite != null) {
            Offsite.Wiring wiring = offsite.apply(store, BackupScripts.DIR, script, mode, volumes);
            init = wiring.initContainers();
            offsiteMounts = wiring.mounts();
            allEnv.addAll(wiring.env());
            labels.putAll(wiring.podLabels());
            command = wiring.command();
        }
        List<Mount> mounts = new ArrayList<>();
        // Writable for the backup and the restore: the lock lives on the claim.
        mounts.add(claimReadOnly ? Mount.claim("dumps", claimName, BACKUP_DIR, true) : Mount.claim("dumps", claimName, BACKUP_DIR));
        // Run with sh, so the files need no execute bit.
        mounts.add(Mount.configMap("scripts", scriptsName, BackupScripts.DIR));
        mounts.addAll(storeMounts);
        // Memory-backed: passfiles and scratch files never reach the node's disk.
        mounts.add(Mount.memory("tmp", "/tmp", tmpSize));
        mounts.addAll(offsiteMounts);
        Container job = Container.builder()
                .name(container)
                .image(image)
                .imagePullPolicy("IfNotPresent")
                .command(command)
                .env(allEnv)
                .resources(resources)
                .securityContext(RestrictedPod.containerSecurityContext())
                .volumeMounts(volumes.mount(mounts))
                .build();
        return PodTemplateSpec.builder()
                .metadata(ObjectMeta.builder().labels(labels).build())
                // SIGTERM goes to sh (PID 1), which stops its child and records or undoes what it did.
                .spec(Pods.jobPod(uid, terminationGracePeriodSeconds, init, List.of(job), volumes.volumes()))
                .build();
    }

    /** What runs.sh needs for the runs of a store's volume (retention, lock), without the store's own settings. */
    public static List<EnvVar> runsEnv(BackupSettings settings) {
        List<EnvVar> env = new ArrayList<>(List.of(Pods.env("BACKUP_DIR", BACKUP_DIR)));
        // The off-site sync applies retention and takes the lock, but never judges a run's size.
        settingsEnv(settings).stream().filter(e -> !e.getName().equals(SHRINK_PERCENT)).forEach(env::add);
        env.addAll(lockHolderEnv());
        return List.copyOf(env);
    }

    /**
     * What {@code runs.sh} reads of a store's backup settings, the one place they become variables:
     * {@code BACKUP_RETENTION}, {@code BACKUP_KEEP_WEEKLY}, {@code BACKUP_SHRINK_PERCENT} and
     * {@code BACKUP_LOCK_WAIT_SECONDS}. The scripts carry no default of their own.
     */
    public static List<EnvVar> settingsEnv(BackupSettings settings) {
        return List.of(
                Pods.env("BACKUP_RETENTION", Integer.toString(settings.retention())),
                Pods.env("BACKUP_KEEP_WEEKLY", Integer.toString(settings.keepWeekly())),
                Pods.env(SHRINK_PERCENT, Integer.toString(settings.shrinkWarnPercent())),
                Pods.env("BACKUP_LOCK_WAIT_SECONDS", Integer.toString(settings.lockWaitSeconds())));
    }

    /**
     * A store's off-site sync CronJob ({@link Offsite#syncName}), named and labelled after the store,
     * with the backup's runs claim, scripts, resources and the runs.sh settings ({@link #runsEnv}).
     */
    public static KubeObject offsiteSync(Construct scope, StoreNames names, String image, int uid, BackupSettings backup,
                                          Offsite offsite, String store) {
        String sync = Offsite.syncName(store);
        Map<String, String> labels = Labels.of(sync, "backup");
        return offsiteSync(scope, "offsite-sync", names.meta(sync, labels), labels, image, uid, runsEnv(backup),
                backup.resources().requirements(), backup.claimName(), backup.scriptsName(), offsite, store);
    }

    /**
     * A store's off-site sync: the CronJob {@code <store>-offsite-sync} ({@link Offsite#syncName}) that
     * runs {@code offsite.sh sync} every {@link OffsiteProps#syncSchedule()} in the backup's image, on
     * the backup's runs claim (ReadWriteOnce local-path: the scheduler puts the pod on the claim's
     * node) under the same lock, with the off-site Secret and egress label. It needs nothing of the
     * store itself: no password, no client label. Its last success is what
     * {@code DataLayerOffsiteCopyLagging} watches, so the off-site copies have an alert of their own,
     * apart from the nightly backup's.
     *
     * @param backupEnv the backup's own settings for runs.sh ({@link #runsEnv})
     */
    public static KubeObject offsiteSync(Construct scope, String id, ObjectMeta meta, Map<String, String> labels,
                                          String image, int uid, List<EnvVar> backupEnv, ResourceRequirements resources,
                                          String claimName, String scriptsName, Offsite offsite, String store) {
        PodTemplateSpec pod = pod(labels, "offsite-sync", image, uid, Offsite.SCRIPT, backupEnv, resources,
                // A cut-off upload has no manifest off-site and does not count: little to finish on SIGTERM.
                30, claimName, scriptsName, List.of(), "16Mi", offsite, Offsite.Mode.SYNC, store);
        // Hourly, so a failed Job is not retried (the next hour is the retry) and a Job never runs into the next.
        return cronJob(scope, id, meta, labels,
                JobTiming.scheduled(offsite.props().syncSchedule(), "Etc/UTC", 600, 3, 3, 0, 3000, 86400), pod);
    }

    /**
     * The CronJob around a backup or restore pod. Two Jobs of one CronJob never run at once
     * ({@code Forbid}): two dumps would double the load and race on retention; the volume's lock
     * also orders Jobs of different CronJobs.
     */
    public static KubeObject cronJob(Construct scope, String id, ObjectMeta meta, Map<String, String> jobLabels,
                                      JobTiming timing, PodTemplateSpec pod) {
        return Kube.cronJob(scope, id, KubeCronJobProps.builder()
                .metadata(meta)
                .spec(CronJobSpec.builder()
                        .suspend(timing.suspended() ? Boolean.TRUE : null)
                        .schedule(timing.schedule())
                        .timeZone(timing.timeZone())
                        .concurrencyPolicy("Forbid")
                        .startingDeadlineSeconds(timing.startingDeadlineSeconds())
                        .successfulJobsHistoryLimit(timing.successfulJobsHistoryLimit())
                        .failedJobsHistoryLimit(timing.failedJobsHistoryLimit())
                        .jobTemplate(JobTemplateSpec.builder()
                                .metadata(ObjectMeta.builder().labels(jobLabels).build())
                                .spec(JobSpec.builder()
                                        .backoffLimit(timing.backoffLimit())
                                        .activeDeadlineSeconds(timing.activeDeadlineSeconds())
                                        .ttlSecondsAfterFinished(timing.ttlSecondsAfterFinished())
                                        .template(pod)
                                        .build())
                                .build())
                        .build())
                .build());
    }
}
