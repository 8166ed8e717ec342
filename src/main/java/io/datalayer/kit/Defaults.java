package io.datalayer.kit;

/** The one way a props record applies a documented default: {@code null} means "take the default". */
public final class Defaults {
    private Defaults() {
    }

    /** {@code value}, or {@code fallback} when the value was not set. */
    public static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
