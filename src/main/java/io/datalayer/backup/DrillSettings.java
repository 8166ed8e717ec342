package io.datalayer.backup;

import io.datalayer.kit.Checks;
import io.datalayer.kit.Defaults;
import io.datalayer.kit.Resources;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scheduled restore drill of one store ({@link RestoreDrill}), the same settings for every store,
 * like {@link BackupSettings}: the store hands out a builder holding its own defaults (the CronJob's
 * name, its schedule after the backup, how long a drill may run; e.g. {@code PostgresStore.drillSettings()}),
 * and an environment sets the rest. Every other component may be {@code null} to take its default;
 * the compact constructor applies them once and validates. Messages name the setting as
 * {@code DrillSettings(<name>).<component>}.
 *
 * @param name                          the drill CronJob's name; set by the store's builder, at most 52 characters
 * @param scheduled                     true: the CronJob runs on its schedule and its alerts watch it; false: it
 *                                      is suspended (drills by hand, {@code kubectl create job --from=cronjob/<name>})
 *                                      and no alert watches it; default true
 * @param schedule                      cron schedule; default {@code null}: derived from the backup's
 *                                      ({@link #after}): a daily backup's start plus its activeDeadlineSeconds plus
 *                                      {@value #MARGIN_MINUTES} minutes (the backup's Job uploads its run off-site
 *                                      before it ends). Set, and with both daily ({@code m h * * *}), it must start at
 *                                      least the backup's activeDeadlineSeconds after the backup
 * @param timeZone                      IANA time zone of the schedule; default {@code Etc/UTC}
 * @param dataSize                      the emptyDir holding the fetched run and the private server's data, and the
 *                                      container's ephemeral-storage; required, in Mi, Gi or Ti (e.g. {@code 20Gi})
 * @param activeDeadlineSeconds         a drill taking longer is stopped and fails; set by the store's builder,
 *                                      at least 300
 * @param terminationGracePeriodSeconds time after SIGTERM to stop the private server and remove its data;
 *                                      default 60, at least 30
 * @param maxAgeHours                   {@code DataLayerRestoreDrillTooOld} fires when no drill succeeded for longer;
 *                                      default 26, at least 1
 * @param maxDurationMinutes            {@code DataLayerRestoreDrillSlow} fires when a drill (fetch, restore and
 *                                      checks) takes longer; default 120, at least 1 and below activeDeadlineSeconds
 * @param resources                     the drill container's requests and limits (its private server's memory
 *                                      included); required
 */
public record DrillSettings(
        String name,
        Boolean scheduled,
        String schedule,
        String timeZone,
        String dataSize,
        Integer activeDeadlineSeconds,
        Integer terminationGracePeriodSeconds,
        Integer maxAgeHours,
        Integer maxDurationMinutes,
        Resources resources) {

    /** How long after the backup's deadline a derived drill schedule starts. */
    public static final int MARGIN_MINUTES = 15;
    private static final Pattern BINARY_SIZE = Pattern.compile("([1-9]\\d{0,6})(Mi|Gi|Ti)");
    private static final Pattern DAILY = Pattern.compile("(\\d{1,2}) (\\d{1,2}) \\* \\* \\*");

    public DrillSettings {
        name = BackupChecks.cronJobName("DrillSettings.name", BackupChecks.storeDefault("DrillSettings", "name", null, name));
        String of = "DrillSettings(" + name + ")";
        scheduled = Defaults.or(scheduled, true);
        schedule = schedule == null ? null : Checks.cronSchedule(of + ".schedule", schedule);
        timeZone = Checks.timeZone(of + ".timeZone", Defaults.or(timeZone, "Etc/UTC"));
        if (dataSize == null || !BINARY_SIZE.matcher(dataSize).matches()) {
            throw new IllegalArgumentException(of + ".dataSize \"" + dataSize + "\" is not a size in Mi, Gi or Ti;"
                    + " give room for the fetched run and the restored data, e.g. 20Gi");
        }
        activeDeadlineSeconds = Checks.atLeast(of + ".activeDeadlineSeconds",
                BackupChecks.storeDefault("DrillSettings", "activeDeadlineSeconds", name, activeDeadlineSeconds), 300);
        terminationGracePeriodSeconds = Checks.atLeast(of + ".terminationGracePeriodSeconds",
                Defaults.or(terminationGracePeriodSeconds, 60), 30);
        maxAgeHours = Checks.atLeast(of + ".maxAgeHours", Defaults.or(maxAgeHours, 26), 1);
        maxDurationMinutes = Checks.atLeast(of + ".maxDurationMinutes", Defaults.or(maxDurationMinutes, 120), 1);
        if (maxDurationMinutes * 60 >= activeDeadlineSeconds) {
            throw new IllegalArgumentException(of + ".maxDurationMinutes " + maxDurationMinutes + " is not below"
                    + " activeDeadlineSeconds " + activeDeadlineSeconds + "; a drill that slow is killed and fails before"
                    + " the slow-drill alert could say so: lower maxDurationMinutes or raise activeDeadlineSeconds");
        }
        resources = Resources.require(of + ".resources", resources);
    }

    /**
     * These settings for the drill of {@code backup}'s runs, with the schedule the drill runs on: without
     * one set, derived from a daily backup's ({@code m h * * *}): its start plus its activeDeadlineSeconds
     * plus {@value #MARGIN_MINUTES} minutes, in its time zone, so changing the backup's time moves the
     * drill with it. A schedule that is set is checked: with both daily in one time zone, the drill must
     * start at least the backup's activeDeadlineSeconds after the backup starts (the backup's Job uploads
     * its run off-site before it ends); other schedules are the environment's to reason about.
     */
    public DrillSettings after(BackupSettings backup) {
        Matcher b = DAILY.matcher(backup.schedule().trim());
        int needed = (backup.activeDeadlineSeconds() + 59) / 60;
        if (schedule == null) {
            if (!b.matches()) {
                throw new IllegalArgumentException("DrillSettings(" + name + ").schedule is not set and cannot be derived"
                        + " from the backup's schedule \"" + backup.schedule() + "\" (BackupSettings(" + backup.name()
                        + ")), which is not daily (m h * * *); set the drill's schedule, after the backup's deadline");
            }
            int start = Math.floorMod(Integer.parseInt(b.group(2)) * 60 + Integer.parseInt(b.group(1)) + needed
                    + MARGIN_MINUTES, 24 * 60);
            return toBuilder().schedule((start % 60) + " " + (start / 60) + " * * *").timeZone(backup.timeZone()).build();
        }
        Matcher d = DAILY.matcher(schedule.trim());
        if (!d.matches() || !b.matches() || !timeZone.equals(backup.timeZone())) {
            return this;
        }
        int drillMinute = Integer.parseInt(d.group(2)) * 60 + Integer.parseInt(d.group(1));
        int backupMinute = Integer.parseInt(b.group(2)) * 60 + Integer.parseInt(b.group(1));
        int gap = Math.floorMod(drillMinute - backupMinute, 24 * 60);
        if (gap < needed) {
            throw new IllegalArgumentException("DrillSettings(" + name + ").schedule \"" + schedule + "\" starts " + gap
                    + " minutes after the backup (\"" + backup.schedule() + "\"), which may run for " + needed
                    + " minutes (BackupSettings(" + backup.name() + ").activeDeadlineSeconds); start the drill at least "
                    + needed + " minutes after the backup, so it drills the night's run");
        }
        return this;
    }

    /** The emptyDir's size in MiB. */
    public long dataSizeMi() {
        Matcher m = BINARY_SIZE.matcher(dataSize);
        m.matches();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "Ti" -> n * 1024 * 1024;
            case "Gi" -> n * 1024;
            default -> n;
        };
    }

    /** A builder with none of the store's defaults: for a store's own {@code drillSettings()} to seed. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().name(name).scheduled(scheduled).schedule(schedule).timeZone(timeZone).dataSize(dataSize)
                .activeDeadlineSeconds(activeDeadlineSeconds).terminationGracePeriodSeconds(terminationGracePeriodSeconds)
                .maxAgeHours(maxAgeHours).maxDurationMinutes(maxDurationMinutes).resources(resources);
    }

    /** Fluent construction; unset fields take the documented defaults. */
    public static final class Builder {
        private String name;
        private Boolean scheduled;
        private String schedule;
        private String timeZone;
        private String dataSize;
        private Integer activeDeadlineSeconds;
        private Integer terminationGracePeriodSeconds;
        private Integer maxAgeHours;
        private Integer maxDurationMinutes;
        private Resources resources;

        private Builder() {
        }

        public Builder name(String v) { name = v; return this; }
        public Builder scheduled(Boolean v) { scheduled = v; return this; }
        public Builder schedule(String v) { schedule = v; return this; }
        public Builder timeZone(String v) { timeZone = v; return this; }
        public Builder dataSize(String v) { dataSize = v; return this; }
        public Builder activeDeadlineSeconds(Integer v) { activeDeadlineSeconds = v; return this; }
        public Builder terminationGracePeriodSeconds(Integer v) { terminationGracePeriodSeconds = v; return this; }
        public Builder maxAgeHours(Integer v) { maxAgeHours = v; return this; }
        public Builder maxDurationMinutes(Integer v) { maxDurationMinutes = v; return this; }
        public Builder resources(Resources v) { resources = v; return this; }

        public DrillSettings build() {
            return new DrillSettings(name, scheduled, schedule, timeZone, dataSize, activeDeadlineSeconds,
                    terminationGracePeriodSeconds, maxAgeHours, maxDurationMinutes, resources);
        }
    }
}
