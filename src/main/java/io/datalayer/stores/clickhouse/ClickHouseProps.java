package io.datalayer.stores.clickhouse;

import io.datalayer.kit.Checks;
import io.datalayer.kit.Defaults;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.secrets.SecretRequirement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Settings of the {@link ClickHouse} construct. {@code storage} and {@code resources} are production
 * choices and have no default: each environment sets them (see {@code Environments}). Every other
 * component may be {@code null} to take its documented default; the compact constructor applies the
 * defaults once and validates, so an instance always holds the effective, valid values.
 *
 * @param name                  StatefulSet, Services and ConfigMap prefix; default {@code clickhouse}
 * @param image                 server image pinned to an exact version; default {@value #DEFAULT_IMAGE}
 * @param uid                   uid and gid the server runs as; default 101, the {@code clickhouse} user of
 *                              the official image
 * @param nativePort            the native protocol's port (clickhouse-client, the drivers); default 9000
 * @param httpPort              the HTTP interface's port (and {@code /ping}, the probes); default 8123
 * @param metricsPort           the built-in Prometheus endpoint's port, open only with monitoring on;
 *                              default 9363
 * @param storage               the data volume ({@code /var/lib/clickhouse}); required. ReadWriteMany is refused
 * @param resources             the server container's requests and limits; required. The memory settings
 *                              are derived from the memory limit
 * @param serverMemoryPercent   {@code max_server_memory_usage} as a share of the memory limit; default
 *                              {@value #DEFAULT_SERVER_MEMORY_PERCENT}. The rest is headroom for what the
 *                              server's memory tracker does not count (the binary, thread stacks, the
 *                              allocator's caches), so the server refuses a query before the kernel kills
 *                              the pod. 50 to 90
 * @param markCachePercent      {@code mark_cache_size} as a share of the memory limit; default
 *                              {@value #DEFAULT_MARK_CACHE_PERCENT} (the server's own default, 5 GiB, is
 *                              more than a small pod has). 1 to 25
 * @param uncompressedCachePercent {@code uncompressed_cache_size} as a share of the memory limit; default 0
 *                              (ClickHouse uses this cache only for queries that ask for it). 0 to 25
 * @param usersSecret           the Vault secret with the admin and backup users' passwords; default
 *                              {@link #USERS_SECRET}. Only this layer's Vault role may read it
 * @param appSecret             the Vault secret with the app user's password; default {@link #APP_SECRET}, a
 *                              path of its own (KV v2 policies grant whole paths: L4 apps read only this one)
 * @param monitoringSecret      the Vault secret with the monitoring user's password; default
 *                              {@link #MONITORING_SECRET}, a path of its own for the same reason (dashboards)
 * @param appDatabases          the databases the app user may use (and create); default {@code [app]}
 * @param terminationGracePeriodSeconds time the server gets after SIGTERM to finish merges and flush
 *                              before SIGKILL; default 120
 * @param usersSyncIntervalSeconds how often the users-render sidecar looks at the mounted Secrets;
 *                              default 10
 */
public record ClickHouseProps(
        String name,
        String image,
        Integer uid,
        Integer nativePort,
        Integer httpPort,
        Integer metricsPort,
        Storage storage,
        Resources resources,
        Integer serverMemoryPercent,
        Integer markCachePercent,
        Integer uncompressedCachePercent,
        SecretRequirement usersSecret,
        SecretRequirement appSecret,
        SecretRequirement monitoringSecret,
        List<String> appDatabases,
        Integer terminationGracePeriodSeconds,
        Integer usersSyncIntervalSeconds) {

    /**
     * The official image, pinned: the 26.8 long-term release (Docker Hub clickhouse/clickhouse-server,
     * Ubuntu based, user clickhouse uid/gid 101). The tests run the 26.7 engine (npm chdb 3.4.0).
     */
    public static final String DEFAULT_IMAGE = "clickhouse/clickhouse-server:26.8.20.9";
    public static final int DEFAULT_SERVER_MEMORY_PERCENT = 80;
    public static final int DEFAULT_MARK_CACHE_PERCENT = 5;
    /** Key of the admin user's password in {@link #USERS_SECRET} and the Secret ESO writes. */
    public static final String ADMIN_PASSWORD_KEY = "admin-password";
    /** Key of the backup user's password in {@link #USERS_SECRET}; the backup jobs mount only this key. */
    public static final String BACKUP_PASSWORD_KEY = "backup-password";
    /** Key of the app's and of the monitoring user's password in their own secrets. */
    public static final String PASSWORD_KEY = "password";
    /** What the platform layer (L2) writes for the layer's own users: {@code secret/data/clickhouse}. */
    public static final SecretRequirement USERS_SECRET =
            SecretRequirement.of("clickhouse", ADMIN_PASSWORD_KEY, BACKUP_PASSWORD_KEY).withMinLength(16);
    /** What L2 writes for the app user, readable by L4 apps: {@code secret/data/clickhouse-app}. */
    public static final SecretRequirement APP_SECRET = SecretRequirement.of("clickhouse-app", PASSWORD_KEY).withMinLength(16);
    /** What L2 writes for the monitoring user (dashboards): {@code secret/data/clickhouse-monitoring}. */
    public static final SecretRequirement MONITORING_SECRET =
            SecretRequirement.of("clickhouse-monitoring", PASSWORD_KEY).withMinLength(16);
    /** A database name the users file can grant on without quoting: what ClickHouse takes as a bare identifier. */
    private static final Pattern DATABASE = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");
    /** Names the server owns: granting on them would give the app user the server's own tables. */
    private static final List<String> RESERVED_DATABASES = List.of("system", "information_schema", "default");

    public ClickHouseProps {
        name = Checks.dnsLabel("ClickHouseProps.name", Defaults.or(name, "clickhouse"));
        image = Checks.pinnedImage("ClickHouseProps.image", Defaults.or(image, DEFAULT_IMAGE));
        uid = Checks.atLeast("ClickHouseProps.uid", Defaults.or(uid, 101), 1);
        nativePort = Checks.port("ClickHouseProps.nativePort", Defaults.or(nativePort, 9000));
        httpPort = Checks.port("ClickHouseProps.httpPort", Defaults.or(httpPort, 8123));
        metricsPort = Checks.port("ClickHouseProps.metricsPort", Defaults.or(metricsPort, 9363));
        if (nativePort.equals(httpPort) || nativePort.equals(metricsPort) || httpPort.equals(metricsPort)) {
            throw new IllegalArgumentException("ClickHouseProps ports native " + nativePort + ", http " + httpPort
                    + " and metrics " + metricsPort + " are not all different; give each listener its own port");
        }
        storage = Storage.requireSingleNode("ClickHouseProps.storage", storage, "a server's data");
        resources = Resources.require("ClickHouseProps.resources", resources);
        resources.memoryLimitBytes("ClickHouseProps.resources");
        serverMemoryPercent = within("serverMemoryPercent", Defaults.or(serverMemoryPercent, DEFAULT_SERVER_MEMORY_PERCENT), 50, 90,
                "the server needs headroom above max_server_memory_usage for what its tracker does not count");
        markCachePercent = within("markCachePercent", Defaults.or(markCachePercent, DEFAULT_MARK_CACHE_PERCENT), 1, 25,
                "the mark cache is counted in the server's memory and must leave room for queries");
        uncompressedCachePercent = within("uncompressedCachePercent", Defaults.or(uncompressedCachePercent, 0), 0, 25,
                "the uncompressed cache is counted in the server's memory and must leave room for queries");
        if (markCachePercent + uncompressedCachePercent > serverMemoryPercent / 2) {
            throw new IllegalArgumentException("ClickHouseProps.markCachePercent " + markCachePercent
                    + " plus uncompressedCachePercent " + uncompressedCachePercent + " exceed half of serverMemoryPercent "
                    + serverMemoryPercent + "; lower the caches so queries keep at least half of the server's memory");
        }
        usersSecret = Defaults.or(usersSecret, USERS_SECRET);
        requireKeys("usersSecret", usersSecret, ADMIN_PASSWORD_KEY, BACKUP_PASSWORD_KEY);
        appSecret = Defaults.or(appSecret, APP_SECRET);
        requireKeys("appSecret", appSecret, PASSWORD_KEY);
        monitoringSecret = Defaults.or(monitoringSecret, MONITORING_SECRET);
        requireKeys("monitoringSecret", monitoringSecret, PASSWORD_KEY);
        if (samePath(usersSecret, appSecret) || samePath(usersSecret, monitoringSecret)) {
            throw new IllegalArgumentException("ClickHouseProps." + (samePath(usersSecret, appSecret) ? "appSecret " + appSecret.apiPath()
                    : "monitoringSecret " + monitoringSecret.apiPath()) + " is the path of usersSecret; give it a path of its own"
                    + " (KV v2 policies grant whole paths, so its readers would read the admin password)");
        }
        appDatabases = Defaults.or(appDatabases, List.of("app"));
        if (appDatabases.isEmpty()) {
            throw new IllegalArgumentException("ClickHouseProps.appDatabases is empty; name at least one database the app user may use");
        }
        for (String db : appDatabases) {
            if (db == null || !DATABASE.matcher(db).matches() || RESERVED_DATABASES.contains(db)) {
                throw new IllegalArgumentException("ClickHouseProps.appDatabases " + (db == null ? "null" : "\"" + db + "\"")
                        + " is not a database the app user may be given; use lower-case letters, digits and '_' (at most 63,"
                        + " not starting with a digit), and none of " + RESERVED_DATABASES);
            }
        }
        if (appDatabases.stream().distinct().count() != appDatabases.size()) {
            throw new IllegalArgumentException("ClickHouseProps.appDatabases " + appDatabases + " names a database twice; name each once");
        }
        appDatabases = List.copyOf(appDatabases);
        terminationGracePeriodSeconds = Checks.atLeast("ClickHouseProps.terminationGracePeriodSeconds",
                Defaults.or(terminationGracePeriodSeconds, 120), 10);
        usersSyncIntervalSeconds = Checks.atLeast("ClickHouseProps.usersSyncIntervalSeconds",
                Defaults.or(usersSyncIntervalSeconds, 10), 1);
    }

    /** {@code max_server_memory_usage}: the memory limit's share the server may use, in bytes. */
    public long serverMemoryBytes() {
        return share(serverMemoryPercent);
    }

    /** {@code mark_cache_size} in bytes. */
    public long markCacheBytes() {
        return share(markCachePercent);
    }

    /** {@code uncompressed_cache_size} in bytes. */
    public long uncompressedCacheBytes() {
        return share(uncompressedCachePercent);
    }

    /** The users profile's {@code max_memory_usage}: one query may take half of the server's memory. */
    public long queryMemoryBytes() {
        return serverMemoryBytes() / 2;
    }

    private long share(int percent) {
        return resources.memoryLimitBytes("ClickHouseProps.resources") / 100 * percent;
    }

    private static int within(String prop, int value, int min, int max, String why) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("ClickHouseProps." + prop + " " + value + " is outside " + min + " to " + max + "; " + why);
        }
        return value;
    }

    private static boolean samePath(SecretRequirement a, SecretRequirement b) {
        return a.mount().equals(b.mount()) && a.path().equals(b.path());
    }

    private static void requireKeys(String prop, SecretRequirement secret, String... keys) {
        for (String key : keys) {
            if (!secret.keys().contains(key)) {
                throw new IllegalArgumentException("ClickHouseProps." + prop + " " + secret.apiPath() + " lacks the key \"" + key
                        + "\"; its keys are " + secret.keys() + " and the construct mounts \"" + key + "\", so add it");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().name(name).image(image).uid(uid).nativePort(nativePort).httpPort(httpPort).metricsPort(metricsPort)
                .storage(storage).resources(resources).serverMemoryPercent(serverMemoryPercent).markCachePercent(markCachePercent)
                .uncompressedCachePercent(uncompressedCachePercent).usersSecret(usersSecret).appSecret(appSecret)
                .monitoringSecret(monitoringSecret).appDatabases(appDatabases)
                .terminationGracePeriodSeconds(terminationGracePeriodSeconds).usersSyncIntervalSeconds(usersSyncIntervalSeconds);
    }

    /** Fluent construction; unset fields take the documented defaults. */
    public static final class Builder {
        private String name;
        private String image;
        private Integer uid;
        private Integer nativePort;
        private Integer httpPort;
        private Integer metricsPort;
        private Storage storage;
        private Resources resources;
        private Integer serverMemoryPercent;
        private Integer markCachePercent;
        private Integer uncompressedCachePercent;
        private SecretRequirement usersSecret;
        private SecretRequirement appSecret;
        private SecretRequirement monitoringSecret;
        private List<String> appDatabases;
        private Integer terminationGracePeriodSeconds;
        private Integer usersSyncIntervalSeconds;

        private Builder() {
        }

        public Builder name(String v) { name = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder uid(int v) { uid = v; return this; }
        public Builder nativePort(int v) { nativePort = v; return this; }
        public Builder httpPort(int v) { httpPort = v; return this; }
        public Builder metricsPort(int v) { metricsPort = v; return this; }
        public Builder storage(Storage v) { storage = v; return this; }
        public Builder resources(Resources v) { resources = v; return this; }
        public Builder serverMemoryPercent(int v) { serverMemoryPercent = v; return this; }
        public Builder markCachePercent(int v) { markCachePercent = v; return this; }
        public Builder uncompressedCachePercent(int v) { uncompressedCachePercent = v; return this; }
        public Builder usersSecret(SecretRequirement v) { usersSecret = v; return this; }
        public Builder appSecret(SecretRequirement v) { appSecret = v; return this; }
        public Builder monitoringSecret(SecretRequirement v) { monitoringSecret = v; return this; }
        public Builder appDatabases(List<String> v) { appDatabases = v; return this; }
        public Builder terminationGracePeriodSeconds(int v) { terminationGracePeriodSeconds = v; return this; }
        public Builder usersSyncIntervalSeconds(int v) { usersSyncIntervalSeconds = v; return this; }

        public ClickHouseProps build() {
            return new ClickHouseProps(name, image, uid, nativePort, httpPort, metricsPort, storage, resources, serverMemoryPercent,
                    markCachePercent, uncompressedCachePercent, usersSecret, appSecret, monitoringSecret, appDatabases,
                    terminationGracePeriodSeconds, usersSyncIntervalSeconds);
        }
    }
}
