package io.datalayer.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.Environments;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    @Test
    void parametersOverrideDefaultsAndAreQuoted() {
        String conf = ServerConfig.postgresqlConf(Environments.prod().postgres().toBuilder()
                .parameters(Map.of("max_connections", "200", "search_path", "\"$user\", public, it's")).build());
        assertTrue(conf.contains("max_connections = '200'\n"), conf);
        assertFalse(conf.contains("max_connections = '100'"), conf);
        assertTrue(conf.contains("search_path = '\"$user\", public, it''s'\n"), conf);
        assertTrue(conf.contains("password_encryption = 'scram-sha-256'\n"), conf);
        assertTrue(conf.contains("port = '5432'\n"), conf);
    }

    @Test
    void hbaAllowsOnlyScram() {
        for (String line : ServerConfig.pgHbaConf().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                assertTrue(line.endsWith("scram-sha-256"), line);
            }
        }
        assertFalse(ServerConfig.pgHbaConf().contains("trust"));
        assertFalse(ServerConfig.pgHbaConf().contains("md5"));
    }

    @Test
    void hashChangesWithEitherFile() {
        String base = ServerConfig.hash("a", "b");
        assertEquals(base, ServerConfig.hash("a", "b"));
        assertNotEquals(base, ServerConfig.hash("a", "c"));
        assertNotEquals(base, ServerConfig.hash("ab", ""));
    }
}
