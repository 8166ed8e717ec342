package io.datalayer.stores.neo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * A {@code neo4j-admin} on PATH for the backup scripts' tests: a two-line sh script that runs the
 * harness's admin entry point, {@code org.neo4j.cli.AdminTool} of Neo4j 5.26.30 (the Maven test
 * dependency {@code org.neo4j.test:neo4j-harness}, the same patch as the image), on this JVM's test
 * classpath, so {@code backup.sh} and {@code restore.sh} run unchanged with the same dump and load
 * code the image's {@code neo4j-admin} runs. What differs from the image: its launcher script
 * (memory flags and {@code NEO4J_HOME} detection); the commands and their arguments are the same.
 * The scripts read the configuration from {@code NEO4J_CONF} as in the pod.
 */
final class Neo4jAdminShim {
    private Neo4jAdminShim() {
    }

    /** Writes {@code neo4j-admin} into {@code bin} and returns {@code bin}, to put first on PATH. */
    static Path install(Path bin, Path home) {
        try {
            Files.createDirectories(bin);
            Files.createDirectories(home);
            Path classpath = bin.resolve("neo4j-admin.classpath");
            Files.writeString(classpath, String.join(":", classpath()));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // C1 only and the serial collector: each call is a short JVM, started a dozen times per backup.
            Path shim = bin.resolve("neo4j-admin");
            Files.writeString(shim, "#!/bin/sh\n"
                    + "NEO4J_HOME=" + home + " exec " + java + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m"
                    + " -cp \"$(cat " + classpath + ")\" org.neo4j.cli.AdminTool \"$@\"\n");
            Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
            return bin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test classpath: java.class.path, or the Class-Path of surefire's manifest-only jar. */
    static List<String> classpath() throws IOException {
        String[] entries = System.getProperty("java.class.path").split(":");
        List<String> out = new ArrayList<>();
        for (String entry : entries) {
            if (entry.contains("surefirebooter") && entry.endsWith(".jar")) {
                try (JarFile jar = new JarFile(entry)) {
                    for (String url : jar.getManifest().getMainAttributes().getValue("Class-Path").split(" ")) {
                        if (!url.isBlank()) {
                            out.add(Path.of(URI.create(url)).toString());
                        }
                    }
                }
            } else {
                out.add(entry);
            }
        }
        return out;
    }
}
