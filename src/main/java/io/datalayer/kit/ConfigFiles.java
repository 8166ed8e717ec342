package io.datalayer.kit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Files a store ships in its ConfigMaps: scripts embedded byte for byte from the classpath (they
 * live beside the construct's class in {@code src/main/resources}), and the SHA-256 of a pod's
 * configuration, a pod template annotation so that any change rolls the pod.
 */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    /** The resource {@code name} beside {@code owner}, exactly as it is in the repository. */
    public static String read(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the file " + name + " is missing from the classpath beside "
                        + owner.getName() + "; rebuild with mvn compile");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The pod-template annotation holding {@link #sha256} of the files a pod runs: Kubernetes rolls a
     * pod only when its template changes, not when a ConfigMap it mounts does, so each workload whose
     * configuration or scripts come from a ConfigMap carries their hash here.
     */
    public static final String HASH_ANNOTATION = "data-layer/config-sha256";

    /** {@link #HASH_ANNOTATION} over the files, as a pod template's annotations. */
    public static Map<String, String> hashAnnotation(String... files) {
        return Map.of(HASH_ANNOTATION, sha256(files));
    }

    /** SHA-256 over the files in order, each ended by a NUL so that moving text between them changes it. */
    public static String sha256(String... files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String file : files) {
                digest.update(file.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
