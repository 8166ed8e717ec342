package io.datalayer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

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
        assertEquals(List.of("data-layer: synth failed, dist/ left unchanged: environment prod:"
                + " DATALAYER_VAULT=\"bogus\" is not one of auto,"
                + " required, off"), err.lines().toList());
        assertEquals(List.of(), out.lines().toList());
    }
}
