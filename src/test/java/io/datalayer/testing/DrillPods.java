package io.datalayer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What every store's restore-drill test needs (drills.sh is shared, so are these): the drill CronJob's
 * command in its {@link PodSandbox}, the pod's rclone folder and scripts, the volume's runs, the summary
 * line, a file re-recorded in a run's manifest, the check that the drill left nothing in its pod, and
 * the end of what a test left running.
 */
public final class DrillPods {
    public static final String SUMMARY_MARKER = "DATALAYER_DRILL_SUMMARY ";

    private DrillPods() {
    }

    /**
     * The drill CronJob's container command as its pod runs it ({@link PodSandbox#command}), with
     * test-only variables (the pause points) added to the container's environment.
     */
    public static ProcessBuilder command(Node cronJob, PodSandbox sandbox, Map<String, String> testEnv, boolean ownPids) {
        List<String> command = new ArrayList<>();
        for (Object part : cronJob.at("spec.jobTemplate.spec.template.spec.containers[0].command").list()) {
            command.add(part.toString());
        }
        ProcessBuilder pb = sandbox.command("drill", command, Map.of(), ownPids);
        List<String> cmd = new ArrayList<>(pb.command());
        int at = cmd.indexOf("--clearenv") + 1;
        for (Map.Entry<String, String> e : testEnv.entrySet()) {
            cmd.addAll(at, List.of("--setenv", e.getKey(), e.getValue()));
        }
        pb.command(cmd);
        return pb;
    }

    /**
     * The pod's rclone folder under {@code tmp}: what the init container copies from the rclone image,
     * the binary and a CA bundle.
     */
    public static Path rcloneFolder(Path tmp) throws IOException {
        Path rclone = Files.createDirectory(tmp.resolve("pod-rclone"));
        Files.copy(Path.of("/usr/bin/rclone"), rclone.resolve("rclone"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(Path.of("/etc/ssl/certs/ca-certificates.crt"), rclone.resolve("ca-certificates.crt"));
        return rclone;
    }

    /** Kills what a test started and left running (a paused or killed drill), with its children. */
    public static void stopLeftovers(List<Process> started) throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Writes each script of the store's backup-scripts ConfigMap into {@code scripts}, as the pod mounts them. */
    public static void writeScripts(Manifests manifests, String configMap, Path scripts) throws IOException {
        for (Map.Entry<String, Object> e : manifests.get("ConfigMap", configMap).at("data").map().entrySet()) {
            Path f = scripts.resolve(e.getKey());
            Files.deleteIfExists(f);
            Files.writeString(f, e.getValue().toString(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** The runs on the backup volume mounted at {@code backups}, by name. */
    public static List<String> runs(Path backups) throws IOException {
        try (Stream<Path> list = Files.list(backups.resolve("runs"))) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The volume's one run. */
    public static String onlyRun(Path backups) throws IOException {
        List<String> runs = runs(backups);
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
    }

    /** The drill's one summary line, parsed. */
    public static JsonNode summary(String output) throws IOException {
        String line = output.lines().filter(l -> l.startsWith(SUMMARY_MARKER)).findFirst()
                .orElseThrow(() -> new AssertionError("no summary line:\n" + output));
        return new ObjectMapper().readTree(line.substring(SUMMARY_MARKER.length()));
    }

    /** Writes a file's size and SHA-256 into the run's manifest, as if the backup had written it so. */
    public static void rerecord(Path runDir, String file) throws IOException {
        Path manifest = runDir.resolve("manifest");
        Path f = runDir.resolve(file);
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(manifest)) {
            lines.add(l.startsWith("file " + file + " ") ? "file " + file + " " + Files.size(f) + " " + Digests.sha256(f) : l);
        }
        Files.write(manifest, lines);
    }

    /** The drill removed what it wrote: its emptyDir is empty, the pod's /tmp holds nothing but the test's pause file. */
    public static void assertNothingLeft(Path drillData, Path podTmp) throws IOException {
        try (Stream<Path> left = Files.list(drillData)) {
            assertEquals(List.of(), left.toList(), "the drill left files in its emptyDir");
        }
        try (Stream<Path> left = Files.list(podTmp)) {
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().equals("pause")).toList(),
                    "the drill left files in the pod's /tmp");
        }
    }
}
