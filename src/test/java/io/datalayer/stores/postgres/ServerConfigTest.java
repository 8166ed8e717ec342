package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    @Test
    void parametersOverrideDefaultsAndAreQuoted() {
        String conf = ServerConfig.postgresqlConf(Environments.prod().store(PostgresStore.class).server().toBuilder()
                .parameters(Map.of("max_connections", "200", "search_path", "\"$user\", public, it's")).build());
        assertTrue(conf.contains("max_connections = '200'\n"), conf);
        assertFalse(conf.contains("max_connections = '100'"), conf);
        assertTrue(conf.contains("search_path = '\"$user\", public, it''s'\n"), conf);
        assertTrue(conf.contains("password_encryption = 'scram-sha-256'\n"), conf);
        assertTrue(conf.contains("port = '5432'\n"), conf);
    }

    @Test
    void backslashesAndQuotesAreEscapedForTheConfigParser() {
        assertEquals("'C:\\\\dir\\\\'", ServerConfig.quote("k", "C:\\dir\\"));
        assertEquals("'it''s \\\\n'", ServerConfig.quote("k", "it's \\n"));
        assertEquals("''", ServerConfig.quote("k", ""));
    }

    @Test
    void lineBreaksAndNulAreRefusedNamingTheSetting() {
        assertEquals("PostgresProps.parameters value of \"work_mem\" contains a line break, which postgresql.conf"
                + " cannot hold; use a single-line value",
                assertThrows(IllegalArgumentException.class, () -> Environments.prod().store(PostgresStore.class).server().toBuilder()
                        .parameters(Map.of("work_mem", "4MB\rhba_file = '/tmp/x'")).build()).getMessage());
        assertEquals("postgresql.conf setting value of \"x.y\" contains a NUL character, which postgresql.conf"
                + " cannot hold; remove it",
                assertThrows(IllegalArgumentException.class, () -> ServerConfig.quote("x.y", "a\0b")).getMessage());
    }

    @Test
    void hbaIsScramOverTheNetworkAndPeerOnlyForTheLocalSuperuser() {
        String hba = ServerConfig.pgHbaConf(Environments.prod().store(PostgresStore.class).server().toBuilder().superuser("admin").build());
        assertEquals(List.of(
                "local   all       admin  peer map=local-superuser",
                "local   all       all              scram-sha-256",
                "host    all       all   0.0.0.0/0  scram-sha-256",
                "host    all       all   ::/0       scram-sha-256"),
                hba.lines().filter(l -> !l.startsWith("#")).toList());
        String rules = hba.lines().filter(l -> !l.startsWith("#")).reduce("", String::concat);
        assertFalse(rules.contains("trust"));
        assertFalse(rules.contains("md5"));
        assertEquals(List.of("local-superuser  postgres  admin"),
                ServerConfig.pgIdentConf(Environments.prod().store(PostgresStore.class).server().toBuilder().superuser("admin").build()).lines()
                        .filter(l -> !l.startsWith("#")).toList());
    }
}
