package io.datalayer.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The folder one synth writes its charts into before they are checked: created fresh for this synth
 * alone, under {@code java.io.tmpdir} ({@code bin/app} sets it to {@code target/tmp}), with a
 * random name and owner-only permissions ({@code rwx------}), and removed when the synth ends,
 * whatever happened. No setting names it: two synths in one checkout never share one, and no
 * folder the user names (not {@code CDK8S_OUTDIR}, not {@code dist/}) is ever emptied to stage in.
 * A synth killed with {@code kill -9} leaves its folder behind ({@code make clean} removes
 * {@code target/}).
 */
public final class Staging implements AutoCloseable {
    /** The prefix of every staging folder's name. */
    public static final String PREFIX = "data-layer-synth-";

    private final Path dir;

    private Staging(Path dir) {
        this.dir = dir;
    }

    /** The default parent of staging folders: {@code java.io.tmpdir}. */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Creates a fresh private staging folder under {@code root} (created if missing) that does not
     * overlap {@code dist} in either direction.
     *
     * @throws IllegalStateException  when it would overlap {@code dist}
     * @throws UncheckedIOException when it cannot be created
     */
    public static Staging create(Path root, Path dist) {
        Path dir;
        try {
            Files.createDirectories(root);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                dir = Files.createTempDirectory(root, PREFIX,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                dir = Files.createTempDirectory(root, PREFIX); // the JDK makes it private to the user where it can
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging folder under " + root + " (java.io.tmpdir; "
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "): make it writable or free space on it", e);
        }
        Staging staging = new Staging(dir);
        try {
            Path realDir = dir.toRealPath();
            Path realDist = RealPaths.of(dist);
            if (realDir.startsWith(realDist) || realDist.startsWith(realDir)) {
                throw new IllegalStateException("the staging folder " + dir + " would overlap DATALAYER_DIST=" + dist
                        + " (" + realDist + "); point DATALAYER_DIST at a folder outside java.io.tmpdir (" + root + ")");
            }
        } catch (IOException e) {
            staging.close();
            throw new UncheckedIOException("cannot resolve the staging folder " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            staging.close();
            throw e;
        }
        return staging;
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /**
     * Removes the folder and everything in it.
     *
     * @return what could not be removed, for a warning; empty when the folder is gone
     */
    public Optional<String> remove() {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
            return Optional.empty();
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("could not remove the staging folder " + dir + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); remove it by hand (rm -rf " + dir + ")");
        }
    }

    /** As {@link #remove}, for try-with-resources; what could not be removed stays (owner-only). */
    @Override
    public void close() {
        remove();
    }
}
