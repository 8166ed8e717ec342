package io.datalayer.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One real synth per test JVM, made the way {@code cdk8s synth} makes it: {@code bin/app} as a
 * subprocess with {@code CDK8S_OUTDIR} and {@code DATALAYER_DIST} pointed at a folder under
 * {@code target/}. Checks then read exactly what would be published to {@code dist/}.
 */
public final class FreshSynth {
    private static Path published;
    private static long millis;

    private FreshSynth() {
    }

    /** The folder the fresh synth published to; synthesizes on first use. */
    public static synchronized Path dir() {
        if (published == null) {
            published = run();
        }
        return published;
    }

    /** How long the one synth took (for the timing report; nothing asserts on it). */
    public static synchronized long millis() {
        dir();
        return millis;
    }

    /** The committed {@code dist/}, or null when the project has none yet. */
    public static Path committedDist() {
        Path dist = Path.of("dist");
        return Files.isDirectory(dist) ? dist : null;
    }

    private static Path run() {
        try {
            Path root = Files.createDirectories(Path.of("target"));
            Path work = Files.createTempDirectory(root, "fresh-synth-");
            Path log = work.resolve("synth.log");
            ProcessBuilder pb = new ProcessBuilder("bin/app").redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("CDK8S_OUTDIR", work.resolve("staging").toString());
            pb.environment().put("DATALAYER_DIST", work.resolve("dist").toString());
            pb.environment().put("CDK8S_CHECK_UPGRADE", "false");
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("bin/app did not finish within 180 s");
            }
            millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("bin/app exited " + p.exitValue() + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return work.resolve("dist");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
