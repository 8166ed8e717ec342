package io.datalayer.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
