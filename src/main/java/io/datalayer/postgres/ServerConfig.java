package io.datalayer.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of {@code postgresql.conf} and {@code pg_hba.conf} for a {@link Postgres} server. Plain
 * Java with no cdk8s calls, so the files can be tested on their own and hashed for the rollout
 * annotation.
 */
final class ServerConfig {
    static final String SOCKET_DIR = "/var/run/postgresql";

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
        settings(props).forEach((key, value) -> out.append(key).append(" = '")
                .append(value.replace("'", "''")).append("'\n"));
        return out.toString();
    }

    /**
     * Password authentication with SCRAM everywhere, socket included: no {@code trust}, no {@code md5}.
     * Reachability is the NetworkPolicy's job; this file only decides how a client proves who it is.
     */
    static String pgHbaConf() {
        return """
                # Written by data-layer. SCRAM only; which peers may connect is decided by NetworkPolicy.
                # TYPE  DATABASE  USER  ADDRESS    METHOD
                local   all       all              scram-sha-256
                host    all       all   0.0.0.0/0  scram-sha-256
                host    all       all   ::/0       scram-sha-256
                """;
    }

    /** SHA-256 of both files: a pod template annotation, so any change to them rolls the pods. */
    static String hash(String... files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String file : files) {
                digest.update(file.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
