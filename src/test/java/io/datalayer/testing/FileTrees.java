package io.datalayer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A folder's content as a map a test can compare: what a reader of dist/ (or any output) sees. */
public final class FileTrees {
    private FileTrees() {
    }

    /** Every regular file under {@code dir}, by its path relative to {@code dir}, with its SHA-256 (any bytes). */
    public static Map<String, String> sha256s(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(), Digests.sha256(f));
            }
        }
        return out;
    }

    /** Every regular file under {@code dir}, by its path relative to {@code dir}, with its text. */
    public static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(), Files.readString(f));
            }
        }
        return out;
    }
}
