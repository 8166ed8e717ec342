package io.datalayer.backup;

import io.datalayer.kit.Checks;
import io.datalayer.kit.Defaults;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;

/**
 * The nightly backup of one store, the same settings for every store: its CronJob, the claim that
 * holds the runs, retention, and what {@code runs.sh} reads from the environment the CronJob sets
 * ({@link BackupJobs#runsEnv}). One record, so a setting, its default and its check exist once.
 *
 * <p>Four defaults differ by store (the CronJob's name, its schedule, how long it may run and the
 * grace it gets after SIGTERM): a store hands out a builder that already holds them (e.g.
 * {@code PostgresStore.backupSettings()}), so an environment sets only its own choices. Every
 * other component may be {@code null} to take its default below; the compact constructor applies
 * the defaults once and validates, so an instance holds the effective values. Messages name the
 * setting as {@code BackupSettings(<name>).<component>}: the CronJob and the setting.
 *
 * @param name                          CronJob name, and the stem of the claim ({@code <name>s}) and script
 *                                      ConfigMap ({@code <name>-scripts}); set by the store's builder, at most 52
 *                                      characters
 * @param schedule                      cron schedule; set by the store's builder (stores start at different minutes)
 * @param timeZone                      IANA time zone of the schedule; default {@code Etc/UTC}
 * @param retention                     newest complete runs kept; required, at least 1
 * @param keepWeekly                    besides those, the newest complete run of each of this many ISO weeks;
 *                                      default 4, at least 0
 * @param shrinkWarnPercent             a run whose size falls below this share of the last normal run's logs a
 *                                      warning, and that last normal run is kept until a person removes it; default
 *                                      50, 1 to 100
 * @param lockWaitSeconds               how long a run waits for a running backup or restore before it fails naming
 *                                      the holder; default 600, at least 0 and below activeDeadlineSeconds
 * @param terminationGracePeriodSeconds time the script gets after SIGTERM to stop the transfer and record the run
 *                                      as interrupted; set by the store's builder, at least 10
 * @param storage                       the runs claim (size, class, access mode); required
 * @param startingDeadlineSeconds       a run missed by more than this is skipped, not started late; default 3600,
 *                                      at least 10 (below that the CronJob controller may miss every run)
 * @param backoffLimit                  retries of a failed run; default 2
 * @param activeDeadlineSeconds         a run taking longer is stopped and fails; set by the store's builder, at least 60
 * @param successfulJobsHistoryLimit    finished runs kept; default 3
 * @param failedJobsHistoryLimit        failed runs kept for their logs; default 3, at least 1
 * @param ttlSecondsAfterFinished       finished Jobs are deleted after this; default 604800 (7 days)
 * @param resources                     the backup container's requests and limits; required
 */
public record BackupSettings(
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

    public BackupSettings {
        name = BackupChecks.cronJobName("BackupSettings.name", BackupChecks.storeDefault("BackupSettings", "name", null, name));
        String of = "BackupSettings(" + name + ")";
        schedule = Checks.cronSchedule(of + ".schedule", BackupChecks.storeDefault("BackupSettings", "schedule", name, schedule));
        timeZone = Checks.timeZone(of + ".timeZone", Defaults.or(timeZone, "Etc/UTC"));
        if (retention == null) {
            throw new IllegalArgumentException(of + ".retention is not set; give the number of"
                    + " complete runs kept (the environment sets it, see Environments)");
        }
        retention = Checks.atLeast(of + ".retention", retention, 1);
        keepWeekly = Checks.atLeast(of + ".keepWeekly", Defaults.or(keepWeekly, 4), 0);
        shrinkWarnPercent = BackupChecks.shrinkPercent(of + ".shrinkWarnPercent",
                Defaults.or(shrinkWarnPercent, 50));
        lockWaitSeconds = Checks.atLeast(of + ".lockWaitSeconds", Defaults.or(lockWaitSeconds, 600), 0);
        terminationGracePeriodSeconds = Checks.atLeast(of + ".terminationGracePeriodSeconds",
                BackupChecks.storeDefault("BackupSettings", "terminationGracePeriodSeconds", name, terminationGracePeriodSeconds), 10);
        storage = Storage.require(of + ".storage", storage);
        startingDeadlineSeconds = Checks.atLeast(of + ".startingDeadlineSeconds",
                Defaults.or(startingDeadlineSeconds, 3600), 10);
        backoffLimit = Checks.atLeast(of + ".backoffLimit", Defaults.or(backoffLimit, 2), 0);
        activeDeadlineSeconds = Checks.atLeast(of + ".activeDeadlineSeconds",
                BackupChecks.storeDefault("BackupSettings", "activeDeadlineSeconds", name, activeDeadlineSeconds), 60);
        BackupChecks.lockWaitBelowDeadline(of, lockWaitSeconds, activeDeadlineSeconds,
                "a run that waits that long for the lock is killed before it can back anything up");
        successfulJobsHistoryLimit = Checks.atLeast(of + ".successfulJobsHistoryLimit",
                Defaults.or(successfulJobsHistoryLimit, 3), 0);
        failedJobsHistoryLimit = Checks.atLeast(of + ".failedJobsHistoryLimit",
                Defaults.or(failedJobsHistoryLimit, 3), 1);
        ttlSecondsAfterFinished = Checks.atLeast(of + ".ttlSecondsAfterFinished",
                Defaults.or(ttlSecondsAfterFinished, 604800), 0);
        resources = Resources.require(of + ".resources", resources);
    }

    /** A builder with none of the store's defaults: for a store's own {@code backupSettings()} to seed. */
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
        public Builder retention(Integer v) { retention = v; return this; }
        public Builder keepWeekly(Integer v) { keepWeekly = v; return this; }
        public Builder shrinkWarnPercent(Integer v) { shrinkWarnPercent = v; return this; }
        public Builder lockWaitSeconds(Integer v) { lockWaitSeconds = v; return this; }
        public Builder terminationGracePeriodSeconds(Integer v) { terminationGracePeriodSeconds = v; return this; }
        public Builder storage(Storage v) { storage = v; return this; }
        public Builder startingDeadlineSeconds(Integer v) { startingDeadlineSeconds = v; return this; }
        public Builder backoffLimit(Integer v) { backoffLimit = v; return this; }
        public Builder activeDeadlineSeconds(Integer v) { activeDeadlineSeconds = v; return this; }
        public Builder successfulJobsHistoryLimit(Integer v) { successfulJobsHistoryLimit = v; return this; }
        public Builder failedJobsHistoryLimit(Integer v) { failedJobsHistoryLimit = v; return this; }
        public Builder ttlSecondsAfterFinished(Integer v) { ttlSecondsAfterFinished = v; return this; }
        public Builder resources(Resources v) { resources = v; return this; }

        public BackupSettings build() {
            return new BackupSettings(name, schedule, timeZone, retention, keepWeekly, shrinkWarnPercent,
                    lockWaitSeconds, terminationGracePeriodSeconds, storage, startingDeadlineSeconds, backoffLimit,
                    activeDeadlineSeconds, successfulJobsHistoryLimit, failedJobsHistoryLimit, ttlSecondsAfterFinished,
                    resources);
        }
    }
}
