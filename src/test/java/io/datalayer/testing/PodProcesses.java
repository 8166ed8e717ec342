package io.datalayer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The processes a test runs in the containers of one synthesized pod, each in its {@link PodSandbox}:
 * commands as the manifest gives them, background processes whose output goes to one log file (the
 * pod's log), commands run to completion, and a stop for everything started. Shared by the servers
 * the tests run as StatefulSets describe them ({@link Postgres18Server}, {@link RedisServer}).
 */
public final class PodProcesses {
    private final PodSandbox sandbox;
    private final Path log;
    private final List<Process> processes = new ArrayList<>();

    public PodProcesses(PodSandbox sandbox, Path log) {
        this.sandbox = sandbox;
        this.log = log;
    }

    /**
     * Starts {@code argv} in a container of the pod in the background, its output appended to
     * {@link #log()}; with {@code asPid1} the command is PID 1 of its own PID namespace, as a
     * container's command is (find it with {@link #pid1Of}).
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

    /** Runs {@code argv} in a container of the pod to completion. */
    public PostgresServer.Result exec(String container, List<String> argv, Map<String, String> overrides) {
        return PostgresServer.run(sandbox.command(container, argv, overrides));
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

    /** The exec command of a probe ({@code startupProbe}, {@code readinessProbe}, {@code livenessProbe}). */
    public List<String> probeCommand(String container, String probe) {
        Node command = sandbox.container(container).at(probe + ".exec.command");
        if (command.value() == null) {
            throw new AssertionError(container + " has no exec " + probe);
        }
        List<String> argv = new ArrayList<>();
        command.list().forEach(a -> argv.add(a.toString()));
        return argv;
    }

    /** Everything the processes started here wrote, and what {@link #appendLog} added. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void appendLog(String text) {
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills every process started here, with everything below it. */
    public void stopAll() {
        processes.forEach(PodProcesses::kill);
    }

    /**
     * Kills a sandboxed process and everything below it. Killing bwrap alone is not enough: the
     * parent-death signal it gives its child is cleared when setpriv drops to the pod's uid, so the
     * command would live on as an orphan.
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
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the sandboxed command did not start");
    }
}
