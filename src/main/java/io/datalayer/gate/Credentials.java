package io.datalayer.gate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a literal credential looks like, with or without Vault, by family rather than by example:
 * <ul>
 *   <li>URLs and DSNs with a password ({@code scheme://user:password@host});</li>
 *   <li>settings of config files and key/value strings ({@code password=...}, {@code password: ...},
 *       {@code client_secret = "..."}, Neo4j's {@code dbms.*password*}, libpq's conninfo);</li>
 *   <li>SQL: a {@code PASSWORD '...'} clause in any statement (CREATE/ALTER ROLE or USER), and
 *       {@code IDENTIFIED [WITH plaintext method] BY '...'} (ClickHouse, MySQL);</li>
 *   <li>the directives and arguments of the stores' servers and clients: Redis {@code requirepass},
 *       {@code masterauth} (config line, {@code --requirepass}, {@code CONFIG SET}), {@code sentinel
 *       auth-pass}, {@code redis-cli -a}/{@code --pass}, an ACL rule's {@code >password};</li>
 *   <li>a credential-named variable assigned a literal ({@code REDISCLI_AUTH=...}, {@code
 *       NEO4J_AUTH=user/pass}, {@code *_PASSWORD}, {@code *_TOKEN}, {@code *_SECRET}, {@code *_KEY}),
 *       or given a literal default ({@code ${X_PASSWORD:-...}});</li>
 *   <li>an XML element holding a password or secret ({@code <password>}, {@code <secret_access_key>}:
 *       ClickHouse's users and storage files; {@code <password_sha256_hex>} is a hash and passes);</li>
 *   <li>HTTP credentials: an {@code Authorization}/{@code Proxy-Authorization} header with a scheme
 *       and a literal ({@code Basic ...}, {@code Bearer ...}), token headers ({@code X-Vault-Token}),
 *       {@code curl -u user:password};</li>
 *   <li>a PEM private key and the shapes of well-known tokens (Vault, AWS, GitHub, GitLab, Slack,
 *       Google, Stripe, JWT).</li>
 * </ul>
 * A value that is a reference is not a literal ({@link #isLiteral}): a shell or Kubernetes variable
 * ({@code $X}, {@code "$X"}, {@code ${X:?msg}}, {@code $(cmd)}), a file path, a template placeholder
 * ({@code {{ .x }}}, {@code <value>}, {@code %s}), a placeholder word ({@code ***}, {@code password}),
 * a SCRAM verifier (a hash). Nothing here ever returns or prints the value: only which family matched.
 */
public final class Credentials {
    /** Names of environment variables and keys that hold credentials. */
    public static final Pattern CREDENTIAL_NAME =
            Pattern.compile("(?i).*(PASSWORD|PASSWD|PWD|TOKEN|SECRET|KEY|CREDENTIAL).*|(?:.*_)?AUTH");
    /** Keys of free-form maps (ConfigMap data, annotations) that announce a credential. */
    public static final Pattern CREDENTIAL_KEY =
            Pattern.compile("(?i)(?!.*[_.-](?:file|path|name|ref|hash|hex|digest|sha\\d*|checksum|length|len|policy"
                    + "|encryption|mode|enabled|min-length)$)"
                    + ".*(password|passwd|secret|token|api[_-]?key|private[_-]?key|credentials?)([_.-].*)?");

    /** Family names, as findings print them. */
    static final String URL = "a URL with a password (user:password@)";
    static final String SETTING = "a password setting (password=...)";
    static final String SQL = "a SQL password literal (PASSWORD '...')";
    static final String DIRECTIVE = "a server password directive or argument (requirepass, masterauth, -a)";
    static final String ACL = "a Redis ACL password (>password)";
    static final String VARIABLE = "a credential-named variable with a literal value (NAME=...)";
    static final String XML = "an XML password element (<password>...)";
    static final String HTTP = "an HTTP credential (Authorization header, token header, curl -u)";

    /**
     * @param markers    cheap substrings (lower case), one of which a match must contain: the regular
     *                   expression runs only on texts holding one (the guard runs this on every string)
     * @param literal    whether the value group is a literal (not a reference, placeholder or hash)
     */
    private record Shape(String name, Pattern pattern, int valueGroup, List<String> markers, Predicate<Matcher> literal) {
        Shape(String name, Pattern pattern, int valueGroup, List<String> markers) {
            this(name, pattern, valueGroup, markers, m -> valueGroup == 0 || isLiteral(m.group(valueGroup)));
        }

        /** SQL and XML literals may span lines; every other family is searched line by line. */
        boolean spansLines() {
            return name.equals(SQL) || name.equals(XML);
        }
    }

    // A quoted or bare value: "..." with escapes, '...' with '' doubled, or a run without blanks and separators.
    private static final String VALUE = "(\"[^\"\\n\\\\]*+(?:\\\\.[^\"\\n\\\\]*+)*+\"|'[^'\\n]*+(?:''[^'\\n]*+)*+'|[^\\s\"',;&)]++)";
    // A bare value after ':' (YAML, JSON, properties): a setting only when the value ends there (end of
    // line, a comment, a closing quote or bracket); "password: shorter than 16 characters" is prose.
    private static final String COLON_VALUE = "(\"[^\"\\n\\\\]*+(?:\\\\.[^\"\\n\\\\]*+)*+\"|'[^'\\n]*+(?:''[^'\\n]*+)*+'"
            + "|[^\\s\"',;&)}\\]]++(?=[ \\t]*(?:$|\\r|\\n|#|[,;}\\]\"']|\\\\n)))";
    private static final String SETTING_NAME = "(?:password|passwd|secret|token|api[_-]?key)";
    // Upper-case variable names that announce a credential: *PASSWORD, *PASSWD, *TOKEN, *SECRET, *_AUTH,
    // *_KEY, *_PWD, *_PASS, *_APIKEY, *_CREDENTIAL(S), and the bare words.
    private static final String VARIABLE_NAME = "[A-Z0-9_]*(?:PASSWORD|PASSWD|TOKEN|SECRET)|(?:[A-Z][A-Z0-9_]*_)?"
            + "(?:AUTH|KEY|PWD|PASS|APIKEY|CREDENTIALS?)";

    // The specific families first, the generic setting last: a finding names the most telling family.
    private static final List<Shape> SHAPES = List.of(
            new Shape(URL, Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]*:([^/\\s@]+)@"), 1, List.of("://")),
            new Shape(SQL, Pattern.compile("(?i)\\bPASSWORD[ \\t\\n]+(E?'[^']*+(?:''[^']*+)*+')"), 1, List.of("password")),
            new Shape(SQL, Pattern.compile("(?i)\\bIDENTIFIED[ \\t\\n]+(?:WITH[ \\t\\n]+(?![a-z0-9_]*_hash\\b)[a-z0-9_]+[ \\t\\n]+)?"
                    + "BY[ \\t\\n]+('[^']*+(?:''[^']*+)*+'|\"[^\"]*+\")"), 1, List.of("identified")),
            new Shape(DIRECTIVE, Pattern.compile("(?im)^[ \\t]*(?:#[ \\t]*)?(?:requirepass|masterauth)[ \\t]+" + VALUE + "[ \\t]*\\r?$"),
                    1, List.of("requirepass", "masterauth")),
            new Shape(DIRECTIVE, Pattern.compile("(?i)(?:--|\\bCONFIG[ \\t]+SET[ \\t]+)(?:requirepass|masterauth)(?:[ \\t]+|=)" + VALUE),
                    1, List.of("requirepass", "masterauth")),
            new Shape(DIRECTIVE, Pattern.compile("(?i)\\bsentinel[ \\t]+auth-pass[ \\t]+\\S+[ \\t]+" + VALUE), 1, List.of("auth-pass")),
            new Shape(DIRECTIVE, Pattern.compile("(?m)^(?![ \\t]*#)[^\\n]*?\\bredis-cli\\b[^\\n]*?[ \\t](?:-a|--pass)(?:[ \\t]+|=)" + VALUE),
                    1, List.of("redis-cli")),
            new Shape(ACL, Pattern.compile("(?im)(?:^[ \\t]*user|\\bACL[ \\t]+SETUSER)[ \\t]+\\S+[ \\t][^\\n]*?(?<=[ \\t])>(?![>&])(\\S+)"),
                    1, List.of("user", "setuser")),
            new Shape(VARIABLE, Pattern.compile("(?<![A-Za-z0-9_.-])(" + VARIABLE_NAME + ")[ \\t]*=[ \\t]*" + VALUE), 2,
                    List.of("password", "passwd", "token", "secret", "auth", "key", "pwd", "pass", "credential"),
                    m -> isLiteral(credentialPart(m.group(1), m.group(2)))),
            new Shape(VARIABLE, Pattern.compile("\\$\\{(" + VARIABLE_NAME + "):?[-=]([^}\\n]*)}"), 2,
                    List.of("${"), m -> isLiteral(credentialPart(m.group(1), m.group(2)))),
            new Shape(XML, Pattern.compile("(?i)<((?:[a-z0-9_.-]*[_.-])?(?:password|passwd|secret|secret_access_key|token"
                    + "|access_token|api_key|private_key))(?:[ \\t][^>]*)?>([^<]*)</\\1[ \\t]*>"), 2,
                    List.of("password", "passwd", "secret", "token", "_key"), m -> isLiteral(Decodings.unescapeXml(m.group(2)))),
            new Shape(HTTP, Pattern.compile("(?i)\\b(?:Proxy-)?Authorization[\"']?[ \\t]*[:=][ \\t]*[\"']?"
                    + "(?:Basic|Bearer|Token|Digest|Negotiate|ApiKey|AWS4-HMAC-SHA256)[ \\t]+([^\\s\"',;]+)"), 1,
                    List.of("authorization")),
            new Shape(HTTP, Pattern.compile("(?i)\\b(?:X-Vault-Token|X-Api-Key|X-Auth-Token|Api-Key|Private-Token|X-Consul-Token"
                    + "|X-Registry-Auth)[\"']?[ \\t]*:[ \\t]*([^\\s\"',;]+)"), 1, List.of("-token", "-key", "-auth")),
            new Shape(HTTP, Pattern.compile("(?m)^(?![ \\t]*#)[^\\n]*?\\bcurl\\b[^\\n]*?[ \\t](?:-u|--user)(?:[ \\t]+|=)[\"']?"
                    + "[^\\s:\"'$]+:([^\\s\"']+)"), 1, List.of("curl")),
            new Shape(SETTING, Pattern.compile("(?i)" + SETTING_NAME + "[\"']?[ \\t]*=[ \\t]*" + VALUE), 1,
                    List.of("password", "passwd", "secret", "token", "apikey", "api_key", "api-key")),
            // A key that starts its line (YAML, properties): the rest of the line is the value, spaces and all.
            new Shape(SETTING, Pattern.compile("(?im)^[ \\t]*(?:-[ \\t]+)?[\"']?[a-z0-9_.-]*" + SETTING_NAME
                    + "[\"']?[ \\t]*:[ \\t]+([^#\\s][^#\\n]*?)[ \\t]*(?:#.*)?\\r?$"), 1,
                    List.of("password", "passwd", "secret", "token", "apikey", "api_key", "api-key")),
            new Shape(SETTING, Pattern.compile("(?im)" + SETTING_NAME + "[\"']?[ \\t]*:[ \\t]*" + COLON_VALUE), 1,
                    List.of("password", "passwd", "secret", "token", "apikey", "api_key", "api-key")),
            new Shape("a PEM private key", Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----"), 0, List.of("private key")),
            new Shape("an AWS access key id", Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"), 0, List.of("akia", "asia")),
            new Shape("a Vault token", Pattern.compile("\\bhv[sbr]\\.[A-Za-z0-9_-]{20,}"), 0, List.of("hvs.", "hvb.", "hvr.")),
            new Shape("a JSON Web Token", Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*"), 0, List.of("eyj")),
            new Shape("a GitHub token", Pattern.compile("\\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})"), 0,
                    List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")),
            new Shape("a GitLab token", Pattern.compile("\\bglpat-[A-Za-z0-9_-]{20,}"), 0, List.of("glpat-")),
            new Shape("a Slack token", Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}"), 0, List.of("xox")),
            new Shape("a Google API key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"), 0, List.of("aiza")),
            new Shape("a Stripe secret key", Pattern.compile("\\b[rs]k_live_[0-9A-Za-z]{16,}"), 0, List.of("k_live_")));

    private static final Set<String> NOT_SECRETS = Set.of("true", "false", "yes", "no", "on", "off", "null", "none", "nil",
            "~", "disabled", "enabled");
    // Words that stand for a value in docs and messages ("user:password@", "password: <value>", "token: ***"),
    // and words of messages after "password:" ("password: missing").
    private static final Set<String> PLACEHOLDERS = Set.of("password", "passwd", "pass", "pw", "secret", "token", "key",
            "redacted", "hidden", "masked", "placeholder", "value", "missing", "empty", "required", "invalid", "wrong",
            "unset", "set", "ok", "changed", "expired", "incorrect", "mismatch", "unknown", "ignored", "default", "example");
    // <value>, <your password>, %s, %(password)s, %{PASSWORD}, %PASSWORD%: the whole value a placeholder.
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^<>]*>|%[sdv]|%\\([^)]*\\)[sdr]|%\\{[^}]*}|%[A-Za-z_][A-Za-z0-9_]*%");
    private static final Pattern PLACEHOLDER_CHARS = Pattern.compile("[xX*.?_-]+|\\.\\.\\..*|.*\\.\\.\\.");

    private Credentials() {
    }

    /**
     * The name of the first credential family found in {@code text}, if any. Each family's expression
     * runs only on the lines that hold one of its markers (SQL's and XML's, which may span lines: from
     * where the literal would start, a few KiB), not over the whole text: most strings are long
     * scripts whose lines mostly hold none.
     */
    public static Optional<String> shapeIn(String text) {
        return scan(text).found();
    }

    /**
     * One text's scan: the family found, and (unless the text was searched the old way, see
     * {@link Markers}) where every marker and every '&lt;' is, so that a copy of the text changed in
     * places can be scanned where it changed ({@link #scan(String, Scan, Decodings.Copy)}).
     */
    static final class Scan {
        private final Optional<String> found;
        private final Map<String, int[]> markers;
        private final int[] tags;

        private Scan(Optional<String> found, Map<String, int[]> markers, int[] tags) {
            this.found = found;
            this.markers = markers;
            this.tags = tags;
        }

        Optional<String> found() {
            return found;
        }
    }

    /**
     * {@code text} in lower case one UTF-16 unit at a time, so a position in it is the same position
     * in {@code text}: {@code String.toLowerCase} turns U+0130 into two characters, and the lines
     * searched around a marker found after one were then past the text's end (an exception instead of
     * a finding). The markers are ASCII and the two characters that lower-case to ASCII (U+0130 to
     * 'i', the Kelvin sign to 'k') still do, so no marker is missed.
     */
    static String lowerCaseSameLength(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }

    /** {@link #shapeIn}, with what a scan of a copy of {@code text} needs. */
    static Scan scan(String text) {
        Markers.Found at = Markers.positions(text);
        if (at == null) {
            String lower = lowerCaseSameLength(text);
            return new Scan(shapes(text, lower, new HashMap<>(), null, null), null, null);
        }
        return new Scan(shapes(text, null, at.markers(), at.tags(), null), at.markers(), at.tags());
    }

    /**
     * {@link #shapeIn} of {@code text}, a copy of the text {@code parent} scanned changed in places
     * ({@code copy}), with the same result: when nothing was found in the parent, a family searched
     * line by line can match only on a line that holds a changed character (a line's search sees that
     * line only, and its neighbours' line breaks), so the lines the copy holds unchanged, with their
     * line breaks, are not searched again; the markers and tags of the copy are the parent's in its
     * unchanged parts and those found around the changed characters. The families that span lines
     * (SQL, XML) are tried at every marker, as {@link #scan(String)} does. Any other case (a parent
     * with a finding or searched the old way, parts out of order) scans the whole text.
     */
    static Scan scan(String text, Scan parent, Decodings.Copy copy) {
        if (parent.markers == null || parent.found.isPresent()) {
            return scan(text);
        }
        Copied copied = Copied.of(text, copy);
        if (copied == null) {
            return scan(text);
        }
        Map<String, int[]> markers = copied.markers(parent.markers);
        if (markers == null) {
            return scan(text); // a changed character lower-cases to ASCII: searched the old way
        }
        int[] tags = copied.tags(parent.tags);
        return new Scan(shapes(text, null, markers, tags, copied), markers, tags);
    }

    /**
     * The first family found. {@code lower} is the text in lower case when the markers are found the
     * old way (then {@code positions} fills as they are searched), else null and {@code positions}
     * holds every marker found; {@code tags} is where '&lt;' is, or null; {@code copied}, when not null,
     * tells the lines a parent with no finding held unchanged, which are not searched again.
     */
    private static Optional<String> shapes(String text, String lower, Map<String, int[]> positions, int[] tags, Copied copied) {
        if (lower == null && positions.isEmpty()) {
            return Optional.empty(); // no marker: no family searches (most decoded forms are short garbage)
        }
        for (Shape shape : SHAPES) {
            if (lower == null && !anyIn(shape.markers(), positions)) {
                continue; // none of its markers: nothing to search
            }
            Matcher m = null;
            int done = 0; // lines before this offset were searched
            for (int at : markerPositions(lower, shape.markers(), positions)) {
                if (at < done) {
                    continue;
                }
                if (m == null) {
                    m = shape.pattern().matcher(text);
                    m.useTransparentBounds(true).useAnchoringBounds(false);
                }
                if (shape.spansLines()) {
                    // A literal that may span lines, matched from where it starts: the keyword (SQL) or the
                    // '<' of the element's tag (XML) before the marker.
                    int start = at;
                    if (shape.name().equals(XML)) {
                        start = tags == null ? text.lastIndexOf('<', at) : lastAtOrBefore(tags, at);
                    }
                    if (start >= 0) {
                        m.region(start, Math.min(text.length(), start + SPAN));
                        if (m.lookingAt() && shape.literal().test(m)) {
                            return Optional.of(shape.name());
                        }
                    }
                    continue;
                }
                int start = lineStart(text, at);
                int end = lineEnd(text, at);
                done = end;
                if (copied != null && copied.unchangedLine(start, end)) {
                    continue; // the parent's very line, searched there with no finding
                }
                m.region(start, end).useAnchoringBounds(true);
                while (m.find()) {
                    if (shape.literal().test(m)) {
                        return Optional.of(shape.name());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean anyIn(List<String> markers, Map<String, int[]> positions) {
        for (int i = 0; i < markers.size(); i++) {
            if (positions.containsKey(markers.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** The largest of the sorted {@code positions} not above {@code at}, or -1: {@code text.lastIndexOf('<', at)}. */
    private static int lastAtOrBefore(int[] positions, int at) {
        int i = Arrays.binarySearch(positions, at);
        if (i >= 0) {
            return at;
        }
        int before = -i - 2;
        return before >= 0 ? positions[before] : -1;
    }

    /** How far past its marker's line a family that spans lines (a SQL or XML literal) is searched. */
    private static final int SPAN = 4096;

    /**
     * Where the markers occur, in order; {@code known} holds those found so far, and {@code lower}
     * (the text in lower case) is searched for the others, or null when {@code known} holds them all.
     */
    private static int[] markerPositions(String lower, List<String> markers, Map<String, int[]> known) {
        if (markers.size() == 1) {
            return positions(lower, markers.get(0), known);
        }
        int[] out = new int[0];
        for (String marker : markers) {
            int[] at = positions(lower, marker, known);
            if (at.length > 0) {
                int n = out.length;
                out = Arrays.copyOf(out, n + at.length);
                System.arraycopy(at, 0, out, n, at.length);
            }
        }
        Arrays.sort(out);
        return out;
    }

    private static final int[] NONE = new int[0];

    /** Where {@code marker} occurs in {@code lower}; each marker is searched for once per text. */
    private static int[] positions(String lower, String marker, Map<String, int[]> known) {
        int[] found = known.get(marker);
        if (found != null) {
            return found;
        }
        if (lower == null) {
            return NONE; // every marker was found in one pass: this one is not in the text
        }
        int first = lower.indexOf(marker);
        if (first < 0) {
            found = NONE;
        } else {
            IntList out = new IntList();
            for (int i = first; i >= 0; i = lower.indexOf(marker, i + 1)) {
                out.add(i);
            }
            found = out.toArray();
        }
        known.put(marker, found);
        return found;
    }

    /** A growing list of ints. */
    private static final class IntList {
        private int[] values = new int[4];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /**
     * Every family's markers found in one pass over a text, instead of one search of a lower-case
     * copy per marker (about 40 passes over every decoded form: most of the guard's scanning time),
     * and the '&lt;' that start XML tags. The positions are those a search of
     * {@code text.toLowerCase(Locale.ROOT)} gives, since the markers are ASCII and lower-casing maps
     * A-Z to a-z and no other character to ASCII, in place; a text where that does not hold (the
     * Kelvin sign lower-cases to 'k', U+0130 to two characters) is searched the old way.
     */
    static final class Markers {
        /** The distinct markers of all families, by their first two characters (ASCII, lower case: 128 * first + second). */
        private static final String[][] BY_START = new String[128 * 128][];
        /** The longest marker's length. */
        private static final int LONGEST;

        static {
            Map<Integer, List<String>> byStart = new java.util.TreeMap<>();
            int longest = 0;
            for (Shape shape : SHAPES) {
                for (String marker : shape.markers()) {
                    List<String> same = byStart.computeIfAbsent(128 * marker.charAt(0) + marker.charAt(1), c -> new ArrayList<>());
                    if (!same.contains(marker)) {
                        same.add(marker);
                    }
                    longest = Math.max(longest, marker.length());
                }
            }
            byStart.forEach((start, markers) -> BY_START[start] = markers.toArray(new String[0]));
            LONGEST = longest;
        }

        /** Per marker, where it occurs; where '&lt;' occurs. */
        record Found(Map<String, int[]> markers, int[] tags) {
        }

        /** The markers and tags of {@code text}; null when lower-casing moves characters or makes ASCII of others. */
        static Found positions(String text) {
            Map<String, IntList> building = new HashMap<>();
            IntList tags = new IntList();
            int length = text.length();
            int next = length > 0 ? text.charAt(0) : 0;
            for (int i = 0; i < length; i++) {
                int c = next;
                next = i + 1 < length ? text.charAt(i + 1) : 0;
                if (c >= 128) {
                    if (lowersToAscii((char) c)) {
                        return null;
                    }
                    continue;
                }
                if (c == '<') {
                    tags.add(i);
                }
                if (next < 128) { // every marker is ASCII and at least two characters long
                    markersAt(text, i, c, next, building);
                }
            }
            return new Found(arrays(building), tags.toArray());
        }

        /** Adds the markers that start at {@code i} (its character {@code c}, then {@code next}). */
        static void markersAt(String text, int i, int c, int next, Map<String, IntList> building) {
            String[] candidates = BY_START[128 * lower(c) + lower(next)];
            if (candidates != null) {
                for (String marker : candidates) {
                    if (startsAt(text, i, marker)) {
                        building.computeIfAbsent(marker, k -> new IntList()).add(i);
                    }
                }
            }
        }

        static Map<String, int[]> arrays(Map<String, IntList> building) {
            Map<String, int[]> out = new HashMap<>();
            building.forEach((marker, at) -> out.put(marker, at.toArray()));
            return out;
        }

        /**
         * Whether {@code c}, not ASCII, lower-cases to ASCII: the Kelvin sign and U+0130 only
         * (GuardLongScriptTest checks every character against {@link Character#toLowerCase(char)},
         * whose call per character would cost more than the rest of this pass).
         */
        static boolean lowersToAscii(char c) {
            return c == '\u0130' || c == '\u212a';
        }

        private static int lower(int c) {
            return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
        }

        /** Whether {@code marker} (ASCII, lower case), whose first two characters are at {@code i}, is there whole, ignoring the case of A-Z only. */
        private static boolean startsAt(String text, int i, String marker) {
            if (i + marker.length() > text.length()) {
                return false;
            }
            for (int j = 2; j < marker.length(); j++) {
                char c = text.charAt(i + j);
                if (c >= 128 || lower(c) != marker.charAt(j)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A text that copies parts of a scanned parent ({@link Decodings.Copy}): its copied parts (in order
     * in both texts, else not used) and the changed characters between them ({@link Decodings.Copy#changes}).
     */
    private static final class Copied {
        private final String text;
        private final int parentLength;
        private final int[] segments; // start, end in text; start in parent
        private final int[] changes; // start, end in text (end == start: parts that meet only here, or an edge)

        private Copied(String text, int parentLength, int[] segments, int[] changes) {
            this.text = text;
            this.parentLength = parentLength;
            this.segments = segments;
            this.changes = changes;
        }

        static Copied of(String text, Decodings.Copy copy) {
            int[] changes = copy.changes(text.length());
            return changes == null ? null : new Copied(text, copy.parent().length(), copy.segments(), changes);
        }

        /** Whether the line {@code [start, end)} and the line breaks around it are one copied part, the parent's line whole. */
        boolean unchangedLine(int start, int end) {
            int from = start == 0 ? 0 : start - 1;
            int to = end == text.length() ? end : end + 1;
            int k = segmentAt(from);
            if (k < 0 || to > segments[k + 1]) {
                return false;
            }
            if (start == 0 && (segments[k] != 0 || segments[k + 2] != 0)) {
                return false; // the parent's line may start earlier
            }
            return end != text.length() || segments[k + 2] + (segments[k + 1] - segments[k]) == parentLength;
        }

        /** The index in segments of the copied part holding text position {@code at}, or -1. */
        private int segmentAt(int at) {
            int low = 0;
            int high = segments.length / 3 - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                int k = 3 * mid;
                if (at < segments[k]) {
                    high = mid - 1;
                } else if (at >= segments[k + 1]) {
                    low = mid + 1;
                } else {
                    return k;
                }
            }
            return -1;
        }

        /** The text's markers: the parent's inside copied parts, and those across or in changes; null: search it the old way. */
        Map<String, int[]> markers(Map<String, int[]> parent) {
            Map<String, IntList> building = new HashMap<>();
            for (Map.Entry<String, int[]> e : parent.entrySet()) {
                IntList copied = copiedPositions(e.getValue(), e.getKey().length());
                if (copied.size > 0) {
                    building.put(e.getKey(), copied);
                }
            }
            Map<String, IntList> changed = new HashMap<>();
            for (int c = 0; c < changes.length; c += 2) {
                int start = changes[c];
                int end = changes[c + 1];
                for (int i = start; i < end; i++) {
                    char ch = text.charAt(i);
                    if (Markers.lowersToAscii(ch)) {
                        return null;
                    }
                }
                // Markers that hold a changed character, or span the place where two copied parts meet.
                for (int i = Math.max(0, start - Markers.LONGEST + 1); i < end || (i < start && start == end); i++) {
                    int ch = text.charAt(i);
                    int next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                    if (ch < 128 && next < 128) {
                        Map<String, IntList> here = new HashMap<>();
                        Markers.markersAt(text, i, ch, next, here);
                        for (Map.Entry<String, IntList> e : here.entrySet()) {
                            if (i + e.getKey().length() > start) {
                                changed.computeIfAbsent(e.getKey(), k -> new IntList()).add(i);
                            }
                        }
                    }
                }
            }
            changed.forEach((marker, at) -> {
                IntList all = building.computeIfAbsent(marker, k -> new IntList());
                for (int i = 0; i < at.size; i++) {
                    all.add(at.values[i]);
                }
            });
            Map<String, int[]> out = new HashMap<>();
            building.forEach((marker, at) -> out.put(marker, sortedDistinct(at.toArray())));
            return out;
        }

        /** Where '&lt;' is: the parent's inside copied parts, and in changes. */
        int[] tags(int[] parent) {
            IntList out = copiedPositions(parent, 1);
            for (int c = 0; c < changes.length; c += 2) {
                for (int i = changes[c]; i < changes[c + 1]; i++) {
                    if (text.charAt(i) == '<') {
                        out.add(i);
                    }
                }
            }
            return sortedDistinct(out.toArray());
        }

        /** The parent's sorted positions of a run of {@code length} characters that lie in a copied part, as positions in the text. */
        private IntList copiedPositions(int[] parentPositions, int length) {
            IntList out = new IntList();
            int k = 0;
            for (int p : parentPositions) {
                while (k < segments.length && segments[k + 2] + (segments[k + 1] - segments[k]) <= p) {
                    k += 3;
                }
                if (k >= segments.length) {
                    break;
                }
                int from = segments[k + 2];
                if (p >= from && p + length <= from + (segments[k + 1] - segments[k])) {
                    out.add(segments[k] + (p - from));
                }
            }
            return out;
        }

        private static int[] sortedDistinct(int[] values) {
            Arrays.sort(values);
            int n = 0;
            for (int i = 0; i < values.length; i++) {
                if (n == 0 || values[i] != values[n - 1]) {
                    values[n++] = values[i];
                }
            }
            return Arrays.copyOf(values, n);
        }
    }

    private static int lineStart(String text, int at) {
        int nl = text.lastIndexOf('\n', at);
        return nl + 1;
    }

    private static int lineEnd(String text, int at) {
        int nl = text.indexOf('\n', at);
        return nl < 0 ? text.length() : nl;
    }

    /**
     * The part of a variable's value that is the credential: for {@code *AUTH} variables that take
     * {@code user/password} or {@code user:password} (NEO4J_AUTH), the part after the separator.
     */
    private static String credentialPart(String name, String value) {
        if (name.endsWith("AUTH")) {
            String v = unquote(value.trim());
            int sep = indexOfAny(v, '/', ':');
            if (sep > 0 && !v.substring(0, sep).contains("$")) {
                return v.substring(sep + 1);
            }
        }
        return value;
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1).trim();
        }
        if (v.length() >= 3 && v.startsWith("E'") && v.endsWith("'")) {
            return v.substring(2, v.length() - 1).trim();
        }
        return v;
    }

    /**
     * Whether {@code value} is a literal that could be a secret: not empty, not a boolean or null,
     * not a reference ({@code $VAR}, {@code $(VAR)}, {@code ${VAR}}, {@code :var}, a file path, a
     * template placeholder {@code {{ .x }}}, {@code <value>} or {@code %s}), not a placeholder word
     * or mask ({@code ***}, {@code ...}, {@code password}), not a SCRAM verifier (a hash).
     */
    public static boolean isLiteral(String value) {
        if (value == null) {
            return false;
        }
        String v = unquote(value.trim());
        String lower = v.toLowerCase(Locale.ROOT);
        if (v.isEmpty() || NOT_SECRETS.contains(lower) || PLACEHOLDERS.contains(lower) || PLACEHOLDER_CHARS.matcher(v).matches()) {
            return false;
        }
        if (v.startsWith("SCRAM-SHA-256$")) {
            return false; // a verifier: what the server stores, not what a client logs in with
        }
        return !(v.startsWith("$") || v.startsWith("/") || v.startsWith("./") || v.startsWith("~/") || v.startsWith("{{")
                || PLACEHOLDER.matcher(v).matches() || v.startsWith(":") || v.startsWith("@/")
                || lower.startsWith("file:") || lower.startsWith("env:"));
    }
}
