package io.datalayer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL 18.4 run the way a synthesized StatefulSet describes it. Every volume of the pod
 * template becomes a folder (ConfigMaps and the Secret laid out as the kubelet does, with the
 * ConfigMap's files exactly as synthesized), the data directory is initialized as the official
 * image's entrypoint does it with {@code POSTGRES_PASSWORD_FILE}, and the server starts with the
 * container's exact arguments plus one override, {@code -c port=<free port>} (the machine's network
 * is shared). Each process runs in a {@link PodSandbox}: the pod's uid, a read-only root and only
 * the pod's volumes writable, at the paths the manifest names, so the socket folder is the pod's
 * own {@code /var/run/postgresql} and needs no override.
 *
 * <p>Clients from the test (psql, pg_isready) are Debian's PostgreSQL 15: no 18 client exists on
 * this machine. The server's output (stderr logging, as in the container) goes to {@link #log()}.
 */
public final class Postgres18Server implements AutoCloseable {
    public static final String SERVER_CONTAINER = "postgresql";

    private final Node pod;
    private final Path base;
    private final PodSandbox sandbox;
    private final int port;
    private final Path log;
    private final String secretName;
    private final String secretKey;
    private final PodFolders folders;
    private final PodProcesses processes;
    private Process server;
    private final Map<String, String> otherSecretKeys = new HashMap<>();

    private Postgres18Server(Manifests manifests, String statefulSet, String password, Map<String, String> otherSecrets)
            throws IOException {
        this.pod = manifests.get("StatefulSet", statefulSet).at("spec.template.spec");
        this.base = Files.createTempDirectory("pg18-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.port = PostgresServer.freePort();
        this.log = base.resolve("server.log");

        String secretName = null;
        String secretKey = null;
        Map<String, Map<String, String>> secrets = new HashMap<>();
        for (Object v : pod.at("volumes").list()) {
            Node volume = Node.of(v);
            if (volume.at("secret").value() == null) {
                continue;
            }
            String name = volume.at("secret.secretName").string();
            String key = volume.at("secret.items[0].key").string();
            if (otherSecrets.containsKey(name)) {
                // Another Secret (e.g. the monitoring role's): its one key holds the value given for it.
                otherSecretKeys.put(name, key);
                secrets.put(name, Map.of(key, otherSecrets.get(name)));
                continue;
            }
            if (secretName != null) {
                throw new AssertionError("the harness knows one superuser Secret volume; give the values of the others");
            }
            secretName = name;
            secretKey = key;
            secrets.put(name, Map.of(key, password));
        }
        this.secretName = secretName;
        this.secretKey = secretKey;
        this.folders = new PodFolders(manifests, statefulSet, base.resolve("volumes"), secrets);
        Map<String, Path> volumes = folders.folders();
        // The image's own environment; LANG is C.UTF-8 because the machine has no en_US.utf8 locale.
        this.sandbox = new PodSandbox(pod, volumes,
                Map.of(Postgres18Binaries.imagePath(), Postgres18Binaries.home()),
                Map.of("PATH", Postgres18Binaries.imagePathVariable(), "LANG", "C.UTF-8"),
                base.resolve("sandbox"));
        this.processes = new PodProcesses(sandbox, log);
    }

    /**
     * Initializes and starts the server of {@code statefulSet} in {@code manifests}, its Secret
     * holding {@code password}; waits until the container's startup probe passes.
     */
    public static Postgres18Server start(Manifests manifests, String statefulSet, String password) {
        return start(manifests, statefulSet, password, Map.of());
    }

    /**
     * As {@link #start(Manifests, String, String)}, with the values of the pod's other Secrets by
     * Secret name (each with one key), e.g. the monitoring role's password.
     */
    public static Postgres18Server start(Manifests manifests, String statefulSet, String password,
                                         Map<String, String> otherSecrets) {
        Postgres18Server server;
        try {
            server = new Postgres18Server(manifests, statefulSet, password, otherSecrets);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the pod's volumes: " + e.getMessage(), e);
        }
        try {
            server.initialize();
            server.startServer();
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /**
     * The official image's first start (docker-entrypoint.sh of postgres:18, the steps that run for
     * this manifest, in bash as there): the password from POSTGRES_PASSWORD_FILE with trailing line
     * breaks dropped, initdb with it, the temporary socket-only server started with the container's
     * arguments, the database check, a fast stop. The only change: the entrypoint's default port
     * 5432 is the test's free port.
     */
    private void initialize() {
        String script = """
                set -Eeo pipefail
                export PGPORT=%d  # the entrypoint default (5432) is the test port
                POSTGRES_PASSWORD="$(< "$POSTGRES_PASSWORD_FILE")"; unset POSTGRES_PASSWORD_FILE
                : "${POSTGRES_USER:=postgres}"
                POSTGRES_DB="$POSTGRES_USER"
                mkdir -p "$PGDATA"; chmod 00700 "$PGDATA" || :
                [ -n "$POSTGRES_PASSWORD" ] || { echo 'Error: Database is uninitialized and superuser password is not specified.' >&2; exit 1; }
                initdb --username="$POSTGRES_USER" --pwfile=<(printf "%%s\\n" "$POSTGRES_PASSWORD")
                shift  # "postgres"
                auth="$(postgres -C password_encryption "$@")"
                printf '\\nhost all all all %%s\\n' "$auth" >> "$PGDATA/pg_hba.conf"
                export PGPASSWORD="$POSTGRES_PASSWORD"
                PGUSER="$POSTGRES_USER" pg_ctl -D "$PGDATA" -o "$(printf '%%q ' "$@" -c listen_addresses='' -p "$PGPORT")" -w start
                PGHOST= PGHOSTADDR= psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc \\
                    --dbname postgres --set db="$POSTGRES_DB" --tuples-only <<< "SELECT 1 FROM pg_database WHERE datname = :'db' ;"
                PGUSER="$POSTGRES_USER" pg_ctl -D "$PGDATA" -m fast -w stop
                echo 'PostgreSQL init process complete; ready for start up.'
                """.formatted(port);
        List<String> argv = new ArrayList<>(List.of("bash", "-c", script, "docker-entrypoint.sh"));
        argv.addAll(serverArgs(false));
        // Its own PID namespace: the temporary server cannot outlive a failed step. The output goes
        // to the log file, not a pipe the temporary server would hold open.
        appendLog("-- initialization --\n");
        ProcessBuilder pb = sandbox.command(SERVER_CONTAINER, argv, Map.of(), true);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the entrypoint's initialization did not finish in 120 s:\n" + log());
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("the entrypoint's initialization failed (" + p.exitValue() + "):\n" + log());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        appendLog("-- server --\n");
    }

    private void startServer() {
        server = start(SERVER_CONTAINER, serverArgs(true), Map.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            PostgresServer.Result probe = probe(SERVER_CONTAINER, "startupProbe");
            if (probe.exitCode() == 0) {
                return;
            }
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("PostgreSQL 18.4 did not start (startup probe: " + probe.output() + "); server log:\n" + log());
            }
            sleep(200);
        }
    }

    /** The container's args, and with {@code withPort} the one override: the test's port. */
    private List<String> serverArgs(boolean withPort) {
        List<String> args = new ArrayList<>();
        for (Object a : sandbox.container(SERVER_CONTAINER).at("args").list()) {
            args.add(a.toString());
        }
        if (withPort) {
            args.addAll(List.of("-c", "port=" + port));
        }
        return args;
    }

    /**
     * Starts {@code argv} in a container of the pod in the background, its output appended to
     * {@link #log()}; the process is stopped with the server.
     */
    public Process start(String container, List<String> argv, Map<String, String> overrides) {
        return start(container, argv, overrides, false);
    }

    /**
     * As {@link #start(String, List, Map)}; with {@code asPid1} the command is PID 1 of its own PID
     * namespace, as a container's command is (find it with {@link #pid1Of}).
     */
    public Process start(String container, List<String> argv, Map<String, String> overrides, boolean asPid1) {
        return processes.start(container, argv, overrides, asPid1);
    }

    /** The host PID of the command a {@code start(..., true)} runs as PID 1 in its namespace. */
    public static long pid1Of(Process sandboxed) {
        return PodProcesses.pid1Of(sandboxed);
    }

    /** Runs {@code argv} in a container of the pod to completion. */
    public PostgresServer.Result exec(String container, List<String> argv, Map<String, String> overrides) {
        return processes.exec(container, argv, overrides);
    }

    /** Runs a probe ({@code startupProbe}, {@code readinessProbe}, {@code livenessProbe}) of a container as the kubelet would. */
    public PostgresServer.Result probe(String container, String probe) {
        List<String> argv = new ArrayList<>();
        for (String a : processes.probeCommand(container, probe)) {
            argv.add(withTestPort(a));
        }
        return exec(container, argv, portOverride(container));
    }

    /** The pod's container port in an argument becomes the test's port. */
    private String withTestPort(String arg) {
        return arg.replace("--port=" + containerPort(), "--port=" + port);
    }

    /** PGPORT, where the container sets it, becomes the test's port. */
    public Map<String, String> portOverride(String container) {
        return sandbox.env(container).containsKey("PGPORT") ? Map.of("PGPORT", Integer.toString(port)) : Map.of();
    }

    private int containerPort() {
        return ((Number) sandbox.container(SERVER_CONTAINER).at("ports[0].containerPort").value()).intValue();
    }

    /** The host folder behind one of the pod's volumes. */
    public Path volume(String name) {
        return folders.folder(name);
    }

    public PodSandbox sandbox() {
        return sandbox;
    }

    /** The container's command with its args, as the manifest gives them. */
    public List<String> commandOf(String container) {
        return processes.commandOf(container);
    }

    public int port() {
        return port;
    }

    /** Replaces the password in the Secret volume the way the kubelet does (symlink swap). */
    public void rotateSecret(String password) {
        folders.rotateSecret(secretName, Map.of(secretKey, password));
    }

    /** Replaces the value of another Secret (see {@link #start(Manifests, String, String, Map)}) the kubelet's way. */
    public void rotateSecret(String secret, String value) {
        String key = otherSecretKeys.get(secret);
        if (key == null) {
            throw new AssertionError("the pod mounts no Secret " + secret + " the harness was given");
        }
        folders.rotateSecret(secret, Map.of(key, value));
    }

    /** Everything the server (and the processes started with {@link #start}) wrote: the container log. */
    public String log() {
        return processes.log();
    }

    /**
     * psql 15 over TCP to 127.0.0.1 as {@code role}; {@code password} may be null (none offered).
     * The password goes through a private passfile, so it is in no process's environment or
     * command line (the rotation test scans for exactly that).
     */
    public PostgresServer.Result psql(String role, String password, String database, String sql) {
        ProcessBuilder pb = new ProcessBuilder(PostgresServer.findBinaries().resolve("psql").toString(), "-X", "-q", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", role, "-d", database,
                "-c", sql);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().put("PGCONNECT_TIMEOUT", "10");
        pb.environment().put("PGCLIENTENCODING", "UTF8");
        Path passfile = null;
        try {
            if (password != null) {
                passfile = Files.createTempFile(base, "pgpass-", "");
                Files.setPosixFilePermissions(passfile, PosixFilePermissions.fromString("rw-------"));
                Files.writeString(passfile, "*:*:*:*:" + password.replace("\\", "\\\\").replace(":", "\\:") + "\n",
                        StandardCharsets.UTF_8);
            }
            pb.environment().put("PGPASSFILE", passfile == null ? "/dev/null" : passfile.toString());
            return PostgresServer.run(pb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (passfile != null) {
                try {
                    Files.deleteIfExists(passfile);
                } catch (IOException ignored) {
                    // the folder goes with close()
                }
            }
        }
    }

    /** SQL as {@code role} with {@code password}; fails the test on any error. */
    public String sql(String role, String password, String sql) {
        PostgresServer.Result r = psql(role, password, "postgres", sql);
        if (r.exitCode() != 0) {
            throw new AssertionError("psql as " + role + " failed (" + r.exitCode() + "): " + r.output() + "\nSQL: " + sql);
        }
        return r.output().strip();
    }

    /** Stops every process: the container's preStop (a fast shutdown) for the server, then the rest. */
    public void stop() {
        if (server != null && server.isAlive()) {
            List<String> preStop = new ArrayList<>();
            sandbox.container(SERVER_CONTAINER).at("lifecycle.preStop.exec.command").list().forEach(a -> preStop.add(a.toString()));
            PostgresServer.Result r = exec(SERVER_CONTAINER, preStop, Map.of());
            appendLog("-- preStop exited " + r.exitCode() + " --\n" + r.output());
        }
        processes.stopAll();
    }

    /** Kills a process started with {@link #start} and everything below it (see {@link PodProcesses#kill}). */
    public static void kill(Process p) {
        PodProcesses.kill(p);
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            PostgresServer.deleteTree(base);
        }
    }

    private void appendLog(String text) {
        processes.appendLog(text);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
