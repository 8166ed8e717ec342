package io.datalayer.postgres;

import io.datalayer.backup.Offsite;
import io.datalayer.k8s.Labels;
import io.datalayer.k8s.Mount;
import io.datalayer.k8s.PodVolumes;
import io.datalayer.k8s.Pods;
import io.datalayer.k8s.RestrictedPod;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import org.cdk8s.plus28.k8s.KubeConfigMap;
import org.cdk8s.plus28.k8s.KubeConfigMapProps;
import org.cdk8s.plus28.k8s.KubeCronJob;
import org.cdk8s.plus28.k8s.KubeCronJobProps;
import org.cdk8s.plus28.k8s.KubePersistentVolumeClaim;
import org.cdk8s.plus28.k8s.KubePersistentVolumeClaimProps;
import org.cdk8s.plus28.k8s.ObjectFieldSelector;
import org.cdk8s.plus28.k8s.ObjectMeta;
import org.cdk8s.plus28.k8s.PodTemplateSpec;
import org.cdk8s.plus28.k8s.ResourceRequirements;
import software.constructs.Construct;

/**
 * Nightly logical backups of a {@link Postgres} server: a CronJob that runs {@code backup.sh} on the
 * server's own image (so {@code pg_dump} matches the server's major version), a claim of its own for
 * the runs, and a ConfigMap holding the scripts ({@code backup.sh}, {@code restore.sh} and the two
 * files they source) exactly as they are in the repository, so the script the cluster runs is the
 * script the tests run.
 *
 * <p>The job connects through the server's Service as the superuser, whose password it reads from
 * the server's Secret mounted as a file. Its pods carry the server's client label, which is what the
 * server's NetworkPolicies admit. {@link PostgresRestore} runs {@code restore.sh} on the same claim.
 */
public final class PostgresBackup extends Construct {
    /** Where the dumps claim is mounted, and {@code BACKUP_DIR}. */
    public static final String BACKUP_DIR = "/backups";
    static final String SCRIPTS_DIR = "/opt/data-layer";
    static final String BACKUP_SCRIPT = "backup.sh";
    static final String RESTORE_SCRIPT = "restore.sh";
    /**
     * Store-agnostic runs, manifests, lock and retention, sourced by both scripts; it lives outside
     * this package ({@value #RUNS_LIBRARY_RESOURCE}) because other stores' backups embed it too.
     * {@code sh runs.sh list} lists the runs.
     */
    static final String RUNS_LIBRARY = "runs.sh";
    static final String RUNS_LIBRARY_RESOURCE = "/io/datalayer/backup/runs.sh";
    /** The PostgreSQL pieces both scripts share: connection checks and the private passfile. */
    static final String POSTGRES_LIBRARY = "pg.sh";
    static final List<String> SCRIPTS = List.of(BACKUP_SCRIPT, RESTORE_SCRIPT, RUNS_LIBRARY, POSTGRES_LIBRARY,
            Offsite.SCRIPT);
    /** The store's folder in the off-site bucket, and the manifests' {@code store}. */
    static final String STORE = "postgresql";

    private final Postgres postgres;
    private final PostgresBackupProps props;
    private final Offsite offsite;

    /** Backups on the volume only. */
    public PostgresBackup(Construct scope, String id, Postgres postgres, PostgresBackupProps props) {
        this(scope, id, postgres, props, null);
    }

    /**
     * @param offsite the environment's off-site copies, or {@code null} when they are switched off:
     *                then each complete run is also copied off-site (and the restore can fetch one)
     */
    public PostgresBackup(Construct scope, String id, Postgres postgres, PostgresBackupProps props, Offsite offsite) {
        super(scope, id);
        if (postgres == null) {
            throw new IllegalArgumentException("PostgresBackup needs the Postgres construct it backs up; pass it, not null");
        }
        if (props == null) {
            throw new IllegalArgumentException("PostgresBackup props are missing; pass PostgresBackupProps from the environment");
        }
        this.postgres = postgres;
        this.props = props;
        this.offsite = offsite;
        Map<String, String> labels = Labels.of(props.name(), "backup");

        new KubePersistentVolumeClaim(this, "dumps", KubePersistentVolumeClaimProps.builder()
                .metadata(meta(props.claimName(), labels))
                .spec(props.storage().claimSpec())
                .build());

        new KubeConfigMap(this, "scripts", KubeConfigMapProps.builder()
                .metadata(meta(props.scriptsName(), labels))
                .data(scripts())
                .build());

        List<EnvVar> env = new ArrayList<>(connectionEnv(postgres));
        env.add(Pods.env("BACKUP_RETENTION", Integer.toString(props.retention())));
        env.add(Pods.env("BACKUP_KEEP_WEEKLY", Integer.toString(props.keepWeekly())));
        env.add(Pods.env("BACKUP_SHRINK_PERCENT", Integer.toString(props.shrinkWarnPercent())));
        env.add(Pods.env("BACKUP_LOCK_WAIT_SECONDS", Integer.toString(props.lockWaitSeconds())));
        env.add(Pods.env("BACKUP_DATABASES", String.join(" ", props.databases())));
        env.addAll(lockHolderEnv());

        new KubeCronJob(this, "cronjob", KubeCronJobProps.builder()
                .metadata(meta(props.name(), labels))
                .spec(CronJobSpec.builder()
                        .schedule(props.schedule())
                        .timeZone(props.timeZone())
                        // Two dumps at once would double the load and race on retention.
                        .concurrencyPolicy("Forbid")
                        .startingDeadlineSeconds(props.startingDeadlineSeconds())
                        .successfulJobsHistoryLimit(props.successfulJobsHistoryLimit())
                        .failedJobsHistoryLimit(props.failedJobsHistoryLimit())
                        .jobTemplate(JobTemplateSpec.builder()
                                .metadata(ObjectMeta.builder().labels(labels).build())
                                .spec(JobSpec.builder()
                                        .backoffLimit(props.backoffLimit())
                                        .activeDeadlineSeconds(props.activeDeadlineSeconds())
                                        .ttlSecondsAfterFinished(props.ttlSecondsAfterFinished())
                                        .template(podTemplate(postgres, props, labels, "backup", BACKUP_SCRIPT, env,
                                                props.terminationGracePeriodSeconds(), props.resources().requirements(),
                                                offsite, Offsite.Mode.AFTER))
                                        .build())
                                .build())
                        .build())
                .build());
    }

    /** The effective settings, defaults applied. */
    public PostgresBackupProps props() {
        return props;
    }

    /** The environment's off-site copies; empty when they are switched off. */
    public java.util.Optional<Offsite> offsite() {
        return java.util.Optional.ofNullable(offsite);
    }

    /** The server this construct backs up. */
    public Postgres postgres() {
        return postgres;
    }

    /**
     * A script exactly as it is in the repository: a classpath resource beside this class, or at an
     * absolute resource path ({@code /...}).
     */
    public static String script(String name) {
        try (InputStream in = PostgresBackup.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the script " + name + " is missing from the classpath beside "
                        + PostgresBackup.class.getName() + "; rebuild with mvn compile");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the script " + name + ": " + e.getMessage(), e);
        }
    }

    /** The ConfigMap's data: every script by its file name. */
    static Map<String, String> scripts() {
        Map<String, String> data = new TreeMap<>();
        SCRIPTS.forEach(name -> data.put(name, script(name.equals(RUNS_LIBRARY) ? RUNS_LIBRARY_RESOURCE
                : name.equals(Offsite.SCRIPT) ? Offsite.SCRIPT_RESOURCE : name)));
        return data;
    }

    /**
     * Who holds the backup volume's lock, for the message a waiting run prints: the Job and the pod,
     * from the downward API.
     */
    static List<EnvVar> lockHolderEnv() {
        return List.of(
                EnvVar.builder().name("JOB_NAME").valueFrom(EnvVarSource.builder().fieldRef(ObjectFieldSelector.builder()
                        .fieldPath("metadata.labels['batch.kubernetes.io/job-name']").build()).build()).build(),
                EnvVar.builder().name("POD_NAME").valueFrom(EnvVarSource.builder().fieldRef(ObjectFieldSelector.builder()
                        .fieldPath("metadata.name").build()).build()).build());
    }

    /** How the scripts reach the server: libpq variables and the password file, never the password. */
    static List<EnvVar> connectionEnv(Postgres postgres) {
        PostgresProps server = postgres.props();
        return List.of(
                Pods.env("PGHOST", postgres.host()),
                Pods.env("PGPORT", Integer.toString(server.port())),
                Pods.env("PGUSER", server.superuser()),
                Pods.env("POSTGRES_PASSWORD_FILE", Postgres.SECRET_DIR + "/password"),
                Pods.env("BACKUP_DIR", BACKUP_DIR));
    }

    /**
     * The pod of a backup or restore Job: the server's image, uid and restricted security context,
     * the scripts from the ConfigMap, the runs claim (writable for both: the lock lives there), the
     * password file and a {@code /tmp} in memory for the passfile, so no secret ever reaches a disk.
     * With off-site copies ({@code offsite} not null), the script runs through offsite.sh in
     * {@code mode}, with what {@link Offsite#apply} adds.
     */
    static PodTemplateSpec podTemplate(Postgres postgres, PostgresBackupProps backup, Map<String, String> labels,
                                       String container, String script, List<EnvVar> env, int gracePeriodSeconds,
                                       ResourceRequirements resources, Offsite offsite, Offsite.Mode mode) {
        PostgresProps server = postgres.props();
        Map<String, String> podLabels = new TreeMap<>(labels);
        podLabels.putAll(postgres.clientLabels());
        PodVolumes volumes = new PodVolumes();
        List<Mount> mounts = new ArrayList<>(List.of(
                // Writable for both jobs: the lock lives on the claim.
                Mount.claim("dumps", backup.claimName(), BACKUP_DIR),
                // Run with sh, so the files need no execute bit.
                Mount.configMap("scripts", backup.scriptsName(), SCRIPTS_DIR),
                postgres.superuserMount(),
                // Memory-backed: the passfile (and rclone's settings) never reach the node's disk.
                Mount.memory("tmp", "/tmp", "64Mi")));
        List<EnvVar> allEnv = new ArrayList<>(env);
        List<String> command = List.of("/bin/sh", SCRIPTS_DIR + "/" + script);
        List<Container> init = List.of();
        if (offsite != null) {
            Offsite.Wiring wiring = offsite.apply(STORE, SCRIPTS_DIR, script, mode, volumes);
            init = wiring.initContainers();
            mounts.addAll(wiring.mounts());
            allEnv.addAll(wiring.env());
            podLabels.putAll(wiring.podLabels());
            command = wiring.command();
        }
        Container job = Container.builder()
                .name(container)
                .image(server.image())
                .imagePullPolicy("IfNotPresent")
                .command(command)
                .env(allEnv)
                .resources(resources)
                .securityContext(RestrictedPod.containerSecurityContext())
                .volumeMounts(volumes.mount(mounts))
                .build();
        return PodTemplateSpec.builder()
                .metadata(ObjectMeta.builder().labels(podLabels).build())
                // SIGTERM goes to sh (PID 1), which stops its pg_dump or pg_restore (or rclone) and cleans up.
                .spec(Pods.jobPod(server.uid(), gracePeriodSeconds, init, List.of(job), volumes.volumes()))
                .build();
    }

    private ObjectMeta meta(String name, Map<String, String> labels) {
        return postgres.names().meta(name, labels);
    }

}
