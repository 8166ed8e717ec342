package io.datalayer.secrets;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A KV v2 secret a construct needs: checked at build time, then referenced by an ExternalSecret.
 *
 * @param mount     KV v2 mount path, e.g. {@code secret} (default {@link #DEFAULT_MOUNT})
 * @param path      secret path below the mount, e.g. {@code postgres}: the form ESO's
 *                  {@code remoteRef.key} and {@code vault kv get -mount=secret postgres} take,
 *                  without the {@code data/} segment of the HTTP API
 * @param keys      keys that must be present and non-empty; they become the target Secret's keys,
 *                  so they follow Kubernetes Secret key rules. Only secret values belong here: the
 *                  output guard scans for every value read
 * @param minLength minimum length of every value in characters; 0 for no minimum
 * @param publicKeys those of {@code keys} whose values are settings rather than secrets (an object
 *                  store's bucket, endpoint and region): checked like the others, but not handed to
 *                  the output guard, because such values (a bucket named like the backup claim, a
 *                  region in a script's example) may rightly appear in manifests
 */
public record SecretRequirement(String mount, String path, List<String> keys, int minLength, List<String> publicKeys) {
    /** The KV v2 mount the platform layer (L2) enables. */
    public static final String DEFAULT_MOUNT = "secret";

    private static final Pattern SEGMENTS = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    public SecretRequirement {
        if (mount == null || !SEGMENTS.matcher(mount).matches()) {
            throw invalid("mount", mount, "must be a Vault mount path like \"secret\" (letters, digits, "
                    + "'_', '.', '-', segments separated by '/', no leading or trailing '/')");
        }
        if (path == null || !SEGMENTS.matcher(path).matches()) {
            throw invalid("path", path, "must be a secret path below the mount like \"postgres\" (letters, "
                    + "digits, '_', '.', '-', segments separated by '/', no leading or trailing '/')");
        }
        if (path.startsWith("data/") || path.startsWith("metadata/")) {
            throw invalid("path", path, "must not start with \"data/\" or \"metadata/\": KV v2 paths are "
                    + "given below the mount, the HTTP API inserts \"data/\" itself (use \""
                    + path.substring(path.indexOf('/') + 1) + "\" for " + mount + "/data/"
                    + path.substring(path.indexOf('/') + 1) + ")");
        }
        if (path.startsWith(mount + "/")) {
            throw invalid("path", path, "must not start with the mount \"" + mount + "/\": give the path "
                    + "below the mount (use \"" + path.substring(mount.length() + 1) + "\")");
        }
        if (keys == null || keys.isEmpty()) {
            throw invalid("keys", keys, "must name at least one key");
        }
        Set<String> seen = new HashSet<>();
        for (String key : keys) {
            if (key == null || !SECRET_KEY.matcher(key).matches()) {
                throw invalid("keys", keys, "must each match [-._a-zA-Z0-9]+ (Kubernetes Secret key rules), "
                        + "got " + (key == null ? "null" : "\"" + key + "\""));
            }
            if (!seen.add(key)) {
                throw invalid("keys", keys, "must not repeat \"" + key + "\"");
            }
        }
        if (minLength < 0) {
            throw invalid("minLength", minLength, "must be 0 (no minimum) or more");
        }
        keys = List.copyOf(keys);
        publicKeys = publicKeys == null ? List.of() : List.copyOf(publicKeys);
        for (String key : publicKeys) {
            if (!keys.contains(key)) {
                throw invalid("publicKeys", publicKeys, "must each be one of the keys " + keys + ", got \"" + key + "\"");
            }
        }
    }

    /** A requirement whose every value is a secret. */
    public SecretRequirement(String mount, String path, List<String> keys, int minLength) {
        this(mount, path, keys, minLength, List.of());
    }

    /** The same requirement with these keys' values treated as settings, not secrets (see publicKeys). */
    public SecretRequirement withPublicKeys(String... names) {
        return new SecretRequirement(mount, path, keys, minLength, List.of(names));
    }

    /** Whether the output guard must look for this key's value. */
    public boolean isSecret(String key) {
        return !publicKeys.contains(key);
    }

    /** A requirement on the default mount with no minimum length. */
    public static SecretRequirement of(String path, String... keys) {
        return new SecretRequirement(DEFAULT_MOUNT, path, List.of(keys), 0);
    }

    /** The same requirement with a minimum length for every value. */
    public SecretRequirement withMinLength(int length) {
        return new SecretRequirement(mount, path, keys, length, publicKeys);
    }

    /**
     * This requirement's only key, for a secret that holds one password (an exporter's login).
     *
     * @param prop  the setting that names this requirement, for the message
     * @param holds what that one key holds, for the message
     * @throws IllegalArgumentException when it declares more or fewer keys than one
     */
    public String onlyKey(String prop, String holds) {
        if (keys.size() != 1) {
            throw new IllegalArgumentException(prop + " " + apiPath() + " declares keys " + keys
                    + "; declare exactly one, " + holds);
        }
        return keys.get(0);
    }

    /** The HTTP API path, e.g. {@code secret/data/postgres}: the path a Vault policy grants. */
    public String apiPath() {
        return mount + "/data/" + path;
    }

    private static IllegalArgumentException invalid(String prop, Object value, String rule) {
        String shown = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return new IllegalArgumentException("SecretRequirement " + prop + " " + shown + " " + rule);
    }
}
