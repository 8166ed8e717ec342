package io.datalayer.gate;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a literal credential looks like, with or without Vault: the shapes of well-known tokens and
 * keys, a URL or DSN with a password part, a {@code password=...} setting, a PEM private key, and
 * the names (keys, variables) that announce a credential. A value that is a reference (a shell or
 * Kubernetes variable, a file path, a template placeholder) is not a literal. Nothing here ever
 * returns or prints the value: only which shape matched.
 */
public final class Credentials {
    /** Names of environment variables and keys that hold credentials. */
    public static final Pattern CREDENTIAL_NAME =
            Pattern.compile("(?i).*(PASSWORD|PASSWD|PWD|TOKEN|SECRET|KEY|CREDENTIAL).*");
    /** Keys of free-form maps (ConfigMap data, annotations) that announce a credential. */
    public static final Pattern CREDENTIAL_KEY =
            Pattern.compile("(?i).*(password|passwd|secret|token|api[_-]?key|private[_-]?key|credentials?)([_.-].*)?");

    /**
     * @param markers    cheap substrings (lower case), one of which a match must contain: the regular
     *                   expression runs only on texts holding one (the guard runs this on every string)
     */
    private record Shape(String name, Pattern pattern, int valueGroup, List<String> markers) {
    }

    // Each pattern finds a credential inside a longer text; valueGroup (if > 0) is the part that must
    // be a literal, not a reference.
    private static final List<Shape> SHAPES = List.of(
            new Shape("a URL with a password (user:password@)",
                    Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]+:([^/\\s@]+)@"), 1, List.of("://")),
            new Shape("a password setting (password=...)", Pattern.compile(
                    "(?i)(?:password|passwd|secret|token|api[_-]?key)[\"']?[ \\t]*[=:][ \\t]*"
                            + "(\"[^\"\\n\\\\]*+(?:\\\\.[^\"\\n\\\\]*+)*+\"|'[^'\\n]*+(?:''[^'\\n]*+)*+'|[^\\s\"',;&)]++)"), 1,
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

    private static final Set<String> NOT_SECRETS = Set.of("true", "false", "yes", "no", "null", "none", "~");

    private Credentials() {
    }

    /** The name of the first credential shape found in {@code text}, if any. */
    public static Optional<String> shapeIn(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (Shape shape : SHAPES) {
            if (shape.markers().stream().noneMatch(lower::contains)) {
                continue;
            }
            Matcher m = shape.pattern().matcher(text);
            while (m.find()) {
                if (shape.valueGroup() == 0 || isLiteral(m.group(shape.valueGroup()))) {
                    return Optional.of(shape.name());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code value} is a literal that could be a secret: not empty, not a boolean or null,
     * not a reference ({@code $VAR}, {@code $(VAR)}, {@code ${VAR}}, a file path, a template
     * placeholder {@code {{ .x }}} or {@code <value>}).
     */
    public static boolean isLiteral(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim();
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            v = v.substring(1, v.length() - 1).trim();
        }
        if (v.isEmpty() || NOT_SECRETS.contains(v.toLowerCase(Locale.ROOT))) {
            return false;
        }
        return !(v.startsWith("$") || v.startsWith("/") || v.startsWith("{{") || v.startsWith("<") || v.startsWith("%"));
    }
}
