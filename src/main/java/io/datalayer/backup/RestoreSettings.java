package io.datalayer.backup;

import io.datalayer.kit.Checks;
import io.datalayer.kit.Defaults;
import io.datalayer.kit.Resources;

/**
 * The suspended restore CronJob of one store, the same settings for every store: operators create
 * restore Jobs from it ({@code kubectl create job --from=cronjob/<name>}). Like {@link BackupSettings},
 * the store hands out a builder holding its own defaults (name, how long a restore may run, the grace
 * after SIGTERM; e.g. {@code PostgresStore.restoreSettings()}); every other component may be
 * {@code null} to take its default below, applied once by the compact constructor.
 *
 * @param name                          the suspended CronJob's name; set by the store's builder
 * @param activeDeadlineSeconds         a restore taking longer is stopped and fails; set by the store's builder,
 *                                      at least 60
 * @param keepReplaced                  keep what the restore replaced (a store says where), so it can be swapped
 *                                      back by hand; false removes it once the whole restore succeeded; default true
 * @param lockWaitSeconds               how long a restore waits for a running backup before it fails naming it;
 *                                      default 60, at least 0 and below activeDeadlineSeconds
 * @param terminationGracePeriodSeconds time after SIGTERM to undo what the restore started; set by the store's
 *                                      builder, at least 30
 * @param ttlSecondsAfterFinished       finished restore Jobs are deleted after this; default 604800 (7 days)
 * @param resources                     the restore container's requests and limits; required
 */
public record RestoreSettings(
        String name,
        Integer activeDeadlineSeconds,
        Boolean keepReplaced,
        Integer lockWaitSeconds,
        Integer terminationGracePeriodSeconds,
        Integer ttlSecondsAfterFinished,
        Resources resources) {

    public RestoreSettings {
        name = BackupChecks.cronJobName("RestoreSettings.name", BackupChecks.storeDefault("RestoreSettings", "name", null, name));
        String of = "RestoreSettings(" + name + ")";
        activeDeadlineSeconds = Checks.atLeast(of + ".activeDeadlineSeconds",
                BackupChecks.storeDefault("RestoreSettings", "activeDeadlineSeconds", name, activeDeadlineSeconds), 60);
        keepReplaced = Defaults.or(keepReplaced, true);
        lockWaitSeconds = Checks.atLeast(of + ".lockWaitSeconds", Defaults.or(lockWaitSeconds, 60), 0);
        BackupChecks.lockWaitBelowDeadline(of, lockWaitSeconds, activeDeadlineSeconds,
                "a restore that waits that long for the lock is killed before it starts");
        terminationGracePeriodSeconds = Checks.atLeast(of + ".terminationGracePeriodSeconds",
                BackupChecks.storeDefault("RestoreSettings", "terminationGracePeriodSeconds", name, terminationGracePeriodSeconds), 30);
        ttlSecondsAfterFinished = Checks.atLeast(of + ".ttlSecondsAfterFinished",
                Defaults.or(ttlSecondsAfterFinished, 604800), 0);
        resources = Resources.require(of + ".resources", resources);
    }

    /** A builder with none of the store's defaults: for a store's own {@code restoreSettings()} to seed. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().name(name).activeDeadlineSeconds(activeDeadlineSeconds).keepReplaced(keepReplaced)
                .lockWaitSeconds(lockWaitSeconds).terminationGracePeriodSeconds(terminationGracePeriodSeconds)
                .ttlSecondsAfterFinished(ttlSecondsAfterFinished).resources(resources);
    }


    /** Fluent construction; unset fields take the documented defaults. */
    public static final class Builder {
        private String name;
        private Integer activeDeadlineSeconds;
        private Boolean keepReplaced;
        private Integer lockWaitSeconds;
        private Integer terminationGracePeriodSeconds;
        private Integer ttlSecondsAfterFinished;
        private Resources resources;

        private Builder() {
        }

        public Builder name(String v) { name = v; return this; }
        public Builder activeDeadlineSeconds(Integer v) { activeDeadlineSeconds = v; return this; }
        public Builder keepReplaced(Boolean v) { keepReplaced = v; return this; }
        public Builder lockWaitSeconds(Integer v) { lockWaitSeconds = v; return this; }
        public Builder terminationGracePeriodSeconds(Integer v) { terminationGracePeriodSeconds = v; return this; }
        public Builder ttlSecondsAfterFinished(Integer v) { ttlSecondsAfterFinished = v; return this; }
        public Builder resources(Resources v) { resources = v; return this; }

        public RestoreSettings build() {
            return new RestoreSettings(name, activeDeadlineSeconds, keepReplaced, lockWaitSeconds,
                    terminationGracePeriodSeconds, ttlSecondsAfterFinished, resources);
        }
    }
}
