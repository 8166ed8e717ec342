package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Postgres18Server;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * ServerConfig's quoting through the real parser: hostile values written into postgresql.conf by
 * the construct, read back by PostgreSQL 18.4 byte for byte. Compared as hex so neither psql's
 * output nor trimming can hide a difference.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerConfigOn18Test {
    private static final String PASSWORD = "round-trip-password-0123456789";
    private static final Map<String, String> VALUES = new LinkedHashMap<>();
    private static Postgres18Server server;

    static {
        // A real setting (ASCII only); application_name would show the client's own.
        VALUES.put("cluster_name", "ends in a backslash \\");
        VALUES.put("datalayer.backslash_end", "C:\\temp\\");
        VALUES.put("datalayer.quotes", "it's \"quoted\" '' and ''' ");
        VALUES.put("datalayer.escapes", "\\n \\t \\b \\f \\r \\101 \\x41 \\\\ \\'");
        VALUES.put("datalayer.empty", "");
        VALUES.put("datalayer.spaces", "  leading and trailing  ");
        VALUES.put("datalayer.comment", "# not a comment = 'x'");
        VALUES.put("datalayer.unicode", "Grüße, 東京, ✓");
        VALUES.put("datalayer.tab", "a\tb");
        VALUES.put("log_line_prefix", "%m [%p] %q%u@%d \\ '");
        // Random strings over the characters that matter to the parser, plus ordinary ones.
        Random random = new Random(20261127);
        String alphabet = "'\\\"#= \tabcXYZ019$%,;:/\u00e9\u6771";
        for (int i = 0; i < 40; i++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(24);
            for (int j = 0; j < length; j++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            VALUES.put("datalayer.random_" + i, value.toString());
        }
    }

    @BeforeAll
    static void start() {
        Manifests m = Manifests.of(chart -> new Postgres(chart, "postgresql",
                Environments.prod().store(PostgresStore.class).server().toBuilder().parameters(VALUES).build()));
        server = Postgres18Server.start(m, "postgresql", PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void everyValueReadsBackExactly() {
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> keys = new ArrayList<>(VALUES.keySet());
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : " || ',' || ").append("encode(convert_to(current_setting('").append(keys.get(i))
                    .append("'), 'UTF8'), 'hex')");
        }
        String[] got = server.sql("postgres", PASSWORD, sql.toString()).split(",", -1);
        assertEquals(keys.size(), got.length);
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String want = HexFormat.of().formatHex(VALUES.get(keys.get(i)).getBytes(StandardCharsets.UTF_8));
            if (!want.equals(got[i])) {
                wrong.add(keys.get(i) + ": set [" + VALUES.get(keys.get(i)) + "], read back ["
                        + new String(HexFormat.of().parseHex(got[i]), StandardCharsets.UTF_8) + "]");
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals("", server.sql("postgres", PASSWORD, "SELECT coalesce(string_agg(sourcefile || ' ' || name || ': '"
                + " || coalesce(error, 'not applied'), '; '), '') FROM pg_file_settings"
                + " WHERE name <> 'port' AND (error IS NOT NULL OR NOT applied)"));
        assertFalse(server.log().contains("syntax error"), server.log());
    }

    @Test
    @Order(2)
    void theContainersPreStopStopsTheServerCleanly() {
        // stop() runs the container's preStop (pg_ctl stop --mode=fast) as the kubelet would.
        server.stop();
        String log = server.log();
        assertTrue(log.contains("-- preStop exited 0 --"), log);
        assertTrue(log.contains("database system is shut down"), log);
    }
}
