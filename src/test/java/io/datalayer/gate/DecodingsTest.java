package io.datalayer.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The guard finds encoded runs with one pass over the characters instead of regular expressions
 * (the expressions retried at every character of a short run, most of the guard's time on long
 * scripts). These tests hold the scans to the expressions they replace, on random and hostile text:
 * the guard must decode exactly the same runs, or its findings could change.
 */
class DecodingsTest {
    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/_-]{12,}");
    private static final Pattern HEX_RUN = Pattern.compile("[0-9A-Fa-f]{16,}");
    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");
    // Alphabet members, their neighbours in ASCII, separators, non-ASCII look-alikes and a surrogate pair.
    private static final String CHARS = "AZaz09+/_-=%.:@ \n\t\\'\"GgFf9Ã©ï¼¡\u0660\uD83D\uDE00";

    private static List<String> regexRuns(Pattern p, String s) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static void assertSameAsRegex(String s) {
        assertEquals(regexRuns(BASE64_RUN, s), Decodings.runs(s, 12, false), () -> "base64 runs of " + s);
        assertEquals(regexRuns(HEX_RUN, s), Decodings.runs(s, 16, true), () -> "hex runs of " + s);
        assertEquals(PERCENT_ESCAPE.matcher(s).find(), Decodings.hasPercentEscape(s), () -> "percent escape in " + s);
    }

    @Test
    void runsAndEscapesAreWhatTheRegularExpressionsFound() {
        for (String s : List.of("", "a", "%", "%4", "%41", "%4g%41", "x%", "abcdefghijk", "abcdefghijkl", "0123456789abcdef",
                "0123456789abcdeg", "dGhpcyBpcyBhIHNlY3JldA==", "aaaaaaaaaaaa.bbbbbbbbbbbb", "%%41", "deadbeefdeadbeefX%zz%7e")) {
            assertSameAsRegex(s);
        }
        Random random = new Random(14);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(80);
            // Long runs of one alphabet are likely: pick from a few characters at a time.
            int from = random.nextInt(CHARS.length()), span = 1 + random.nextInt(CHARS.length() - from);
            for (int j = 0; j < length; j++) {
                sb.append(random.nextInt(4) == 0 ? CHARS.charAt(random.nextInt(CHARS.length()))
                        : CHARS.charAt(from + random.nextInt(span)));
            }
            assertSameAsRegex(sb.toString());
        }
    }

    private static boolean hasForm(String encoded, String how, String text) {
        return Decodings.of(encoded).stream().anyMatch(f -> f.how().equals(how) && f.text().contains(text));
    }

    @Test
    void theEncodingsAddedForTheReview() throws Exception {
        String value = "a-value-to-find";
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        org.junit.jupiter.api.Assertions.assertTrue(hasForm(b64.encodeToString(gz.toByteArray()), "base64-decoded, gunzipped", value));
        byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(hasForm(OutputGuardTest.base32(utf8), "base32-decoded", value));
        org.junit.jupiter.api.Assertions.assertTrue(hasForm("x " + OutputGuardTest.base32(utf8).toLowerCase().replace("=", "") + " y",
                "base32-decoded", value));
        org.junit.jupiter.api.Assertions.assertTrue(hasForm(b64.encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_16LE)),
                "base64-decoded, UTF-16LE", value));
        org.junit.jupiter.api.Assertions.assertTrue(hasForm(b64.encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_16BE)),
                "base64-decoded, UTF-16BE", value));
        org.junit.jupiter.api.Assertions.assertTrue(hasForm("<p>a&#45;value&#x2D;to&hyphen;find &lt;&amp;&gt;</p>", "XML-unescaped",
                "a-value-to-find <&>"));
        // Words are not base32: no lower-case run without a digit is decoded.
        org.junit.jupiter.api.Assertions.assertTrue(Decodings.of("configuration authentication").stream()
                .noneMatch(f -> f.how().startsWith("base32")));
    }

    @Test
    void theBudgetGrowsWithTheStringAndACaBundleStaysFarBelow() {
        String bundle = CaBundle.pem(144);
        Decodings.Forms forms = Decodings.all(bundle);
        long chars = forms.forms().stream().mapToLong(f -> f.text().length()).sum();
        org.junit.jupiter.api.Assertions.assertTrue(forms.complete(), "a CA bundle is checked whole");
        org.junit.jupiter.api.Assertions.assertTrue(chars < 8L * bundle.length(), chars + " characters of forms");
        org.junit.jupiter.api.Assertions.assertFalse(Decodings.all(bundle, chars / 2).complete(), "a smaller budget cuts it");
        assertEquals(Decodings.FACTOR * 1000L + Decodings.FLOOR, Decodings.budget(1000));
    }
}
