package io.datalayer.stores.redis;

import io.datalayer.kit.Checks;
import io.datalayer.kit.Defaults;
import io.datalayer.kit.Peer;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.secrets.SecretRequirement;
import java.util.List;
import java.util.Set;

/**
 * Settings of the {@link Redis} construct. {@code storage} and {@code resources} are production
 * choices and have no default: each environment sets them (see {@code Environments}). Every other
 * component may be {@code null} to take its documented default; the compact constructor applies the
 * defaults once and validates, so an instance always holds the effective, valid values. Build one
 * with {@link #builder()}. The namespace is the chart's.
 *
 * @param name               StatefulSet, Services and ConfigMap prefix; default {@code redis}
 * @param image              server image pinned to an exact version; default {@value #DEFAULT_IMAGE}
 * @param uid                uid and gid the server runs as; default 999, the {@code redis} user of the
 *                           official Debian-based image
 * @param port               server and Service port; default 6379
 * @param storage            the {@code /data} volume (AOF and RDB files); required. ReadWriteMany is refused
 * @param resources          the server container's requests and limits; required. maxmemory is derived
 *                           from the memory limit
 * @param maxmemoryPercent   the share of the memory limit the data set may use (redis.conf
 *                           {@code maxmemory}); default {@value #DEFAULT_MAXMEMORY_PERCENT}. The rest is
 *                           headroom for what Redis allocates outside maxmemory: the fork's copy-on-write
 *                           pages while an RDB snapshot or AOF rewrite runs (up to the pages written
 *                           meanwhile), client and replication buffers, and the allocator's fragmentation.
 *                           10 to 90
 * @param evictionPolicy     redis.conf {@code maxmemory-policy}; default {@code volatile-lru}: keys with a
 *                           TTL (cache entries) are evicted least recently used first, keys without one
 *                           (data) never; when only data is left, writes fail with OOM instead of losing it
 * @param snapshots          redis.conf {@code save}: RDB snapshot points as "seconds changes" pairs; default
 *                           {@value #DEFAULT_SNAPSHOTS} (Redis's own). The AOF (appendfsync everysec) is on
 *                           regardless; the RDB file is what a restart loads fastest and what backups copy
 * @param usersSecret        the Vault secret with the admin and backup users' passwords; default
 *                           {@link #USERS_SECRET}. Only this layer's Vault role may read it
 * @param appSecret          the Vault secret with the app user's password; default {@link #APP_SECRET}. A
 *                           path of its own, because KV v2 policies grant whole paths, never single keys:
 *                           L4 apps' Vault roles may read this one without reaching the admin password
 * @param terminationGracePeriodSeconds time the server gets after SIGTERM to fsync the AOF and write its
 *                           final RDB snapshot before SIGKILL; default 60
 * @param aclSyncIntervalSeconds how often the acl-sync sidecar looks at the mounted Secrets for new
 *                           passwords; default 10
 * @param vaultPeer          Vault's server pods, admitted to the port only for dynamic users from Vault's
 *                           Redis database plugin ({@link RedisAppAccess} in dynamic mode); default none:
 *                           only L4 namespaces and this namespace's labelled clients reach the server
 */
public record RedisProps(
        String name,
        String image,
        Integer uid,
        Integer port,
        Storage storage,
        Resources resources,
        Integer maxmemoryPercent,
        String evictionPolicy,
        String snapshots,
        SecretRequirement usersSecret,
        SecretRequirement appSecret,
        Integer terminationGracePeriodSeconds,
        Integer aclSyncIntervalSeconds,
        Peer vaultPeer) {

    /** The official image, pinned (Docker Hub library/redis, Debian trixie based, user redis uid 999). */
    public static final String DEFAULT_IMAGE = "redis:8.10.2";
    public static final int DEFAULT_MAXMEMORY_PERCENT = 70;
    public static final String DEFAULT_SNAPSHOTS = "3600 1 300 100 60 10000";
    /** Key of the admin user's password in {@link #USERS_SECRET} and the Secret ESO writes. */
    public static final String ADMIN_PASSWORD_KEY = "admin-password";
    /** Key of the backup user's password in {@link #USERS_SECRET} and the Secret ESO writes. */
    public static final String BACKUP_PASSWORD_KEY = "backup-password";
    /** Key of the app user's password in {@link #APP_SECRET} and the Secret ESO writes. */
    public static final String APP_PASSWORD_KEY = "password";
    /** What the platform layer (L2) writes for the layer's own Redis users: {@code secret/data/redis}. */
    public static final SecretRequirement USERS_SECRET =
            SecretRequirement.of("redis", ADMIN_PASSWORD_KEY, BACKUP_PASSWORD_KEY).withMinLength(16);
    /** What L2 writes for the app user, readable by L4 apps: {@code secret/data/redis-app}. */
    public static final SecretRequirement APP_SECRET = SecretRequirement.of("redis-app", APP_PASSWORD_KEY).withMinLength(16);
    /** The policies Redis 7.0 and 8.x both know. */
    static final Set<String> EVICTION_POLICIES = Set.of("noeviction", "allkeys-lru", "allkeys-lfu", "allkeys-random",
            "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl");

    public RedisProps {
        name = Checks.dnsLabel("RedisProps.name", Defaults.or(name, "redis"));
        image = Checks.pinnedImage("RedisProps.image", Defaults.or(image, DEFAULT_IMAGE));
        uid = Checks.atLeast("RedisProps.uid", Defaults.or(uid, 999), 1);
        port = Checks.port("RedisProps.port", Defaults.or(port, 6379));
        storage = Storage.requireSingleNode("RedisProps.storage", storage, "a server's data");
        resources = Resources.require("RedisProps.resources", resources);
        resources.memoryLimitBytes("RedisProps.resources");
        maxmemoryPercent = Defaults.or(maxmemoryPercent, DEFAULT_MAXMEMORY_PERCENT);
        if (maxmemoryPercent < 10 || maxmemoryPercent > 90) {
            throw new IllegalArgumentException("RedisProps.maxmemoryPercent " + maxmemoryPercent + " is outside 10 to 90;"
                    + " Redis needs headroom above maxmemory for forks and buffers, and a data set below 10% wastes the limit");
        }
        evictionPolicy = Defaults.or(evictionPolicy, "volatile-lru");
        if (!EVICTION_POLICIES.contains(evictionPolicy)) {
            throw new IllegalArgumentException("RedisProps.evictionPolicy \"" + evictionPolicy + "\" is not a maxmemory-policy;"
                    + " use one of " + List.copyOf(new java.util.TreeSet<>(EVICTION_POLICIES)));
        }
        snapshots = Defaults.or(snapshots, DEFAULT_SNAPSHOTS);
        if (!snapshots.matches("^[1-9]\\d{0,8} [1-9]\\d{0,8}( [1-9]\\d{0,8} [1-9]\\d{0,8})*$")) {
            throw new IllegalArgumentException("RedisProps.snapshots \"" + snapshots + "\" is not a list of RDB save points;"
                    + " use \"seconds changes\" pairs of positive numbers separated by single spaces, e.g. \"" + DEFAULT_SNAPSHOTS + "\"");
        }
        usersSecret = Defaults.or(usersSecret, USERS_SECRET);
        requireKeys("usersSecret", usersSecret, ADMIN_PASSWORD_KEY, BACKUP_PASSWORD_KEY);
        appSecret = Defaults.or(appSecret, APP_SECRET);
        requireKeys("appSecret", appSecret, APP_PASSWORD_KEY);
        if (usersSecret.mount().equals(appSecret.mount()) && usersSecret.path().equals(appSecret.path())) {
            throw new IllegalArgumentException("RedisProps.appSecret " + appSecret.apiPath() + " is the path of usersSecret;"
                    + " give the app user a path of its own (KV v2 policies grant whole paths, so L4 apps would read the admin password)");
        }
        terminationGracePeriodSeconds = Checks.atLeast("RedisProps.terminationGracePeriodSeconds",
                Defaults.or(terminationGracePeriodSeconds, 60), 10);
        aclSyncIntervalSeconds = Checks.atLeast("RedisProps.aclSyncIntervalSeconds", Defaults.or(aclSyncIntervalSeconds, 10), 1);
    }

    /** The memory limit's share the data set may use, in bytes (redis.conf {@code maxmemory}). */
    public long maxmemoryBytes() {
        return resources.memoryLimitBytes("RedisProps.resources") / 100 * maxmemoryPercent;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().name(name).image(image).uid(uid).port(port).storage(storage).resources(resources)
                .maxmemoryPercent(maxmemoryPercent).evictionPolicy(evictionPolicy).snapshots(snapshots)
                .usersSecret(usersSecret).appSecret(appSecret).terminationGracePeriodSeconds(terminationGracePeriodSeconds)
                .aclSyncIntervalSeconds(aclSyncIntervalSeconds).vaultPeer(vaultPeer);
    }

    private static void requireKeys(String prop, SecretRequirement secret, String... keys) {
        for (String key : keys) {
            if (!secret.keys().contains(key)) {
                throw new IllegalArgumentException("RedisProps." + prop + " " + secret.apiPath() + " lacks the key \"" + key
                        + "\"; its keys are " + secret.keys() + " and the construct mounts \"" + key + "\", so add it");
            }
        }
    }

    /** Fluent construction; unset fields take the documented defaults. */
    public static final class Builder {
        private String name;
        private String image;
        private Integer uid;
        private Integer port;
        private Storage storage;
        private Resources resources;
        private Integer maxmemoryPercent;
        private String evictionPolicy;
        private String snapshots;
        private SecretRequirement usersSecret;
        private SecretRequirement appSecret;
        private Integer terminationGracePeriodSeconds;
        private Integer aclSyncIntervalSeconds;
        private Peer vaultPeer;

        private Builder() {
        }

        public Builder name(String v) { name = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder uid(int v) { uid = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder storage(Storage v) { storage = v; return this; }
        public Builder resources(Resources v) { resources = v; return this; }
        public Builder maxmemoryPercent(int v) { maxmemoryPercent = v; return this; }
        public Builder evictionPolicy(String v) { evictionPolicy = v; return this; }
        public Builder snapshots(String v) { snapshots = v; return this; }
        public Builder usersSecret(SecretRequirement v) { usersSecret = v; return this; }
        public Builder appSecret(SecretRequirement v) { appSecret = v; return this; }
        public Builder terminationGracePeriodSeconds(int v) { terminationGracePeriodSeconds = v; return this; }
        public Builder aclSyncIntervalSeconds(int v) { aclSyncIntervalSeconds = v; return this; }
        public Builder vaultPeer(Peer v) { vaultPeer = v; return this; }

        public RedisProps build() {
            return new RedisProps(name, image, uid, port, storage, resources, maxmemoryPercent, evictionPolicy, snapshots,
                    usersSecret, appSecret, terminationGracePeriodSeconds, aclSyncIntervalSeconds, vaultPeer);
        }
    }
}
