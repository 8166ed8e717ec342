package io.datalayer.stores.neo4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text of {@code neo4j.conf} for a {@link Neo4j} server. Plain Java with no cdk8s calls, so the
 * file can be tested on its own (and run by a real server) and hashed for the rollout annotation.
 * The file replaces the image's whole configuration folder: every setting that differs from Neo4j's
 * built-in default for this layer is here, each with why.
 */
final class Neo4jConfig {
    static final String CONFIG_DIR = "/conf";
    static final String CONFIG_FILE = "neo4j.conf";
    static final String DATA_DIR = "/data";
    static final String LOGS_DIR = "/logs";
    /** Memory: neo4j's run folder and the supervisor's work files (wgetrc, request bodies, markers). */
    static final String RUN_DIR = "/run/neo4j";
    /** On the data volume, beside the databases: the passwords the supervisor applied last (0600). */
    static final String STATE_DIR = DATA_DIR + "/.datalayer";

    private Neo4jConfig() {
    }

    /**
     * The settings, in file order. Every one is a Neo4j 5.26 setting; the tests read each back from
     * the running server ({@code CALL dbms.listConfig()}).
     *
     * @param host the in-cluster DNS name of the client Service, which routing clients are told
     */
    static Map<String, String> settings(Neo4jProps props, String host) {
        Map<String, String> s = new LinkedHashMap<>();
        // An unknown or misspelled setting stops the server instead of being ignored.
        s.put("server.config.strict_validation.enabled", "true");
        // Every folder neo4j writes is a volume of the pod; the image's own folders stay read-only.
        s.put("server.directories.data", DATA_DIR);
        s.put("server.directories.logs", LOGS_DIR);
        s.put("server.directories.run", RUN_DIR);
        // Bolt on every interface (the NetworkPolicy decides who connects). Clients of neo4j:// are
        // given the advertised address in their routing table: the Service's name, not the pod's.
        s.put("server.default_advertised_address", host);
        s.put("server.bolt.enabled", "true");
        s.put("server.bolt.listen_address", "0.0.0.0:" + props.boltPort());
        // Plain Bolt inside the cluster, as the other stores: the NetworkPolicy admits only L4 namespaces
        // and this layer's labelled pods (see docs/stores/neo4j.md, TLS).
        s.put("server.bolt.tls_level", "DISABLED");
        // HTTP on the pod's loopback only: the supervisor's password statements and the probes use it;
        // no Service exposes it, and only the transactional endpoint is served (no Browser).
        s.put("server.http.enabled", "true");
        s.put("server.http.listen_address", "127.0.0.1:" + props.httpPort());
        s.put("server.http_enabled_modules", "TRANSACTIONAL_ENDPOINTS");
        s.put("server.https.enabled", "false");
        // Every connection logs in; the supervisor keeps the passwords equal to Vault's.
        s.put("dbms.security.auth_enabled", "true");
        s.put("dbms.security.auth_minimum_password_length", Integer.toString(props.passwordMinLength()));
        // Memory from the container's limit (Neo4jProps says why these shares); initial = max heap,
        // so the heap never grows into the limit later.
        s.put("server.memory.heap.initial_size", props.heapMib() + "m");
        s.put("server.memory.heap.max_size", props.heapMib() + "m");
        s.put("server.memory.pagecache.size", props.pageCacheMib() + "m");
        // The JVM ends on an OutOfMemoryError (the kubelet restarts the container) instead of limping on.
        s.put("server.jvm.additional", "-XX:+ExitOnOutOfMemoryError");
        // No usage reports to neo4j.com: the cluster has no egress for it, and the data is ours.
        s.put("dbms.usage_report.enabled", "false");
        return s;
    }

    static String neo4jConf(Neo4jProps props, String host) {
        StringBuilder out = new StringBuilder("# Written by data-layer from Neo4jProps; change the props, not this file.\n");
        settings(props, host).forEach((key, value) -> out.append(key).append('=').append(value).append('\n'));
        return out.toString();
    }
}
