package io.datalayer.stores.neo4j;

import io.datalayer.backup.BackupSettings;
import io.datalayer.kit.Checks;
import io.datalayer.kit.Defaults;
import io.datalayer.kit.StoreNames;
import java.util.List;

/**
 * What {@link Neo4jBackup} needs of the server it backs up, and the settings only Neo4j's backup has
 * (the shared ones are the {@link BackupSettings}). The server construct is built elsewhere: the store
 * passes its names, image and uid here, and mounts {@link Neo4jBackup#serverMounts()} and sets
 * {@link Neo4jBackup#serverEnv()} in the server container, whose supervisor runs the dumps.
 * {@code null} components take the defaults below; the compact constructor applies them once and
 * validates, so an instance holds the effective values.
 *
 * @param server                   the server's names: its StatefulSet name (the alert watches it), namespace and
 *                                 pod selector labels (the Jobs' podAffinity); required
 * @param image                    the server's image, pinned: the Jobs run {@code request.sh} with its {@code sh};
 *                                 required
 * @param uid                      the server's uid and gid; default 7474 (the image's neo4j user)
 * @param settings                 the backup CronJob, runs claim and retention; start from
 *                                 {@link #backupSettings()}; required
 * @param maintenanceWindowSeconds how long neo4j may stay down for one backup or restore: the supervisor kills
 *                                 the script at its end and starts neo4j. Required, and not a setting of its own:
 *                                 the server's {@link Neo4jProps#maintenanceWindowSeconds()} is the one source
 *                                 (its supervisor enforces it), {@link #of(StoreNames, Neo4jProps, BackupSettings)}
 *                                 copies it; at least 60
 * @param requestMarginSeconds     what a Job waits for the result beyond the window: the supervisor's poll, the
 *                                 stop and the start of neo4j; default 300, at least 30 ({@link #of} derives it
 *                                 from the server's poll, grace and start timeout)
 * @param scratchSize              the size limit of the server pod's scratch emptyDir the dumps are loaded into to
 *                                 prove them; default the runs claim's size (a loaded store is larger than its
 *                                 compressed dump, the claim holds several)
 * @param databases                the databases every run holds; default {@code neo4j, system} (Community keeps the
 *                                 users in system)
 */
public record Neo4jBackupProps(StoreNames server, String image, Integer uid, BackupSettings settings,
                               Integer maintenanceWindowSeconds, Integer requestMarginSeconds, String scratchSize,
                               List<String> databases) {
    /** The image's neo4j user and group. */
    public static final int DEFAULT_UID = 7474;

    public Neo4jBackupProps {
        if (server == null) {
            throw new IllegalArgumentException("Neo4jBackupProps.server is not set; pass the StoreNames of the Neo4j server");
        }
        image = Checks.pinnedImage("Neo4jBackupProps.image", image);
        uid = Checks.atLeast("Neo4jBackupProps.uid", Defaults.or(uid, DEFAULT_UID), 1);
        if (settings == null) {
            throw new IllegalArgumentException("Neo4jBackupProps.settings is not set; start from Neo4jBackupProps.backupSettings()");
        }
        if (maintenanceWindowSeconds == null) {
            throw new IllegalArgumentException("Neo4jBackupProps.maintenanceWindowSeconds is not set; pass the server's"
                    + " Neo4jProps.maintenanceWindowSeconds (Neo4jBackupProps.of does), the window its supervisor enforces");
        }
        maintenanceWindowSeconds = Checks.atLeast("Neo4jBackupProps.maintenanceWindowSeconds", maintenanceWindowSeconds, 60);
        requestMarginSeconds = Checks.atLeast("Neo4jBackupProps.requestMarginSeconds",
                Defaults.or(requestMarginSeconds, 300), 30);
        scratchSize = Checks.quantity("Neo4jBackupProps.scratchSize", Defaults.or(scratchSize, settings.storage().size()));
        databases = List.copyOf(Defaults.or(databases, List.of("neo4j", "system")));
        if (databases.isEmpty() || !databases.contains("system")) {
            throw new IllegalArgumentException("Neo4jBackupProps.databases " + databases + " does not hold system;"
                    + " Community keeps the users and their passwords in system, so every run must dump it");
        }
        for (String db : databases) {
            if (db == null || !db.matches("^[a-z0-9][a-z0-9.-]*$")) {
                throw new IllegalArgumentException("Neo4jBackupProps.databases holds \"" + db + "\", not a Neo4j database"
                        + " name; use lower-case letters, digits, dots and dashes");
            }
        }
        if (settings.lockWaitSeconds() >= maintenanceWindowSeconds) {
            throw new IllegalArgumentException("BackupSettings(" + settings.name() + ").lockWaitSeconds " + settings.lockWaitSeconds()
                    + " is not below Neo4jBackupProps.maintenanceWindowSeconds " + maintenanceWindowSeconds
                    + "; the backup waits for the lock while neo4j is down, so give it less than the window");
        }
        int wait = maintenanceWindowSeconds + requestMarginSeconds;
        if (settings.activeDeadlineSeconds() <= wait) {
            throw new IllegalArgumentException("BackupSettings(" + settings.name() + ").activeDeadlineSeconds "
                    + settings.activeDeadlineSeconds() + " is not above the maintenance window plus the request margin ("
                    + wait + "s); the Job would be killed while neo4j is down for it. Raise it or shorten the window");
        }
    }

    /**
     * The backup of the server {@code neo4j} named {@code names}: its image, uid and maintenance window,
     * and a request margin that covers what the supervisor does around the window (a poll, the stop of
     * neo4j within the pod's grace, its start within the start timeout), so a Job never gives up on a
     * maintenance the supervisor is still finishing.
     */
    public static Neo4jBackupProps of(StoreNames names, Neo4jProps neo4j, BackupSettings settings) {
        return new Neo4jBackupProps(names, neo4j.image(), neo4j.uid(), settings, neo4j.maintenanceWindowSeconds(),
                neo4j.maintenancePollSeconds() + neo4j.terminationGracePeriodSeconds() + neo4j.startTimeoutSeconds(),
                null, null);
    }

    /**
     * Backup settings holding Neo4j's defaults: {@code neo4j-backup} at 03:30 UTC, after the PostgreSQL
     * (02:30) and Redis (02:45) backups have started, in the quietest hour of the platform's (European)
     * users, so the maintenance window's downtime falls where the fewest requests are; 2 hours for the Job
     * (the 30-minute window, the margin and the off-site upload), 60 s grace, and a lock wait of 300 s,
     * below the window (the backup waits for the lock while neo4j is already down).
     */
    public static BackupSettings.Builder backupSettings() {
        return BackupSettings.builder().name("neo4j-backup").schedule("30 3 * * *")
                .terminationGracePeriodSeconds(60).activeDeadlineSeconds(7200).lockWaitSeconds(300);
    }

    /** The Jobs wait this long for the supervisor's result: the window plus the margin. */
    public int requestWaitSeconds() {
        return maintenanceWindowSeconds + requestMarginSeconds;
    }

    /** A builder holding these props, to change some of them. */
    public Builder toBuilder() {
        return new Builder().server(server).image(image).uid(uid).settings(settings)
                .maintenanceWindowSeconds(maintenanceWindowSeconds).requestMarginSeconds(requestMarginSeconds)
                .scratchSize(scratchSize).databases(databases);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction; unset fields take the documented defaults. */
    public static final class Builder {
        private StoreNames server;
        private String image;
        private Integer uid;
        private BackupSettings settings;
        private Integer maintenanceWindowSeconds;
        private Integer requestMarginSeconds;
        private String scratchSize;
        private List<String> databases;

        private Builder() {
        }

        public Builder server(StoreNames v) { server = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder uid(Integer v) { uid = v; return this; }
        public Builder settings(BackupSettings v) { settings = v; return this; }
        public Builder maintenanceWindowSeconds(Integer v) { maintenanceWindowSeconds = v; return this; }
        public Builder requestMarginSeconds(Integer v) { requestMarginSeconds = v; return this; }
        public Builder scratchSize(String v) { scratchSize = v; return this; }
        public Builder databases(List<String> v) { databases = v; return this; }

        public Neo4jBackupProps build() {
            return new Neo4jBackupProps(server, image, uid, settings, maintenanceWindowSeconds, requestMarginSeconds,
                    scratchSize, databases);
        }
    }
}
