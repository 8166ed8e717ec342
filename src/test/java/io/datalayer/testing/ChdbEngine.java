package io.datalayer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The ClickHouse engine (26.7, npm chdb 3.4.0, installed by scripts/setup.sh in src/test/chdb) behind a
 * STAND-IN for the network client: a folder holding {@code clickhouse-client}, which runs the SQL it is
 * given on the embedded engine in one persistent data path (src/test/resources/.../clickhouse-client.js
 * says which options it honours). Put {@link #bin()} first on a script's PATH and give it
 * {@link #env()}; the test's own queries go the same way ({@link #sql}). No server, no network, no
 * users: what the stand-in cannot show (authentication, the native protocol, the server's own disk
 * config) is listed in docs/stores/clickhouse-backups.md.
 */
public final class ChdbEngine {
    private static final Path NODE = Path.of("node_modules/.bin/node").toAbsolutePath();
    private static final Path CHDB_MODULES = Path.of("src/test/chdb/node_modules").toAbsolutePath();
    private static final Path SHIM = Path.of("src/test/resources/io/datalayer/stores/clickhouse/clickhouse-client.js").toAbsolutePath();

    private final Path bin;
    private final Path data;
    private final Path config;
    private final Path log;
    private final Path clientConfig;

    /**
     * @param dir         an empty folder for the engine's data, config and the client folder
     * @param backupsDisk the name of the disk the scripts back up to
     * @param backupsPath the folder that disk writes to (the backup volume)
     */
    public ChdbEngine(Path dir, String backupsDisk, Path backupsPath) {
        if (!Files.isDirectory(CHDB_MODULES.resolve("chdb"))) {
            throw new AssertionError("chdb is not installed in " + CHDB_MODULES + "; run scripts/setup.sh");
        }
        try {
            bin = Files.createDirectories(dir.resolve("bin"));
            data = dir.resolve("engine");
            config = dir.resolve("engine.xml");
            log = dir.resolve("sql.log");
            // The server side of the disk: what the server's config.xml says for its backups disk.
            Files.writeString(config, "<clickhouse>\n"
                    + "  <storage_configuration><disks><" + backupsDisk + "><type>local</type><path>" + backupsPath + "/</path></"
                    + backupsDisk + "></disks></storage_configuration>\n"
                    + "  <backups><allowed_disk>" + backupsDisk + "</allowed_disk><allowed_path>" + backupsPath + "/</allowed_path></backups>\n"
                    + "</clickhouse>\n");
            Path client = bin.resolve("clickhouse-client");
            Files.writeString(client, "#!/bin/sh\nNODE_PATH='" + CHDB_MODULES + "' exec '" + NODE + "' '" + SHIM + "' \"$@\"\n");
            Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rwxr-xr-x"));
            clientConfig = dir.resolve("test-client.xml");
            Files.writeString(clientConfig, "<clickhouse/>\n");
            Files.setPosixFilePermissions(clientConfig, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder holding the stand-in clickhouse-client. */
    public Path bin() {
        return bin;
    }

    /** What the stand-in reads: the data path, the engine's config, the statement log. */
    public Map<String, String> env() {
        return Map.of("CHDB_SHIM_PATH", data.toString(), "CHDB_SHIM_CONFIG", config.toString(), "CHDB_SHIM_LOG", log.toString());
    }

    /** Every statement the stand-in received so far, in order (JSON strings, one a line). */
    public List<String> statements() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs statements for the test itself (not logged); returns the last one's TabSeparated output. */
    public String sql(String... statements) {
        String out = "";
        for (String s : statements) {
            ProcessBuilder pb = new ProcessBuilder(bin.resolve("clickhouse-client").toString(), "--config-file",
                    clientConfig.toString(), "--query", s);
            pb.environment().put("CHDB_SHIM_PATH", data.toString());
            pb.environment().put("CHDB_SHIM_CONFIG", config.toString());
            pb.environment().remove("CHDB_SHIM_LOG");
            PostgresServer.Result r = PostgresServer.run(pb);
            if (r.exitCode() != 0) {
                throw new AssertionError("chdb refused " + s + ": " + r.output());
            }
            out = r.output();
        }
        return out;
    }
}
