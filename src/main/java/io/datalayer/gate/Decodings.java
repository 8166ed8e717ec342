package io.datalayer.gate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The texts a string of a manifest may hide: what it reads as after base64 or base64url decoding
 * (padded or not, of the whole string or of each run of the alphabet in it, at every alignment),
 * hex decoding, URL (percent) decoding, and removing backslash escapes or doubled quotes (a JSON
 * or YAML document inside a ConfigMap). Decoded forms are decoded again, to a fixed depth, so
 * base64 of a URL-encoded value is found too. Each form carries how it was reached, for messages.
 */
final class Decodings {
    /** How deep decodings nest (base64 of hex of a value is depth 2). */
    static final int DEPTH = 3;
    /**
     * At most this many forms per string: bounds the work on a hostile or huge value. A string with
     * more is reported by the guard (it fails closed) rather than checked in part.
     */
    static final int MAX_FORMS = 2000;
    // Runs shorter than these decode to fewer than 9 (base64) or 8 (hex) bytes: the shortest value
    // fingerprinted is 8 characters, and shorter runs are mostly ordinary words.
    private static final int MIN_BASE64 = 12;
    private static final int MIN_HEX = 16;
    private static final Pattern WRAPPING = Pattern.compile("[\\s=]+");

    /** One form of a string: the text and how it was reached (e.g. "base64-decoded"). */
    record Form(String how, String text) {
    }

    private Decodings() {
    }

    /**
     * The decoded forms of a string.
     *
     * @param forms    every form found, without the string itself
     * @param complete false when {@link #MAX_FORMS} cut the search short
     */
    record Forms(List<Form> forms, boolean complete) {
    }

    /** The decoded forms of {@code value}, without the value itself. */
    static List<Form> of(String value) {
        return all(value).forms();
    }

    /** The decoded forms of {@code value}, and whether the search completed. */
    static Forms all(String value) {
        boolean[] cut = {false};
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put(value, "");
        List<Form> frontier = List.of(new Form("", value));
        for (int depth = 0; depth < DEPTH && !frontier.isEmpty() && !cut[0]; depth++) {
            List<Form> next = new ArrayList<>();
            for (Form form : frontier) {
                for (Form decoded : decodeOnce(form.text())) {
                    String how = form.how().isEmpty() ? decoded.how() : decoded.how() + " of " + form.how();
                    if (!seen.containsKey(decoded.text())) {
                        if (seen.size() >= MAX_FORMS) {
                            cut[0] = true;
                            break;
                        }
                        seen.put(decoded.text(), how);
                        next.add(new Form(how, decoded.text()));
                    }
                }
            }
            frontier = next;
        }
        List<Form> out = new ArrayList<>();
        seen.forEach((text, how) -> {
            if (!how.isEmpty()) {
                out.add(new Form(how, text));
            }
        });
        return new Forms(out, !cut[0]);
    }

    private static List<Form> decodeOnce(String s) {
        List<Form> out = new ArrayList<>();
        if (s.indexOf('%') >= 0 || s.indexOf('+') >= 0) {
            String percent = percentDecode(s, false);
            if (percent != null) {
                out.add(new Form("URL-decoded", percent));
            }
            if (s.indexOf('+') >= 0) {
                String form = percentDecode(s, true);
                if (form != null) {
                    out.add(new Form("URL-decoded", form));
                }
            }
        }
        if (s.indexOf('\\') >= 0) {
            out.add(new Form("unescaped", unescape(s)));
        }
        if (s.contains("''")) {
            out.add(new Form("unescaped", s.replace("''", "'")));
        }
        if (s.length() > MIN_BASE64 && isWrappedBase64(s)) {
            base64(WRAPPING.matcher(s).replaceAll(""), out); // base64 wrapped over lines
        }
        for (String run : runs(s, MIN_BASE64, false)) {
            base64(run, out);
        }
        for (String run : runs(s, MIN_HEX, true)) {
            for (int offset = 0; offset < 2; offset++) {
                String aligned = run.substring(offset, offset + (run.length() - offset) / 2 * 2);
                out.add(new Form("hex-decoded", text(hexBytes(aligned))));
            }
        }
        return out;
    }

    /*
     * The runs decoded are the maximal runs of an alphabet (base64 and base64url: A-Z a-z 0-9 + / _ -;
     * hex: 0-9 A-F a-f) of at least a minimum length: what a regular expression's find() of
     * [alphabet]{min,} returns, found by one pass over the characters instead (a regular expression
     * retries at every character of a shorter run: the guard's main cost on long scripts).
     */

    /** The maximal runs of the base64 (or hex) alphabet in {@code s} at least {@code min} long, in order. */
    static List<String> runs(String s, int min, boolean hex) {
        List<String> out = new ArrayList<>();
        for (int end = 0, start; (start = run(s, end, min, hex)) >= 0; ) {
            end = runEnd(s, start, hex);
            out.add(s.substring(start, end));
        }
        return out;
    }

    /** Start of the first run of the alphabet from {@code from} on that is at least {@code min} long, or -1. */
    private static int run(String s, int from, int min, boolean hex) {
        int start = from;
        while (start < s.length()) {
            int end = runEnd(s, start, hex);
            if (end - start >= min) {
                return start;
            }
            start = end + 1; // s[end] is outside the alphabet (or end is 0-length at a non-member)
        }
        return -1;
    }

    /** End (exclusive) of the run of the alphabet starting at {@code start}. */
    private static int runEnd(String s, int start, boolean hex) {
        int end = start;
        while (end < s.length() && (hex ? isHexDigit(s.charAt(end)) : isBase64Char(s.charAt(end)))) {
            end++;
        }
        return end;
    }

    private static boolean isBase64Char(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '+' || c == '/' || c == '_' || c == '-';
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }

    /** Whether {@code s} holds a percent escape: %, then two hex digits. */
    static boolean hasPercentEscape(String s) {
        for (int i = s.indexOf('%'); i >= 0 && i + 2 < s.length(); i = s.indexOf('%', i + 1)) {
            if (isHexDigit(s.charAt(i + 1)) && isHexDigit(s.charAt(i + 2))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Only base64 characters and white space, with some white space: base64 wrapped over lines. A
     * loop, not a regular expression: a repeated group overflows the stack on long hostile values.
     */
    private static boolean isWrappedBase64(String s) {
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '_' || c == '-' || c == '=')) {
                return false;
            }
        }
        return space;
    }

    /** Decodes a run of the base64 alphabets at each of the four alignments a value may start at. */
    private static void base64(String run, List<Form> out) {
        String standard = run.replace('-', '+').replace('_', '/');
        for (int offset = 0; offset < 4 && run.length() - offset >= MIN_BASE64; offset++) {
            String aligned = standard.substring(offset);
            int usable = aligned.length() - (aligned.length() % 4 == 1 ? 1 : 0);
            try {
                byte[] bytes = Base64.getDecoder().decode(pad(aligned.substring(0, usable)));
                out.add(new Form("base64-decoded", text(bytes)));
            } catch (IllegalArgumentException e) {
                // not base64 at this alignment
            }
        }
    }

    private static String pad(String s) {
        return s + "==".substring(0, (4 - s.length() % 4) % 4);
    }

    private static byte[] hexBytes(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** UTF-8, with undecodable bytes replaced: a secret's own bytes still decode in place. */
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Percent-decoding; {@code form} also turns '+' into a space. Null when nothing was decoded. */
    private static String percentDecode(String s, boolean form) {
        if (!hasPercentEscape(s) && !(form && s.indexOf('+') >= 0)) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        int plain = 0; // start of the run of characters copied as they are
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean escape = c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2));
            if (escape || (form && c == '+')) {
                bytes.writeBytes(s.substring(plain, i).getBytes(StandardCharsets.UTF_8));
                if (escape) {
                    bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    bytes.write(' ');
                }
                plain = i + 1;
            }
        }
        bytes.writeBytes(s.substring(plain).getBytes(StandardCharsets.UTF_8));
        return text(bytes.toByteArray());
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }

    /** Backslash escapes of JSON, YAML double quotes and shells: \" \\ \n \t \r \/ \\uXXXX \\xHH. */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case 'u' -> i = code(s, i, 4, out);
                case 'x' -> i = code(s, i, 2, out);
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    private static int code(String s, int at, int digits, StringBuilder out) {
        if (at + digits < s.length() && s.substring(at + 1, at + 1 + digits).chars().allMatch(ch -> isHex((char) ch))) {
            out.append((char) Integer.parseInt(s.substring(at + 1, at + 1 + digits), 16));
            return at + digits;
        }
        out.append(s.charAt(at));
        return at;
    }
}
