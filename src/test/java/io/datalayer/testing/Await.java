package io.datalayer.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Waiting for what a process writes to its log, for the tests that watch a sidecar converge. */
public final class Await {
    private Await() {
    }

    /** Waits until {@code log} holds {@code line} at least {@code times} times; fails with the log's tail. */
    public static void logLine(Supplier<String> log, String line, int times, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (count(log.get(), line) >= times) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("no log line \"" + line + "\"; log:\n" + tail(log.get()));
    }

    /** How often {@code part} occurs in {@code text}. */
    public static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** The last 6000 characters of a log, for a failure message. */
    public static String tail(String log) {
        return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
