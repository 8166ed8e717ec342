package io.datalayer.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed fingerprints of the secret values a lookup saw, so synth can look for them in its output
 * without keeping them. Each fingerprint is HMAC-SHA256 under a random key made per instance (per
 * run) and the value's length; the key never leaves this object, so the fingerprints cannot be
 * brute-forced offline. {@link #findIn} reports the label of a recorded value found anywhere in a
 * text (as a substring), never the value.
 *
 * <p>Speed: every window of a text would cost one HMAC. A keyed rolling hash (a polynomial over
 * the characters, modulo the prime 2^61-1, at a random base made per instance) is computed for each
 * window in constant time and filters the windows; only a window whose rolling hash matches a
 * recorded one is confirmed with the HMAC. Both are keyed and both stay inside this object.
 *
 * <p>Values shorter than {@link #MIN_LENGTH} are not recorded: they cannot be told apart from
 * ordinary words of a manifest. Short passwords are refused by the lookup's minimum length.
 */
public final class Fingerprints {
    /** Shortest value worth scanning for. */
    public static final int MIN_LENGTH = 8;
    private static final String ALGORITHM = "HmacSHA256";
    private static final long PRIME = (1L << 61) - 1;

    private record Fingerprint(String label, int length, long rolling, byte[] mac) {
    }

    private final SecretKeySpec key;
    private final long base;
    /**
     * What was recorded, replaced whole by each {@link #record} (copy on write), so scans on several
     * threads read it without a lock. Per length: the rolling hashes recorded, and base^(length-1) to
     * roll a window forward. Arrays, not boxed sets: the scan checks every window of every string.
     */
    private record State(List<Fingerprint> recorded, Map<Integer, long[]> rollingByLength, Map<Integer, Long> topPower) {
    }

    private volatile State state = new State(List.of(), Map.of(), Map.of());

    public Fingerprints() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        this.key = new SecretKeySpec(bytes, ALGORITHM);
        this.base = (1L << 20) + Math.floorMod(random.nextLong(), PRIME - (1L << 21));
    }

    /**
     * Records a value under a label (e.g. {@code secret/data/postgres key "password"}); also its
     * base64 form, the shape it would take in a Secret's {@code data}.
     */
    public synchronized void record(String label, CharSequence value) {
        if (value.length() < MIN_LENGTH) {
            return;
        }
        String text = value.toString();
        List<Fingerprint> recorded = new ArrayList<>(state.recorded());
        Map<Integer, long[]> rollingByLength = new HashMap<>(state.rollingByLength());
        Map<Integer, Long> topPower = new HashMap<>(state.topPower());
        add(label, text, recorded, rollingByLength, topPower);
        add(label + " (base64)", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)),
                recorded, rollingByLength, topPower);
        // HashMaps, not Map.copyOf: the order of lengths (and so which value is reported first) stays fixed.
        state = new State(List.copyOf(recorded), java.util.Collections.unmodifiableMap(rollingByLength),
                java.util.Collections.unmodifiableMap(topPower));
    }

    private void add(String label, String text, List<Fingerprint> recorded, Map<Integer, long[]> rollingByLength,
                     Map<Integer, Long> topPower) {
        long rolling = rolling(text, 0, text.length());
        recorded.add(new Fingerprint(label, text.length(), rolling, mac(text)));
        long[] known = rollingByLength.getOrDefault(text.length(), new long[0]);
        long[] grown = java.util.Arrays.copyOf(known, known.length + 1);
        grown[known.length] = rolling;
        rollingByLength.put(text.length(), grown);
        topPower.computeIfAbsent(text.length(), n -> power(n - 1));
    }

    /** How many fingerprints are held (two per recorded value). */
    public int size() {
        return state.recorded().size();
    }

    /**
     * The length of the longest text recorded (a value or its base64), 0 when none: a text changed
     * in places holds a new value only in a window this long around a change (the output guard's
     * scan of near-copies).
     */
    public int longest() {
        int longest = 0;
        for (int length : state.rollingByLength().keySet()) {
            longest = Math.max(longest, length);
        }
        return longest;
    }

    /** Whether no value was recorded (nothing to look for). */
    public boolean isEmpty() {
        return state.recorded().isEmpty();
    }

    /** The label of the first recorded value found anywhere in the text, if any. */
    public Optional<String> findIn(CharSequence text) {
        return locate(text).map(Found::label);
    }

    /**
     * Where a recorded value stands in a text: its label and the window it fills, for redaction.
     *
     * @param label  the label it was recorded under
     * @param start  index of its first character in the text
     * @param length its length in characters
     */
    public record Found(String label, int start, int length) {
    }

    /** The first recorded value found anywhere in the text (by length, then position), if any. */
    public Optional<Found> locate(CharSequence text) {
        State state = this.state;
        List<Fingerprint> recorded = state.recorded();
        Map<Integer, long[]> rollingByLength = state.rollingByLength();
        Map<Integer, Long> topPower = state.topPower();
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        Mac mac = null;
        for (Map.Entry<Integer, long[]> byLength : rollingByLength.entrySet()) {
            int length = byLength.getKey();
            if (text.length() < length) {
                continue;
            }
            long[] known = byLength.getValue();
            long top = topPower.get(length);
            long hash = rolling(text, 0, length);
            for (int start = 0; ; start++) {
                if (contains(known, hash)) {
                    if (mac == null) {
                        mac = newMac();
                    }
                    byte[] window = mac.doFinal(text.subSequence(start, start + length).toString()
                            .getBytes(StandardCharsets.UTF_8));
                    for (Fingerprint f : recorded) {
                        if (f.length() == length && MessageDigest.isEqual(f.mac(), window)) {
                            return Optional.of(new Found(f.label(), start, length));
                        }
                    }
                }
                if (start + length >= text.length()) {
                    break;
                }
                // Roll: drop text[start], append text[start + length].
                hash = Math.floorMod(hash - mulMod(text.charAt(start), top), PRIME);
                hash = (mulMod(hash, base) + text.charAt(start + length)) % PRIME;
            }
        }
        return Optional.empty();
    }

    private static boolean contains(long[] values, long value) {
        for (long v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    private long rolling(CharSequence text, int from, int to) {
        long hash = 0;
        for (int i = from; i < to; i++) {
            hash = (mulMod(hash, base) + text.charAt(i)) % PRIME;
        }
        return hash;
    }

    private long power(int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result = mulMod(result, base);
        }
        return result;
    }

    private static long mulMod(long a, long b) {
        return mersenneMod(Math.multiplyHigh(a, b), a * b);
    }

    /** (hi * 2^64 + lo) mod 2^61-1, for a product of two numbers below 2^61. */
    private static long mersenneMod(long hi, long lo) {
        long low61 = lo & PRIME;
        long rest = (lo >>> 61) | (hi << 3);
        long sum = low61 + rest;
        sum = (sum & PRIME) + (sum >>> 61);
        return sum >= PRIME ? sum - PRIME : sum;
    }

    private byte[] mac(String value) {
        return newMac().doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + ALGORITHM, e);
        }
    }
}
