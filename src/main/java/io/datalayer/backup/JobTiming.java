package io.datalayer.backup;

/**
 * When a backup or restore CronJob makes Jobs, and how long they and their history live: the
 * fields every store's backup and restore share, in one value so the CronJob is written once
 * ({@link BackupJobs#cronJob}). {@link BackupSettings} and {@link RestoreSettings} validate each field
 * with its own name before {@link #of} builds one of these.
 *
 * @param suspended                  true for a CronJob that only serves as a Job template (a restore)
 * @param schedule                   cron schedule
 * @param timeZone                   IANA time zone of the schedule
 * @param startingDeadlineSeconds    a run missed by more than this is skipped; {@code null}: no deadline
 * @param successfulJobsHistoryLimit finished Jobs kept
 * @param failedJobsHistoryLimit     failed Jobs kept for their logs
 * @param backoffLimit               retries of a failed Job
 * @param activeDeadlineSeconds      a Job taking longer is stopped and fails
 * @param ttlSecondsAfterFinished    finished Jobs are deleted after this
 */
public record JobTiming(boolean suspended, String schedule, String timeZone, Integer startingDeadlineSeconds,
                        int successfulJobsHistoryLimit, int failedJobsHistoryLimit, int backoffLimit,
                        int activeDeadlineSeconds, int ttlSecondsAfterFinished) {
    /**
     * The schedule of a CronJob that must never fire: 31 February. Suspension is the guard; the date
     * is the second one, should someone unsuspend it.
     */
    public static final String NEVER = "0 0 31 2 *";

    /** A scheduled backup. */
    public static JobTiming scheduled(String schedule, String timeZone, int startingDeadlineSeconds,
                                      int successfulJobsHistoryLimit, int failedJobsHistoryLimit, int backoffLimit,
                                      int activeDeadlineSeconds, int ttlSecondsAfterFinished) {
        return new JobTiming(false, schedule, timeZone, startingDeadlineSeconds, successfulJobsHistoryLimit,
                failedJobsHistoryLimit, backoffLimit, activeDeadlineSeconds, ttlSecondsAfterFinished);
    }

    /** The schedule and history of a store's nightly backup, from its settings. */
    public static JobTiming of(BackupSettings s) {
        return scheduled(s.schedule(), s.timeZone(), s.startingDeadlineSeconds(), s.successfulJobsHistoryLimit(),
                s.failedJobsHistoryLimit(), s.backoffLimit(), s.activeDeadlineSeconds(), s.ttlSecondsAfterFinished());
    }

    /** The Job template of a store's restore, from its settings. */
    public static JobTiming of(RestoreSettings s) {
        return suspendedTemplate(s.activeDeadlineSeconds(), s.ttlSecondsAfterFinished());
    }

    /**
     * A restore an operator starts by hand ({@code kubectl create job --from=cronjob/...}): suspended,
     * never scheduled, and a failed Job is not retried (it is for a person to read, not to repeat).
     */
    public static JobTiming suspendedTemplate(int activeDeadlineSeconds, int ttlSecondsAfterFinished) {
        return new JobTiming(true, NEVER, "Etc/UTC", null, 3, 3, 0, activeDeadlineSeconds, ttlSecondsAfterFinished);
    }
}
