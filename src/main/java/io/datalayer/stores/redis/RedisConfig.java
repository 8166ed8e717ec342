package io.datalayer.stores.redis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text of {@code redis.conf} and of the ACL rules for a {@link Redis} server. Plain Java with no
 * cdk8s calls, so the files can be tested on their own (and run by a real server) and hashed for the
 * rollout annotation. The rules hold no password: the acl-sync script turns them into the ACL file
 * in the pod, adding each user's password as its SHA-256.
 */
final class RedisConfig {
    static final String DATA_DIR = "/data";
    static final String CONFIG_DIR = "/etc/redis";
    static final String CONFIG_FILE = "redis.conf";
    /** Memory-backed, written only by the acl-sync containers; the server reads it (ACL SAVE fails). */
    static final String ACL_DIR = "/run/redis";
    static final String ACL_FILE = ACL_DIR + "/users.acl";
    static final String USERS_DIR = "/etc/redis-users";
    static final String APP_DIR = "/etc/redis-app";
    static final String ADMIN_DIR = "/etc/redis-admin";
    /**
     * On the data volume: the server's command holds an exclusive flock(2) on this file for the
     * server's whole life, and the restore takes it before it touches the volume (and keeps it to
     * the end). The kernel drops a flock when its last holder exits, even by SIGKILL, so the lock
     * says exactly whether a server runs on the volume, ready or not.
     */
    static final String SERVER_LOCK = DATA_DIR + "/.datalayer-server.lock";

    /**
     * The server container's shell: opens the lock file on fd 9, takes the lock (waiting, with a
     * log line, while a restore holds it; SIGTERM ends the wait), then execs redis-server with the
     * arguments, which inherits fd 9 and so holds the lock until it exits (its save children too).
     * flock(1) is in util-linux (Essential in Debian images) and in BusyBox (Alpine images).
     */
    static final String SERVER_SHELL = "exec 9>>" + SERVER_LOCK + " || exit 1\n"
            + "if ! flock -n 9; then\n"
            + "  echo \"waiting for the lock on " + SERVER_LOCK + ": a restore of this volume holds it\" >&2\n"
            + "  trap 'exit 143' TERM INT\n"
            + "  flock 9 &\n"
            + "  wait $! || exit 1\n"
            + "  trap - TERM INT\n"
            + "  echo \"took the lock on " + SERVER_LOCK + "; starting redis-server\" >&2\n"
            + "fi\n"
            + "exec redis-server \"$@\"\n";

    private RedisConfig() {
    }

    /**
     * The directives, in file order. Every one exists with this meaning in Redis 7.0 (the tests'
     * server) and 8.x (the image); {@code RedisConfigTest} pins the list.
     */
    static Map<String, String> directives(RedisProps props) {
        Map<String, String> d = new LinkedHashMap<>();
        // Network: every interface (the NetworkPolicy decides who connects), IPv6 where it exists.
        d.put("bind", "* -::*");
        d.put("port", Integer.toString(props.port()));
        // The image builds Redis with protected mode off; it only matters for a password-less default
        // user, which the ACL file never has, but a mistake there must not open the server.
        d.put("protected-mode", "yes");
        d.put("tcp-keepalive", "300");
        d.put("timeout", "0");
        // In the foreground, logging to stdout for the container log.
        d.put("daemonize", "no");
        d.put("supervised", "no");
        d.put("logfile", "\"\"");
        d.put("loglevel", "notice");
        d.put("always-show-logo", "no");
        // Persistence on the claim: the AOF, fsynced every second, loses at most about a second of
        // writes on a crash; RDB snapshots make restarts fast and are what backups copy.
        d.put("dir", DATA_DIR);
        d.put("dbfilename", "dump.rdb");
        d.put("save", props.snapshots());
        d.put("stop-writes-on-bgsave-error", "yes");
        d.put("rdbcompression", "yes");
        d.put("rdbchecksum", "yes");
        d.put("appendonly", "yes");
        d.put("appendfilename", "\"appendonly.aof\"");
        d.put("appenddirname", "\"appendonlydir\"");
        d.put("appendfsync", "everysec");
        d.put("aof-use-rdb-preamble", "yes");
        // No shutdown-on-sigterm: its default already saves (and fsyncs) on SIGTERM when save points exist.
        // Memory: a share of the container's limit (RedisProps.maxmemoryPercent says why not all of it).
        d.put("maxmemory", Long.toString(props.maxmemoryBytes()));
        d.put("maxmemory-policy", props.evictionPolicy());
        // Users from the ACL file the pod renders; no user directive here (Redis refuses both).
        d.put("aclfile", ACL_FILE);
        // Commands that change the server itself at runtime stay off for every user, admin included.
        d.put("enable-debug-command", "no");
        d.put("enable-module-command", "no");
        d.put("enable-protected-configs", "no");
        return d;
    }

    static String redisConf(RedisProps props) {
        StringBuilder out = new StringBuilder("# Written by data-layer from RedisProps; change the props, not this file.\n");
        directives(props).forEach((key, value) -> out.append(key).append(' ').append(value).append('\n'));
        return out.toString();
    }

    /**
     * One line per user: name, minimum password length, the file that holds the password (or
     * {@code -} for none) and the user's ACL rules. The acl-sync script writes
     * {@code user <name> <rules> #<sha256 of the password>} for each line.
     *
     * <ul>
     *   <li>{@code default}: off, no password, no keys, no commands; every connection must AUTH.</li>
     *   <li>{@code admin}: everything (the operators' and the acl-sync sidecar's user).</li>
     *   <li>{@code app}: every key and channel and every command outside {@code @dangerous}
     *       (FLUSHALL, FLUSHDB, KEYS, CONFIG, DEBUG, SHUTDOWN, MODULE, ACL's writing subcommands,
     *       MONITOR, SAVE, REPLICAOF, MIGRATE, SORT, CLIENT KILL, ...), plus INFO, which client
     *       libraries call for the server version.</li>
     *   <li>{@code backup}: only what {@code redis-cli --rdb} sends (REPLCONF, SYNC or PSYNC, PING):
     *       it reads the whole data set as a snapshot and can change nothing.</li>
     *   <li>the monitoring user (only with monitoring on, {@link RedisMonitoringUser}): the commands
     *       redis_exporter runs on every scrape and nothing else, each for one reason (below); no key
     *       and no channel pattern, so any command naming a key is refused even if granted by mistake.</li>
     * </ul>
     */
    static String aclRules(RedisProps props) {
        return aclRules(props, null);
    }

    /**
     * What the exporter may run, with why. Not granted, though redis_exporter tries them: SLOWLOG GET
     * (its entries carry the logged commands' arguments: key names and up to 128 bytes of values; the
     * exporter then just lacks slowlog_last_id) and CLIENT LIST (off unless --export-client-list).
     */
    static final java.util.List<String> MONITORING_COMMANDS = java.util.List.of(
            "+info",              // INFO ALL: memory, clients, persistence, replication, stats, keyspace counts
            "+config|get",        // CONFIG GET *: databases, maxmemory, maxclients (no key; ACL passwords are not config)
            "+latency|latest",    // LATENCY LATEST: latency spikes per event
            "+latency|histogram", // LATENCY HISTOGRAM: per-command latency buckets (Redis 7+)
            "+slowlog|len",       // SLOWLOG LEN: how many slow commands are logged, without their arguments
            "+ping",              // PING: --ping-on-connect, and a person checking the login
            "+client|setname");   // CLIENT SETNAME redis_exporter: its connections named in CLIENT LIST

    /** The rules, with the monitoring user's line when {@code monitoring} is not null. */
    static String aclRules(RedisProps props, RedisMonitoringUser monitoring) {
        int usersMin = props.usersSecret().minLength();
        int appMin = props.appSecret().minLength();
        return "# Written by data-layer. user  min-length  password-file  ACL rules (the pod adds #<sha256> of the file)\n"
                + "default - - off resetpass resetkeys resetchannels -@all\n"
                + Redis.ADMIN_USER + " " + usersMin + " " + USERS_DIR + "/" + RedisProps.ADMIN_PASSWORD_KEY
                + " on resetpass ~* &* +@all\n"
                + Redis.APP_USER + " " + appMin + " " + APP_DIR + "/" + RedisProps.APP_PASSWORD_KEY
                + " on resetpass ~* &* +@all -@dangerous +info\n"
                + Redis.BACKUP_USER + " " + usersMin + " " + USERS_DIR + "/" + RedisProps.BACKUP_PASSWORD_KEY
                + " on resetpass resetkeys resetchannels -@all +ping +replconf +sync +psync\n"
                + (monitoring == null ? "" : monitoring.user() + " " + monitoring.minLength() + " "
                        + RedisMonitoringUser.passwordFile() + " on resetpass resetkeys resetchannels -@all "
                        + String.join(" ", MONITORING_COMMANDS) + "\n");
    }
}
