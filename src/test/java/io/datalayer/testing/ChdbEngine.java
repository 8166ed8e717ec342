package io.datalayer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/**
 * The ClickHouse engine (26.7, npm chdb 3.4.0, installed by scripts/setup.sh in src/test/chdb) behind
 * STAND-INS for the server and the network client: one process holds the engine on one data path
 * and answers on a Unix socket (chdb-server.js), and a folder holds {@code clickhouse-client}, which
 * sends the SQL it is given there (clickhouse-client.js says which options it honours). Put
 * {@link #bin()} first on a script's PATH and give it {@link #env()}; the test's own statements go
 * to the same engine ({@link #sql}, {@link #batch}). Not ClickHouse's protocol, no users: what the
 * stand-ins cannot show (authentication, the native protocol, the server's own disk config) is
 * listed in docs/stores/clickhouse.md (Backups). Close it to stop the engine.
 */
public final class ChdbEngine implements AutoCloseable {
    private static final Path NODE = Path.of("node_modules/.bin/node").toAbsolutePath();
    private static final Path CHDB_MODULES = Path.of("src/test/chdb/node_modules").toAbsolutePath();
    private static final Path SERVER = Path.of("src/test/resources/io/datalayer/stores/clickhouse/chdb-server.js").toAbsolutePath();
    private static final Path LOCAL = Path.of("src/test/resources/io/datalayer/stores/clickhouse/clickhouse-local.js").toAbsolutePath();
    private static final Path SHIM = Path.of("src/test/resources/io/datalayer/stores/clickhouse/clickhouse-client.js").toAbsolutePath();

    private final Path bin;
    private final Path data;
    private final Path config;
    private final Path log;
    private final Path socket;
    private final Process server;

    /**
     * @param dir         an empty folder for the engine's data, config and the client folder
     * @param backupsDisk the name of the disk the scripts back up to
     * @param backupsPath the folder that disk writes to (the backup volume)
     */
    public ChdbEngine(Path dir, String backupsDisk, Path backupsPath) {
        this(dir, backupsDisk, backupsPath, "");
    }

    /**
     * @param moreConfig more elements of the engine's config file (e.g. {@code <user_directories>} with
     *                   a users file, to load the grants a users file gives)
     */
    public ChdbEngine(Path dir, String backupsDisk, Path backupsPath, String moreConfig) {
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
                    + backupsDisk + "></disks></storage_configuration>\n" + moreConfig
                    + "  <backups><allowed_disk>" + backupsDisk + "</allowed_disk><allowed_path>" + backupsPath + "/</allowed_path></backups>\n"
                    + "</clickhouse>\n");
            socket = dir.resolve("engine.sock");
            ProcessBuilder pb = new ProcessBuilder(NODE.toString(), SERVER.toString(), socket.toString(), data.toString(),
                    config.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("NODE_PATH", CHDB_MODULES.toString());
            server = pb.start();
            // Its first line says it accepts connections: the event to wait for, not a sleep.
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (!("listening " + socket).equals(first)) {
                server.destroyForcibly();
                throw new AssertionError("the chdb stand-in server did not start: " + first);
            }
            Path client = bin.resolve("clickhouse-client");
            Files.writeString(client, "#!/bin/sh\nexec '" + NODE + "' '" + SHIM + "' \"$@\"\n");
            Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code clickhouse} into {@code bin}: a STAND-IN for the server binary's {@code local} mode
     * (clickhouse-local.js), running on chdb, which is clickhouse local's engine embedded as a library.
     * It needs no running engine: each call is a process of its own on the data folder it is given, as
     * {@code clickhouse local --path} is. Readable by any uid (a sandboxed pod's), its environment its own.
     */
    public static Path localStandIn(Path bin) {
        if (!Files.isDirectory(CHDB_MODULES.resolve("chdb"))) {
            throw new AssertionError("chdb is not installed in " + CHDB_MODULES + "; run scripts/setup.sh");
        }
        try {
            Files.createDirectories(bin);
            Path clickhouse = bin.resolve("clickhouse");
            Files.writeString(clickhouse, "#!/bin/sh\nNODE_PATH='" + CHDB_MODULES + "'; export NODE_PATH\nexec '" + NODE + "' '" + LOCAL + "' \"$@\"\n");
            Files.setPosixFilePermissions(clickhouse, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
            return bin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder holding the stand-in clickhouse-client. */
    public Path bin() {
        return bin;
    }

    /** What the stand-in client reads: the server's socket, the statement log. */
    public Map<String, String> env() {
        return Map.of("CHDB_SHIM_SOCKET", socket.toString(), "CHDB_SHIM_LOG", log.toString());
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
     * Runs the test's own statements on the engine (not logged), in order, stopping at the first
     * error; returns each one's TabSeparated output.
     */
    @SuppressWarnings("unchecked")
    public List<String> batch(List<String> statements) {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap(("{\"queries\":" + new JsonStrings().json(statements) + "}").getBytes(StandardCharsets.UTF_8)));
            ch.shutdownOutput();
            String reply = new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
            Map<String, Object> res = (Map<String, Object>) new Yaml().load(reply);
            if (res.get("error") != null) {
                throw new AssertionError("chdb refused a statement of " + statements + ": " + res.get("error"));
            }
            return (List<String>) res.get("results");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the engine (the stand-in server). */
    @Override
    public void close() {
        server.destroy();
        try {
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.destroyForcibly();
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
