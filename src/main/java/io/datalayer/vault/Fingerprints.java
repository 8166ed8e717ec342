package io.datalayer.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed fingerprints of the secret values a lookup saw, so synth can look for them in its output
 * without keeping them. Each fingerprint is HMAC-SHA256 under a random key made per instance (per
 * run) and the value's length; the key never leaves this object, so the fingerprints cannot be
 * brute-forced offline. {@link #findIn} slides a window of each recorded length over a text and
 * reports the label of a match, never the value.
 *
 * <p>Values shorter than {@link #MIN_LENGTH} are not recorded: they cannot be told apart from
 * ordinary words of a manifest. Short passwords are refused by the lookup's minimum length.
 */
public final class Fingerprints {
    /** Shortest value worth scanning for. */
    public static final int MIN_LENGTH = 8;
    private static final String ALGORITHM = "HmacSHA256";

    private record Fingerprint(String label, int length, byte[] mac) {
    }

    private final List<Fingerprint> recorded = new ArrayList<>();
    // Made on the first record(): a synth that read nothing from Vault never seeds a SecureRandom
    // nor loads the JDK's security providers for a Mac (about 10% of the synth's classes).
    private SecretKeySpec key;

    /**
     * Records a value under a label (e.g. {@code secret/data/postgres key "password"}); also its
     * base64 form, the shape it would take in a Secret's {@code data}.
     */
    public synchronized void record(String label, CharSequence value) {
        if (value.length() < MIN_LENGTH) {
            return;
        }
        if (key == null) {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            key = new SecretKeySpec(bytes, ALGORITHM);
        }
        String text = value.toString();
        recorded.add(new Fingerprint(label, text.length(), mac(text)));
        String base64 = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        recorded.add(new Fingerprint(label + " (base64)", base64.length(), mac(base64)));
    }

    /** How many fingerprints are held (two per recorded value). */
    public synchronized int size() {
        return recorded.size();
    }

    /** The label of the first recorded value found anywhere in the text, if any. */
    public synchronized Optional<String> findIn(CharSequence text) {
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<Integer> lengths = new TreeSet<>();
        recorded.forEach(f -> lengths.add(f.length()));
        Mac mac = newMac();
        for (int length : lengths) {
            for (int start = 0; start + length <= text.length(); start++) {
                byte[] window = mac.doFinal(text.subSequence(start, start + length).toString()
                        .getBytes(StandardCharsets.UTF_8));
                for (Fingerprint f : recorded) {
                    if (f.length() == length && MessageDigest.isEqual(f.mac(), window)) {
                        return Optional.of(f.label());
                    }
                }
            }
        }
        return Optional.empty();
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
