package io.datalayer.postgres;

import io.datalayer.k8s.Checks;
import java.util.List;
import java.util.Set;

/**
 * Settings of the {@link PostgresBackup} construct. Every component may be {@code null} to take its
 * documented default; the compact constructor applies the defaults once and validates, so an
 * instance always holds the effective, valid values. Build one with {@link #builder()}.
 *
 * @param name                       CronJob name, and the stem of the claim ({@code <name>s}) and script
 *                                   ConfigMap ({@code <name>-scripts}); default {@code postgresql-backup}
 * @param schedule                   cron schedule; default {@code 30 2 * * *} (02:30 every night)
 * @param timeZone                   IANA time zone of the schedule; default {@code Etc/UTC}
 * @param retention                  dumps kept per database, newest first; default 7, at least 1
 * @param databases                  databases to dump; default empty, meaning every database that is not a
 *                                   template (names must be usable in a file name)
 * @param storageSize                size of the dumps claim; default {@code 20Gi}
 * @param storageClass               storage class of the dumps claim; default {@code local-path}, k3s's provisioner
 * @param startingDeadlineSeconds    a run missed by more than this is skipped, not started late; default 3600
 * @param backoffLimit               retries of a failed run; default 2
 * @param activeDeadlineSeconds      a run taking longer is stopped and fails; default 10800 (3 hours)
 * @param successfulJobsHistoryLimit finished runs kept; default 3
 * @param failedJobsHistoryLimit     failed runs kept for their logs; default 3
 * @param ttlSecondsAfterFinished    finished Jobs are deleted after this; default 604800 (7 days)
 * @param cpuRequest                 default {@code 100m}
 * @param memoryRequest              default {@code 256Mi}
 * @param cpuLimit                   default {@code 1}
 * @param memoryLimit                default {@code 1Gi}
 */
public record PostgresBackupProps(
        String name,
        String schedule,
        String timeZone,
        Integer retention,
        List<String> databases,
        String storageSize,
        String storageClass,
        Integer startingDeadlineSeconds,
        Integer backoffLimit,
        Integer activeDeadlineSeconds,
        Integer successfulJobsHistoryLimit,
        Integer failedJobsHistoryLimit,
        Integer ttlSecondsAfterFinished,
        String cpuRequest,
        String memoryRequest,
        String cpuLimit,
        String memoryLimit) {

    private static final Set<String> TEMPLATES = Set.of("template0", "template1");

    public PostgresBackupProps {
        name = Checks.dnsLabel("PostgresBackupProps.name", or(name, "postgresql-backup"));
        if (name.length() > 52) {
            // The CronJob controller appends an 11-character suffix to Job names, which must stay within 63.
            throw new IllegalArgumentException("PostgresBackupProps.name \"" + name + "\" is " + name.length()
                    + " characters long; use at most 52 (a CronJob's Jobs add 11)");
        }
        schedule = Checks.cronSchedule("PostgresBackupProps.schedule", or(schedule, "30 2 * * *"));
        timeZone = Checks.timeZone("PostgresBackupProps.timeZone", or(timeZone, "Etc/UTC"));
        retention = Checks.atLeast("PostgresBackupProps.retention", or(retention, 7), 1);
        databases = checkDatabases(databases == null ? List.of() : databases);
        storageSize = Checks.quantity("PostgresBackupProps.storageSize", or(storageSize, "20Gi"));
        storageClass = Checks.dnsSubdomain("PostgresBackupProps.storageClass", or(storageClass, "local-path"));
        // Below 10 seconds the CronJob controller may miss every run.
        startingDeadlineSeconds = Checks.atLeast("PostgresBackupProps.startingDeadlineSeconds",
                or(startingDeadlineSeconds, 3600), 10);
        backoffLimit = Checks.atLeast("PostgresBackupProps.backoffLimit", or(backoffLimit, 2), 0);
        activeDeadlineSeconds = Checks.atLeast("PostgresBackupProps.activeDeadlineSeconds",
                or(activeDeadlineSeconds, 10800), 60);
        successfulJobsHistoryLimit = Checks.atLeast("PostgresBackupProps.successfulJobsHistoryLimit",
                or(successfulJobsHistoryLimit, 3), 0);
        failedJobsHistoryLimit = Checks.atLeast("PostgresBackupProps.failedJobsHistoryLimit",
                or(failedJobsHistoryLimit, 3), 1);
        ttlSecondsAfterFinished = Checks.atLeast("PostgresBackupProps.ttlSecondsAfterFinished",
                or(ttlSecondsAfterFinished, 604800), 0);
        cpuRequest = Checks.quantity("PostgresBackupProps.cpuRequest", or(cpuRequest, "100m"));
        memoryRequest = Checks.quantity("PostgresBackupProps.memoryRequest", or(memoryRequest, "256Mi"));
        cpuLimit = Checks.quantity("PostgresBackupProps.cpuLimit", or(cpuLimit, "1"));
        memoryLimit = Checks.quantity("PostgresBackupProps.memoryLimit", or(memoryLimit, "1Gi"));
    }

    /** All defaults. */
    public static PostgresBackupProps defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Name of the PersistentVolumeClaim that holds the dumps. */
    public String claimName() {
        return name + "s";
    }

    /** Name of the ConfigMap that holds backup.sh and restore.sh. */
    public String scriptsName() {
        return name + "-scripts";
    }

    private static List<String> checkDatabases(List<String> databases) {
        for (String db : databases) {
            // backup.sh puts the name in a file name and splits the list on spaces and commas.
            if (db == null || !db.matches("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$")) {
                throw new IllegalArgumentException("PostgresBackupProps.databases entry \"" + db + "\" is not a database"
                        + " name the backup can put in a file name; use at most 63 letters, digits, '_', '.' and '-',"
                        + " not starting with '.' or '-'");
            }
            if (TEMPLATES.contains(db)) {
                throw new IllegalArgumentException("PostgresBackupProps.databases entry \"" + db + "\" is a template"
                        + " database; list only databases that hold data");
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
        private List<String> databases;
        private String storageSize;
        private String storageClass;
        private Integer startingDeadlineSeconds;
        private Integer backoffLimit;
        private Integer activeDeadlineSeconds;
        private Integer successfulJobsHistoryLimit;
        private Integer failedJobsHistoryLimit;
        private Integer ttlSecondsAfterFinished;
        private String cpuRequest;
        private String memoryRequest;
        private String cpuLimit;
        private String memoryLimit;

        private Builder() {
        }

        public Builder name(String v) { name = v; return this; }
        public Builder schedule(String v) { schedule = v; return this; }
        public Builder timeZone(String v) { timeZone = v; return this; }
        public Builder retention(int v) { retention = v; return this; }
        public Builder databases(List<String> v) { databases = v; return this; }
        public Builder storageSize(String v) { storageSize = v; return this; }
        public Builder storageClass(String v) { storageClass = v; return this; }
        public Builder startingDeadlineSeconds(int v) { startingDeadlineSeconds = v; return this; }
        public Builder backoffLimit(int v) { backoffLimit = v; return this; }
        public Builder activeDeadlineSeconds(int v) { activeDeadlineSeconds = v; return this; }
        public Builder successfulJobsHistoryLimit(int v) { successfulJobsHistoryLimit = v; return this; }
        public Builder failedJobsHistoryLimit(int v) { failedJobsHistoryLimit = v; return this; }
        public Builder ttlSecondsAfterFinished(int v) { ttlSecondsAfterFinished = v; return this; }
        public Builder cpuRequest(String v) { cpuRequest = v; return this; }
        public Builder memoryRequest(String v) { memoryRequest = v; return this; }
        public Builder cpuLimit(String v) { cpuLimit = v; return this; }
        public Builder memoryLimit(String v) { memoryLimit = v; return this; }

        public PostgresBackupProps build() {
            return new PostgresBackupProps(name, schedule, timeZone, retention, databases, storageSize, storageClass,
                    startingDeadlineSeconds, backoffLimit, activeDeadlineSeconds, successfulJobsHistoryLimit,
                    failedJobsHistoryLimit, ttlSecondsAfterFinished, cpuRequest, memoryRequest, cpuLimit, memoryLimit);
        }
    }
}
