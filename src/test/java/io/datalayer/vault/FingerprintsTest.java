package io.datalayer.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FingerprintsTest {
    private static final String VALUE = "correct-horse-battery";

    @Test
    void findsARecordedValueAnywhereInAText() {
        Fingerprints f = new Fingerprints();
        f.record("secret/data/postgres key \"password\"", VALUE);

        assertEquals(Optional.of("secret/data/postgres key \"password\""), f.findIn("a: b\nc: x" + VALUE + "y\n"));
        assertEquals(Optional.of("secret/data/postgres key \"password\""), f.findIn(VALUE));
    }

    @Test
    void findsTheBase64FormToo() {
        Fingerprints f = new Fingerprints();
        f.record("k", VALUE);

        String encoded = Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of("k (base64)"), f.findIn("data:\n  password: " + encoded + "\n"));
    }

    @Test
    void findsNothingInCleanTextOrNearMisses() {
        Fingerprints f = new Fingerprints();
        f.record("k", VALUE);

        assertEquals(Optional.empty(), f.findIn("correct-horse-batter"));
        assertEquals(Optional.empty(), f.findIn("Correct-horse-battery"));
        assertEquals(Optional.empty(), f.findIn(""));
    }

    @Test
    void skipsValuesTooShortToTellFromWords() {
        Fingerprints f = new Fingerprints();
        f.record("k", "short");

        assertEquals(0, f.size());
        assertEquals(Optional.empty(), f.findIn("a short text"));
    }

    @Test
    void holdsNoValueInItsString() {
        Fingerprints f = new Fingerprints();
        f.record("k", VALUE);

        assertEquals(false, f.toString().contains(VALUE));
        assertEquals(2, f.size());
    }

    @Test
    void findsValuesOfEveryLengthAndAlphabetAtEveryOffset() {
        java.util.Random random = new java.util.Random(7);
        String pool = "ab\"\\\u0001\u00e9\u4e2d\ud83d\udd11xyz0123456789";
        for (int n = 0; n < 200; n++) {
            StringBuilder value = new StringBuilder();
            int length = 8 + random.nextInt(40);
            while (value.length() < length) {
                value.append(pool.charAt(random.nextInt(pool.length())));
            }
            Fingerprints f = new Fingerprints();
            f.record("k", value);
            String text = "x".repeat(random.nextInt(50)) + value + "y".repeat(random.nextInt(50));
            assertEquals(Optional.of("k"), f.findIn(text), "case " + n);
            assertEquals(Optional.empty(), f.findIn(text.replace(value, "#" + value.substring(1))), "case " + n);
        }
    }
}
