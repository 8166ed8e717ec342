package io.datalayer.stores.redis;

import io.datalayer.kit.Checks;
import io.datalayer.kit.Mount;
import java.util.Set;

/**
 * The Redis ACL user the metrics exporter logs in as, and the Secret holding its password. The
 * server's acl-sync renders the user from that Secret (and reloads it on rotation, like every other
 * user); the exporter's pod renders its password file from the same Secret ({@link RedisExporter}).
 *
 * @param user       the ACL user's name (validated by {@link RedisMonitoring#user()}); not one of
 *                   the server's own users
 * @param secretName the Secret ESO writes from the monitoring secret in Vault
 * @param key        the Secret's key holding the password
 * @param minLength  the shortest password acl-sync and the exporter's renderer accept
 */
public record RedisMonitoringUser(String user, String secretName, String key, int minLength) {
    /** Where the password file is mounted in the server's pod and in the exporter's. */
    static final String SECRET_DIR = "/etc/redis-monitoring";
    private static final Set<String> TAKEN = Set.of("default", Redis.ADMIN_USER, Redis.APP_USER, Redis.BACKUP_USER);

    public RedisMonitoringUser {
        Checks.requireValue("RedisMonitoringUser.user", user);
        if (TAKEN.contains(user)) {
            throw new IllegalArgumentException("RedisMonitoringUser.user \"" + user + "\" is one of the server's own users "
                    + TAKEN.stream().sorted().toList() + "; give the exporter a user of its own (RedisMonitoring.user)");
        }
        Checks.dnsSubdomain("RedisMonitoringUser.secretName", secretName);
        Checks.requireValue("RedisMonitoringUser.key", key);
        Checks.atLeast("RedisMonitoringUser.minLength", minLength, 1);
    }

    /** The user of an environment's monitoring settings, its Secret named after the server ({@code <server>-monitoring}). */
    public static RedisMonitoringUser of(RedisMonitoring monitoring, RedisProps server) {
        return new RedisMonitoringUser(monitoring.user(), server.name() + "-monitoring", monitoring.secretKey(),
                Math.max(1, monitoring.secret().minLength()));
    }

    /** The password as the read-only file {@code password} in {@value #SECRET_DIR}. */
    Mount mount() {
        return Mount.secretKey("monitoring-user", secretName, key, "password", SECRET_DIR);
    }

    /** The password file's path in a pod that mounts {@link #mount()}. */
    static String passwordFile() {
        return SECRET_DIR + "/password";
    }
}
