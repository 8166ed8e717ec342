package io.datalayer.stores.redis;

import io.datalayer.backup.BackupChecks;
import io.datalayer.kit.Checks;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;

/**
 * Settings of the {@link RedisBackup} construct. {@code retention}, {@code storage} and
 * {@code resources} are production choices without a default: each environment sets them (see
 * {@code Environments}). Every other component may be {@code null} to take its documented default;
 * the compact constructor applies the defaults once and validates. Build one with {@link #builder()}.
 *
 * @param name                       CronJob name, and the stem of the claim ({@code <name>s}) and script
 *                                   ConfigMap ({@code <name>-scripts}); default {@code redis-backup}, at most 52
 *                                   characters
 * @param schedule                   cron schedule; default {@code 45 2 * * *} (02:45, after the PostgreSQL backup
 *                                   has started, so two forks do not start the same minute)
 * @param timeZone                   IANA time zone of the schedule; default {@code Etc/UTC}
 * @param retention                  newest complete runs kept; required, at least 1
 * @param keepWeekly                 besides those, the newest complete run of each of this many ISO weeks;
 *                                   default 4, at least 0
 * @param shrinkWarnPercent          a run whose key count or bytes fall below this share of the last normal
 *                                   run's logs a warning, and that last normal run is kept until a person removes
 *                                   it; default 50, 1 to 100. A cache's key count moves every night, so keys are
 *                                   compared by share, not one by one as PostgreSQL's databases are
 * @param lockWaitSeconds            how long a run waits for a running backup or restore before it fails naming
 *                                   the holder; default 600, at least 0 and below activeDeadlineSeconds
 * @param terminationGracePeriodSeconds time the script gets after SIGTERM to stop the transfer and record the
 *                                   run as interrupted; default 30, at least 10
 * @param storage                    the runs claim (size, class, access mode); required
 * @param startingDeadlineSeconds    a run missed by more than this is skipped, not started late; default 3600
 * @param backoffLimit               retries of a failed run; default 2
 * @param activeDeadlineSeconds      a run taking longer is stopped and fails; default 3600
 * @param successfulJobsHistoryLimit finished runs kept; default 3
 * @param failedJobsHistoryLimit     failed runs kept for their logs; default 3, at least 1
 * @param ttlSecondsAfterFinished    finished Jobs are deleted after this; default 604800 (7 days)
 * @param resources                  the backup container's requests and limits; required. redis-cli streams the
 *                                   snapshot to the volume, so little memory is needed
 */
public record RedisBackupProps(
        String name,
        String schedule,
        String timeZone,
        Integer retention,
        Integer keepWeekly,
        Integer shrinkWarnPercent,
        Integer lockWaitSeconds,
        Integer terminationGracePeriodSeconds,
        Storage storage,
        Integer startingDeadlineSeconds,
        Integer backoffLimit,
        Integer activeDeadlineSeconds,
        Integer successfulJobsHistoryLimit,
        Integer failedJobsHistoryLimit,
        Integer ttlSecondsAfterFinished,
        Resources resources) {

    public RedisBackupProps {
        name = BackupChecks.cronJobName("RedisBackupProps.name", or(name, "redis-backup"));
        schedule = Checks.cronSchedule("RedisBackupProps.schedule", or(schedule, "45 2 * * *"));
        timeZone = Checks.timeZone("RedisBackupProps.timeZone", or(timeZone, "Etc/UTC"));
        if (retention == null) {
            throw new IllegalArgumentException("RedisBackupProps.retention is not set; give the number of complete runs"
                    + " kept (the environment sets it, see Environments)");
        }
        retention = Checks.atLeast("RedisBackupProps.retention", retention, 1);
        keepWeekly = Checks.atLeast("RedisBackupProps.keepWeekly", or(keepWeekly, 4), 0);
        shrinkWarnPercent = BackupChecks.shrinkPercent("RedisBackupProps.shrinkWarnPercent", or(shrinkWarnPercent, 50));
        lockWaitSeconds = Checks.atLeast("RedisBackupProps.lockWaitSeconds", or(lockWaitSeconds, 600), 0);
        // The kubelet's SIGTERM must leave time to stop redis-cli and write the manifest of a failed run.
        terminationGracePeriodSeconds = Checks.atLeast("RedisBackupProps.terminationGracePeriodSeconds",
                or(terminationGracePeriodSeconds, 30), 10);
        storage = Storage.require("RedisBackupProps.storage", storage);
        // Below 10 seconds the CronJob controller may miss every run.
        startingDeadlineSeconds = Checks.atLeast("RedisBackupProps.startingDeadlineSeconds",
                or(startingDeadlineSeconds, 3600), 10);
        backoffLimit = Checks.atLeast("RedisBackupProps.backoffLimit", or(backoffLimit, 2), 0);
        activeDeadlineSeconds = Checks.atLeast("RedisBackupProps.activeDeadlineSeconds", or(activeDeadlineSeconds, 3600), 60);
        BackupChecks.lockWaitBelowDeadline("RedisBackupProps", lockWaitSeconds, activeDeadlineSeconds,
                "a run that waits that long for the lock is killed before it can take a snapshot");
        successfulJobsHistoryLimit = Checks.atLeast("RedisBackupProps.successfulJobsHistoryLimit",
                or(successfulJobsHistoryLimit, 3), 0);
        failedJobsHistoryLimit = Checks.atLeast("RedisBackupProps.failedJobsHistoryLimit", or(failedJobsHistoryLimit, 3), 1);
        ttlSecondsAfterFinished = Checks.atLeast("RedisBackupProps.ttlSecondsAfterFinished",
                or(ttlSecondsAfterFinished, 604800), 0);
        resources = Resources.require("RedisBackupProps.resources", resources);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().name(name).schedule(schedule).timeZone(timeZone).retention(retention).keepWeekly(keepWeekly)
                .shrinkWarnPercent(shrinkWarnPercent).lockWaitSeconds(lockWaitSeconds)
                .terminationGracePeriodSeconds(terminationGracePeriodSeconds).storage(storage)
                .startingDeadlineSeconds(startingDeadlineSeconds).backoffLimit(backoffLimit)
                .activeDeadlineSeconds(activeDeadlineSeconds).successfulJobsHistoryLimit(successfulJobsHistoryLimit)
                .failedJobsHistoryLimit(failedJobsHistoryLimit).ttlSecondsAfterFinished(ttlSecondsAfterFinished)
                .resources(resources);
    }

    /** Name of the PersistentVolumeClaim that holds the runs. */
    public String claimName() {
        return name + "s";
    }

    /** Name of the ConfigMap that holds the backup and restore scripts. */
    public String scriptsName() {
        return name + "-scripts";
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
        public Builder storage(Storage v) { storage = v; return this; }
        public Builder startingDeadlineSeconds(int v) { startingDeadlineSeconds = v; return this; }
        public Builder backoffLimit(int v) { backoffLimit = v; return this; }
        public Builder activeDeadlineSeconds(int v) { activeDeadlineSeconds = v; return this; }
        public Builder successfulJobsHistoryLimit(int v) { successfulJobsHistoryLimit = v; return this; }
        public Builder failedJobsHistoryLimit(int v) { failedJobsHistoryLimit = v; return this; }
        public Builder ttlSecondsAfterFinished(int v) { ttlSecondsAfterFinished = v; return this; }
        public Builder resources(Resources v) { resources = v; return this; }

        public RedisBackupProps build() {
            return new RedisBackupProps(name, schedule, timeZone, retention, keepWeekly, shrinkWarnPercent,
                    lockWaitSeconds, terminationGracePeriodSeconds, storage, startingDeadlineSeconds, backoffLimit,
                    activeDeadlineSeconds, successfulJobsHistoryLimit, failedJobsHistoryLimit, ttlSecondsAfterFinished,
                    resources);
        }
    }
}
