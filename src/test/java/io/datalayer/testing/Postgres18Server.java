package io.datalayer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * PostgreSQL 18.1 run the way a synthesized StatefulSet describes it. Every volume of the pod
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
    private final KubeletVolume secret;
    private final String secretFile;
    private final Map<String, Path> volumes;
    private final List<Process> processes = new ArrayList<>();
    private Process server;

    private final Map<String, KubeletVolume> otherSecrets = new HashMap<>();
    private final Map<String, String> otherSecretItems = new HashMap<>();

    private Postgres18Server(Manifests manifests, String statefulSet, String password, Map<String, String> otherSecretValues)
            throws IOException {
        this.pod = manifests.get("StatefulSet", statefulSet).at("spec.template.spec");
        this.base = Files.createTempDirectory("pg18-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.port = PostgresServer.freePort();
        this.log = base.resolve("server.log");
        int fsGroup = ((Number) pod.at("securityContext.fsGroup").value()).intValue();

        Map<String, Path> volumes = new HashMap<>();
        KubeletVolume secretVolume = null;
        String secretItem = null;
        for (Object v : pod.at("volumes").list()) {
            Node volume = Node.of(v);
            String name = volume.at("name").string();
            Path dir = base.resolve("volumes").resolve(name);
            if (volume.at("configMap").value() != null) {
                Map<String, String> files = new LinkedHashMap<>();
                manifests.get("ConfigMap", volume.at("configMap.name").string()).at("data").map()
                        .forEach((key, value) -> files.put(key, value.toString()));
                KubeletVolume.create(dir, files, mode(volume.at("configMap.defaultMode")), fsGroup);
            } else if (volume.at("secret").value() != null && otherSecretValues.containsKey(volume.at("secret.secretName").string())) {
                // Another Secret (e.g. the monitoring role's): its one item holds the value given for it.
                String secretName = volume.at("secret.secretName").string();
                otherSecretItems.put(secretName, volume.at("secret.items[0].path").string());
                otherSecrets.put(secretName, KubeletVolume.create(dir, Map.of(volume.at("secret.items[0].path").string(),
                        otherSecretValues.get(secretName)), mode(volume.at("secret.defaultMode")), fsGroup));
            } else if (volume.at("secret").value() != null) {
                if (secretVolume != null) {
                    throw new AssertionError("the harness knows one superuser Secret volume; give the values of the others");
                }
                secretItem = volume.at("secret.items[0].path").string();
                secretVolume = KubeletVolume.create(dir, Map.of(secretItem, password), mode(volume.at("secret.defaultMode")), fsGroup);
            } else if (volume.at("emptyDir").value() != null) {
                writableFolder(dir, fsGroup);
            } else {
                throw new AssertionError("the harness cannot back the volume " + name + ": " + volume.value());
            }
            volumes.put(name, dir);
        }
        // The claim from the volumeClaimTemplate: local-path makes a 0777 folder, fsGroup gives it the group.
        for (Object claim : manifests.get("StatefulSet", statefulSet).at("spec.volumeClaimTemplates").list()) {
            String name = Node.of(claim).at("metadata.name").string();
            Path dir = base.resolve("volumes").resolve(name);
            writableFolder(dir, fsGroup);
            volumes.put(name, dir);
        }
        this.secret = secretVolume;
        this.volumes = Map.copyOf(volumes);
        this.secretFile = secretItem;
        // The image's own environment; LANG is C.UTF-8 because the machine has no en_US.utf8 locale.
        this.sandbox = new PodSandbox(pod, volumes,
                Map.of(Postgres18Binaries.imagePath(), Postgres18Binaries.home()),
                Map.of("PATH", Postgres18Binaries.imagePathVariable(), "LANG", "C.UTF-8"),
                base.resolve("sandbox"));
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
     * Secret name (each with one item), e.g. the monitoring role's password.
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
                throw new AssertionError("PostgreSQL 18.1 did not start (startup probe: " + probe.output() + "); server log:\n" + log());
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
        ProcessBuilder pb = sandbox.command(container, argv, overrides, asPid1);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv + ": " + e.getMessage(), e);
        }
    }

    /** The host PID of the command a {@code start(..., true)} runs as PID 1 in its namespace. */
    public static long pid1Of(Process sandboxed) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            // bwrap forks once into the new namespace; that child execs setpriv, which execs the command.
            var child = sandboxed.toHandle().children().findFirst();
            if (child.isPresent() && child.get().info().command().map(c -> !c.endsWith("bwrap") && !c.endsWith("setpriv"))
                    .orElse(false)) {
                return child.get().pid();
            }
            sleep(50);
        }
        throw new AssertionError("the sandboxed command did not start");
    }

    /** Runs {@code argv} in a container of the pod to completion. */
    public PostgresServer.Result exec(String container, List<String> argv, Map<String, String> overrides) {
        return PostgresServer.run(sandbox.command(container, argv, overrides));
    }

    /** Runs a probe ({@code startupProbe}, {@code readinessProbe}, {@code livenessProbe}) of a container as the kubelet would. */
    public PostgresServer.Result probe(String container, String probe) {
        Node command = sandbox.container(container).at(probe + ".exec.command");
        if (command.value() == null) {
            throw new AssertionError(container + " has no exec " + probe);
        }
        List<String> argv = new ArrayList<>();
        for (Object a : command.list()) {
            argv.add(withTestPort(a.toString()));
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
        Path dir = volumes.get(name);
        if (dir == null) {
            throw new AssertionError("the pod has no volume " + name);
        }
        return dir;
    }

    public PodSandbox sandbox() {
        return sandbox;
    }

    /** The container's command with its args, as the manifest gives them. */
    public List<String> commandOf(String container) {
        List<String> argv = new ArrayList<>();
        for (String field : List.of("command", "args")) {
            Object list = sandbox.container(container).at(field).value();
            if (list != null) {
                Node.of(list).list().forEach(a -> argv.add(a.toString()));
            }
        }
        return argv;
    }

    public int port() {
        return port;
    }

    /** Replaces the password in the Secret volume the way the kubelet does (symlink swap). */
    public void rotateSecret(String password) {
        secret.update(Map.of(secretFile, password));
    }

    /** Replaces the value of another Secret (see {@link #start(Manifests, String, String, Map)}) the kubelet's way. */
    public void rotateSecret(String secretName, String value) {
        KubeletVolume volume = otherSecrets.get(secretName);
        if (volume == null) {
            throw new AssertionError("the pod mounts no Secret " + secretName + " the harness was given");
        }
        volume.update(Map.of(otherSecretItems.get(secretName), value));
    }

    /** Everything the server (and the processes started with {@link #start}) wrote: the container log. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        processes.forEach(Postgres18Server::kill);
    }

    /**
     * Kills a process started with {@link #start} and everything below it. Killing bwrap alone is
     * not enough: the parent-death signal it gives its child is cleared when setpriv drops to the
     * pod's uid, so the command would live on as an orphan.
     */
    public static void kill(Process p) {
        List<ProcessHandle> below = p.descendants().toList();
        below.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle h : below) {
                h.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("a sandboxed process did not die: " + e, e);
        }
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
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An emptyDir or a fresh claim as the kubelet leaves it for fsGroup: root:fsGroup, 2777. */
    private static void writableFolder(Path dir, int fsGroup) throws IOException {
        Files.createDirectories(dir);
        Files.setAttribute(dir, "unix:gid", fsGroup);
        PostgresServer.run(new ProcessBuilder("chmod", "2777", dir.toString()));
    }

    private static Set<PosixFilePermission> mode(Node defaultMode) {
        int mode = defaultMode.value() == null ? 0644 : ((Number) defaultMode.value()).intValue();
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                out.add(bits[i]);
            }
        }
        return out;
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
