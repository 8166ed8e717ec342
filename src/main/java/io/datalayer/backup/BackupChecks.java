package io.datalayer.backup;

import io.datalayer.kit.Checks;

/**
 * Checks every store's backup and restore props make, with messages that name the prop. Written
 * once, so a limit of the CronJob controller or of the scripts is enforced the same way for each store.
 */
public final class BackupChecks {
    /** The CronJob controller appends an 11-character suffix to Job names, which must stay within 63. */
    static final int MAX_CRONJOB_NAME = 52;

    private BackupChecks() {
    }

    /** A CronJob name: a DNS label short enough for the Jobs the controller names after it. */
    public static String cronJobName(String prop, String name) {
        Checks.dnsLabel(prop, name);
        if (name.length() > MAX_CRONJOB_NAME) {
            throw new IllegalArgumentException(prop + " \"" + name + "\" is " + name.length()
                    + " characters long; use at most " + MAX_CRONJOB_NAME + " (a CronJob's Jobs add 11)");
        }
        return name;
    }

    /**
     * The share of the last normal run below which a run is flagged as shrunk (runs.sh
     * BACKUP_SHRINK_PERCENT): 1 to 100.
     */
    public static int shrinkPercent(String prop, int percent) {
        Checks.atLeast(prop, percent, 1);
        if (percent > 100) {
            throw new IllegalArgumentException(prop + " " + percent
                    + " is above 100; use a share of the last normal run's size from 1 to 100");
        }
        return percent;
    }

    /**
     * The lock wait of a Job must end before its deadline, or the Job is killed while it waits.
     *
     * @param props       the setting's owner as messages name it, e.g. {@code BackupSettings(postgresql-backup)}
     * @param consequence what the Job never gets to do, for the message
     */
    public static void lockWaitBelowDeadline(String props, int lockWaitSeconds, int activeDeadlineSeconds, String consequence) {
        if (lockWaitSeconds >= activeDeadlineSeconds) {
            throw new IllegalArgumentException(props + ".lockWaitSeconds " + lockWaitSeconds
                    + " is not below activeDeadlineSeconds " + activeDeadlineSeconds + "; " + consequence);
        }
    }

    /**
     * A setting whose default is the store's ({@code name}, schedule, deadline, grace): set by the
     * builder the store hands out, so missing only when that builder was not used.
     *
     * @param record    {@code BackupSettings}, {@code RestoreSettings} or {@code DrillSettings}, for the message
     * @param component the setting, for the message
     * @param name      the CronJob's name, or {@code null} when that is what is missing
     */
    public static <T> T storeDefault(String record, String component, String name, T value) {
        if (value == null) {
            String builder = switch (record) {
                case "RestoreSettings" -> "restoreSettings()";
                case "DrillSettings" -> "drillSettings()";
                default -> "backupSettings()";
            };
            throw new IllegalArgumentException(record + (name == null ? "" : "(" + name + ")") + "." + component
                    + " is not set; start from the store's builder (e.g. PostgresStore." + builder + "), which holds the"
                    + " store's " + (name == null ? "defaults" : "default"));
        }
        return value;
    }
}
