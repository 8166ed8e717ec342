package io.datalayer.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting on an event a test can observe (a log line, a process, a row), shared by every store's
 * tests: polls, never sleeps a fixed time, and fails naming what it waited for.
 */
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

    /** Waits up to 60 s until {@code condition} holds; fails naming {@code what}. */
    public static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(20);
        }
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
