package io.datalayer.vault;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

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
 *   <li>{@code VAULT_CLIENT_TIMEOUT}: seconds ({@code 10} or {@code 10s}) for connecting and for
 *       each answer; default {@link #DEFAULT_TIMEOUT}</li>
 * </ul>
 *
 * @param mode      how synth treats Vault
 * @param address   Vault's URL without trailing '/', empty when VAULT_ADDR is unset
 * @param token     the token, empty when none was found; never printed ({@link #toString()})
 * @param namespace the namespace, empty for none
 * @param caCert    the CA PEM file, empty for the JDK's trusted CAs
 * @param timeout   connect and read timeout
 */
public record VaultSettings(VaultMode mode, Optional<String> address, Optional<String> token,
                            Optional<String> namespace, Optional<Path> caCert, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public VaultSettings {
        if (mode == null || address == null || token == null || namespace == null || caCert == null
                || timeout == null) {
            throw new IllegalArgumentException("VaultSettings fields must not be null (use Optional.empty())");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("VaultSettings timeout " + timeout + " must be positive");
        }
    }

    /**
     * Reads the settings.
     *
     * @param env  the environment, e.g. {@code System.getenv()}
     * @param home the user's home directory, where {@code .vault-token} is looked up
     */
    public static VaultSettings fromEnvironment(Map<String, String> env, Path home) {
        VaultMode mode = VaultMode.parse(env.get(VaultMode.VARIABLE));
        Optional<String> address = nonBlank(env.get("VAULT_ADDR")).map(VaultSettings::checkAddress);
        Optional<String> token = nonBlank(env.get("VAULT_TOKEN"));
        if (token.isEmpty() && home != null) {
            token = readTokenFile(home.resolve(".vault-token"));
        }
        Optional<Path> caCert = nonBlank(env.get("VAULT_CACERT")).map(Path::of);
        caCert.ifPresent(VaultSettings::checkReadable);
        Duration timeout = nonBlank(env.get("VAULT_CLIENT_TIMEOUT"))
                .map(VaultSettings::parseTimeout).orElse(DEFAULT_TIMEOUT);
        return new VaultSettings(mode, address, token, nonBlank(env.get("VAULT_NAMESPACE")), caCert, timeout);
    }

    /** Redacts the token: settings get printed in errors and debug sessions. */
    @Override
    public String toString() {
        return "VaultSettings[mode=" + mode + ", address=" + address.orElse("(unset)")
                + ", token=" + (token.isPresent() ? "(set)" : "(unset)")
                + ", namespace=" + namespace.orElse("(none)")
                + ", caCert=" + caCert.map(Path::toString).orElse("(JDK trusted CAs)")
                + ", timeout=" + timeout.toSeconds() + "s]";
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static String checkAddress(String address) {
        URI uri;
        try {
            uri = URI.create(address);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new VaultCheckException(VaultCheckException.Reason.SETTINGS, "VAULT_ADDR=\"" + address
                    + "\" is not an http(s) URL with a host: set it like https://vault.example.org:8200");
        }
        return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
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
        String digits = value.endsWith("s") ? value.substring(0, value.length() - 1) : value;
        try {
            long seconds = Long.parseLong(digits);
            if (seconds > 0 && seconds <= 3600) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new VaultCheckException(VaultCheckException.Reason.SETTINGS, "VAULT_CLIENT_TIMEOUT=\"" + value
                + "\" is not a number of seconds between 1 and 3600 (like 10 or 10s)");
    }
}
