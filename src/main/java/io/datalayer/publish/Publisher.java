package io.datalayer.publish;

import io.datalayer.output.OutputLayout;
import io.datalayer.output.SynthOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Publishes a checked {@link SynthOutput} as the whole content of the output folder
 * ({@code dist/}), so that a reader, or a synth killed at any instant, sees either the complete old
 * folder or the complete new one.
 *
 * <p>How: under a lock, the files are written into a sibling folder {@code .dist.synth-next}; then
 * that folder and {@code dist/} trade places in one atomic step ({@link DirectorySwap}, Linux
 * {@code renameat2(RENAME_EXCHANGE)}); then the sibling, now holding the old output, is deleted.
 * {@code dist/} stays a real folder of regular files, which is what Git tracks (a symbolic link
 * flipped to versioned folders would be atomic too, but Git would then track a link). Where the
 * exchange is unsupported, the fallback is two renames ({@code dist} to
 * {@code .dist.synth-previous}, the new folder to {@code dist}); a kill between them leaves no
 * {@code dist/} until the next run, which puts the previous folder back before anything else.
 *
 * <p>The lock ({@code .dist.synth-lock}, an OS file lock released when the process dies, even by
 * kill -9) makes concurrent synths queue; one that waits longer than the lock timeout fails with a
 * message naming the lock. Leftovers of a killed run are removed by the next run under the lock;
 * their names are ignored by Git ({@code .gitignore}).
 *
 * <p>The target is refused when replacing it would destroy something synth did not write: the
 * working directory or one of its parents, a Git working tree, a symbolic link, or a folder holding
 * any entry {@link OutputLayout} does not count as synth's (the error names it).
 */
public final class Publisher {
    /** How long a synth waits for another one that is publishing to the same folder. */
    public static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);

    /** The moments a test can stop a publish at (the kill -9 tests). */
    public enum Step {
        /** The lock is held and leftovers of an earlier run are cleaned. */
        LOCKED,
        /** One file of the new output is written into the next folder. */
        FIRST_FILE_WRITTEN,
        /** The next folder is complete. */
        NEXT_WRITTEN,
        /** Fallback only: the old folder has been renamed away, the new one not yet in place. */
        OLD_MOVED_AWAY,
        /** The new folder is in place; the old one waits to be deleted. */
        SWAPPED
    }

    /** Called at each {@link Step}; production passes {@link #NO_HOOK}. */
    @FunctionalInterface
    public interface Hook {
        void at(Step step);
    }

    public static final Hook NO_HOOK = step -> { };

    private Publisher() {
    }

    /** Publishes {@code output} to {@code dist}; returns the published files. */
    public static List<Path> publish(SynthOutput output, Path dist) {
        return publish(output, dist, LOCK_TIMEOUT, NO_HOOK);
    }

    /**
     * Publishes {@code output} as the whole content of {@code dist}.
     *
     * @throws IllegalStateException when the target is refused, the lock is not had in time, or the
     *                               output is empty; {@code dist} is then as it was
     */
    public static List<Path> publish(SynthOutput output, Path dist, Duration lockTimeout, Hook hook) {
        return publish(output, dist, lockTimeout, hook, true);
    }

    /**
     * Prepares the atomic swap of {@link #publish} on a background thread (loads JNA and binds
     * renameat2, see {@link DirectorySwap#loadInBackground}); the publish works the same without it.
     */
    public static void prepareInBackground() {
        DirectorySwap.loadInBackground();
    }

    /** As {@link #prepareInBackground}, on the calling thread (for a thread that would otherwise wait). */
    public static void prepare() {
        DirectorySwap.loadNow();
    }

    /** As above; {@code exchange} false forces the two-rename fallback (its tests). */
    @SuppressWarnings("try") // the lock is held by the try block; its body need not name it
    static List<Path> publish(SynthOutput output, Path dist, Duration lockTimeout, Hook hook, boolean exchange) {
        Path target = dist.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw refused(dist, "is the root of the file system");
        }
        String name = target.getFileName().toString();
        Path next = parent.resolve("." + name + ".synth-next");
        Path previous = parent.resolve("." + name + ".synth-previous");
        try {
            refuseForeign(dist, target); // before the lock too, so a refused target gets no lock file beside it
            Files.createDirectories(parent);
            try (FileChannel channel = FileChannel.open(parent.resolve("." + name + ".synth-lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lock(channel, dist, parent.resolve("." + name + ".synth-lock"), lockTimeout)) {
                recover(target, previous);
                deleteTree(next);
                refuseForeign(dist, target);
                if (output.files().isEmpty()) {
                    throw new IllegalStateException("synth wrote no manifests; " + dist + " is left as it was");
                }
                hook.at(Step.LOCKED);
                Files.createDirectories(next);
                boolean first = true;
                for (SynthOutput.File file : output.files()) {
                    Path to = next.resolve(file.path());
                    Files.createDirectories(to.getParent());
                    try (FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        out.write(java.nio.ByteBuffer.wrap(file.bytes()));
                        out.force(true); // on disk before the swap: a power cut must not publish empty files
                    }
                    if (first) {
                        hook.at(Step.FIRST_FILE_WRITTEN);
                        first = false;
                    }
                }
                syncFolders(next);
                hook.at(Step.NEXT_WRITTEN);
                if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(next, target, StandardCopyOption.ATOMIC_MOVE);
                } else if (exchange && DirectorySwap.exchange(next, target)) {
                    hook.at(Step.SWAPPED);
                    deleteTree(next);
                } else {
                    Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
                    hook.at(Step.OLD_MOVED_AWAY);
                    Files.move(next, target, StandardCopyOption.ATOMIC_MOVE);
                    hook.at(Step.SWAPPED);
                    deleteTree(previous);
                }
                return output.files().stream().map(f -> target.resolve(f.path())).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not publish to " + target + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); the previous output is kept, and the next synth cleans up", e);
        }
    }

    /** fsync of every folder of the new output (their entries), best effort where the OS does not allow it. */
    private static void syncFolders(Path next) throws IOException {
        try (Stream<Path> walk = Files.walk(next)) {
            for (Path dir : walk.filter(Files::isDirectory).toList()) {
                try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
                    channel.force(true);
                } catch (IOException e) {
                    // some platforms cannot open a folder for syncing; the rename still makes it atomic
                }
            }
        }
    }

    /**
     * Puts back the old output a publish killed between the fallback's two renames left aside, so
     * that a synth that fails before publishing still leaves {@code dist/} as it was. Does nothing
     * (and creates no lock file) when there is nothing to recover. Main calls it first.
     */
    @SuppressWarnings("try") // the lock is held by the try block; its body need not name it
    public static void recover(Path dist) {
        Path target = dist.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            return;
        }
        String name = target.getFileName().toString();
        Path previous = parent.resolve("." + name + ".synth-previous");
        if (!Files.isDirectory(previous, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path lockFile = parent.resolve("." + name + ".synth-lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lock(channel, dist, lockFile, LOCK_TIMEOUT)) {
            recover(target, previous);
        } catch (IOException e) {
            throw new UncheckedIOException("could not put back the previous output " + previous + " as " + target + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private static FileLock lock(FileChannel channel, Path dist, Path lockFile, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                // Another thread of this JVM holds it: wait like for another process.
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("another synth is publishing to " + dist + " (it holds the lock "
                        + lockFile + "); waited " + timeout.toSeconds() + " s: let it finish, then synthesize again");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the lock " + lockFile, e);
            }
        }
    }

    /** A fallback publish killed between its two renames left the old output aside: put it back. */
    private static void recover(Path target, Path previous) throws IOException {
        if (Files.isDirectory(previous, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
            } else {
                deleteTree(previous);
            }
        }
    }

    private static void refuseForeign(Path dist, Path target) throws IOException {
        if (Files.isSymbolicLink(target)) {
            throw refused(dist, "is a symbolic link; synth replaces a real folder: point DATALAYER_DIST at the folder itself");
        }
        Path cwd = Path.of("").toAbsolutePath().normalize();
        Path realTarget = Files.exists(target) ? target.toRealPath() : target;
        Path realCwd = cwd.toRealPath();
        if (realCwd.startsWith(realTarget)) {
            throw refused(dist, "is the working directory or one of its parents (" + realTarget + "); synth replaces the"
                    + " whole folder: point DATALAYER_DIST at a folder of its own, like dist");
        }
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw refused(dist, "is a file, not a folder");
        }
        if (Files.exists(target.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
            throw refused(dist, "is the root of a Git working tree; synth replaces the whole folder: point"
                    + " DATALAYER_DIST at a folder of its own, like dist");
        }
        Optional<Path> foreign = OutputLayout.foreign(target);
        if (foreign.isPresent()) {
            throw refused(dist, "holds " + foreign.get() + ", which synth does not write; synth replaces the whole"
                    + " folder: move that away or point DATALAYER_DIST at a folder of its own");
        }
    }

    private static IllegalStateException refused(Path dist, String why) {
        return new IllegalStateException("DATALAYER_DIST=" + dist + " " + why);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException e) {
                    // already gone
                }
            }
        }
    }
}
