package io.datalayer.postgres;

import io.datalayer.k8s.Checks;
import io.datalayer.k8s.Resources;

/**
 * Settings of the {@link PostgresRestore} construct. {@code resources} is a production choice without
 * a default (each environment sets it, see {@code Environments}); every other component may be
 * {@code null} to take its documented default; the compact constructor applies the defaults once
 * and validates.
 *
 * @param name                    the suspended CronJob operators create restore Jobs from; default
 *                                {@code postgresql-restore}
 * @param activeDeadlineSeconds   a restore taking longer is stopped and fails; default 21600 (6 hours)
 * @param ttlSecondsAfterFinished finished restore Jobs are deleted after this; default 604800 (7 days)
 * @param resources               the restore container's requests and limits; required
 */
public record PostgresRestoreProps(
        String name,
        Integer activeDeadlineSeconds,
        Integer ttlSecondsAfterFinished,
        Resources resources) {

    public PostgresRestoreProps {
        name = Checks.dnsLabel("PostgresRestoreProps.name", or(name, "postgresql-restore"));
        if (name.length() > 52) {
            throw new IllegalArgumentException("PostgresRestoreProps.name \"" + name + "\" is " + name.length()
                    + " characters long; use at most 52 (a CronJob's Jobs add 11)");
        }
        activeDeadlineSeconds = Checks.atLeast("PostgresRestoreProps.activeDeadlineSeconds",
                or(activeDeadlineSeconds, 21600), 60);
        ttlSecondsAfterFinished = Checks.atLeast("PostgresRestoreProps.ttlSecondsAfterFinished",
                or(ttlSecondsAfterFinished, 604800), 0);
        resources = Resources.require("PostgresRestoreProps.resources", resources);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().name(name).activeDeadlineSeconds(activeDeadlineSeconds)
                .ttlSecondsAfterFinished(ttlSecondsAfterFinished).resources(resources);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** Fluent construction; unset fields take the documented defaults. */
    public static final class Builder {
        private String name;
        private Integer activeDeadlineSeconds;
        private Integer ttlSecondsAfterFinished;
        private Resources resources;

        private Builder() {
        }

        public Builder name(String v) { name = v; return this; }
        public Builder activeDeadlineSeconds(int v) { activeDeadlineSeconds = v; return this; }
        public Builder ttlSecondsAfterFinished(int v) { ttlSecondsAfterFinished = v; return this; }
        public Builder resources(Resources v) { resources = v; return this; }

        public PostgresRestoreProps build() {
            return new PostgresRestoreProps(name, activeDeadlineSeconds, ttlSecondsAfterFinished, resources);
        }
    }
}
