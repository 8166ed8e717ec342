package io.datalayer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Redis 7.0 run the way a synthesized Redis StatefulSet describes it: every volume of the
 * pod template becomes a folder ({@link PodFolders}: the ConfigMaps' redis.conf, script and rules
 * exactly as synthesized, the Secrets with the test's passwords), the init container renders the
 * ACL file with its own command, env and mounts, and the server starts with the container's exact
 * command plus one override on the command line, {@code --port <free port>} (the machine's network
 * is shared). Each process runs in a {@link PodSandbox}: the pod's uid, a read-only root and only
 * the pod's volumes writable, at the paths the manifest names.
 *
 * <p>What stands in for the image: the host's {@code redis-server}, {@code redis-cli} and shell
 * (the image has them under {@code /usr/local/bin}; the container's command finds them on PATH).
 * The server's output (logfile "", as in the container) goes to {@link #log()}.
 */
public final class RedisServer implements AutoCloseable {
    /** The image's PATH (Docker library/redis); the Debian binaries are found in /usr/bin. */
    private static final String IMAGE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Node pod;
    private final Path base;
    private final PodFolders folders;
    private final PodSandbox sandbox;
    private final String serverContainer;
    private final int port;
    private final int containerPort;
    private final PodProcesses processes;
    private Process server;

    private RedisServer(Manifests manifests, String statefulSet, String serverContainer,
                        Map<String, Map<String, String>> secrets) throws IOException {
        requireRedis();
        this.pod = manifests.get("StatefulSet", statefulSet).at("spec.template.spec");
        this.serverContainer = serverContainer;
        this.base = Files.createTempDirectory("redis-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.port = PostgresServer.freePort();
        this.folders = new PodFolders(manifests, statefulSet, base.resolve("volumes"), secrets);
        this.sandbox = new PodSandbox(pod, folders.folders(), Map.of(), Map.of("PATH", IMAGE_PATH), base.resolve("sandbox"));
        this.processes = new PodProcesses(sandbox, base.resolve("pod.log"));
        this.containerPort = ((Number) sandbox.container(serverContainer).at("ports[0].containerPort").value()).intValue();
    }

    /**
     * Runs the init containers of {@code statefulSet}, then starts its server container; waits
     * until the container's startup probe passes. {@code secrets}: the values of each Secret the
     * pod mounts, by Secret name and key.
     */
    public static RedisServer start(Manifests manifests, String statefulSet, String serverContainer,
                                    Map<String, Map<String, String>> secrets) {
        RedisServer redis;
        try {
            redis = new RedisServer(manifests, statefulSet, serverContainer, secrets);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the pod's volumes: " + e.getMessage(), e);
        }
        try {
            redis.runInitContainers();
            redis.startServer();
            return redis;
        } catch (RuntimeException | Error e) {
            redis.close();
            throw e;
        }
    }

    /** Every init container in order, each to completion, as the kubelet runs them. */
    public void runInitContainers() {
        Object inits = pod.at("initContainers").value();
        for (Object c : inits == null ? List.of() : Node.of(inits).list()) {
            String name = Node.of(c).at("name").string();
            PostgresServer.Result r = exec(name, commandOf(name), portOverride(name));
            appendLog("-- init container " + name + " exited " + r.exitCode() + " --\n" + r.output());
            if (r.exitCode() != 0) {
                throw new AssertionError("init container " + name + " failed (" + r.exitCode() + "):\n" + r.output());
            }
        }
    }

    /** Starts the server container's command with the test's port; waits for the startup probe. */
    public void startServer() {
        List<String> argv = new ArrayList<>(commandOf(serverContainer));
        argv.addAll(List.of("--port", Integer.toString(port)));
        appendLog("-- server --\n");
        server = start(serverContainer, argv, Map.of(), true);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            PostgresServer.Result probe = probe(serverContainer, "startupProbe");
            if (probe.exitCode() == 0) {
                return;
            }
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("Redis did not start (startup probe: " + probe.output() + "); log:\n" + log());
            }
            sleep(100);
        }
    }

    /** The server process dies at once, as on a node crash or an OOM kill: SIGKILL, no shutdown. */
    public void killServer() {
        PodProcesses.kill(server);
        appendLog("-- server killed (SIGKILL) --\n");
    }

    /** SIGTERM to the server (PID 1 of its container), as Kubernetes stops it; waits for it to exit. */
    public int terminateServer() {
        long pid = PodProcesses.pid1Of(server);
        PostgresServer.run(new ProcessBuilder("kill", "-TERM", Long.toString(pid)));
        try {
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("Redis did not stop within 30 s of SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return server.exitValue();
    }

    /** Starts {@code argv} in a container of the pod in the background (see {@link PodProcesses#start}). */
    public Process start(String container, List<String> argv, Map<String, String> overrides, boolean asPid1) {
        return processes.start(container, argv, overrides, asPid1);
    }

    /** Runs {@code argv} in a container of the pod to completion. */
    public PostgresServer.Result exec(String container, List<String> argv, Map<String, String> overrides) {
        return processes.exec(container, argv, overrides);
    }

    /** Runs an exec probe of a container as the kubelet would, the container port replaced by the test's. */
    public PostgresServer.Result probe(String container, String probe) {
        List<String> argv = new ArrayList<>();
        for (String a : processes.probeCommand(container, probe)) {
            argv.add(a.replace("-p " + containerPort + " ", "-p " + port + " "));
        }
        return exec(container, argv, portOverride(container));
    }

    /** REDIS_PORT, where the container sets it, becomes the test's port. */
    public Map<String, String> portOverride(String container) {
        return sandbox.env(container).containsKey("REDIS_PORT") ? Map.of("REDIS_PORT", Integer.toString(port)) : Map.of();
    }

    /** The container's command with its args, as the manifest gives them. */
    public List<String> commandOf(String container) {
        return processes.commandOf(container);
    }

    /**
     * redis-cli from the test as {@code user} (null: no AUTH), the password on stdin through
     * {@code --askpass}: in no process's command line or environment. Output is the raw reply.
     */
    public PostgresServer.Result cli(String user, String password, String... args) {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        if (user != null) {
            cmd.addAll(List.of("--user", user, "--askpass"));
        }
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("REDISCLI_AUTH");
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            if (user != null) {
                p.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("redis-cli timed out: " + List.of(args));
            }
            return new PostgresServer.Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * {@code redis-cli --pipe}: AUTH as {@code user}, then {@code commands}, sent as RESP on stdin (the
     * password in the pipe only). The output ends with redis-cli's summary ("errors: N, replies: M").
     */
    public PostgresServer.Result pipe(String user, String password, List<List<String>> commands) {
        StringBuilder resp = new StringBuilder();
        List<List<String>> all = new ArrayList<>();
        all.add(List.of("AUTH", user, password));
        all.addAll(commands);
        for (List<String> command : all) {
            resp.append('*').append(command.size()).append("\r\n");
            for (String arg : command) {
                resp.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
            }
        }
        ProcessBuilder pb = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "--pipe");
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            Thread writer = new Thread(() -> {
                try (var out = p.getOutputStream()) {
                    out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // redis-cli ended early; its output says why
                }
            });
            writer.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("redis-cli --pipe timed out");
            }
            writer.join();
            return new PostgresServer.Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The reply of one command as {@code user}, trimmed; fails when AUTH failed. */
    public String reply(String user, String password, String... args) {
        PostgresServer.Result r = cli(user, password, args);
        if (r.output().contains("AUTH failed")) {
            throw new AssertionError("AUTH as " + user + " failed: " + r.output());
        }
        return r.output().strip();
    }

    public int port() {
        return port;
    }

    public Process serverProcess() {
        return server;
    }

    /** The host folder behind one of the pod's volumes. */
    public Path volume(String name) {
        return folders.folder(name);
    }

    /** New values for a Secret, swapped into every volume that projects it as the kubelet does. */
    public void rotateSecret(String secret, Map<String, String> values) {
        folders.rotateSecret(secret, values);
    }

    /** Everything the server and the processes started here wrote: the pod's log. */
    public String log() {
        return processes.log();
    }

    public void stop() {
        processes.stopAll();
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

    private static void requireRedis() {
        for (String tool : List.of("redis-server", "redis-cli")) {
            if (!Files.isExecutable(Path.of("/usr/bin", tool))) {
                throw new AssertionError(tool + " is missing; run scripts/setup.sh (it installs Debian's redis-server and redis-tools)");
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
