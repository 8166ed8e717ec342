package io.datalayer.vault;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The one deadline of all Vault requests of a synth ({@code DATALAYER_VAULT_DEADLINE}), shared by the
 * lookups of every environment: it starts with the synth's first Vault request and ends the given
 * duration later, whichever environment is then being checked.
 */
public final class VaultDeadline {
    private final Duration duration;
    private final LongSupplier nanoTime;
    private long end;
    private boolean started;

    /** A deadline on the JVM's monotonic clock. */
    public VaultDeadline(Duration duration) {
        this(duration, System::nanoTime);
    }

    /** A deadline on the given clock (nanoseconds, monotonic): tests pass a clock they move. */
    public VaultDeadline(Duration duration, LongSupplier nanoTime) {
        if (duration == null || duration.isNegative() || duration.isZero() || nanoTime == null) {
            throw new IllegalArgumentException("VaultDeadline needs a positive duration and a clock");
        }
        this.duration = duration;
        this.nanoTime = nanoTime;
    }

    public Duration duration() {
        return duration;
    }

    /** Nanoseconds left (0 when passed); the first call starts the deadline. */
    public synchronized long remainingNanos() {
        long now = nanoTime.getAsLong();
        if (!started) {
            started = true;
            end = now + duration.toNanos();
        }
        return Math.max(0, end - now);
    }
}
