package io.datalayer.stores.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.kit.ConfigFiles;
import io.datalayer.testing.ChdbEngine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The shipped XML parsed with the JDK's parser, every element checked against ClickHouse's documented names. */
class ClickHouseConfigTest {
    private static final ClickHouseProps PROPS = ClickHouseTest.prodProps();
    /** Elements whose children are names the file chooses (users, profiles, disks). */
    private static final Set<String> CHOSEN = Set.of("users", "profiles", "storage_configuration/disks");

    static Set<String> documented() {
        Set<String> names = new TreeSet<>();
        for (String line : ConfigFiles.read(ClickHouseConfigTest.class, "documented-settings.txt").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.strip());
            }
        }
        return names;
    }

    static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every element's path below the root, a chosen name written as "*". */
    static List<String> paths(Element e, String prefix, List<String> out) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                String name = CHOSEN.contains(prefix.replaceAll("/\\*", "/*")) || CHOSEN.contains(prefix) ? "*" : child.getTagName();
                String path = prefix.isEmpty() ? name : prefix + "/" + name;
                out.add(path);
                paths(child, path, out);
            }
        }
        return out;
    }

    @Test
    void everyElementOfConfigXmlIsADocumentedSetting() throws Exception {
        for (boolean disk : List.of(false, true)) {
            Document doc = parse(ClickHouseConfig.configXml(PROPS, disk));
            assertEquals("clickhouse", doc.getDocumentElement().getTagName());
            List<String> unknown = paths(doc.getDocumentElement(), "", new ArrayList<>()).stream()
                    .filter(p -> !documented().contains(p)).toList();
            assertEquals(List.of(), unknown);
        }
    }

    @Test
    void everyElementOfTheUsersTemplateIsADocumentedSetting() throws Exception {
        Document doc = parse(ClickHouseConfig.usersTemplate(PROPS, true));
        List<String> unknown = paths(doc.getDocumentElement(), "", new ArrayList<>()).stream().filter(p -> !documented().contains(p)).toList();
        assertEquals(List.of(), unknown);
    }

    @Test
    void theMonitoringUserOnlyWithMonitoring() throws Exception {
        Element users = (Element) parse(ClickHouseConfig.usersTemplate(PROPS, false)).getDocumentElement()
                .getElementsByTagName("users").item(0);
        assertEquals(0, users.getElementsByTagName("monitoring").getLength());
        assertFalse(ClickHouseConfig.usersTemplate(PROPS, false).contains("/etc/clickhouse-secrets/monitoring"));
    }

    @Test
    void anUndocumentedNameIsFound() throws Exception {
        Document doc = parse("<clickhouse><listen_host>x</listen_host><zookeeper><node/></zookeeper></clickhouse>");
        assertEquals(List.of("zookeeper", "zookeeper/node"), paths(doc.getDocumentElement(), "", new ArrayList<>()).stream()
                .filter(p -> !documented().contains(p)).toList());
    }

    @Test
    void memoryFromTheLimitAndNoKeeper() throws Exception {
        Element root = parse(ClickHouseConfig.configXml(PROPS, true)).getDocumentElement();
        long limit = 4L << 30;
        assertEquals(Long.toString(limit / 100 * 80), text(root, "max_server_memory_usage"));
        assertEquals(Long.toString(limit / 100 * 5), text(root, "mark_cache_size"));
        assertEquals("0", text(root, "uncompressed_cache_size"));
        assertEquals("true", text(root, "table_engines_require_grant"));
        assertEquals("/run/clickhouse-users/users.xml", text(root, "users_xml").strip());
        for (String absent : List.of("zookeeper", "remote_servers", "macros", "keeper_server")) {
            assertEquals(0, root.getElementsByTagName(absent).getLength(), absent);
        }
        Element users = parse(ClickHouseConfig.usersTemplate(PROPS, true)).getDocumentElement();
        assertEquals(Long.toString(limit / 100 * 80 / 2), text(users, "max_memory_usage"));
    }

    @Test
    void theAppUserOnlyInItsDatabasesAndTheMonitoringUserOnlyOnSystemTables() throws Exception {
        ClickHouseProps two = PROPS.toBuilder().appDatabases(List.of("events", "rollups")).build();
        Element users = (Element) parse(ClickHouseConfig.usersTemplate(two, true)).getDocumentElement().getElementsByTagName("users").item(0);
        for (String q : queries(users, "app")) {
            assertTrue(q.matches("GRANT [A-Z ,]+ ON (events|rollups)\\.\\*") || q.matches("GRANT TABLE ENGINE ON [A-Za-z]+"), q);
            assertFalse(q.contains("Replicated"), q);
        }
        for (String q : queries(users, "monitoring")) {
            assertTrue(q.equals("GRANT SHOW DATABASES, SHOW TABLES, SHOW COLUMNS ON *.*") || q.matches("GRANT SELECT(\\([a-z_, ]+\\))? ON system\\.[a-z_]+"), q);
            assertFalse(q.contains("query_log") || q.contains("processes") || q.contains("mutations"), q);
        }
        Element admin = (Element) users.getElementsByTagName("admin").item(0);
        assertEquals("1", admin.getElementsByTagName("access_management").item(0).getTextContent());
        assertEquals(0, users.getElementsByTagName("default").getLength(), "no default user");
        assertEquals("monitoring", ((Element) users.getElementsByTagName("monitoring").item(0)).getElementsByTagName("profile").item(0).getTextContent());
    }

    /**
     * The users template, its markers filled with a sample hash, loaded by the real engine (26.7, chdb)
     * as its users file: the server's way of reading them. The engine parses every GRANT query of every
     * user and holds what they grant; the backup user holds exactly {@link ClickHouseConfig#BACKUP_GRANTS}
     * (and the engine grants), which docs/stores/clickhouse.md lists word for word. Whether those grants
     * suffice for each statement the scripts send cannot be run here: chdb runs every statement as its
     * own {@code default} user (impersonation is not available in it).
     */
    @Test
    void theRealEngineLoadsTheUsersFileAndGrantsTheBackupUserExactlyTheListedGrants(@TempDir Path tmp) throws Exception {
        // The engine's own session runs as "default", which the shipped file has not (no default user there);
        // it may read the users (access_management) for the test's queries.
        String users = ClickHouseConfig.usersTemplate(PROPS, true).replaceAll("@@sha256 [^@]+@@", "0".repeat(64))
                .replace("<users>", "<users>\n        <default><password></password><networks><ip>::/0</ip></networks>"
                        + "<profile>default</profile><access_management>1</access_management></default>");
        Path file = Files.writeString(tmp.resolve("users.xml"), users);
        try (ChdbEngine engine = new ChdbEngine(Files.createDirectory(tmp.resolve("chdb")), ClickHouse.backupDisk(),
                Files.createDirectory(tmp.resolve("backups")),
                "  <user_directories><users_xml><path>" + file + "</path></users_xml></user_directories>\n")) {
            assertEquals("admin\tusers_xml\napp\tusers_xml\nbackup\tusers_xml\ndefault\tusers_xml\nmonitoring\tusers_xml\n",
                    engine.sql("SELECT name, storage FROM system.users ORDER BY name"));
            assertEquals("GRANT SHOW DATABASES, SHOW TABLES, SELECT, BACKUP ON *.* TO backup\n"
                            // The engine's own order (by name) and quoting (Null is a keyword).
                            + Stream.of("AggregatingMergeTree", "Buffer", "CollapsingMergeTree", "Join", "Log", "Memory", "MergeTree",
                                    "`Null`", "ReplacingMergeTree", "Set", "StripeLog", "SummingMergeTree", "TinyLog",
                                    "VersionedCollapsingMergeTree").map(e -> "GRANT TABLE ENGINE ON " + e + " TO backup\n")
                            .collect(Collectors.joining())
                            + "GRANT INSERT, CREATE DATABASE, CREATE TABLE, CREATE VIEW, DROP DATABASE, DROP TABLE, DROP VIEW ON "
                            + ClickHouseConfig.SCRATCH_PREFIX + "*.* TO backup\n",
                    engine.sql("SHOW GRANTS FOR backup"));
        }
        String doc = Files.readString(Path.of("docs/stores/clickhouse.md"));
        for (String grant : ClickHouseConfig.BACKUP_GRANTS) {
            assertTrue(doc.contains(grant + " TO backup;"), "docs/stores/clickhouse.md lists " + grant);
        }
    }

    private static List<String> queries(Element users, String user) {
        Element u = (Element) users.getElementsByTagName(user).item(0);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < u.getElementsByTagName("query").getLength(); i++) {
            out.add(u.getElementsByTagName("query").item(i).getTextContent());
        }
        return out;
    }

    private static String text(Element root, String tag) {
        return root.getElementsByTagName(tag).item(0).getTextContent();
    }
}
