package io.datalayer.stores.redis;

import io.datalayer.backup.BackupChecks;
import io.datalayer.kit.Checks;
import io.datalayer.kit.Resources;

/**
 * Settings of the {@link RedisRestore} construct. {@code resources} is a production choice without a
 * default (each environment sets it, see {@code Environments}); every other component may be
 * {@code null} to take its documented default; the compact constructor applies the defaults once and
 * validates.
 *
 * @param name                    the suspended CronJob operators create restore Jobs from; default
 *                                {@code redis-restore}, at most 52 characters
 * @param activeDeadlineSeconds   a restore taking longer is stopped, rolls back and fails; default 3600
 * @param keepReplaced            keep the server's files the restore replaced in {@code /data/replaced-<stamp>/},
 *                                so they can be put back by hand; false removes them once the restore
 *                                succeeded; default true
 * @param lockWaitSeconds         how long a restore waits for a running backup before it fails naming it;
 *                                default 60, at least 0 and below activeDeadlineSeconds
 * @param terminationGracePeriodSeconds time after SIGTERM to stop the private server and remove what the
 *                                restore staged or roll back its renames; default 60, at least 30
 * @param ttlSecondsAfterFinished finished restore Jobs are deleted after this; default 604800 (7 days)
 * @param resources               the restore container's requests and limits; required. Its private
 *                                redis-server holds the whole data set, so the memory limit must be at least
 *                                the server's {@code maxmemory} ({@link RedisRestore} checks it)
 */
public record RedisRestoreProps(
        String name,
        Integer activeDeadlineSeconds,
        Boolean keepReplaced,
        Integer lockWaitSeconds,
        Integer terminationGracePeriodSeconds,
        Integer ttlSecondsAfterFinished,
        Resources resources) {

    public RedisRestoreProps {
        name = BackupChecks.cronJobName("RedisRestoreProps.name", or(name, "redis-restore"));
        activeDeadlineSeconds = Checks.atLeast("RedisRestoreProps.activeDeadlineSeconds", or(activeDeadlineSeconds, 3600), 60);
        keepReplaced = or(keepReplaced, true);
        lockWaitSeconds = Checks.atLeast("RedisRestoreProps.lockWaitSeconds", or(lockWaitSeconds, 60), 0);
        BackupChecks.lockWaitBelowDeadline("RedisRestoreProps", lockWaitSeconds, activeDeadlineSeconds,
                "a restore that waits that long for the lock is killed before it starts");
        terminationGracePeriodSeconds = Checks.atLeast("RedisRestoreProps.terminationGracePeriodSeconds",
                or(terminationGracePeriodSeconds, 60), 30);
        ttlSecondsAfterFinished = Checks.atLeast("RedisRestoreProps.ttlSecondsAfterFinished",
                or(ttlSecondsAfterFinished, 604800), 0);
        resources = Resources.require("RedisRestoreProps.resources", resources);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().name(name).activeDeadlineSeconds(activeDeadlineSeconds).keepReplaced(keepReplaced)
                .lockWaitSeconds(lockWaitSeconds).terminationGracePeriodSeconds(terminationGracePeriodSeconds)
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
        private Integer lockWaitSeconds;
        private Integer terminationGracePeriodSeconds;
        private Integer ttlSecondsAfterFinished;
        private Resources resources;

        private Builder() {
        }

        public Builder name(String v) { name = v; return this; }
        public Builder activeDeadlineSeconds(int v) { activeDeadlineSeconds = v; return this; }
        public Builder keepReplaced(boolean v) { keepReplaced = v; return this; }
        public Builder lockWaitSeconds(int v) { lockWaitSeconds = v; return this; }
        public Builder terminationGracePeriodSeconds(int v) { terminationGracePeriodSeconds = v; return this; }
        public Builder ttlSecondsAfterFinished(int v) { ttlSecondsAfterFinished = v; return this; }
        public Builder resources(Resources v) { resources = v; return this; }

        public RedisRestoreProps build() {
            return new RedisRestoreProps(name, activeDeadlineSeconds, keepReplaced, lockWaitSeconds,
                    terminationGracePeriodSeconds, ttlSecondsAfterFinished, resources);
        }
    }
}
