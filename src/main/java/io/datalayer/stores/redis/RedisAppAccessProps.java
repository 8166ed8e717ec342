package io.datalayer.stores.redis;

import io.datalayer.kit.Checks;
import io.datalayer.secrets.SecretRequirement;
import io.datalayer.secrets.VaultConnection;

/**
 * Settings of {@link RedisAppAccess}. {@code vaultRole} is required; the rest may be {@code null} to
 * take their defaults.
 *
 * @param vaultRole        the app's Vault role (Kubernetes auth). Static: it must be allowed to read
 *                         {@code appSecret} ({@code secret/data/redis-app}). Dynamic: it must be allowed to
 *                         read {@code <databaseMount>/creds/<vaultRole>}, a role of Vault's Redis database
 *                         plugin of the same name
 * @param mode             {@link Mode#STATIC} (default): the shared {@value Redis#APP_USER} user; or
 *                         {@link Mode#DYNAMIC}: a user per refresh from Vault's Redis database plugin
 * @param name             prefix of the objects (and the Secret's name); default {@code redis}
 * @param host             the Redis Service's DNS name; default {@value #DEFAULT_HOST}
 * @param port             default 6379
 * @param appSecret        static: the Vault secret with the app user's password; default
 *                         {@link RedisProps#APP_SECRET}, the one the server's ACL file is rendered from
 * @param databaseMount    dynamic: mount of Vault's database secrets engine; default {@code database}
 * @param refreshInterval  static: how often ESO re-reads the password; dynamic: how often it creates a NEW
 *                         user (a Go duration); default {@code 1h}
 * @param connection       Vault server, auth and CA; default {@link VaultConnection#defaults()} with role
 *                         {@code vaultRole} and service account {@code <name>-vault}
 */
public record RedisAppAccessProps(String vaultRole, Mode mode, String name, String host, Integer port,
                                  SecretRequirement appSecret, String databaseMount, String refreshInterval,
                                  VaultConnection connection) {
    public static final String DEFAULT_HOST = "redis.data.svc.cluster.local";

    /** Where the app's Redis user comes from. */
    public enum Mode {
        /** The shared app user of the server's ACL file, its password from Vault KV through ESO. */
        STATIC,
        /** A user per refresh from Vault's Redis database plugin ({@code database/creds/<role>}), through ESO. */
        DYNAMIC
    }

    public RedisAppAccessProps {
        vaultRole = Checks.requireValue("RedisAppAccessProps.vaultRole", vaultRole);
        if (!vaultRole.matches("^[A-Za-z0-9_.-]+$")) {
            throw new IllegalArgumentException("RedisAppAccessProps.vaultRole \"" + vaultRole + "\" is not a Vault role"
                    + " name; use letters, digits, '_', '.' and '-'");
        }
        mode = mode == null ? Mode.STATIC : mode;
        name = Checks.dnsLabel("RedisAppAccessProps.name", name == null ? "redis" : name);
        host = Checks.dnsSubdomain("RedisAppAccessProps.host", host == null ? DEFAULT_HOST : host);
        port = Checks.port("RedisAppAccessProps.port", port == null ? 6379 : port);
        appSecret = appSecret == null ? RedisProps.APP_SECRET : appSecret;
        if (!appSecret.keys().contains(RedisProps.APP_PASSWORD_KEY)) {
            throw new IllegalArgumentException("RedisAppAccessProps.appSecret " + appSecret.apiPath() + " lacks the key \""
                    + RedisProps.APP_PASSWORD_KEY + "\"; use the requirement the server's RedisProps.appSecret declares");
        }
        databaseMount = databaseMount == null ? "database" : databaseMount;
        refreshInterval = refreshInterval == null ? "1h" : refreshInterval;
        connection = connection == null
                ? VaultConnection.defaults().withRole(vaultRole).withServiceAccount(name + "-vault") : connection;
    }

    /** The shared app user, the app's Vault role reading {@code secret/data/redis-app}; defaults for the rest. */
    public static RedisAppAccessProps of(String vaultRole) {
        return new RedisAppAccessProps(vaultRole, null, null, null, null, null, null, null, null);
    }

    /** The same props with users from Vault's Redis database plugin. */
    public RedisAppAccessProps dynamic() {
        return new RedisAppAccessProps(vaultRole, Mode.DYNAMIC, name, host, port, appSecret, databaseMount, refreshInterval,
                connection);
    }
}
