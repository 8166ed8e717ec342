package io.datalayer.stores.clickhouse;

import io.datalayer.backup.BackupJobs;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of the server's {@code config.xml} and of the users template for a {@link ClickHouse}
 * server. Plain Java with no cdk8s calls, so the files can be parsed by the tests and hashed for the
 * rollout annotation. Neither holds a password: the users template has a marker
 * {@code @@sha256 <min-length> <file>@@} where each password's SHA-256 goes, and
 * {@value UsersRender#SCRIPT} writes the users file from it in the pod.
 *
 * <p>Every path the server writes is on a volume (the image's root is read-only): the data, its
 * {@code tmp/}, {@code user_files/}, {@code format_schemas/}, {@code user_scripts/}, the SQL-created
 * users ({@code access/}) and {@code preprocessed_configs/} on the data claim; the log goes to the
 * console (the container's stderr), never to {@code /var/log}. No {@code <zookeeper>}, no
 * {@code <remote_servers>}, no {@code <macros>}: one server, no Keeper.
 */
final class ClickHouseConfig {
    static final String DATA_DIR = "/var/lib/clickhouse";
    static final String CONFIG_DIR = "/etc/clickhouse-server";
    static final String CONFIG_FILE = "config.xml";
    /** Memory-backed, written only by the users-render containers; the server reads it (and re-reads it on a change). */
    static final String USERS_DIR = "/run/clickhouse-users";
    static final String USERS_FILE = USERS_DIR + "/users.xml";
    /** Where the three Secrets are mounted, one folder each (each with the kubelet's {@code ..data} link). */
    static final String SECRETS_DIR = "/etc/clickhouse-secrets";
    static final String USERS_SECRET_DIR = SECRETS_DIR + "/users";
    static final String APP_SECRET_DIR = SECRETS_DIR + "/app";
    static final String MONITORING_SECRET_DIR = SECRETS_DIR + "/monitoring";
    /** The backup volume in the server pod, the disk {@value #BACKUP_DISK} that {@code BACKUP ... TO Disk(...)} writes to. */
    static final String BACKUP_DIR = BackupJobs.BACKUP_DIR;
    static final String BACKUP_DISK = "backups";
    static final String METRICS_PATH = "/metrics";

    static final String ADMIN_USER = "admin";
    static final String APP_USER = "app";
    static final String BACKUP_USER = "backup";
    static final String MONITORING_USER = "monitoring";

    /**
     * The table engines the app and backup users may create tables with ({@code table_engines_require_grant}
     * is on): the MergeTree family without {@code Replicated*}, and the small helper engines. Engines that
     * reach outside the server (URL, S3, File, MySQL, PostgreSQL, Kafka, ...) and every {@code Replicated*}
     * engine are refused to them; the admin keeps every engine, and a {@code Replicated*} table still fails
     * for want of a Keeper.
     */
    static final List<String> TABLE_ENGINES = List.of("MergeTree", "ReplacingMergeTree", "SummingMergeTree",
            "AggregatingMergeTree", "CollapsingMergeTree", "VersionedCollapsingMergeTree", "Memory", "Log", "TinyLog",
            "StripeLog", "Null", "Buffer", "Set", "Join");
    /** What the app user may do in each of its databases: its own tables and views, nothing on the server. */
    static final String APP_PRIVILEGES = "SHOW, SELECT, INSERT, ALTER, CREATE DATABASE, CREATE TABLE, CREATE VIEW, DROP TABLE,"
            + " DROP VIEW, TRUNCATE, OPTIMIZE";
    /**
     * The databases backup.sh and restore.sh prove a run in ({@code RESTORE DATABASE d AS <prefix><n>}):
     * never backed up, dropped before and after each use. The Jobs get it as {@code CLICKHOUSE_SCRATCH_PREFIX}
     * and the backup user's grants name it, so the two cannot drift.
     */
    static final String SCRATCH_PREFIX = "datalayer_scratch_";
    /**
     * The backup user, exactly what backup.sh sends needs (docs/stores/clickhouse.md lists each
     * statement): {@code BACKUP} of every database, SELECT to count and hash what it backed up, SHOW
     * DATABASES and SHOW TABLES to list them; and in the scratch databases only, what {@code RESTORE ...
     * AS <scratch>} and the drop after the proof need (views too: a database may hold them). It never
     * renames or drops a live database: the restore logs in as the admin ({@link ClickHouse#adminLogin()}).
     * No user or role management, no SYSTEM, no server settings.
     */
    static final List<String> BACKUP_GRANTS = List.of(
            "GRANT BACKUP, SELECT, SHOW DATABASES, SHOW TABLES ON *.*",
            "GRANT CREATE DATABASE, CREATE TABLE, CREATE VIEW, INSERT, DROP DATABASE, DROP TABLE, DROP VIEW ON "
                    + SCRATCH_PREFIX + "*.*");
    /**
     * The monitoring user: names of databases, tables and columns, the server's counters, and
     * chosen columns of the tables about parts and backups; nothing that holds rows of a database or the
     * text of a query (query_log, processes, mutations and errors carry literal values: not granted).
     */
    static final List<String> MONITORING_GRANTS = List.of(
            "GRANT SHOW DATABASES, SHOW TABLES, SHOW COLUMNS ON *.*",
            "GRANT SELECT ON system.metrics",
            "GRANT SELECT ON system.events",
            "GRANT SELECT ON system.asynchronous_metrics",
            "GRANT SELECT ON system.disks",
            "GRANT SELECT(database, table, active, rows, bytes_on_disk, modification_time) ON system.parts",
            "GRANT SELECT(id, status, start_time, end_time, num_files, total_size) ON system.backups");

    private ClickHouseConfig() {
    }

    /**
     * The server's whole configuration (the image's {@code config.d/} is not there: this file is all of it).
     *
     * @param backupDisk whether the backup volume is mounted at {@value #BACKUP_DIR}: the disk
     *                   {@value #BACKUP_DISK} and the {@code backups} section
     */
    static String configXml(ClickHouseProps props, boolean backupDisk) {
        List<Xml> top = new ArrayList<>(List.of(
                // The log to the console only (the container's stderr); no file under /var/log.
                Xml.of("logger", Xml.leaf("level", "information"), Xml.leaf("console", "1")),
                // Every interface of the pod (IPv4: k3s' default); the NetworkPolicies decide who connects.
                Xml.leaf("listen_host", "0.0.0.0"),
                Xml.leaf("tcp_port", props.nativePort()),
                Xml.leaf("http_port", props.httpPort()),
                Xml.leaf("path", DATA_DIR + "/"),
                Xml.leaf("tmp_path", DATA_DIR + "/tmp/"),
                Xml.leaf("user_files_path", DATA_DIR + "/user_files/"),
                Xml.leaf("format_schema_path", DATA_DIR + "/format_schemas/"),
                Xml.leaf("user_scripts_path", DATA_DIR + "/user_scripts/"),
                // Users from the rendered file (read-only to SQL); users created by SQL on the data volume.
                Xml.of("user_directories",
                        Xml.of("users_xml", Xml.leaf("path", USERS_FILE)),
                        Xml.of("local_directory", Xml.leaf("path", DATA_DIR + "/access/"))),
                Xml.of("access_control_improvements",
                        Xml.leaf("select_from_system_db_requires_grant", "true"),
                        Xml.leaf("select_from_information_schema_requires_grant", "true"),
                        // A table's engine needs a grant: how the app and backup users are kept from Replicated*.
                        Xml.leaf("table_engines_require_grant", "true")),
                Xml.leaf("default_profile", "default"),
                // Memory from the container's limit (ClickHouseProps says why these shares).
                Xml.leaf("max_server_memory_usage", props.serverMemoryBytes()),
                Xml.leaf("mark_cache_size", props.markCacheBytes()),
                Xml.leaf("uncompressed_cache_size", props.uncompressedCacheBytes()),
                // mlock needs CAP_IPC_LOCK, which the restricted pod drops.
                Xml.leaf("mlock_executable", "false")));
        if (backupDisk) {
            top.add(Xml.of("storage_configuration", Xml.of("disks",
                    Xml.of(BACKUP_DISK, Xml.leaf("type", "local"), Xml.leaf("path", BACKUP_DIR + "/")))));
            top.add(Xml.of("backups", Xml.leaf("allowed_disk", BACKUP_DISK), Xml.leaf("allowed_path", BACKUP_DIR + "/")));
        }
        // The built-in Prometheus endpoint listens in every environment: it serves counters, gauges
        // and error counts by name (no row of any table, no query text, no user), and the namespace's
        // default-deny keeps everyone out unless monitoring admits Prometheus' pods (ClickHouseMetrics).
        top.add(Xml.of("prometheus",
                Xml.leaf("endpoint", METRICS_PATH),
                Xml.leaf("port", props.metricsPort()),
                Xml.leaf("metrics", "true"),
                Xml.leaf("events", "true"),
                Xml.leaf("asynchronous_metrics", "true"),
                Xml.leaf("errors", "true")));
        return document("Written by data-layer from ClickHouseProps; change the props, not this file.", top);
    }

    /**
     * The users file with a {@code @@sha256 <min-length> <file>@@} marker for each password: the
     * admin (everything, and SQL user management), the app user (its databases only), the backup user
     * ({@link #BACKUP_GRANTS}) and, with {@code monitoringUser}, the monitoring user
     * ({@link #MONITORING_GRANTS}, read-only profile), who exists only where monitoring is on, like the
     * other stores' monitoring logins. No {@code default} user: every connection names its user and password.
     */
    static String usersTemplate(ClickHouseProps props, boolean monitoringUser) {
        int usersMin = props.usersSecret().minLength();
        List<String> appGrants = new ArrayList<>();
        for (String db : props.appDatabases()) {
            appGrants.add("GRANT " + APP_PRIVILEGES + " ON " + db + ".*");
        }
        List<String> engineGrants = TABLE_ENGINES.stream().map(e -> "GRANT TABLE ENGINE ON " + e).toList();
        appGrants.addAll(engineGrants);
        List<String> backupGrants = new ArrayList<>(BACKUP_GRANTS);
        backupGrants.addAll(engineGrants);
        List<Xml> profiles = new ArrayList<>(List.of(Xml.of("default", Xml.leaf("max_memory_usage", props.queryMemoryBytes()))));
        List<Xml> users = new ArrayList<>(List.of(
                Xml.of(ADMIN_USER, password(usersMin, USERS_SECRET_DIR + "/" + ClickHouseProps.ADMIN_PASSWORD_KEY),
                        anyNetwork(), Xml.leaf("profile", "default"), Xml.leaf("access_management", "1")),
                user(APP_USER, props.appSecret().minLength(), APP_SECRET_DIR + "/" + ClickHouseProps.PASSWORD_KEY,
                        "default", appGrants),
                user(BACKUP_USER, usersMin, USERS_SECRET_DIR + "/" + ClickHouseProps.BACKUP_PASSWORD_KEY, "default",
                        backupGrants)));
        if (monitoringUser) {
            profiles.add(Xml.of(MONITORING_USER, Xml.leaf("max_memory_usage", props.queryMemoryBytes()), Xml.leaf("readonly", "1")));
            users.add(user(MONITORING_USER, props.monitoringSecret().minLength(),
                    MONITORING_SECRET_DIR + "/" + ClickHouseProps.PASSWORD_KEY, MONITORING_USER, MONITORING_GRANTS));
        }
        List<Xml> top = List.of(Xml.of("profiles", profiles.toArray(Xml[]::new)), Xml.of("users", users.toArray(Xml[]::new)));
        return document("Written by data-layer from ClickHouseProps. users-render.sh writes the users file from it,"
                + " replacing each password marker by the SHA-256 of the file it names.", top);
    }

    private static Xml user(String name, int minLength, String passwordFile, String profile, List<String> grants) {
        return Xml.of(name, password(minLength, passwordFile), anyNetwork(), Xml.leaf("profile", profile),
                Xml.of("grants", grants.stream().map(g -> Xml.leaf("query", g)).toArray(Xml[]::new)));
    }

    private static Xml password(int minLength, String file) {
        return Xml.leaf("password_sha256_hex", "@@sha256 " + Math.max(1, minLength) + " " + file + "@@");
    }

    /** Any address: the NetworkPolicies decide who reaches the ports, the password who logs in. */
    private static Xml anyNetwork() {
        return Xml.of("networks", Xml.leaf("ip", "::/0"));
    }

    private static String document(String comment, List<Xml> top) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\"?>\n<!-- ").append(comment).append(" -->\n<clickhouse>\n");
        top.forEach(x -> x.write(out, 1));
        return out.append("</clickhouse>\n").toString();
    }

    /** An element with a text value or child elements, written with four spaces per level. */
    record Xml(String name, String text, List<Xml> children) {
        static Xml leaf(String name, Object value) {
            String v = String.valueOf(value);
            if (v.contains("<") || v.contains("&")) {
                throw new IllegalArgumentException("XML text of <" + name + "> must not hold '<' or '&': " + v);
            }
            return new Xml(name, v, List.of());
        }

        static Xml of(String name, Xml... children) {
            return new Xml(name, null, List.of(children));
        }

        void write(StringBuilder out, int depth) {
            String indent = "    ".repeat(depth);
            if (text != null) {
                out.append(indent).append('<').append(name).append('>').append(text).append("</").append(name).append(">\n");
                return;
            }
            out.append(indent).append('<').append(name).append(">\n");
            children.forEach(c -> c.write(out, depth + 1));
            out.append(indent).append("</").append(name).append(">\n");
        }
    }
}
