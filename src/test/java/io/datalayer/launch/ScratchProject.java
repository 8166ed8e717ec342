package io.datalayer.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A copy of the project's launch machinery (bin/, the launch scripts, the Makefile, pom.xml,
 * src/main, the built target/classes and copies of the classpath's jars) in a temporary folder,
 * so tests can make its build stale, damage its launch cache or change a jar without touching
 * the real checkout that other tests synthesize from. node_modules is a link to the real one.
 */
final class ScratchProject {
    private static final Path REAL = Path.of("").toAbsolutePath();

    final Path root;

    private ScratchProject(Path root) {
        this.root = root;
    }

    /** A built copy: its classpath file is newer than every source, as after a Maven build. */
    static ScratchProject built(Path dir) throws IOException {
        ScratchProject p = new ScratchProject(dir);
        for (String file : List.of("bin/app", "bin/jsii-kernel", "bin/jsii-kernel.js", "scripts/launch-key",
                "scripts/launch-cache.sh", "scripts/compile.sh", "Makefile", "pom.xml")) {
            copy(REAL.resolve(file), dir.resolve(file));
        }
        copyTree(REAL.resolve("src/main"), dir.resolve("src/main"));
        copyTree(REAL.resolve("target/classes"), dir.resolve("target/classes"));
        Files.createSymbolicLink(dir.resolve("node_modules"), REAL.resolve("node_modules"));
        List<String> jars = new ArrayList<>();
        Path lib = Files.createDirectories(dir.resolve("lib"));
        for (String jar : Files.readString(REAL.resolve("target/runtime-classpath.txt")).strip().split(":")) {
            Path copy = lib.resolve(Path.of(jar).getFileName());
            Files.copy(Path.of(jar), copy, StandardCopyOption.COPY_ATTRIBUTES);
            jars.add(copy.toString());
        }
        Files.writeString(dir.resolve("target/runtime-classpath.txt"), String.join(":", jars));
        p.ageSources();
        return p;
    }

    /**
     * Sets every source (and folder) under src/main and pom.xml an hour back and the build stamp ten
     * seconds back, so a change made now is newer than the stamp even on a file system whose clock
     * runs a few milliseconds behind (folder times come from the kernel's coarse clock).
     */
    void ageSources() throws IOException {
        FileTime hourAgo = FileTime.fromMillis(System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1));
        try (Stream<Path> all = Files.walk(root.resolve("src/main"))) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, hourAgo);
            }
        }
        Files.setLastModifiedTime(root.resolve("pom.xml"), hourAgo);
        Files.setLastModifiedTime(root.resolve("target/runtime-classpath.txt"),
                FileTime.fromMillis(System.currentTimeMillis() - TimeUnit.SECONDS.toMillis(10)));
    }

    Path path(String relative) {
        return root.resolve(relative);
    }

    /** Marks a file as changed now, after the build. */
    void touch(String relative) throws IOException {
        Files.setLastModifiedTime(root.resolve(relative), FileTime.fromMillis(System.currentTimeMillis()));
    }

    /** Runs a command in the copy with extra environment; null values remove a variable. */
    Result run(Map<String, String> env, String... command) {
        try {
            Path log = Files.createTempFile(root, "run-", ".log");
            Process process = processBuilder(env, command).redirectOutput(log.toFile()).start();
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 300 s");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a command in the copy as {@link #run} runs it; its output and errors are the process's input stream. */
    Process start(Map<String, String> env, String... command) throws IOException {
        return processBuilder(env, command).start();
    }

    private ProcessBuilder processBuilder(Map<String, String> env, String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("CDK8S_CHECK_UPGRADE", "false");
        pb.environment().put("DATALAYER_VAULT", "off");
        pb.environment().put("CDK8S_OUTDIR", root.resolve("staging").toString());
        pb.environment().put("DATALAYER_DIST", root.resolve("dist").toString());
        pb.environment().remove("JSII_RUNTIME");
        pb.environment().remove("DATALAYER_LAUNCH_CACHE");
        pb.environment().remove("DATALAYER_JAVA_OPTS");
        pb.environment().remove("DATALAYER_LAUNCH_CACHE_LOCKED");
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        return pb;
    }

    /** The published output of the last synth, path relative to dist/ (e.g. {@code prod/...}) to content. */
    Map<String, String> dist() throws IOException {
        Path dist = root.resolve("dist");
        try (Stream<Path> files = Files.walk(dist)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toMap(f -> dist.relativize(f).toString(), f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
    }

    record Result(int exitCode, String output) {
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    copy(p, target);
                }
            }
        }
    }
}
