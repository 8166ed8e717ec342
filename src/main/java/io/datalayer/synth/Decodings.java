package io.datalayer.synth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
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
    /** At most this many forms per string: bounds the work on a hostile or huge value. */
    static final int MAX_FORMS = 200;
    // A base64 run shorter than this decodes to fewer than 6 bytes: too short to hide a secret.
    private static final int MIN_BASE64 = 8;
    private static final int MIN_HEX = 12;
    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/_-]{" + MIN_BASE64 + ",}");
    private static final Pattern HEX_RUN = Pattern.compile("[0-9A-Fa-f]{" + MIN_HEX + ",}");

    /** One form of a string: the text and how it was reached (e.g. "base64-decoded"). */
    record Form(String how, String text) {
    }

    private Decodings() {
    }

    /** The decoded forms of {@code value}, without the value itself. */
    static List<Form> of(String value) {
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put(value, "");
        List<Form> frontier = List.of(new Form("", value));
        for (int depth = 0; depth < DEPTH && !frontier.isEmpty() && seen.size() < MAX_FORMS; depth++) {
            List<Form> next = new ArrayList<>();
            for (Form form : frontier) {
                for (Form decoded : decodeOnce(form.text())) {
                    String how = form.how().isEmpty() ? decoded.how() : decoded.how() + " of " + form.how();
                    if (!seen.containsKey(decoded.text()) && seen.size() < MAX_FORMS) {
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
        return out;
    }

    private static List<Form> decodeOnce(String s) {
        List<Form> out = new ArrayList<>();
        if (s.indexOf('%') >= 0) {
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
        String compact = s.replaceAll("\\s+", "");
        if (!compact.equals(s) && BASE64_RUN.matcher(compact.replace("=", "")).matches()) {
            base64(compact.replace("=", ""), out); // base64 wrapped over lines
        }
        Matcher b64 = BASE64_RUN.matcher(s);
        while (b64.find()) {
            base64(b64.group(), out);
        }
        Matcher hex = HEX_RUN.matcher(s);
        while (hex.find()) {
            String run = hex.group();
            for (int offset = 0; offset < 2; offset++) {
                String aligned = run.substring(offset, offset + (run.length() - offset) / 2 * 2);
                out.add(new Form("hex-decoded", text(hexBytes(aligned))));
            }
        }
        return out;
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean changed = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() + 0 && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
                changed = true;
            } else if (form && c == '+') {
                bytes.write(' ');
                changed = true;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(b, 0, b.length);
            }
        }
        return changed ? text(bytes.toByteArray()) : null;
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
