package io.datalayer.stores.neo4j;

import io.datalayer.kit.Checks;
import io.datalayer.kit.Defaults;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.secrets.SecretRequirement;

/**
 * Settings of the {@link Neo4j} construct. {@code storage} and {@code resources} are production
 * choices and have no default: each environment sets them (see {@code Environments}). Every other
 * component may be {@code null} to take its documented default; the compact constructor applies the
 * defaults once and validates, so an instance always holds the effective, valid values. Build one
 * with {@link #builder()}. The namespace is the chart's.
 *
 * @param name               StatefulSet, Services and ConfigMaps prefix; default {@code neo4j}
 * @param image              server image pinned to an exact version; default {@value #DEFAULT_IMAGE}: the
 *                           5.26 LTS line, the last that runs on Java 17 (the tests run the same patch from
 *                           Maven's {@code org.neo4j.test:neo4j-harness})
 * @param uid                uid and gid the server runs as; default 7474, the {@code neo4j} user of the image
 * @param boltPort           Bolt port of the server and the Service; default 7687
 * @param httpPort           the HTTP port, bound to the pod's loopback only (the supervisor's password
 *                           statements and the probes use it; nothing outside the pod does); default 7474
 * @param storage            the {@code /data} volume (databases, transaction logs, users); required.
 *                           ReadWriteMany is refused
 * @param resources          the server container's requests and limits; required. Heap and page cache
 *                           are derived from the memory limit
 * @param heapPercent        the share of the memory limit for the JVM heap (initial = max, so the heap
 *                           never grows into a kill); default {@value #DEFAULT_HEAP_PERCENT}. 10 to 70
 * @param pageCachePercent   the share of the memory limit for the page cache (the store files held in
 *                           memory, off-heap); default {@value #DEFAULT_PAGE_CACHE_PERCENT}. 5 to 70. Heap and
 *                           page cache together at most {@value #MAX_MEMORY_PERCENT}%: the rest is for what the
 *                           JVM allocates besides them (Netty's direct buffers, metaspace, thread stacks,
 *                           Lucene), which the kernel counts against the same limit
 * @param adminSecret        the Vault secret with the admin ({@code neo4j}) password; default
 *                           {@link #ADMIN_SECRET}. Only this layer's Vault role may read it
 * @param appSecret          the Vault secret with the app user's password; default {@link #APP_SECRET}. A path
 *                           of its own (KV v2 policies grant whole paths), readable by L4 apps' roles
 * @param appUser            the L4 apps' user; default {@code app}. A plain name, not {@code neo4j}
 * @param terminationGracePeriodSeconds time neo4j gets after SIGTERM to checkpoint before SIGKILL; default 120
 * @param startTimeoutSeconds how long the supervisor waits for neo4j to answer after a start (recovery
 *                           after a crash replays the transaction log) before it gives up and the
 *                           container restarts; default 600
 * @param maintenancePollSeconds how often the supervisor looks for maintenance requests and changed
 *                           passwords; default 10
 * @param maintenanceWindowSeconds the longest a backup or restore script may keep the server stopped; it
 *                           is killed at the end and neo4j starts again. Also the oldest request still run;
 *                           default 3600
 */
public record Neo4jProps(
        String name,
        String image,
        Integer uid,
        Integer boltPort,
        Integer httpPort,
        Storage storage,
        Resources resources,
        Integer heapPercent,
        Integer pageCachePercent,
        SecretRequirement adminSecret,
        SecretRequirement appSecret,
        String appUser,
        Integer terminationGracePeriodSeconds,
        Integer startTimeoutSeconds,
        Integer maintenancePollSeconds,
        Integer maintenanceWindowSeconds) {

    /** The official image, Community Edition, pinned to the patch the tests run (Docker Hub library/neo4j). */
    public static final String DEFAULT_IMAGE = "neo4j:5.26.30-community";
    public static final int DEFAULT_HEAP_PERCENT = 40;
    public static final int DEFAULT_PAGE_CACHE_PERCENT = 30;
    public static final int MAX_MEMORY_PERCENT = 80;
    /** The smallest heap Neo4j 5 is given here: below it the system database alone runs out. */
    public static final long MIN_HEAP_MIB = 256;
    /** Key of the admin password in {@link #ADMIN_SECRET} and the Secret ESO writes. */
    public static final String ADMIN_PASSWORD_KEY = "admin-password";
    /** Key of the app user's password in {@link #APP_SECRET} and the Secret ESO writes. */
    public static final String APP_PASSWORD_KEY = "password";
    /** What the platform layer (L2) writes for Neo4j's admin: {@code secret/data/neo4j}. */
    public static final SecretRequirement ADMIN_SECRET = SecretRequirement.of("neo4j", ADMIN_PASSWORD_KEY).withMinLength(16);
    /** What L2 writes for the app user, readable by L4 apps: {@code secret/data/neo4j-app}. */
    public static final SecretRequirement APP_SECRET = SecretRequirement.of("neo4j-app", APP_PASSWORD_KEY).withMinLength(16);

    public Neo4jProps {
        name = Checks.dnsLabel("Neo4jProps.name", Defaults.or(name, "neo4j"));
        image = Checks.pinnedImage("Neo4jProps.image", Defaults.or(image, DEFAULT_IMAGE));
        uid = Checks.atLeast("Neo4jProps.uid", Defaults.or(uid, 7474), 1);
        boltPort = Checks.port("Neo4jProps.boltPort", Defaults.or(boltPort, 7687));
        httpPort = Checks.port("Neo4jProps.httpPort", Defaults.or(httpPort, 7474));
        if (boltPort.equals(httpPort)) {
            throw new IllegalArgumentException("Neo4jProps.httpPort " + httpPort + " is the Bolt port; give HTTP a port of its own");
        }
        storage = Storage.requireSingleNode("Neo4jProps.storage", storage, "a server's data");
        resources = Resources.require("Neo4jProps.resources", resources);
        long limitMib = resources.memoryLimitBytes("Neo4jProps.resources") >> 20;
        heapPercent = Defaults.or(heapPercent, DEFAULT_HEAP_PERCENT);
        if (heapPercent < 10 || heapPercent > 70) {
            throw new IllegalArgumentException("Neo4jProps.heapPercent " + heapPercent + " is outside 10 to 70;"
                    + " the heap needs a share of the memory limit and must leave room for the page cache and off-heap memory");
        }
        pageCachePercent = Defaults.or(pageCachePercent, DEFAULT_PAGE_CACHE_PERCENT);
        if (pageCachePercent < 5 || pageCachePercent > 70) {
            throw new IllegalArgumentException("Neo4jProps.pageCachePercent " + pageCachePercent + " is outside 5 to 70");
        }
        if (heapPercent + pageCachePercent > MAX_MEMORY_PERCENT) {
            throw new IllegalArgumentException("Neo4jProps.heapPercent " + heapPercent + " + pageCachePercent " + pageCachePercent
                    + " is above " + MAX_MEMORY_PERCENT + "% of the memory limit; the JVM's off-heap memory (Netty buffers,"
                    + " metaspace, threads) needs the rest, or the kernel kills the server at the limit");
        }
        if (limitMib * heapPercent / 100 < MIN_HEAP_MIB) {
            throw new IllegalArgumentException("Neo4jProps.resources.memoryLimit \"" + resources.memoryLimit() + "\" gives a heap of "
                    + (limitMib * heapPercent / 100) + " MiB at heapPercent " + heapPercent + "; Neo4j needs at least "
                    + MIN_HEAP_MIB + " MiB: raise the memory limit or heapPercent");
        }
        adminSecret = requireKey("adminSecret", Defaults.or(adminSecret, ADMIN_SECRET), ADMIN_PASSWORD_KEY);
        appSecret = requireKey("appSecret", Defaults.or(appSecret, APP_SECRET), APP_PASSWORD_KEY);
        if (adminSecret.mount().equals(appSecret.mount()) && adminSecret.path().equals(appSecret.path())) {
            throw new IllegalArgumentException("Neo4jProps.appSecret " + appSecret.apiPath() + " is the path of adminSecret;"
                    + " give the app user a path of its own (KV v2 policies grant whole paths, so L4 apps would read the admin password)");
        }
        appUser = Defaults.or(appUser, "app");
        if (!appUser.matches("^[a-z][a-z0-9_]{0,62}$") || appUser.equals("neo4j")) {
            throw new IllegalArgumentException("Neo4jProps.appUser \"" + appUser + "\" is not a plain user name other than"
                    + " neo4j; use lowercase letters, digits and '_', starting with a letter");
        }
        terminationGracePeriodSeconds = Checks.atLeast("Neo4jProps.terminationGracePeriodSeconds",
                Defaults.or(terminationGracePeriodSeconds, 120), 30);
        startTimeoutSeconds = Checks.atLeast("Neo4jProps.startTimeoutSeconds", Defaults.or(startTimeoutSeconds, 600), 30);
        maintenancePollSeconds = Checks.atLeast("Neo4jProps.maintenancePollSeconds", Defaults.or(maintenancePollSeconds, 10), 1);
        maintenanceWindowSeconds = Checks.atLeast("Neo4jProps.maintenanceWindowSeconds",
                Defaults.or(maintenanceWindowSeconds, 3600), 60);
    }

    /** The heap in MiB: {@code heapPercent} of the memory limit. */
    public long heapMib() {
        return (resources.memoryLimitBytes("Neo4jProps.resources") >> 20) * heapPercent / 100;
    }

    /** The page cache in MiB: {@code pageCachePercent} of the memory limit. */
    public long pageCacheMib() {
        return (resources.memoryLimitBytes("Neo4jProps.resources") >> 20) * pageCachePercent / 100;
    }

    /** The smallest password length of both secrets: what the server's own minimum is set to. */
    public int passwordMinLength() {
        return Math.min(adminSecret.minLength(), appSecret.minLength());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().name(name).image(image).uid(uid).boltPort(boltPort).httpPort(httpPort).storage(storage)
                .resources(resources).heapPercent(heapPercent).pageCachePercent(pageCachePercent).adminSecret(adminSecret)
                .appSecret(appSecret).appUser(appUser).terminationGracePeriodSeconds(terminationGracePeriodSeconds)
                .startTimeoutSeconds(startTimeoutSeconds).maintenancePollSeconds(maintenancePollSeconds)
                .maintenanceWindowSeconds(maintenanceWindowSeconds);
    }

    private static SecretRequirement requireKey(String prop, SecretRequirement secret, String key) {
        if (!secret.keys().contains(key)) {
            throw new IllegalArgumentException("Neo4jProps." + prop + " " + secret.apiPath() + " lacks the key \"" + key
                    + "\"; its keys are " + secret.keys() + " and the construct mounts \"" + key + "\", so add it");
        }
        return secret;
    }

    /** Fluent construction; unset fields take the documented defaults. */
    public static final class Builder {
        private String name;
        private String image;
        private Integer uid;
        private Integer boltPort;
        private Integer httpPort;
        private Storage storage;
        private Resources resources;
        private Integer heapPercent;
        private Integer pageCachePercent;
        private SecretRequirement adminSecret;
        private SecretRequirement appSecret;
        private String appUser;
        private Integer terminationGracePeriodSeconds;
        private Integer startTimeoutSeconds;
        private Integer maintenancePollSeconds;
        private Integer maintenanceWindowSeconds;

        private Builder() {
        }

        public Builder name(String v) { name = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder uid(int v) { uid = v; return this; }
        public Builder boltPort(int v) { boltPort = v; return this; }
        public Builder httpPort(int v) { httpPort = v; return this; }
        public Builder storage(Storage v) { storage = v; return this; }
        public Builder resources(Resources v) { resources = v; return this; }
        public Builder heapPercent(int v) { heapPercent = v; return this; }
        public Builder pageCachePercent(int v) { pageCachePercent = v; return this; }
        public Builder adminSecret(SecretRequirement v) { adminSecret = v; return this; }
        public Builder appSecret(SecretRequirement v) { appSecret = v; return this; }
        public Builder appUser(String v) { appUser = v; return this; }
        public Builder terminationGracePeriodSeconds(int v) { terminationGracePeriodSeconds = v; return this; }
        public Builder startTimeoutSeconds(int v) { startTimeoutSeconds = v; return this; }
        public Builder maintenancePollSeconds(int v) { maintenancePollSeconds = v; return this; }
        public Builder maintenanceWindowSeconds(int v) { maintenanceWindowSeconds = v; return this; }

        public Neo4jProps build() {
            return new Neo4jProps(name, image, uid, boltPort, httpPort, storage, resources, heapPercent, pageCachePercent,
                    adminSecret, appSecret, appUser, terminationGracePeriodSeconds, startTimeoutSeconds,
                    maintenancePollSeconds, maintenanceWindowSeconds);
        }
    }
}
