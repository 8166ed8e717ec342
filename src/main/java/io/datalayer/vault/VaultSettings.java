package io.datalayer.vault;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Vault client settings, read from the standard Vault variables in the environment map given
 * (never from {@code System.getenv()} here, so tests pass their own).
 *
 * <ul>
 *   <li>{@code DATALAYER_VAULT}: {@code auto} (default), {@code required} or {@code off}</li>
 *   <li>{@code VAULT_ADDR}: e.g. {@code https://vault.example.org:8200}</li>
 *   <li>{@code VAULT_TOKEN}, else the file {@code ~/.vault-token} that {@code vault login} writes</li>
 *   <li>{@code VAULT_NAMESPACE}: Vault Enterprise / OpenBao namespace, optional</li>
 *   <li>{@code VAULT_CACERT}: PEM file of the CA that signed Vault's certificate, optional
 *       (default: the JDK's trusted CAs)</li>
 *   <li>{@code VAULT_CLIENT_TIMEOUT}: seconds ({@code 10} or {@code 10s}) one request may take
 *       as a whole (connect, headers and body); default {@link #DEFAULT_TIMEOUT}</li>
 *   <li>{@code DATALAYER_VAULT_DEADLINE}: seconds the whole Vault check of one synth may take;
 *       default {@link #DEFAULT_DEADLINE}</li>
 * </ul>
 * With {@code DATALAYER_VAULT=off} every {@code VAULT_*} variable is ignored: nothing is read,
 * parsed or checked. Credentials in {@code VAULT_ADDR} ({@code user:password@}) are dropped, never
 * echoed, and reported through the warning callback.
 *
 * @param mode      how synth treats Vault
 * @param address   Vault's URL without trailing '/', empty when VAULT_ADDR is unset
 * @param token     the token, empty when none was found; never printed ({@link #toString()})
 * @param namespace the namespace, empty for none
 * @param caCert    the CA PEM file, empty for the JDK's trusted CAs
 * @param timeout   deadline of one request, from connect to the last byte of the body
 * @param deadline  deadline of all requests of one synth
 * @param addressVariable the variable {@code address} came from ({@code VAULT_ADDR}, {@code DEV_VAULT_ADDR}):
 *                  what messages tell the user to check
 * @param tokenSource where {@code token} came from, or the variable that would hold it: {@code VAULT_TOKEN},
 *                  {@code DEV_VAULT_TOKEN} or the token file's path; never the token
 */
public record VaultSettings(VaultMode mode, Optional<String> address, Optional<String> token,
                            Optional<String> namespace, Optional<Path> caCert, Duration timeout, Duration deadline,
                            String addressVariable, String tokenSource) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);
    /** The variable for {@link #deadline}. */
    public static final String DEADLINE_VARIABLE = "DATALAYER_VAULT_DEADLINE";
    private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/?#]*@");

    /** The plain variables' name for the address. */
    public static final String ADDRESS_VARIABLE = "VAULT_ADDR";
    /** The plain variables' name for the token. */
    public static final String TOKEN_VARIABLE = "VAULT_TOKEN";

    /** Settings with the default synth deadline. */
    public VaultSettings(VaultMode mode, Optional<String> address, Optional<String> token,
                         Optional<String> namespace, Optional<Path> caCert, Duration timeout) {
        this(mode, address, token, namespace, caCert, timeout, DEFAULT_DEADLINE);
    }

    /** Settings read from the plain variables ({@code VAULT_ADDR}, {@code VAULT_TOKEN}). */
    public VaultSettings(VaultMode mode, Optional<String> address, Optional<String> token,
                         Optional<String> namespace, Optional<Path> caCert, Duration timeout, Duration deadline) {
        this(mode, address, token, namespace, caCert, timeout, deadline, ADDRESS_VARIABLE, TOKEN_VARIABLE);
    }

    public VaultSettings {
        if (mode == null || address == null || token == null || namespace == null || caCert == null
                || timeout == null || deadline == null || addressVariable == null || tokenSource == null) {
            throw new IllegalArgumentException("VaultSettings fields must not be null (use Optional.empty())");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("VaultSettings timeout " + timeout + " must be positive");
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("VaultSettings deadline " + deadline + " must be positive");
        }
    }

    /**
     * Reads the settings.
     *
     * @param env  the environment, e.g. {@code System.getenv()}
     * @param home the user's home directory, where {@code .vault-token} is looked up
     */
    public static VaultSettings fromEnvironment(Map<String, String> env, Path home) {
        return fromEnvironment(env, home, warning -> { });
    }

    /**
     * Reads the settings, reporting what synth ignores but the user should fix to {@code warnings}.
     *
     * @param env      the environment, e.g. {@code System.getenv()}
     * @param home     the user's home directory, where {@code .vault-token} is looked up
     * @param warnings receives one line per warning
     */
    public static VaultSettings fromEnvironment(Map<String, String> env, Path home, Consumer<String> warnings) {
        return read(env, "", home, warnings);
    }

    /**
     * The settings of one environment: {@code <ENV>_VAULT_ADDR} (and every other {@code <ENV>_VAULT_*},
     * {@code <ENV>_DATALAYER_VAULT}) over the plain ones. Tokens belong to an address: an environment
     * with an address of its own ({@code DEV_VAULT_ADDR}, other than {@code VAULT_ADDR}) takes its token
     * from {@code DEV_VAULT_TOKEN} only, never from {@code VAULT_TOKEN} or {@code ~/.vault-token}, which
     * belong to {@code VAULT_ADDR}. {@code DATALAYER_VAULT_DEADLINE} is one for the whole synth.
     *
     * @param env         the environment, e.g. {@code System.getenv()}
     * @param environment the environment's name, e.g. {@code dev}
     * @param home        the user's home directory, where {@code .vault-token} is looked up
     * @param warnings    receives one line per warning
     */
    public static VaultSettings forEnvironment(Map<String, String> env, String environment, Path home,
                                               Consumer<String> warnings) {
        return read(env, prefix(environment), home, warnings);
    }

    /** The variable prefix of an environment: {@code DEV_} for {@code dev}. */
    public static String prefix(String environment) {
        return environment.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_";
    }

    /**
     * The variables one environment's Vault check reads: {@code <ENV>_VAULT_*} and
     * {@code <ENV>_DATALAYER_VAULT} over the plain ones.
     */
    public static Map<String, String> variables(Map<String, String> env, String environment) {
        String prefix = prefix(environment);
        Map<String, String> vars = new java.util.HashMap<>(env);
        env.forEach((key, value) -> {
            String plain = key.startsWith(prefix) ? key.substring(prefix.length()) : null;
            if (plain != null && overridable(plain)) {
                vars.put(plain, value);
            }
        });
        return vars;
    }

    private static boolean overridable(String plain) {
        return plain.startsWith("VAULT_") || plain.equals(VaultMode.VARIABLE);
    }

    /** The variable's value for the environment of {@code prefix}: its own one, else the plain one. */
    private static String get(Map<String, String> env, String prefix, String plain) {
        String own = prefix.isEmpty() || !overridable(plain) ? null : env.get(prefix + plain);
        return own == null || own.isBlank() ? env.get(plain) : own;
    }

    private static VaultSettings read(Map<String, String> env, String prefix, Path home, Consumer<String> warnings) {
        VaultMode mode = VaultMode.parse(get(env, prefix, VaultMode.VARIABLE));
        if (mode == VaultMode.OFF) {
            return new VaultSettings(mode, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    DEFAULT_TIMEOUT, DEFAULT_DEADLINE);
        }
        Optional<String> own = prefix.isEmpty() ? Optional.empty() : nonBlank(env.get(prefix + ADDRESS_VARIABLE));
        String addressVariable = own.isPresent() ? prefix + ADDRESS_VARIABLE : ADDRESS_VARIABLE;
        Optional<String> address = nonBlank(get(env, prefix, ADDRESS_VARIABLE))
                .map(a -> checkAddress(addressVariable, a, warnings));
        // An address of its own, unless it is VAULT_ADDR's very Vault (scheme, host and port).
        boolean ownAddress = own.isPresent() && !address.equals(nonBlank(env.get(ADDRESS_VARIABLE))
                .map(a -> quietAddress(a)));
        Optional<String> ownToken = prefix.isEmpty() ? Optional.empty() : nonBlank(env.get(prefix + TOKEN_VARIABLE));
        Optional<String> token;
        String tokenSource;
        if (ownToken.isPresent()) {
            token = ownToken;
            tokenSource = prefix + TOKEN_VARIABLE;
        } else if (ownAddress) {
            token = Optional.empty(); // VAULT_TOKEN and ~/.vault-token belong to VAULT_ADDR's Vault: never sent here
            tokenSource = prefix + TOKEN_VARIABLE;
        } else {
            token = nonBlank(env.get(TOKEN_VARIABLE));
            tokenSource = TOKEN_VARIABLE;
            if (token.isEmpty() && home != null) {
                Path file = home.resolve(".vault-token");
                token = readTokenFile(file);
                if (token.isPresent()) {
                    tokenSource = file.toString();
                }
            }
        }
        String source = tokenSource;
        token.ifPresent(t -> checkToken(t, source));
        Optional<String> namespace = nonBlank(get(env, prefix, "VAULT_NAMESPACE"));
        namespace.ifPresent(VaultSettings::checkNamespace);
        Optional<Path> caCert = nonBlank(get(env, prefix, "VAULT_CACERT")).map(Path::of);
        caCert.ifPresent(VaultSettings::checkReadable);
        Duration timeout = nonBlank(get(env, prefix, "VAULT_CLIENT_TIMEOUT"))
                .map(VaultSettings::parseTimeout).orElse(DEFAULT_TIMEOUT);
        // One deadline for the whole synth: never per environment.
        Duration deadline = nonBlank(env.get(DEADLINE_VARIABLE))
                .map(v -> parseSeconds(DEADLINE_VARIABLE, v)).orElse(DEFAULT_DEADLINE);
        return new VaultSettings(mode, address, token, namespace, caCert, timeout, deadline, addressVariable, tokenSource);
    }

    /** The synth-wide deadline, {@code DATALAYER_VAULT_DEADLINE} (default {@link #DEFAULT_DEADLINE}). */
    public static Duration deadline(Map<String, String> env) {
        return nonBlank(env.get(DEADLINE_VARIABLE)).map(v -> parseSeconds(DEADLINE_VARIABLE, v)).orElse(DEFAULT_DEADLINE);
    }

    /**
     * A Vault token is printable ASCII without spaces ({@code hvs.}, {@code s.}, a UUID): anything else
     * (a control character, a space, a non-ASCII character, often from a pasted or badly written file)
     * is refused here, naming where the token came from, never the token. An HTTP client would refuse
     * the header too, quoting its value.
     */
    private static void checkToken(String token, String source) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                String what = c < 0x20 || c == 0x7f ? "a control character" : c == ' ' ? "a space" : "a non-ASCII character";
                String where = source.contains("/") ? "the Vault token file " + source : source;
                throw new VaultCheckException(VaultCheckException.Reason.SETTINGS, where + " holds " + what
                        + " (at position " + (i + 1) + " of " + token.length() + "), which no Vault token has: "
                        + (source.contains("/") ? "write the token alone into it (vault login does)"
                        : "set " + source + " to the token alone"));
            }
        }
    }

    private static void checkNamespace(String namespace) {
        for (int i = 0; i < namespace.length(); i++) {
            char c = namespace.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new VaultCheckException(VaultCheckException.Reason.SETTINGS, "VAULT_NAMESPACE holds a control,"
                        + " space or non-ASCII character (at position " + (i + 1) + "): set it to the namespace path alone");
            }
        }
    }

    /** Redacts the token: settings get printed in errors and debug sessions. */
    @Override
    public String toString() {
        return "VaultSettings[mode=" + mode + ", address=" + address.orElse("(unset)")
                + ", token=" + (token.isPresent() ? "(set)" : "(unset)")
                + ", namespace=" + namespace.orElse("(none)")
                + ", caCert=" + caCert.map(Path::toString).orElse("(JDK trusted CAs)")
                + ", timeout=" + timeout.toSeconds() + "s, deadline=" + deadline.toSeconds() + "s]";
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /**
     * Vault's base URL: scheme, host and port. User credentials are dropped (with a warning that
     * never repeats them); a path, query or fragment is refused, because the client adds
     * {@code /v1/...} itself and a path would only produce 404s that look like a missing mount.
     */
    private static String quietAddress(String address) {
        try {
            return checkAddress(ADDRESS_VARIABLE, address, w -> { });
        } catch (VaultCheckException e) {
            return address;
        }
    }

    private static String checkAddress(String variable, String address, Consumer<String> warnings) {
        String shown = USER_INFO.matcher(address).replaceFirst("");
        URI uri;
        try {
            uri = URI.create(address);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new VaultCheckException(VaultCheckException.Reason.SETTINGS, variable + "=\"" + shown
                    + "\" is not an http(s) URL with a host: set it like https://vault.example.org:8200"
                    + (shown.equals(address) ? "" : " (and without user:password@)"));
        }
        if (uri.getRawUserInfo() != null) {
            warnings.accept(variable + " holds credentials (user:password@ before the host); synth ignores them and"
                    + " never sends them: remove them from " + variable + " (Vault takes a token: VAULT_TOKEN or ~/.vault-token)");
        }
        // getHost() keeps the brackets of an IPv6 literal.
        String base = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.isEmpty() && !path.equals("/")) {
            boolean api = path.matches("/v1/?");
            throw new VaultCheckException(VaultCheckException.Reason.SETTINGS, variable + "=\"" + shown + "\" has the path "
                    + path + (api ? ", but synth adds /v1/ itself" : "; Vault serves its API at /v1/ on the root of its"
                    + " address and synth adds /v1/ itself") + ": set " + variable + " to " + base + " (scheme, host and port only)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new VaultCheckException(VaultCheckException.Reason.SETTINGS, variable + " has a query or fragment"
                    + " (?... or #...): set it to " + base + " (scheme, host and port only)");
        }
        return base;
    }

    private static Optional<String> readTokenFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return nonBlank(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new VaultCheckException(VaultCheckException.Reason.SETTINGS, "cannot read the Vault token file "
                    + file + " (" + e.getClass().getSimpleName() + "): fix its permissions or set VAULT_TOKEN");
        }
    }

    private static void checkReadable(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new VaultCheckException(VaultCheckException.Reason.SETTINGS, "VAULT_CACERT=" + file
                    + " is not a readable file: point it at the PEM file of the CA that signed Vault's certificate");
        }
    }

    private static Duration parseTimeout(String value) {
        return parseSeconds("VAULT_CLIENT_TIMEOUT", value);
    }

    private static Duration parseSeconds(String variable, String value) {
        String digits = value.endsWith("s") ? value.substring(0, value.length() - 1) : value;
        try {
            long seconds = Long.parseLong(digits);
            if (seconds > 0 && seconds <= 3600) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new VaultCheckException(VaultCheckException.Reason.SETTINGS, variable + "=\"" + value
                + "\" is not a number of seconds between 1 and 3600 (like 10 or 10s)");
    }
}
