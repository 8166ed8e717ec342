package io.datalayer.stores.postgres;

import io.datalayer.backup.BackupChecks;
import io.datalayer.kit.Checks;
import io.datalayer.kit.Resources;

/**
 * Settings of the {@link PostgresRestore} construct. {@code resources} is a production choice without
 * a default (each environment sets it, see {@code Environments}); every other component may be
 * {@code null} to take its documented default; the compact constructor applies the defaults once
 * and validates.
 *
 * @param name                    the suspended CronJob operators create restore Jobs from; default
 *                                {@code postgresql-restore}
 * @param activeDeadlineSeconds   a restore taking longer is stopped and fails; default 21600 (6 hours)
 * @param keepReplaced            keep each live database the restore replaced, renamed
 *                                {@code replaced-<restore stamp>-<n>}, so it can be swapped back by hand; false drops
 *                                it once the whole restore succeeded; default true
 * @param terminateClients        disconnect clients of the databases being restored; default false: the restore
 *                                refuses and lists the sessions. An operator can override it per Job
 * @param lockWaitSeconds         how long a restore waits for a running backup before it fails naming it;
 *                                default 60, at least 0 and below activeDeadlineSeconds
 * @param terminationGracePeriodSeconds time after SIGTERM to drop the temporary databases and roles it created;
 *                                default 120, at least 30
 * @param ttlSecondsAfterFinished finished restore Jobs are deleted after this; default 604800 (7 days)
 * @param resources               the restore container's requests and limits; required
 */
public record PostgresRestoreProps(
        String name,
        Integer activeDeadlineSeconds,
        Boolean keepReplaced,
        Boolean terminateClients,
        Integer lockWaitSeconds,
        Integer terminationGracePeriodSeconds,
        Integer ttlSecondsAfterFinished,
        Resources resources) {

    public PostgresRestoreProps {
        name = BackupChecks.cronJobName("PostgresRestoreProps.name", or(name, "postgresql-restore"));
        activeDeadlineSeconds = Checks.atLeast("PostgresRestoreProps.activeDeadlineSeconds",
                or(activeDeadlineSeconds, 21600), 60);
        keepReplaced = or(keepReplaced, true);
        terminateClients = or(terminateClients, false);
        lockWaitSeconds = Checks.atLeast("PostgresRestoreProps.lockWaitSeconds", or(lockWaitSeconds, 60), 0);
        BackupChecks.lockWaitBelowDeadline("PostgresRestoreProps", lockWaitSeconds, activeDeadlineSeconds,
                "a restore that waits that long for the lock is killed before it starts");
        terminationGracePeriodSeconds = Checks.atLeast("PostgresRestoreProps.terminationGracePeriodSeconds",
                or(terminationGracePeriodSeconds, 120), 30);
        ttlSecondsAfterFinished = Checks.atLeast("PostgresRestoreProps.ttlSecondsAfterFinished",
                or(ttlSecondsAfterFinished, 604800), 0);
        resources = Resources.require("PostgresRestoreProps.resources", resources);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().name(name).activeDeadlineSeconds(activeDeadlineSeconds).keepReplaced(keepReplaced)
                .terminateClients(terminateClients).lockWaitSeconds(lockWaitSeconds)
                .terminationGracePeriodSeconds(terminationGracePeriodSeconds)
                .ttlSecondsAfterFinished(ttlSecondsAfterFinished).resources(resources);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** Fluent construction; unset fields take the documented defaults. */
    public static final class Builder {
        private String name;
        private Integer activeDeadlineSeconds;
        private Boolean keepReplaced;
        private Boolean terminateClients;
        private Integer lockWaitSeconds;
        private Integer terminationGracePeriodSeconds;
        private Integer ttlSecondsAfterFinished;
        private Resources resources;

        private Builder() {
        }

        public Builder name(String v) { name = v; return this; }
        public Builder activeDeadlineSeconds(int v) { activeDeadlineSeconds = v; return this; }
        public Builder keepReplaced(boolean v) { keepReplaced = v; return this; }
        public Builder terminateClients(boolean v) { terminateClients = v; return this; }
        public Builder lockWaitSeconds(int v) { lockWaitSeconds = v; return this; }
        public Builder terminationGracePeriodSeconds(int v) { terminationGracePeriodSeconds = v; return this; }
        public Builder ttlSecondsAfterFinished(int v) { ttlSecondsAfterFinished = v; return this; }
        public Builder resources(Resources v) { resources = v; return this; }

        public PostgresRestoreProps build() {
            return new PostgresRestoreProps(name, activeDeadlineSeconds, keepReplaced, terminateClients,
                    lockWaitSeconds, terminationGracePeriodSeconds, ttlSecondsAfterFinished, resources);
        }
    }
}
