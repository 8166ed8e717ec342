package io.datalayer.stores.postgres;

import io.datalayer.backup.BackupJobs;
import io.datalayer.backup.BackupScripts;
import io.datalayer.backup.BackupSettings;
import io.datalayer.backup.JobTiming;
import io.datalayer.backup.Offsite;
import io.datalayer.kit.Labels;
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
public final class PostgresBackup extends KubeConstruct {
    /** Where the dumps claim is mounted, and {@code BACKUP_DIR}. */
    public static final String BACKUP_DIR = BackupJobs.BACKUP_DIR;
    static final String BACKUP_SCRIPT = "backup.sh";
    static final String RESTORE_SCRIPT = "restore.sh";
    /** The restore drill ({@link io.datalayer.backup.RestoreDrill}), from the same ConfigMap. */
    static final String DRILL_SCRIPT = "drill.sh";
    /**
     * Store-agnostic runs, manifests, lock and retention, sourced by both scripts; shared with every
     * store's backup (see {@link BackupScripts}). {@code sh runs.sh list} lists the runs.
     */
    static final String RUNS_LIBRARY = BackupScripts.RUNS_LIBRARY;
    /** The PostgreSQL pieces both scripts share: connection checks and the private passfile. */
    static final String POSTGRES_LIBRARY = "pg.sh";
    /** What needs no live server (names, the drill's facts, the test pause): pg.sh and drill.sh source it. */
    static final String POSTGRES_COMMON = "pg-common.sh";
    /** This store's scripts; the ConfigMap adds runs.sh, offsite.sh and drills.sh. */
    static final List<String> SCRIPTS = List.of(BACKUP_SCRIPT, RESTORE_SCRIPT, DRILL_SCRIPT, POSTGRES_LIBRARY, POSTGRES_COMMON);
    /** The store's folder in the off-site bucket, and the manifests' {@code store}. */
    static final String STORE = PostgresStore.NAME;

    private final Postgres postgres;
    private final BackupSettings props;
    private final List<String> databases;
    private final Offsite offsite;

    /** Backups of every database, on the volume only. */
    public PostgresBackup(Construct scope, String id, Postgres postgres, BackupSettings props) {
        this(scope, id, postgres, props, List.of(), null);
    }

    /**
     * @param databases the databases to dump ({@link PostgresStore#backupDatabases()}); empty: every one
     * @param offsite   the environment's off-site copies, or {@code null} when they are switched off:
     *                  then each complete run is also copied off-site (and the restore can fetch one)
     */
    public PostgresBackup(Construct scope, String id, Postgres postgres, BackupSettings props, List<String> databases,
                          Offsite offsite) {
        super(scope, id);
        if (postgres == null) {
            throw new IllegalArgumentException("PostgresBackup needs the Postgres construct it backs up; pass it, not null");
        }
        if (props == null) {
            throw new IllegalArgumentException("PostgresBackup props are missing; pass the BackupSettings of PostgresStore.backup");
        }
        this.postgres = postgres;
        this.props = props;
        this.databases = List.copyOf(databases);
        this.offsite = offsite;
        Map<String, String> labels = Labels.of(props.name(), "backup");

        BackupJobs.claim(this, "dumps", meta(props.claimName(), labels), props.storage());
        BackupJobs.scripts(this, "scripts", meta(props.scriptsName(), labels), PostgresBackup.class, SCRIPTS);

        List<EnvVar> env = new ArrayList<>(connectionEnv(postgres));
        env.addAll(BackupJobs.settingsEnv(props));
        env.add(Pods.env("BACKUP_DATABASES", String.join(" ", this.databases)));
        env.addAll(BackupJobs.lockHolderEnv());

        BackupJobs.cronJob(this, "cronjob", meta(props.name(), labels), labels,
                JobTiming.of(props),
                podTemplate(postgres, props, labels, "backup", BACKUP_SCRIPT, env,
                        props.terminationGracePeriodSeconds(), props.resources().requirements(), offsite, Offsite.Mode.AFTER));

        if (offsite != null) {
            BackupJobs.offsiteSync(this, postgres.names(), postgres.props().image(), postgres.props().uid(), props, offsite, STORE);
        }
    }

    /** The off-site sync CronJob's name when off-site copies are on ({@link Offsite#syncName}), else empty. */
    public Optional<String> offsiteSyncName() {
        return offsite == null ? Optional.empty() : Optional.of(Offsite.syncName(STORE));
    }

    /** The environment's off-site copies; empty when they are switched off. */
    public Optional<Offsite> offsite() {
        return Optional.ofNullable(offsite);
    }

    /** The effective settings, defaults applied. */
    public BackupSettings props() {
        return props;
    }

    /** The server this construct backs up. */
    public Postgres postgres() {
        return postgres;
    }

    /** A script exactly as it is in the repository, from beside this class. */
    public static String script(String name) {
        return BackupScripts.read(PostgresBackup.class, name);
    }

    /** The ConfigMap's data: every script by its file name, runs.sh included. */
    static Map<String, String> scripts() {
        return BackupScripts.configMapData(PostgresBackup.class, SCRIPTS);
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
     * The pod of a backup or restore Job (see {@link BackupJobs#pod}): the server's image, uid and
     * client labels, and the superuser's password file; the passfile goes to the in-memory /tmp.
     */
    static PodTemplateSpec podTemplate(Postgres postgres, BackupSettings backup, Map<String, String> labels,
                                       String container, String script, List<EnvVar> env, int gracePeriodSeconds,
                                       ResourceRequirements resources, Offsite offsite, Offsite.Mode mode) {
        PostgresProps server = postgres.props();
        Map<String, String> podLabels = new TreeMap<>(labels);
        podLabels.putAll(postgres.clientLabels());
        return BackupJobs.pod(podLabels, container, server.image(), server.uid(), script, env, resources,
                gracePeriodSeconds, backup.claimName(), backup.scriptsName(), List.of(postgres.superuserMount()), "64Mi", offsite, mode, STORE);
    }

    private ObjectMeta meta(String name, Map<String, String> labels) {
        return postgres.names().meta(name, labels);
    }

}
