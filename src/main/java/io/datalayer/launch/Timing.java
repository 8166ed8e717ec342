package io.datalayer.launch;

/**
 * The synth's own timeline, for speed work ({@code scripts/bench.py --timeline}): with
 * {@code DATALAYER_TIMING=1} each {@link #mark} prints one line to standard error, the milliseconds
 * since {@code bin/app} started (it passes its start as {@code DATALAYER_TIMING_START}, microseconds
 * of the epoch) or else since this class was loaded, and the phase that just ended. Off, a mark
 * costs one field read.
 */
public final class Timing {
    private static final boolean ON = "1".equals(System.getenv("DATALAYER_TIMING"));
    private static final long START_MICROS = start();

    private Timing() {
    }

    /** Prints that {@code phase} ended now, when timing is on. */
    public static void mark(String phase) {
        if (ON) {
            long micros = nowMicros() - START_MICROS;
            System.err.println("data-layer: timing: " + micros / 1000 + "." + (micros % 1000) / 100 + " ms " + phase
                    + " [" + Thread.currentThread().getName() + "]");
        }
    }

    /** Prints the JVM's peak resident memory so far (VmHWM; the jsii kernel is a process of its own), when timing is on. */
    public static void peakMemory() {
        if (ON) {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        System.err.println("data-layer: timing: JVM peak RSS " + line.substring(6).strip());
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not Linux: nothing to print
            }
        }
    }

    private static long start() {
        if (!ON) {
            return 0;
        }
        String given = System.getenv("DATALAYER_TIMING_START");
        try {
            return given == null ? nowMicros() : Long.parseLong(given.replace(".", "").replace(",", ""));
        } catch (NumberFormatException e) {
            return nowMicros();
        }
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}
