package io.datalayer.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the project's Node check scripts on Node 22 from {@code node_modules}, the way CI
 * runs them: {@code validate-manifests.mjs} (upstream Kubernetes 1.28 and External Secrets
 * schemas, unknown fields included) and {@code check-eso-crds.mjs} (our CRDs against upstream ESO).
 */
public final class NodeScript {
    public static final Path NODE = Path.of("node_modules/.bin/node");
    public static final Path VALIDATE_MANIFESTS = Path.of("scripts/validate-manifests.mjs");
    public static final Path CHECK_ESO_CRDS = Path.of("scripts/check-eso-crds.mjs");
    public static final Path CHECK_PROMQL = Path.of("scripts/check-promql.mjs");

    /** Exit code, the findings (stderr lines without the closing summary) and the summary line. */
    public record Result(int exitCode, List<String> findings, String summary) {
    }

    private NodeScript() {
    }

    public static Result run(Path script, Path... paths) {
        List<String> cmd = new ArrayList<>(List.of(NODE.toString(), script.toString()));
        Arrays.stream(paths).map(Path::toString).forEach(cmd::add);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(script + " did not finish within 60 s");
            }
            List<String> lines = new ArrayList<>(out.lines().toList());
            String summary = lines.isEmpty() ? "" : lines.remove(lines.size() - 1);
            return new Result(p.exitValue(), List.copyOf(lines), summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + NODE + " (run scripts/setup.sh first)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
