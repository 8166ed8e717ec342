package io.datalayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.testing.FileTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make synth} runs {@code scripts/synth.sh}, which runs the app command of cdk8s.yaml as the
 * cdk8s CLI would, without the CLI: a failing app shows its one line, with no CLI output or Node
 * stack trace around it, and the exit code stays 1.
 */
class SynthScriptTest {
    @Test
    void aFailedSynthShowsOnlyItsOneLine() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("scripts/synth.sh");
        pb.environment().put("DATALAYER_VAULT", "bogus"); // fails before anything is synthesized or published
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(1, p.waitFor());
        assertEquals(List.of("data-layer: synth failed, dist/ left unchanged:"
                + " DATALAYER_VAULT=\"bogus\" is not one of auto,"
                + " required, off"), err.lines().toList());
        assertEquals(List.of(), out.lines().toList());
    }


    /**
     * `npx cdk8s synth` still works: the CLI empties its output folder (--output, else cdk8s.yaml's
     * target/synth), runs bin/app with CDK8S_OUTDIR set to it and lists the manifests it finds there.
     * The app stages privately, publishes dist/ and leaves a copy of the checked output there.
     */
    @Test
    void npxCdk8sSynthPublishesAndListsTheCheckedCopy(@TempDir Path tmp) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node_modules/.bin/cdk8s", "synth", "--no-check-upgrade", "--output",
                tmp.resolve("out").toString());
        pb.environment().put("DATALAYER_DIST", tmp.resolve("dist").toString());
        pb.environment().put("DATALAYER_VAULT", "off");
        pb.environment().remove("CDK8S_OUTDIR");
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(0, p.waitFor(), out);
        assertEquals(FileTrees.contents(Path.of("dist")), FileTrees.contents(tmp.resolve("dist")), "the committed dist/, byte for byte");
        assertEquals(FileTrees.contents(tmp.resolve("dist")), FileTrees.contents(tmp.resolve("out")), "the CLI's copy");
        for (String f : List.of("dev/data-layer.k8s.yaml", "dev/kustomization.yaml", "prod/data-layer.k8s.yaml",
                "prod/kustomization.yaml")) {
            assertTrue(out.contains("  - " + tmp.resolve("out").resolve(f) + "\n"), out);
        }
    }

    /** make synth stages privately: a CDK8S_OUTDIR left in the environment is not used (nothing is written there). */
    @Test
    void makeSynthWritesOnlyDist(@TempDir Path tmp) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("scripts/synth.sh");
        pb.environment().put("DATALAYER_DIST", tmp.resolve("dist").toString());
        pb.environment().put("DATALAYER_VAULT", "off");
        pb.environment().put("CDK8S_OUTDIR", tmp.resolve("out").toString());
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(0, p.waitFor(), out);
        assertEquals(FileTrees.contents(Path.of("dist")), FileTrees.contents(tmp.resolve("dist")));
        assertTrue(Files.notExists(tmp.resolve("out")), out);
    }
}
