package io.datalayer.gate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The texts a string of a manifest may hide: what it reads as after base64 or base64url decoding
 * (padded or not, of the whole string or of each run of the alphabet in it, at every alignment),
 * base32 decoding, hex decoding, URL (percent) decoding, XML/HTML entity unescaping, and removing
 * backslash escapes or doubled quotes (a JSON or YAML document inside a ConfigMap). Bytes a decoding
 * gives are read as UTF-8, as UTF-16 (LE or BE, when they have the zero bytes of UTF-16 text) and, when
 * they are gzip or zlib data, decompressed first. Decoded forms are decoded again, to a fixed depth,
 * so base64 of a URL-encoded value is found too. Each form carries how it was reached, for messages.
 *
 * <p>The work per string is bounded by its size: all its forms together hold at most {@link #FACTOR}
 * times its length (plus {@link #FLOOR}) characters. Ordinary output stays far below (a CA bundle of
 * 144 certificates: about 8 times); a string that would need more (nesting built to multiply, a
 * decompression bomb) is reported by the guard (it fails closed) rather than checked in part.
 */
final class Decodings {
    /** How deep decodings nest (base64 of hex of a value is depth 2). */
    static final int DEPTH = 3;
    /** The forms of a string hold at most this many characters per character of the string... */
    static final int FACTOR = 64;
    /** ...plus this many: short strings may decode a little more than their length. */
    static final int FLOOR = 1 << 16;
    // Runs shorter than these decode to fewer than 9 (base64), 8 (base32, hex) bytes: the shortest value
    // fingerprinted is 8 characters, and shorter runs are mostly ordinary words.
    private static final int MIN_BASE64 = 12;
    private static final int MIN_BASE32 = 13;
    private static final int MIN_HEX = 16;
    private static final Pattern WRAPPING = Pattern.compile("[\\s=]+");
    private static final Pattern ENTITY = Pattern.compile("&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});");

    /**
     * One form of a string: the text and how it was reached (e.g. "base64-decoded").
     *
     * @param copy where the text is a copy of the form it was decoded from, changed in places (URL
     *             decoding, unescaping), the parts it copied unchanged; null for other decodings
     */
    record Form(String how, String text, Copy copy) {
        Form(String how, String text) {
            this(how, text, null);
        }
    }

    /**
     * A text that copies most of {@code parent} (the very string object decoded): {@code segments}
     * holds, per copied part, three numbers: where it starts and ends in the text, and where it starts
     * in the parent, in order in both. Every other character of the text is new. A scan that found
     * nothing in the parent then needs to look only at what the new characters touch
     * ({@link Credentials#scan(String, Credentials.Scan, Copy)}) instead of at a whole near-copy of a script.
     */
    record Copy(String parent, int[] segments) {
        /**
         * The changed characters of the copy (a text of {@code length} characters), as pairs of start
         * and end; where two copied parts meet in the copy but not in the parent, and where the copy
         * starts or ends with a part that does not start or end the parent, an empty change (start ==
         * end) stands: what spans it is new too. Null when the parts are not in order in both texts.
         */
        int[] changes(int length) {
            int[] out = new int[8];
            int n = 0;
            int end = 0;
            int parentEnd = 0;
            for (int k = 0; k < segments.length; k += 3) {
                int start = segments[k];
                int stop = segments[k + 1];
                int from = segments[k + 2];
                if (start < end || stop <= start || from < parentEnd || stop > length
                        || from + (stop - start) > parent.length()) {
                    return null;
                }
                if (start > end || from != parentEnd) {
                    if (n + 2 > out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    out[n++] = end;
                    out[n++] = start;
                }
                end = stop;
                parentEnd = from + (stop - start);
            }
            if (end < length || parentEnd != parent.length()) {
                if (n + 2 > out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[n++] = end;
                out[n++] = length;
            }
            return Arrays.copyOf(out, n);
        }
    }

    /** Builds a decoded text from the parts of {@code from} it copies and the new text between them. */
    private static final class Copying {
        private final String from;
        final StringBuilder out;
        private int[] segments = new int[12];
        private int n;

        Copying(String from) {
            this.from = from;
            this.out = new StringBuilder(from.length());
        }

        /** Copies {@code from[start, end)} unchanged. */
        void copy(int start, int end) {
            if (end <= start) {
                return;
            }
            int at = out.length();
            out.append(from, start, end);
            if (n > 0 && segments[n - 2] == at && segments[n - 1] + (at - segments[n - 3]) == start) {
                segments[n - 2] = out.length(); // continues the previous part in both texts
                return;
            }
            if (n + 3 > segments.length) {
                segments = Arrays.copyOf(segments, segments.length * 2);
            }
            segments[n++] = at;
            segments[n++] = out.length();
            segments[n++] = start;
        }

        Form form(String how) {
            return new Form(how, out.toString(), new Copy(from, Arrays.copyOf(segments, n)));
        }
    }

    private Decodings() {
    }

    /**
     * The decoded forms of a string.
     *
     * @param forms    every form found, without the string itself
     * @param complete false when the budget ({@link #FACTOR}, {@link #FLOOR}) cut the search short
     */
    record Forms(List<Form> forms, boolean complete) {
    }

    /** The decoded forms of {@code value}, without the value itself. */
    static List<Form> of(String value) {
        return all(value).forms();
    }

    /** The budget of decoded characters of a string of {@code length} characters. */
    static long budget(int length) {
        return (long) FACTOR * length + FLOOR;
    }

    /** The decoded forms of {@code value}, and whether the search completed. */
    static Forms all(String value) {
        return all(value, budget(value.length()));
    }

    /** As {@link #all(String)}, with the budget of decoded characters given. */
    static Forms all(String value, long budget) {
        Budget left = new Budget(budget);
        Map<String, Form> seen = new LinkedHashMap<>();
        seen.put(value, new Form("", value));
        // Per text decoded (the very object): whether decoding its runs decompressed anything.
        Map<String, Boolean> inflatedRuns = new java.util.IdentityHashMap<>();
        List<Form> frontier = List.of(new Form("", value));
        for (int depth = 0; depth < DEPTH && !frontier.isEmpty() && !left.cut; depth++) {
            List<Form> next = new ArrayList<>();
            for (Form form : frontier) {
                // A copy of a text decoded here, which decompressed nothing: its runs in copied parts are
                // that text's, whose forms are all seen (no cut so far, or this loop had ended), and
                // decoding them again would decompress nothing (so cut nothing): only runs at changes.
                Copy copy = form.copy();
                boolean copied = copy != null && Boolean.FALSE.equals(inflatedRuns.get(copy.parent()));
                int inflations = left.inflations;
                List<Form> decodings = decodeOnce(form.text(), left, copied ? copy : null);
                inflatedRuns.put(form.text(), left.inflations != inflations);
                for (Form decoded : decodings) {
                    String how = form.how().isEmpty() ? decoded.how() : decoded.how() + " of " + form.how();
                    if (!seen.containsKey(decoded.text())) {
                        if (!left.take(decoded.text().length())) {
                            break;
                        }
                        Form reached = new Form(how, decoded.text(), decoded.copy());
                        seen.put(decoded.text(), reached);
                        next.add(reached);
                    }
                }
                if (left.cut) {
                    break;
                }
            }
            frontier = next;
        }
        List<Form> out = new ArrayList<>();
        seen.forEach((text, form) -> {
            if (!form.how().isEmpty()) {
                out.add(form);
            }
        });
        return new Forms(out, !left.cut);
    }

    /** Characters of decoded text a string may still produce; {@code cut} once it ran out. */
    private static final class Budget {
        private long left;
        private boolean cut;
        /** How many decompressions were tried. */
        private int inflations;

        Budget(long left) {
            this.left = left;
        }

        boolean take(long chars) {
            if (chars > left) {
                cut = true;
                return false;
            }
            left -= chars;
            return true;
        }
    }

    /**
     * The forms one decoding step gives; {@code copy}, when not null, says that {@code s} copies a text
     * whose runs were decoded with nothing decompressed: then only the runs at its changes are decoded.
     */
    private static List<Form> decodeOnce(String s, Budget left, Copy copy) {
        List<Form> out = new ArrayList<>();
        if (s.indexOf('%') >= 0 || s.indexOf('+') >= 0) {
            Form percent = percentDecode(s, false);
            if (percent != null) {
                out.add(percent);
            }
            if (s.indexOf('+') >= 0 && s.indexOf('\n') < 0) { // a form-encoded value is one line; base64 text is not one
                Form form = percentDecode(s, true);
                if (form != null) {
                    out.add(form);
                }
            }
        }
        if (s.indexOf('\\') >= 0) {
            out.add(unescape(s));
        }
        if (s.contains("''")) {
            out.add(undoubleQuotes(s));
        }
        if (s.indexOf('&') >= 0 && s.indexOf(';') >= 0 && hasEntity(s)) {
            Copying xml = new Copying(s);
            unescapeXml(s, xml);
            out.add(xml.form("XML-unescaped"));
        }
        if (s.length() > MIN_BASE64 && isWrappedBase64(s)) {
            base64(WRAPPING.matcher(s).replaceAll(""), out, left); // base64 wrapped over lines
        }
        List<String> hexRuns = new ArrayList<>();
        List<String> base64Runs = new ArrayList<>();
        int[] changes = copy == null ? null : copy.changes(s.length());
        if (changes == null) {
            runs(s, 0, s.length(), base64Runs, hexRuns);
        } else {
            changedRuns(s, changes, base64Runs, hexRuns);
        }
        for (String run : base64Runs) {
            base64(run, out, left);
            if (run.length() >= MIN_BASE32) {
                for (String base32 : base32Runs(run)) { // the base32 alphabet is part of base64's
                    base32(base32, out, left);
                }
            }
        }
        for (String run : hexRuns) {
            for (int offset = 0; offset < 2; offset++) {
                String aligned = run.substring(offset, offset + (run.length() - offset) / 2 * 2);
                bytes("hex-decoded", hexBytes(aligned), out, left);
            }
        }
        return out;
    }

    /** Whether {@code bytes} read as more than UTF-8 text: gzip or zlib data, or UTF-16 text. */
    static boolean holdsEncodedText(byte[] bytes) {
        List<Form> forms = new ArrayList<>();
        bytes("", bytes, forms, new Budget(0)); // no budget: decompresses nothing, sees the magic only
        return forms.size() > 1 || isCompressed(bytes);
    }

    private static boolean isCompressed(byte[] bytes) {
        boolean gzip = bytes.length >= 18 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
        boolean zlib = bytes.length >= 6 && (bytes[0] & 0x0f) == 8 && ((bytes[0] & 0xff) << 8 | (bytes[1] & 0xff)) % 31 == 0;
        return gzip || zlib;
    }

    /**
     * The forms of decoded bytes: UTF-8 text; UTF-16 text when the bytes have the zero bytes of UTF-16
     * (a quarter or more of the bytes at one parity); the decompressed bytes' forms when they are gzip
     * or zlib data (decompressed no further than the string's budget).
     */
    private static void bytes(String how, byte[] bytes, List<Form> out, Budget left) {
        out.add(new Form(how, text(bytes)));
        if (bytes.length >= 16) {
            int evenZeros = 0;
            int oddZeros = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    if ((i & 1) == 0) {
                        evenZeros++;
                    } else {
                        oddZeros++;
                    }
                }
            }
            int half = bytes.length / 2;
            if (oddZeros * 4 >= half) { // ASCII in UTF-16LE at offset 0, in UTF-16BE at offset 1
                out.add(new Form(how + ", UTF-16LE", new String(bytes, StandardCharsets.UTF_16LE)));
                out.add(new Form(how + ", UTF-16BE", new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_16BE)));
            }
            if (evenZeros * 4 >= half) {
                out.add(new Form(how + ", UTF-16BE", new String(bytes, StandardCharsets.UTF_16BE)));
                out.add(new Form(how + ", UTF-16LE", new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_16LE)));
            }
        }
        if (isCompressed(bytes)) {
            boolean gzip = (bytes[0] & 0xff) == 0x1f;
            byte[] inflated = inflate(bytes, gzip, left);
            if (inflated != null) {
                bytes(how + (gzip ? ", gunzipped" : ", inflated"), inflated, out, left);
            }
        }
    }

    /** The decompressed bytes, null when they are not gzip/zlib after all; cuts the budget at a bomb. */
    private static byte[] inflate(byte[] bytes, boolean gzip, Budget left) {
        left.inflations++;
        try (java.io.InputStream in = gzip ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))
                : new java.util.zip.InflaterInputStream(new java.io.ByteArrayInputStream(bytes))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                if (out.size() > left.left) {
                    left.take(out.size()); // more than the string may decode to: refused, not checked in part
                    return null;
                }
            }
            return out.toByteArray();
        } catch (java.io.IOException | RuntimeException e) {
            return null; // not compressed data (a decoding that merely starts with the magic bytes)
        }
    }

    /**
     * Maximal runs of the base32 alphabet (RFC 4648) inside a run of base64's: upper case, or lower case
     * with a digit 2-7 (not a word).
     */
    private static List<String> base32Runs(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean upper = c >= 'A' && c <= 'Z';
            if (!(upper || (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
                i++;
                continue;
            }
            int start = i;
            boolean hasUpper = false;
            boolean hasLower = false;
            boolean digit = false;
            while (i < s.length()) {
                char d = s.charAt(i);
                if (d >= 'A' && d <= 'Z') {
                    hasUpper = true;
                } else if (d >= 'a' && d <= 'z') {
                    hasLower = true;
                } else if (d >= '2' && d <= '7') {
                    digit = true;
                } else {
                    break;
                }
                i++;
            }
            if (i - start >= MIN_BASE32 && !(hasUpper && hasLower) && (hasUpper || digit)) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    /** Decodes a base32 run at each of the eight alignments a value may start at (trailing bits dropped). */
    private static void base32(String run, List<Form> out, Budget left) {
        String upper = run.toUpperCase(java.util.Locale.ROOT);
        for (int offset = 0; offset < 8 && run.length() - offset >= MIN_BASE32; offset++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(run.length());
            int buffer = 0;
            int bits = 0;
            for (int i = offset; i < upper.length(); i++) {
                char c = upper.charAt(i);
                buffer = (buffer << 5) | (c >= 'A' ? c - 'A' : c - '2' + 26);
                bits += 5;
                if (bits >= 8) {
                    bytes.write((buffer >> (bits - 8)) & 0xff);
                    bits -= 8;
                }
            }
            bytes("base32-decoded", bytes.toByteArray(), out, left);
        }
    }

    private static final Map<String, String> ENTITIES = Map.ofEntries(Map.entry("lt", "<"), Map.entry("gt", ">"),
            Map.entry("amp", "&"), Map.entry("quot", "\""), Map.entry("apos", "'"), Map.entry("nbsp", "\u00a0"),
            Map.entry("sol", "/"), Map.entry("bsol", "\\"), Map.entry("colon", ":"), Map.entry("num", "#"),
            Map.entry("dollar", "$"), Map.entry("percnt", "%"), Map.entry("commat", "@"), Map.entry("excl", "!"),
            Map.entry("lpar", "("), Map.entry("rpar", ")"), Map.entry("equals", "="), Map.entry("plus", "+"),
            Map.entry("semi", ";"), Map.entry("comma", ","), Map.entry("period", "."), Map.entry("grave", "`"),
            Map.entry("Hat", "^"), Map.entry("verbar", "|"), Map.entry("lbrace", "{"), Map.entry("rbrace", "}"),
            Map.entry("lsqb", "["), Map.entry("rsqb", "]"), Map.entry("ast", "*"), Map.entry("quest", "?"),
            Map.entry("tilde", "~"), Map.entry("lowbar", "_"), Map.entry("hyphen", "-"), Map.entry("dash", "-"),
            Map.entry("Tab", "\t"), Map.entry("NewLine", "\n"));

    /** XML and HTML character references undone: &amp;lt; &amp;#36; &amp;#x24; and the named ones of ASCII. */
    static String unescapeXml(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Copying out = new Copying(s);
        unescapeXml(s, out);
        return out.out.toString();
    }

    private static void unescapeXml(String s, Copying out) {
        Matcher m = ENTITY.matcher(s);
        int plain = 0;
        while (m.find()) {
            String body = m.group().substring(1, m.group().length() - 1);
            String replacement;
            if (body.startsWith("#x") || body.startsWith("#X")) {
                replacement = codePoint(Integer.parseInt(body.substring(2), 16));
            } else if (body.startsWith("#")) {
                replacement = codePoint(Integer.parseInt(body.substring(1)));
            } else {
                replacement = ENTITIES.get(body);
            }
            if (replacement != null) {
                out.copy(plain, m.start());
                out.out.append(replacement);
                plain = m.end();
            }
        }
        out.copy(plain, s.length());
    }

    private static String codePoint(int cp) {
        return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : null;
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
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean member = i < s.length() && (hex ? isHexDigit(s.charAt(i)) : isBase64Char(s.charAt(i)));
            if (member && start < 0) {
                start = i;
            } else if (!member && start >= 0) {
                if (i - start >= min) {
                    out.add(s.substring(start, i));
                }
                start = -1;
            }
        }
        return out;
    }

    /**
     * The runs {@link #runs} gives for base64 ({@link #MIN_BASE64}) and hex ({@link #MIN_HEX}), found
     * in one pass over the characters (a hex run lies inside a run of base64's, whose alphabet holds
     * hex's); a table lookup per character: this pass over every form is the decoding's main cost.
     */
    private static void runs(String s, int from, int to, List<String> base64, List<String> hex) {
        int start = -1; // of the current base64 run
        int hexStart = -1;
        for (int i = from; i <= to; i++) {
            char c = i < to ? s.charAt(i) : 0;
            byte kind = c < 128 ? ALPHABET[c] : 0;
            if (kind != 0) {
                if (start < 0) {
                    start = i;
                }
                if (kind == HEX && hexStart < 0) {
                    hexStart = i;
                } else if (kind != HEX && hexStart >= 0) {
                    if (i - hexStart >= MIN_HEX) {
                        hex.add(s.substring(hexStart, i));
                    }
                    hexStart = -1;
                }
            } else if (start >= 0) {
                if (hexStart >= 0 && i - hexStart >= MIN_HEX) {
                    hex.add(s.substring(hexStart, i));
                }
                hexStart = -1;
                if (i - start >= MIN_BASE64) {
                    base64.add(s.substring(start, i));
                }
                start = -1;
            }
        }
    }

    /**
     * The runs of {@code s} a change touches, or whose boundary character it is ({@link Copy#changes}):
     * those found in the stretch from the start of the run of base64's alphabet before each change to
     * the end of the one after it. Every other run, and the characters around it, is copied from the
     * parent unchanged: the parent's run, with the same forms.
     */
    private static void changedRuns(String s, int[] changes, List<String> base64, List<String> hex) {
        int done = 0; // stretches end at run boundaries: the next starts here at the earliest
        for (int c = 0; c < changes.length; c += 2) {
            int from = changes[c];
            while (from > 0 && isBase64Char(s.charAt(from - 1))) {
                from--;
            }
            int to = changes[c + 1];
            while (to < s.length() && isBase64Char(s.charAt(to))) {
                to++;
            }
            from = Math.max(from, done);
            if (to > from) {
                runs(s, from, to, base64, hex);
                done = to;
            }
        }
    }

    private static final byte BASE64_ONLY = 1;
    private static final byte HEX = 2;
    /** Per ASCII character: 0 outside the base64 alphabets, {@link #HEX} for hex digits (also base64), else {@link #BASE64_ONLY}. */
    private static final byte[] ALPHABET = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            ALPHABET[c] = isHexDigit(c) ? HEX : isBase64Char(c) ? BASE64_ONLY : 0;
        }
    }

    /** Whether {@code s} holds a character reference {@link #unescapeXml} reads: each '&amp;' tried, not every character. */
    private static boolean hasEntity(String s) {
        Matcher m = ENTITY.matcher(s);
        for (int at = s.indexOf('&'); at >= 0; at = s.indexOf('&', at + 1)) {
            if (m.region(at, s.length()).lookingAt()) {
                return true;
            }
        }
        return false;
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
    private static void base64(String run, List<Form> out, Budget left) {
        String standard = run.replace('-', '+').replace('_', '/');
        for (int offset = 0; offset < 4 && run.length() - offset >= MIN_BASE64; offset++) {
            String aligned = standard.substring(offset);
            int usable = aligned.length() - (aligned.length() % 4 == 1 ? 1 : 0);
            try {
                byte[] bytes = Base64.getDecoder().decode(pad(aligned.substring(0, usable)));
                bytes("base64-decoded", bytes, out, left);
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

    /**
     * Percent-decoding; {@code form} also turns '+' into a space. Null when nothing was decoded. The
     * text is the UTF-8 decoding of all its bytes at once (escaped bytes may join into one character);
     * the parts copied unchanged ({@link Copy}) are those characters between escapes found at the very
     * place the decoded escapes before them end, compared, not assumed.
     */
    private static Form percentDecode(String s, boolean form) {
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
        String text = text(bytes.toByteArray());
        return new Form("URL-decoded", text, percentCopy(s, text, form));
    }

    /** The parts of {@code s} that {@code text}, its percent-decoding, holds unchanged; null when they do not line up. */
    private static Copy percentCopy(String s, String text, boolean form) {
        int[] segments = new int[12];
        int n = 0;
        int at = 0; // in text
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        int plain = 0;
        for (int i = 0; i <= s.length(); i++) {
            boolean escape = i < s.length() && s.charAt(i) == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1))
                    && isHex(s.charAt(i + 2));
            if (escape || (i < s.length() && form && s.charAt(i) == '+')) {
                if (i > plain) {
                    at += text(escaped.toByteArray()).length(); // the decoded escapes before this plain part
                    escaped.reset();
                    int length = i - plain;
                    if (at + length > text.length() || !text.regionMatches(at, s, plain, length)) {
                        return null;
                    }
                    if (n + 3 > segments.length) {
                        segments = Arrays.copyOf(segments, segments.length * 2);
                    }
                    segments[n++] = at;
                    segments[n++] = at + length;
                    segments[n++] = plain;
                    at += length;
                }
                escaped.write(escape ? Integer.parseInt(s.substring(i + 1, i + 3), 16) : ' ');
                if (escape) {
                    i += 2;
                }
                plain = i + 1;
            } else if (i == s.length() && i > plain) {
                at += text(escaped.toByteArray()).length();
                int length = i - plain;
                if (at + length != text.length() || !text.regionMatches(at, s, plain, length)) {
                    return null;
                }
                if (n + 3 > segments.length) {
                    segments = Arrays.copyOf(segments, segments.length * 2);
                }
                segments[n++] = at;
                segments[n++] = at + length;
                segments[n++] = plain;
            }
        }
        return new Copy(s, Arrays.copyOf(segments, n));
    }

    private static boolean isHex(char c) {
        return isHexDigit(c); // Character.digit(c, 16) >= 0 && c < 128, without the Unicode table
    }

    /** Backslash escapes of JSON, YAML double quotes and shells: \" \\ \n \t \r \/ \\uXXXX \\xHH. */
    private static Form unescape(String s) {
        Copying copying = new Copying(s);
        StringBuilder out = copying.out;
        for (int i = 0; i < s.length(); i++) {
            int escape = s.indexOf('\\', i); // the text up to the next backslash copied at once
            if (escape < 0 || escape + 1 >= s.length()) {
                copying.copy(i, s.length());
                break;
            }
            copying.copy(i, escape);
            i = escape;
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
        return copying.form("unescaped");
    }

    /** Doubled single quotes made single (SQL and YAML single-quoted strings): {@code s.replace("''", "'")}. */
    private static Form undoubleQuotes(String s) {
        Copying copying = new Copying(s);
        int plain = 0;
        for (int at = s.indexOf("''"); at >= 0; at = s.indexOf("''", plain)) {
            copying.copy(plain, at);
            copying.out.append('\'');
            plain = at + 2;
        }
        copying.copy(plain, s.length());
        return copying.form("unescaped");
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
