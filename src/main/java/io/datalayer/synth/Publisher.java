package io.datalayer.synth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replaces the published output folder ({@code dist/}) with a checked synth in one step: the files
 * are copied into a sibling folder first and only then swapped in, so a synth that fails at any
 * point before leaves the previous {@code dist/} exactly as it was. The staging folder holds one
 * sub-folder per environment; the tree is published as it is.
 */
public final class Publisher {
    private Publisher() {
    }

    /** Publishes the {@code *.yaml} files of {@code staging} (and its sub-folders) as the whole content of {@code dist}. */
    public static List<Path> publish(Path staging, Path dist) {
        Path target = dist.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Path next = parent.resolve("." + target.getFileName() + ".next");
        Path previous = parent.resolve("." + target.getFileName() + ".previous");
        try {
            deleteTree(next);
            deleteTree(previous);
            Files.createDirectories(next);
            List<Path> files = tree(staging);
            if (files.stream().noneMatch(f -> f.getFileName().toString().endsWith(".k8s.yaml"))) {
                throw new IllegalStateException("synth wrote no manifests into " + staging + "; dist/ is left as it was");
            }
            for (Path file : files) {
                Path copy = next.resolve(staging.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
            if (Files.exists(target)) {
                Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(next, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(previous);
            return files.stream().map(f -> target.resolve(staging.relativize(f).toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not publish " + staging + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** The YAML files directly in {@code dir}, sorted by name. */
    public static List<Path> manifests(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** The YAML files in {@code dir} and its sub-folders, sorted by path. */
    public static List<Path> tree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .sorted().toList();
        }
    }

    /** Empties {@code dir} (a staging folder): stale files or environments are never published. */
    public static void clear(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                deleteTree(entry);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
