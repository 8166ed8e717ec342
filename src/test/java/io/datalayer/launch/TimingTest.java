package io.datalayer.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Without DATALAYER_TIMING=1 (as in this test JVM and every normal synth) the timeline prints
 * nothing; with it, bin/app's runs show it (JsiiKernelTest reads its lines, bench.py --timeline
 * prints them).
 */
class TimingTest {
    @Test
    void offByDefaultAndSilent() {
        assertEquals(null, System.getenv("DATALAYER_TIMING"), "run the tests without DATALAYER_TIMING");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Timing.mark("a phase");
            Timing.peakMemory();
        } finally {
            System.setErr(err);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }
}
