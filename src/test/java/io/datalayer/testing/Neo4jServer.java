package io.datalayer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Neo4j Community (the version of {@code neo4j.version} in pom.xml, the image's patch) run the way a
 * synthesized Neo4j StatefulSet describes it: every volume of the pod template becomes a folder
 * ({@link PodFolders}: the ConfigMaps' {@code neo4j.conf} and {@code server.sh} exactly as
 * synthesized, the Secrets with the test's passwords, claims and emptyDirs as fresh folders), and the
 * server container's exact command (the supervisor) runs in a {@link PodSandbox}: uid 7474, a
 * read-only root, only the pod's volumes writable at the paths the manifest names.
 *
 * <p>What stands in for the image: the distribution's {@code /var/lib/neo4j} is a folder with
 * {@code lib/} holding the server's jars (the harness's dependency tree, resolved on its own from
 * {@code src/test/neo4j/pom.xml} so that no other test dependency changes a jar's version) and
 * {@code bin/neo4j} and {@code bin/neo4j-admin}: two-line shims that start the same main classes the
 * image's scripts start ({@code Neo4jCommand}, {@code Neo4jAdminCommand}); the machine's Java 17
 * stands in for the image's. The image's {@code cypher-shell} has no jar in Maven and no shim here:
 * the server's own scripts do not use it. {@code wget}, {@code jq} and {@code base64} are the
 * machine's (the image has the same Debian packages).
 *
 * <p>One deviation, on the manifest's data: the machine's network is shared, so the ConfigMap's
 * {@code neo4j.conf} gets free ports in its two listen addresses (and the container's
 * {@code NEO4J_HTTP_URL} the HTTP one); every other byte is as synthesized.
 */
public final class Neo4jServer implements AutoCloseable {
    /** The image's PATH (Docker library/neo4j): its bin first; the machine's Java is in /usr/bin. */
    private static final String IMAGE_PATH = "/var/lib/neo4j/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final String IMAGE_HOME = "/var/lib/neo4j";

    private final Node pod;
    private final Path base;
    private final PodFolders folders;
    private final PodSandbox sandbox;
    private final PodProcesses processes;
    private final String container;
    private final int boltPort;
    private final int httpPort;
    private final Map<String, String> overrides;
    private final Manifests manifests;
    private final List<Process> jobs = new ArrayList<>();
    private Process server;
    private Map<String, String> envOverrides = Map.of();
    private Duration lastStart = Duration.ZERO;

    private Neo4jServer(Manifests manifests, String statefulSet, String container, String configMap,
                        Map<String, Map<String, String>> secrets) throws IOException {
        this.manifests = manifests;
        this.pod = manifests.get("StatefulSet", statefulSet).at("spec.template.spec");
        this.container = container;
        this.base = Files.createTempDirectory("neo4j-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.boltPort = PostgresServer.freePort();
        this.httpPort = PostgresServer.freePort();
        // The one change to the synthesized data: free ports in neo4j.conf's listen addresses.
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) manifests.get("ConfigMap", configMap).at("data").value();
        String conf = data.get("neo4j.conf").toString();
        data.put("neo4j.conf", replaceOnce(replaceOnce(conf, "(server\\.bolt\\.listen_address=0\\.0\\.0\\.0:)\\d+", boltPort),
                "(server\\.http\\.listen_address=127\\.0\\.0\\.1:)\\d+", httpPort));
        this.folders = new PodFolders(manifests, statefulSet, base.resolve("volumes"), secrets);
        Map<String, Path> image = Map.of(IMAGE_HOME, imageHome());
        this.sandbox = new PodSandbox(pod, folders.folders(), image, Map.of("PATH", IMAGE_PATH, "LANG", "C.UTF-8"),
                base.resolve("sandbox"));
        this.processes = new PodProcesses(sandbox, base.resolve("pod.log"));
        Map<String, String> own = new LinkedHashMap<>(Map.of("NEO4J_HTTP_URL", "http://127.0.0.1:" + httpPort));
        // The downward API's value where the container takes its pod name (the backup side's lock holder).
        if (sandbox.env(container).containsKey("POD_NAME")) {
            own.put("POD_NAME", statefulSet + "-0");
        }
        this.overrides = Map.copyOf(own);
    }

    /**
     * Prepares the pod's folders for {@code statefulSet} and starts its server container; waits until
     * its startup probe passes. {@code secrets}: the values of each Secret the pod mounts, by Secret
     * name and key. {@code envOverrides}: values for variables the container sets (each named).
     */
    public static Neo4jServer start(Manifests manifests, String statefulSet, String container, String configMap,
                                    Map<String, Map<String, String>> secrets, Map<String, String> envOverrides) {
        Neo4jServer neo4j;
        try {
            neo4j = new Neo4jServer(manifests, statefulSet, container, configMap, secrets);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the pod's volumes: " + e.getMessage(), e);
        }
        try {
            neo4j.startContainer(envOverrides);
            return neo4j;
        } catch (RuntimeException | Error e) {
            neo4j.close();
            throw e;
        }
    }

    /** Starts the server container's command (again, after {@link #killContainer}); waits for its startup probe. */
    public Duration startContainer(Map<String, String> envOverrides) {
        this.envOverrides = Map.copyOf(envOverrides);
        processes.appendLog("-- server container --\n");
        long started = System.nanoTime();
        server = processes.start(container, processes.commandOf(container), allOverrides(), true);
        long deadline = started + Duration.ofSeconds(180).toNanos();
        while (true) {
            PostgresServer.Result probe = probe("startupProbe");
            if (probe.exitCode() == 0) {
                lastStart = Duration.ofNanos(System.nanoTime() - started);
                return lastStart;
            }
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("Neo4j did not start (startup probe: " + probe.output() + "); log:\n" + log());
            }
            Await.sleep(200);
        }
    }

    /** The container dies at once, as on a node crash or an OOM kill: SIGKILL to everything in it. */
    public void killContainer() {
        PodProcesses.kill(server);
        processes.appendLog("-- server container killed (SIGKILL) --\n");
    }

    /** SIGTERM to the container's PID 1 (the supervisor), as Kubernetes stops it; its exit code. */
    public int terminateContainer() {
        long pid = PodProcesses.pid1Of(server);
        PostgresServer.run(new ProcessBuilder("kill", "-TERM", Long.toString(pid)));
        try {
            if (!server.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("the supervisor did not stop within 120 s of SIGTERM; log:\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return server.exitValue();
    }

    /** Runs an exec probe of the server container as the kubelet would. */
    public PostgresServer.Result probe(String probe) {
        return processes.exec(container, processes.probeCommand(container, probe), allOverrides());
    }

    /** Runs {@code argv} in the server container to completion. */
    public PostgresServer.Result exec(List<String> argv) {
        return processes.exec(container, argv, allOverrides());
    }

    /** A Job's pod beside the server: its process (PID 1 of its own PID namespace) and its output. */
    public record Job(Process process, Path output) {
        public String log() {
            try {
                return Files.readString(output, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Starts a Job made from {@code cronJob} (a synthesized CronJob of this server's manifests) as
     * its pod would run on the server's node: the CronJob's container command in a sandbox of its own
     * (its uid, read-only root, its mounts), where a claim or ConfigMap the server pod mounts too is
     * the very folder the server has (one node-local volume), and an emptyDir a fresh folder. Its
     * pod name is {@code podName} (the downward API's POD_NAME; JOB_NAME is the name without the
     * pod's suffix).
     */
    public Job startJob(String cronJob, String podName) {
        Node jobPod = manifests.get("CronJob", cronJob).at("spec.jobTemplate.spec.template.spec");
        Map<String, Path> serverBySource = new LinkedHashMap<>();
        for (Object v : pod.at("volumes").list()) {
            Node volume = Node.of(v);
            String source = source(volume);
            if (source != null) {
                serverBySource.put(source, folders.folder(volume.at("name").string()));
            }
        }
        try {
            Path jobBase = Files.createDirectories(base.resolve("jobs").resolve(podName));
            Map<String, Path> volumes = new LinkedHashMap<>();
            for (Object v : jobPod.at("volumes").list()) {
                Node volume = Node.of(v);
                String name = volume.at("name").string();
                String source = source(volume);
                if (source != null) {
                    Path shared = serverBySource.get(source);
                    if (shared == null) {
                        throw new AssertionError("the Job's volume " + name + " (" + source + ") is not the server pod's");
                    }
                    volumes.put(name, shared);
                } else if (volume.at("emptyDir").value() != null) {
                    Path dir = Files.createDirectories(jobBase.resolve("volumes").resolve(name));
                    PostgresServer.run(new ProcessBuilder("chmod", "1777", dir.toString()));
                    volumes.put(name, dir);
                } else {
                    throw new AssertionError("the test cannot back the Job's volume " + name + ": " + volume.value());
                }
            }
            PodSandbox jobSandbox = new PodSandbox(jobPod, volumes, Map.of(IMAGE_HOME, imageHome()),
                    Map.of("PATH", IMAGE_PATH, "LANG", "C.UTF-8"), jobBase.resolve("sandbox"));
            Node c = Node.of(jobPod.at("containers").list().get(0));
            String name = c.at("name").string();
            Map<String, String> downward = new LinkedHashMap<>();
            jobSandbox.env(name).forEach((var, value) -> {
                if (value == null) {
                    downward.put(var, switch (var) {
                        case "POD_NAME" -> podName;
                        case "JOB_NAME" -> podName.replaceFirst("-[a-z0-9]+$", "");
                        default -> throw new AssertionError("the Job's " + var + " comes from the downward API; the test has no value for it");
                    });
                }
            });
            PodProcesses jobProcesses = new PodProcesses(jobSandbox, jobBase.resolve("job.log"));
            Files.writeString(jobBase.resolve("job.log"), "");
            Process process = jobProcesses.start(name, jobProcesses.commandOf(name), downward, true);
            jobs.add(process);
            return new Job(process, jobBase.resolve("job.log"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Job's pod: " + e.getMessage(), e);
        }
    }

    /** What a volume shares between pods: its claim or ConfigMap, or null (an emptyDir, a Secret). */
    private static String source(Node volume) {
        if (volume.at("persistentVolumeClaim").value() != null) {
            return "claim " + volume.at("persistentVolumeClaim.claimName").string();
        }
        if (volume.at("configMap").value() != null) {
            return "configMap " + volume.at("configMap.name").string();
        }
        return null;
    }

    /** How long the last start took, from the container's command to a passing startup probe. */
    public Duration lastStart() {
        return lastStart;
    }

    public String boltUri() {
        return "bolt://127.0.0.1:" + boltPort;
    }

    public Process containerProcess() {
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

    /** Everything the container wrote: the pod's log. */
    public String log() {
        return processes.log();
    }

    @Override
    public void close() {
        try {
            jobs.forEach(PodProcesses::kill);
            processes.stopAll();
        } finally {
            PostgresServer.deleteTree(base);
        }
    }

    private Map<String, String> allOverrides() {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.putAll(envOverrides);
        return all;
    }

    private static String replaceOnce(String text, String regex, int port) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("neo4j.conf has no line " + regex);
        }
        return m.replaceFirst("$1" + port);
    }

    // ---- the image's /var/lib/neo4j, built once per version ----------------------------------------

    /** The version the StatefulSet pins and the tests run: {@code neo4j.version} of pom.xml. */
    public static String version() {
        try {
            Matcher m = Pattern.compile("<neo4j\\.version>([^<]+)</neo4j\\.version>")
                    .matcher(Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8));
            if (!m.find()) {
                throw new AssertionError("pom.xml has no neo4j.version property");
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The one way the tests run Neo4j's jars as the image does, in the pod sandbox (this class) and
     * outside it (the backup scripts' tests put {@code bin/} first on PATH for {@code neo4j-admin}).
     * {@code target/neo4j/home-<version>}: {@code lib/} with the server's jars (hard links into the
     * local Maven repository) and the {@code bin/} shims. The jar list comes from Maven, resolving
     * {@code src/test/neo4j/pom.xml} (the harness alone, so its versions are its own).
     */
    public static synchronized Path imageHome() {
        String version = version();
        // The suffix names the shims' layout: a new one builds a new folder (an old build keeps the old shims).
        Path home = Path.of("target", "neo4j", "home-" + version + "-3").toAbsolutePath();
        Path done = home.resolve(".complete");
        if (Files.exists(done)) {
            return home;
        }
        try {
            Path classpath = Path.of("target", "neo4j", "classpath-" + version + ".txt").toAbsolutePath();
            Files.createDirectories(classpath.getParent());
            PostgresServer.Result r = PostgresServer.run(new ProcessBuilder("mvn", "-q", "-B", "-f", "src/test/neo4j/pom.xml",
                    "-Dneo4j.version=" + version, "dependency:build-classpath", "-Dmdep.outputFile=" + classpath));
            if (r.exitCode() != 0 || !Files.exists(classpath)) {
                throw new AssertionError("cannot resolve the Neo4j " + version + " server's jars with Maven: " + r.output());
            }
            PostgresServer.deleteTree(home);
            Path lib = Files.createDirectories(home.resolve("lib"));
            for (String jar : Files.readString(classpath, StandardCharsets.UTF_8).trim().split(":")) {
                Path source = Path.of(jar);
                Path target = lib.resolve(source.getFileName());
                try {
                    Files.createLink(target, source);
                } catch (FileAlreadyExistsException e) {
                    // two artifacts with one file name: the first wins, as on a classpath
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(source, target);
                }
            }
            Path bin = Files.createDirectories(home.resolve("bin"));
            shim(bin.resolve("neo4j"), "org.neo4j.server.startup.Neo4jCommand");
            shim(bin.resolve("neo4j-admin"), "org.neo4j.server.startup.Neo4jAdminCommand");
            PostgresServer.run(new ProcessBuilder("chmod", "-R", "a+rX", home.toString()));
            Files.writeString(done, version);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the Neo4j image folder: " + e.getMessage(), e);
        }
    }

    private static void shim(Path file, String mainClass) throws IOException {
        // Like the image's scripts, NEO4J_HOME defaults to the folder above bin/: the backup scripts'
        // tests put this bin/ on PATH outside the pod sandbox, where no NEO4J_HOME is set.
        // The JVM runs the short-lived commands (neo4j-admin's dump, load and info; the server's
        // bootloader, which starts the server's own JVM with neo4j.conf's options, untouched) with the
        // client compiler only and the serial collector: a test runs dozens of them on 2 cores, each
        // a few seconds of start-up that C2 compilation and parallel GC threads only slow down. The
        // JIT and the collector change how fast, never what the commands do to a store.
        Files.writeString(file, "#!/bin/sh\n# Test stand-in for the image's " + file.getFileName() + " script: the same main class.\n"
                + ": \"${NEO4J_HOME:=$(cd \"$(dirname \"$0\")/..\" && pwd)}\"\nexport NEO4J_HOME\n"
                + "exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp \"$NEO4J_HOME/lib/*\" " + mainClass + " \"$@\"\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The lines of the server's neo4j.conf as the test ran it (ports replaced). */
    public List<String> confLines() {
        try {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(folders.folder("config").resolve("neo4j.conf"), StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
