package io.datalayer.stores.postgres;

import io.datalayer.backup.BackupSettings;
import io.datalayer.backup.DrillSettings;
import io.datalayer.backup.RestoreDrill;
import io.datalayer.backup.RestoreSettings;
import io.datalayer.gate.Rule;
import io.datalayer.kit.Defaults;
import io.datalayer.monitoring.Alerts;
import io.datalayer.secrets.SecretRequirement;
import io.datalayer.stores.Store;
import io.datalayer.stores.StoreContext;
import java.util.List;
import software.constructs.Construct;

/**
 * The business PostgreSQL as one store of an environment: the server, its superuser password from
 * Vault, the nightly backup and the suspended restore, and with monitoring on its exporter, the
 * exporter's role and the alerts on them. Every component but {@code server}, {@code backup} and
 * {@code restore} may be {@code null} to take its default; the compact constructor applies them and
 * checks what only the whole store can (a key the ExternalSecret does not copy, a monitoring secret
 * that would hand the exporter the superuser's password).
 *
 * @param server                  the PostgreSQL server; its superuser Secret name and key are the target of
 *                                the ExternalSecret, so they are set in one place
 * @param superuserSecret         the Vault secret holding the superuser password; default {@link #SUPERUSER_SECRET}
 *                                ({@code secret/data/postgres}, key {@code password}, at least 16 characters)
 * @param backup                  the nightly pg_dump CronJob and its volume; start from {@link #backupSettings()}
 * @param backupDatabases         databases to dump; default empty, meaning every database except template0.
 *                                Listed names are limited to letters, digits, '_', '.' and '-' because the list
 *                                is one space-separated variable; the full backup takes any name
 * @param restore                 the suspended restore CronJob; start from {@link #restoreSettings()}. Its
 *                                {@code keepReplaced} keeps each replaced database renamed
 *                                {@code replaced-<restore stamp>-<n>}
 * @param restoreTerminateClients disconnect clients of the databases being restored; default false: the
 *                                restore refuses and lists the sessions. An operator can override it per Job
 * @param monitoring              the exporter's role, secret and image, used when the environment's monitoring
 *                                is on; default {@link PostgresMonitoring#defaults()}
 * @param drill                   the nightly restore drill ({@link RestoreDrill}, {@code drill.sh}); start from
 *                                {@link #drillSettings()}. Default {@code null}: no drill CronJob (a store for a
 *                                test); every environment sets one
 */
public record PostgresStore(PostgresProps server, SecretRequirement superuserSecret, BackupSettings backup,
                            List<String> backupDatabases, RestoreSettings restore, Boolean restoreTerminateClients,
                            PostgresMonitoring monitoring, DrillSettings drill) implements Store {
    /** The store's name: its folder in the off-site bucket, the manifests' {@code store}, its alerts' label. */
    public static final String NAME = "postgresql";
    /** The secret the platform layer (L2) writes for PostgreSQL. */
    public static final SecretRequirement SUPERUSER_SECRET = SecretRequirement.of("postgres", "password").withMinLength(16);
    /** template0 cannot be connected to, and is the same on every server of a version. */
    private static final String TEMPLATE0 = "template0";

    public PostgresStore {
        if (server == null) {
            throw new IllegalArgumentException("PostgresStore.server is not set; give the PostgresProps of the environment");
        }
        if (backup == null) {
            throw new IllegalArgumentException("PostgresStore.backup is not set; start from PostgresStore.backupSettings()");
        }
        if (restore == null) {
            throw new IllegalArgumentException("PostgresStore.restore is not set; start from PostgresStore.restoreSettings()");
        }
        superuserSecret = Defaults.or(superuserSecret, SUPERUSER_SECRET);
        backupDatabases = checkDatabases(Defaults.or(backupDatabases, List.of()));
        restoreTerminateClients = Defaults.or(restoreTerminateClients, false);
        monitoring = Defaults.or(monitoring, PostgresMonitoring.defaults());
        if (!superuserSecret.keys().contains(server.superuserPasswordKey())) {
            throw new IllegalArgumentException("PostgresProps.superuserPasswordKey \"" + server.superuserPasswordKey()
                    + "\" is not among the keys " + superuserSecret.keys() + " of the Vault secret "
                    + superuserSecret.apiPath() + "; the ExternalSecret copies those keys, so use one of them");
        }
        if (monitoring.secret().apiPath().equals(superuserSecret.apiPath())) {
            throw new IllegalArgumentException("PostgresMonitoring.secret is " + monitoring.secret().apiPath()
                    + ", the superuser's secret; give the monitoring role a Vault path of its own, so the exporter's"
                    + " Secret never holds the superuser password");
        }
    }

    /** This store with every optional setting at its default. */
    public static PostgresStore of(PostgresProps server, BackupSettings backup, RestoreSettings restore) {
        return new PostgresStore(server, null, backup, null, restore, null, null, null);
    }

    /** Backup settings holding PostgreSQL's defaults: {@code postgresql-backup} at 02:30, 3 hours, 60 s grace. */
    public static BackupSettings.Builder backupSettings() {
        // The kubelet's SIGTERM must leave time to stop pg_dump and write the manifest of a failed run.
        return BackupSettings.builder().name("postgresql-backup").schedule("30 2 * * *")
                .terminationGracePeriodSeconds(60).activeDeadlineSeconds(10800);
    }

    /** Restore settings holding PostgreSQL's defaults: {@code postgresql-restore}, 6 hours, 120 s grace. */
    public static RestoreSettings.Builder restoreSettings() {
        // The grace drops the temporary databases and roles a stopped restore created.
        return RestoreSettings.builder().name("postgresql-restore").activeDeadlineSeconds(21600)
                .terminationGracePeriodSeconds(120);
    }

    /**
     * Drill settings holding PostgreSQL's defaults: {@code postgresql-drill}, 3 hours; its schedule derived
     * from the backup's (02:30 and 3 hours: 05:45).
     */
    public static DrillSettings.Builder drillSettings() {
        return DrillSettings.builder().name("postgresql-drill").activeDeadlineSeconds(10800);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void build(StoreContext context) {
        Construct scope = context.scope();
        // The Secret's name and key come from PostgresProps; the ExternalSecret writes exactly that.
        context.externalSecret("postgresql-superuser", superuserSecret, server.superuserSecretName());
        MonitoringRole role = null;
        if (context.monitoring().enabled()) {
            role = MonitoringRole.of(monitoring, server);
            context.externalSecret("postgresql-monitoring", monitoring.secret(), role.secretName());
        }
        Postgres postgres = new Postgres(scope, "postgresql", server, role);
        PostgresBackup dumps = new PostgresBackup(scope, "postgresql-backup", postgres, backup, backupDatabases,
                context.offsite());
        new PostgresRestore(scope, "postgresql-restore", dumps, restore, restoreTerminateClients);
        if (drill != null) {
            RestoreDrill drills = new RestoreDrill(scope, "postgresql-drill", postgres.names(), NAME, server.image(),
                    server.uid(), drill, backup, PostgresBackup.DRILL_SCRIPT, context.offsite());
            drills.watched().ifPresent(context.alerts()::drill);
        }
        // With off-site copies on, the sync CronJob has its own lag alert.
        context.alerts().backup(new Alerts.Backup(NAME, backup.name(), dumps.offsiteSyncName().orElse(null)));
        if (context.monitoring().enabled()) {
            new PostgresExporter(scope, "postgresql-exporter", postgres, context.monitoring(), monitoring.exporterImage());
            context.alerts().exporter(new Alerts.Exporter(NAME, PostgresExporter.exporterName(server),
                    PostgresExporter.UP_METRIC));
        }
    }

    /** What PostgreSQL would refuse in a {@code postgresql.conf} ({@link PostgresSettings}). */
    @Override
    public List<Rule> rules() {
        return List.of(PostgresSettings.CHECK);
    }

    /** A builder holding this store, to change some of it. */
    public Builder toBuilder() {
        return new Builder().server(server).superuserSecret(superuserSecret).backup(backup)
                .backupDatabases(backupDatabases).restore(restore).restoreTerminateClients(restoreTerminateClients)
                .monitoring(monitoring).drill(drill);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static List<String> checkDatabases(List<String> databases) {
        for (String db : databases) {
            // backup.sh receives the list as one variable split on spaces and commas.
            if (db == null || !db.matches("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$")) {
                throw new IllegalArgumentException("PostgresStore.backupDatabases entry \"" + db + "\" cannot be listed;"
                        + " use at most 63 letters, digits, '_', '.' and '-', not starting with '.' or '-', or leave"
                        + " backupDatabases empty to back up every database whatever its name");
            }
            if (TEMPLATE0.equals(db)) {
                throw new IllegalArgumentException("PostgresStore.backupDatabases entry \"template0\" cannot be dumped"
                        + " (it accepts no connections and every server has it); remove it");
            }
        }
        if (databases.stream().distinct().count() != databases.size()) {
            throw new IllegalArgumentException("PostgresStore.backupDatabases " + databases + " names a database twice;"
                    + " list each once");
        }
        return List.copyOf(databases);
    }

    /** Fluent construction; unset fields take the documented defaults. */
    public static final class Builder {
        private PostgresProps server;
        private SecretRequirement superuserSecret;
        private BackupSettings backup;
        private List<String> backupDatabases;
        private RestoreSettings restore;
        private Boolean restoreTerminateClients;
        private PostgresMonitoring monitoring;
        private DrillSettings drill;

        private Builder() {
        }

        public Builder server(PostgresProps v) { server = v; return this; }
        public Builder superuserSecret(SecretRequirement v) { superuserSecret = v; return this; }
        public Builder backup(BackupSettings v) { backup = v; return this; }
        public Builder backupDatabases(List<String> v) { backupDatabases = v; return this; }
        public Builder restore(RestoreSettings v) { restore = v; return this; }
        public Builder restoreTerminateClients(Boolean v) { restoreTerminateClients = v; return this; }
        public Builder monitoring(PostgresMonitoring v) { monitoring = v; return this; }
        public Builder drill(DrillSettings v) { drill = v; return this; }

        public PostgresStore build() {
            return new PostgresStore(server, superuserSecret, backup, backupDatabases, restore, restoreTerminateClients,
                    monitoring, drill);
        }
    }
}
