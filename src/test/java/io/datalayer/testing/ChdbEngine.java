package io.datalayer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

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
    private static final Path BATCH = Path.of("src/test/resources/io/datalayer/stores/clickhouse/chdb-batch.js").toAbsolutePath();
    private static final Path SHIM = Path.of("src/test/resources/io/datalayer/stores/clickhouse/clickhouse-client.js").toAbsolutePath();

    private final Path bin;
    private final Path data;
    private final Path config;
    private final Path log;

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
        List<String> out = batch(List.of(statements));
        return out.get(out.size() - 1);
    }

    /**
     * Runs the test's own statements in one engine process (chdb-batch.js; not logged, not the
     * stand-in), in order, stopping at the first error; returns each one's TabSeparated output.
     */
    @SuppressWarnings("unchecked")
    public List<String> batch(List<String> statements) {
        ProcessBuilder pb = new ProcessBuilder(NODE.toString(), BATCH.toString());
        pb.environment().put("NODE_PATH", CHDB_MODULES.toString());
        pb.environment().put("CHDB_SHIM_PATH", data.toString());
        pb.environment().put("CHDB_SHIM_CONFIG", config.toString());
        try {
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write(new JsonStrings().json(statements).getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("chdb batch failed: " + err);
            }
            return (List<String>) new Yaml().load(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** JSON strings for the batch's input, written by hand: the test classpath has no JSON writer. */
    private static final class JsonStrings {
        String json(List<String> values) {
            StringBuilder b = new StringBuilder("[");
            for (String v : values) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append('"');
                for (char c : v.toCharArray()) {
                    if (c == '"' || c == '\\') {
                        b.append('\\').append(c);
                    } else if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
                b.append('"');
            }
            return b.append(']').toString();
        }
    }
}
