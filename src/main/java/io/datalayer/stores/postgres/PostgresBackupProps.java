package io.datalayer.stores.postgres;

import io.datalayer.backup.BackupChecks;
import io.datalayer.kit.Checks;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import java.util.List;

/**
 * Settings of the {@link PostgresBackup} construct. {@code retention}, {@code storage} and
 * {@code resources} are production choices without a default: each environment sets them (see
 * {@code Environments}). Every other component may be {@code null} to take its documented default; the compact constructor applies the defaults once and validates, so an
 * instance always holds the effective, valid values. Build one with {@link #builder()}.
 *
 * @param name                       CronJob name, and the stem of the claim ({@code <name>s}) and script
 *                                   ConfigMap ({@code <name>-scripts}); default {@code postgresql-backup}
 * @param schedule                   cron schedule; default {@code 30 2 * * *} (02:30 every night)
 * @param timeZone                   IANA time zone of the schedule; default {@code Etc/UTC}
 * @param retention                  newest complete runs kept; required, at least 1
 * @param keepWeekly                 besides those, the newest complete run of each of this many ISO weeks;
 *                                   default 4, at least 0
 * @param shrinkWarnPercent          a run whose bytes fall below this share of the last normal run's, or that
 *                                   holds fewer databases, logs a warning and that last normal run is kept until
 *                                   a person removes it; default 50, 1 to 100
 * @param lockWaitSeconds            how long a run waits for a running backup or restore before it fails naming
 *                                   the holder; default 600, at least 0 and below activeDeadlineSeconds
 * @param terminationGracePeriodSeconds time the script gets after SIGTERM to stop pg_dump and record the
 *                                   run as interrupted; default 60, at least 10
 * @param databases                  databases to dump; default empty, meaning every database except template0
 *                                   (template1 and other templates included). Listed names are limited to
 *                                   letters, digits, '_', '.' and '-' because the list is one space-separated
 *                                   variable; the full backup takes any name
 * @param storage                    the dumps claim (size, class, access mode); required
 * @param startingDeadlineSeconds    a run missed by more than this is skipped, not started late; default 3600
 * @param backoffLimit               retries of a failed run; default 2
 * @param activeDeadlineSeconds      a run taking longer is stopped and fails; default 10800 (3 hours)
 * @param successfulJobsHistoryLimit finished runs kept; default 3
 * @param failedJobsHistoryLimit     failed runs kept for their logs; default 3
 * @param ttlSecondsAfterFinished    finished Jobs are deleted after this; default 604800 (7 days)
 * @param resources                  the backup container's requests and limits; required
 */
public record PostgresBackupProps(
        String name,
        String schedule,
        String timeZone,
        Integer retention,
        Integer keepWeekly,
        Integer shrinkWarnPercent,
        Integer lockWaitSeconds,
        Integer terminationGracePeriodSeconds,
        List<String> databases,
        Storage storage,
        Integer startingDeadlineSeconds,
        Integer backoffLimit,
        Integer activeDeadlineSeconds,
        Integer successfulJobsHistoryLimit,
        Integer failedJobsHistoryLimit,
        Integer ttlSecondsAfterFinished,
        Resources resources) {

    /** template0 cannot be connected to, and is the same on every server of a version. */
    private static final String TEMPLATE0 = "template0";

    public PostgresBackupProps {
        name = BackupChecks.cronJobName("PostgresBackupProps.name", or(name, "postgresql-backup"));
        schedule = Checks.cronSchedule("PostgresBackupProps.schedule", or(schedule, "30 2 * * *"));
        timeZone = Checks.timeZone("PostgresBackupProps.timeZone", or(timeZone, "Etc/UTC"));
        if (retention == null) {
            throw new IllegalArgumentException("PostgresBackupProps.retention is not set; give the number of dumps"
                    + " kept per database (the environment sets it, see Environments)");
        }
        retention = Checks.atLeast("PostgresBackupProps.retention", retention, 1);
        keepWeekly = Checks.atLeast("PostgresBackupProps.keepWeekly", or(keepWeekly, 4), 0);
        shrinkWarnPercent = BackupChecks.shrinkPercent("PostgresBackupProps.shrinkWarnPercent", or(shrinkWarnPercent, 50));
        lockWaitSeconds = Checks.atLeast("PostgresBackupProps.lockWaitSeconds", or(lockWaitSeconds, 600), 0);
        // The kubelet's SIGTERM must leave time to stop pg_dump and write the manifest of a failed run.
        terminationGracePeriodSeconds = Checks.atLeast("PostgresBackupProps.terminationGracePeriodSeconds",
                or(terminationGracePeriodSeconds, 60), 10);
        databases = checkDatabases(databases == null ? List.of() : databases);
        storage = Storage.require("PostgresBackupProps.storage", storage);
        // Below 10 seconds the CronJob controller may miss every run.
        startingDeadlineSeconds = Checks.atLeast("PostgresBackupProps.startingDeadlineSeconds",
                or(startingDeadlineSeconds, 3600), 10);
        backoffLimit = Checks.atLeast("PostgresBackupProps.backoffLimit", or(backoffLimit, 2), 0);
        activeDeadlineSeconds = Checks.atLeast("PostgresBackupProps.activeDeadlineSeconds",
                or(activeDeadlineSeconds, 10800), 60);
        BackupChecks.lockWaitBelowDeadline("PostgresBackupProps", lockWaitSeconds, activeDeadlineSeconds,
                "a run that waits that long for the lock is killed before it can dump anything");
        successfulJobsHistoryLimit = Checks.atLeast("PostgresBackupProps.successfulJobsHistoryLimit",
                or(successfulJobsHistoryLimit, 3), 0);
        failedJobsHistoryLimit = Checks.atLeast("PostgresBackupProps.failedJobsHistoryLimit",
                or(failedJobsHistoryLimit, 3), 1);
        ttlSecondsAfterFinished = Checks.atLeast("PostgresBackupProps.ttlSecondsAfterFinished",
                or(ttlSecondsAfterFinished, 604800), 0);
        resources = Resources.require("PostgresBackupProps.resources", resources);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().name(name).schedule(schedule).timeZone(timeZone).retention(retention).keepWeekly(keepWeekly)
                .shrinkWarnPercent(shrinkWarnPercent).lockWaitSeconds(lockWaitSeconds)
                .terminationGracePeriodSeconds(terminationGracePeriodSeconds).databases(databases)
                .storage(storage).startingDeadlineSeconds(startingDeadlineSeconds).backoffLimit(backoffLimit)
                .activeDeadlineSeconds(activeDeadlineSeconds).successfulJobsHistoryLimit(successfulJobsHistoryLimit)
                .failedJobsHistoryLimit(failedJobsHistoryLimit).ttlSecondsAfterFinished(ttlSecondsAfterFinished)
                .resources(resources);
    }

    /** Name of the PersistentVolumeClaim that holds the dumps. */
    public String claimName() {
        return name + "s";
    }

    /** Name of the ConfigMap that holds the backup and restore scripts. */
    public String scriptsName() {
        return name + "-scripts";
    }

    private static List<String> checkDatabases(List<String> databases) {
        for (String db : databases) {
            // backup.sh receives the list as one variable split on spaces and commas.
            if (db == null || !db.matches("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$")) {
                throw new IllegalArgumentException("PostgresBackupProps.databases entry \"" + db + "\" cannot be listed;"
                        + " use at most 63 letters, digits, '_', '.' and '-', not starting with '.' or '-', or leave"
                        + " databases empty to back up every database whatever its name");
            }
            if (TEMPLATE0.equals(db)) {
                throw new IllegalArgumentException("PostgresBackupProps.databases entry \"template0\" cannot be dumped"
                        + " (it accepts no connections and every server has it); remove it");
            }
        }
        if (databases.stream().distinct().count() != databases.size()) {
            throw new IllegalArgumentException("PostgresBackupProps.databases " + databases + " names a database twice;"
                    + " list each once");
        }
        return List.copyOf(databases);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** Fluent construction; unset fields take the documented defaults. */
    public static final class Builder {
        private String name;
        private String schedule;
        private String timeZone;
        private Integer retention;
        private Integer keepWeekly;
        private Integer shrinkWarnPercent;
        private Integer lockWaitSeconds;
        private Integer terminationGracePeriodSeconds;
        private List<String> databases;
        private Storage storage;
        private Integer startingDeadlineSeconds;
        private Integer backoffLimit;
        private Integer activeDeadlineSeconds;
        private Integer successfulJobsHistoryLimit;
        private Integer failedJobsHistoryLimit;
        private Integer ttlSecondsAfterFinished;
        private Resources resources;

        private Builder() {
        }

        public Builder name(String v) { name = v; return this; }
        public Builder schedule(String v) { schedule = v; return this; }
        public Builder timeZone(String v) { timeZone = v; return this; }
        public Builder retention(int v) { retention = v; return this; }
        public Builder keepWeekly(int v) { keepWeekly = v; return this; }
        public Builder shrinkWarnPercent(int v) { shrinkWarnPercent = v; return this; }
        public Builder lockWaitSeconds(int v) { lockWaitSeconds = v; return this; }
        public Builder terminationGracePeriodSeconds(int v) { terminationGracePeriodSeconds = v; return this; }
        public Builder databases(List<String> v) { databases = v; return this; }
        public Builder storage(Storage v) { storage = v; return this; }
        public Builder startingDeadlineSeconds(int v) { startingDeadlineSeconds = v; return this; }
        public Builder backoffLimit(int v) { backoffLimit = v; return this; }
        public Builder activeDeadlineSeconds(int v) { activeDeadlineSeconds = v; return this; }
        public Builder successfulJobsHistoryLimit(int v) { successfulJobsHistoryLimit = v; return this; }
        public Builder failedJobsHistoryLimit(int v) { failedJobsHistoryLimit = v; return this; }
        public Builder ttlSecondsAfterFinished(int v) { ttlSecondsAfterFinished = v; return this; }
        public Builder resources(Resources v) { resources = v; return this; }

        public PostgresBackupProps build() {
            return new PostgresBackupProps(name, schedule, timeZone, retention, keepWeekly, shrinkWarnPercent,
                    lockWaitSeconds, terminationGracePeriodSeconds, databases, storage,
                    startingDeadlineSeconds, backoffLimit, activeDeadlineSeconds, successfulJobsHistoryLimit,
                    failedJobsHistoryLimit, ttlSecondsAfterFinished, resources);
        }
    }
}
