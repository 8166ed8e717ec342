package io.datalayer.stores.postgres;

import java.util.Map;
import java.util.TreeMap;

/**
 * The text of {@code postgresql.conf} and {@code pg_hba.conf} for a {@link Postgres} server. Plain
 * Java with no cdk8s calls, so the files can be tested on their own and hashed for the rollout
 * annotation.
 */
final class ServerConfig {
    static final String SOCKET_DIR = "/var/run/postgresql";
    /** The name the official images (Debian uid 999, Alpine uid 70) give the user the server runs as. */
    static final String OS_USER = "postgres";
    static final String IDENT_MAP = "local-superuser";

    private ServerConfig() {
    }

    /** Defaults for a small server; {@link PostgresProps#parameters()} override them key by key. */
    static Map<String, String> settings(PostgresProps props) {
        Map<String, String> settings = new TreeMap<>();
        settings.put("max_connections", "100");
        settings.put("shared_buffers", "128MB");
        settings.put("log_destination", "stderr");
        settings.put("logging_collector", "off");
        settings.put("log_connections", "on");
        settings.put("log_disconnections", "on");
        settings.put("log_line_prefix", "%m [%p] %q%u@%d ");
        settings.putAll(props.parameters());
        // Derived from other props: never overridable (PostgresProps rejects these keys).
        settings.put("listen_addresses", "*");
        settings.put("port", Integer.toString(props.port()));
        settings.put("unix_socket_directories", SOCKET_DIR);
        settings.put("password_encryption", "scram-sha-256");
        return settings;
    }

    static String postgresqlConf(PostgresProps props) {
        StringBuilder out = new StringBuilder("# Written by data-layer from PostgresProps; change the props, not this file.\n");
        settings(props).forEach((key, value) -> out.append(key).append(" = ").append(quote(key, value)).append('\n'));
        return out.toString();
    }

    /**
     * A value as a {@code postgresql.conf} string that the server reads back exactly: inside single
     * quotes the file's parser turns {@code ''} into a quote and {@code \\} into a backslash, and
     * treats any other backslash as the start of an escape ({@code \n}, {@code \t}, octal), so both
     * quotes and backslashes are doubled. A line break cannot be written at all: the parser ends the
     * value at the line's end, so such values are refused.
     */
    static String quote(String key, String value) {
        checkValue("postgresql.conf setting", key, value);
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** Refuses a value the configuration file cannot hold, naming the prop and the setting. */
    static void checkValue(String prop, String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(prop + " value of \"" + key + "\" contains a line break, which"
                    + " postgresql.conf cannot hold; use a single-line value");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(prop + " value of \"" + key + "\" contains a NUL character, which"
                    + " postgresql.conf cannot hold; remove it");
        }
    }

    /**
     * How a client proves who it is; which peers may connect at all is the NetworkPolicy's job.
     * Over the network SCRAM for every role: no {@code trust}, no {@code md5}. On the pod-local Unix
     * socket the superuser logs in by peer authentication, and only as the OS user {@value #OS_USER}
     * (the image's user for the pod's uid; see {@link #pgIdentConf}): that is how the password-sync
     * sidecar sets a new password when the old one no longer matches the Secret. Every other role
     * needs its password on the socket too.
     */
    static String pgHbaConf(PostgresProps props) {
        String superuser = props.superuser();
        return "# Written by data-layer. No trust, no md5; which peers may connect is decided by NetworkPolicy.\n"
                + "# TYPE  DATABASE  USER  ADDRESS    METHOD\n"
                + "local   all       " + superuser + "  peer map=" + IDENT_MAP + "\n"
                + "local   all       all              scram-sha-256\n"
                + "host    all       all   0.0.0.0/0  scram-sha-256\n"
                + "host    all       all   ::/0       scram-sha-256\n";
    }

    /** The one peer mapping: the image's OS user {@value #OS_USER} may log in on the socket as the superuser. */
    static String pgIdentConf(PostgresProps props) {
        return "# Written by data-layer. Peer login on the pod-local socket: OS user -> superuser, nothing else.\n"
                + "# MAPNAME  SYSTEM-USERNAME  PG-USERNAME\n"
                + IDENT_MAP + "  " + OS_USER + "  " + props.superuser() + "\n";
    }
}
