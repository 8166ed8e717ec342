package io.datalayer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What every store's restore-drill test needs (drills.sh is shared, so are these): the drill CronJob's
 * command in its {@link PodSandbox}, the summary line, a file re-recorded in a run's manifest, and the
 * check that the drill left nothing in its pod.
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
