package io.datalayer.stores.redis;

import io.datalayer.kit.Checks;
import io.datalayer.kit.Defaults;
import io.datalayer.secrets.SecretRequirement;
import java.util.regex.Pattern;

/**
 * What Redis's metrics exporter needs when the environment's monitoring is on: the ACL user it logs
 * in as (INFO, CONFIG GET, LATENCY, SLOWLOG LEN; no key, no value), the Vault secret holding that
 * user's password, and the exporter's image. Every component may be {@code null} to take its default.
 *
 * @param user          the ACL user; default {@code monitoring}
 * @param secret        the Vault secret holding its password; default {@link #SECRET}
 * @param exporterImage oliver006/redis_exporter, pinned; default {@link #EXPORTER_IMAGE}
 */
public record RedisMonitoring(String user, SecretRequirement secret, String exporterImage) {
    /**
     * The secret L2 writes for the Redis exporter's ACL user: a path of its own (KV v2 policies grant
     * whole paths), so the exporter's ExternalSecret cannot read the admin password in {@code secret/data/redis}.
     */
    public static final SecretRequirement SECRET = SecretRequirement.of("redis-monitoring", "password").withMinLength(16);
    /**
     * oliver006/redis_exporter v1.89.0 (2026-08-09), the release this layer was written against: its
     * {@code --redis.password-file} map and the {@code /-/reload} endpoint that re-reads it (a rotated
     * password without a restart). The Alpine variant, because the password file is rendered in the
     * pod by a shell script (busybox sh, od, wget), which the scratch variant cannot run.
     */
    public static final String EXPORTER_IMAGE = "oliver006/redis_exporter:v1.89.0-alpine";
    /** A Redis ACL user name the rules line and the exporter's URI carry as they are. */
    private static final Pattern USER = Pattern.compile("^[a-z][a-z0-9_-]{0,31}$");

    public RedisMonitoring {
        user = Defaults.or(user, "monitoring");
        if (!USER.matcher(user).matches()) {
            throw new IllegalArgumentException("RedisMonitoring.user \"" + user + "\" is not a plain user name;"
                    + " use at most 32 lowercase letters, digits, '_' and '-', starting with a letter");
        }
        secret = Defaults.or(secret, SECRET);
        secret.onlyKey("RedisMonitoring.secret", "the monitoring user's password");
        exporterImage = Checks.pinnedImage("RedisMonitoring.exporterImage", Defaults.or(exporterImage, EXPORTER_IMAGE));
    }

    /** Every setting at its default. */
    public static RedisMonitoring defaults() {
        return new RedisMonitoring(null, null, null);
    }

    /** The key of {@link #secret} that holds the password. */
    public String secretKey() {
        return secret.keys().get(0); // exactly one: checked when the record was made
    }
}
