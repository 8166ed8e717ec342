package io.datalayer.publish;

import io.datalayer.output.RealPaths;
import io.datalayer.output.SynthOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
    private static final String VARIABLE = "DATALAYER_DIST";

    /** The moments a test can stop a publish at (the kill -9 tests). */
    public enum Step {
        /** The lock is held and leftovers of an earlier run are cleaned. */
        LOCKED,
        /** One file of the new output is written into the next folder. */
        FIRST_FILE_WRITTEN,
        /** The next folder is complete and synced. */
        NEXT_WRITTEN,
        /** The next folder has been read back and holds exactly the checked bytes. */
        VERIFIED,
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

    /**
     * Refuses {@code dist} now, as the publish would (see the class comment), so a synth stops before
     * its work rather than after; the publish checks again under its lock.
     *
     * @throws IllegalStateException naming {@code DATALAYER_DIST}, the path, the cause and what to do
     */
    public static void checkTarget(Path dist) {
        try {
            target(dist);
            Targets.check(VARIABLE, dist);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect DATALAYER_DIST=" + dist + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
    }

    /** Opens a file of the next folder for writing; tests pass one that writes short. */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    static final Opener CREATE_NEW = file -> FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    /** As above; {@code exchange} false forces the two-rename fallback (its tests). */
    static List<Path> publish(SynthOutput output, Path dist, Duration lockTimeout, Hook hook, boolean exchange) {
        return publish(output, dist, lockTimeout, hook, exchange, CREATE_NEW);
    }

    /** As above, with the files of the next folder opened by {@code opener}. */
    @SuppressWarnings("try") // the lock is held by the try block; its body need not name it
    static List<Path> publish(SynthOutput output, Path dist, Duration lockTimeout, Hook hook, boolean exchange,
                              Opener opener) {
        Path target = inspected(dist);
        Path parent = target.getParent();
        Path next = beside(target, "next");
        Path previous = beside(target, "previous");
        Path lockFile = beside(target, "lock");
        try {
            Targets.check(VARIABLE, dist); // before the lock too, so a refused target gets no lock file beside it
            Files.createDirectories(parent);
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lock(channel, dist, lockFile, lockTimeout)) {
                recover(target, previous);
                deleteTree(next);
                Targets.check(VARIABLE, dist);
                if (output.files().isEmpty()) {
                    throw new IllegalStateException("synth wrote no manifests; " + dist + " is left as it was");
                }
                try {
                    output.requireComplete();
                } catch (IllegalStateException e) {
                    throw new IllegalStateException(e.getMessage() + "; " + dist + " is left as it was", e);
                }
                hook.at(Step.LOCKED);
                boolean swapped = false;
                try {
                    writeNext(output, next, hook, opener);
                    syncFolders(next);
                    hook.at(Step.NEXT_WRITTEN);
                    verify(output, next, dist);
                    hook.at(Step.VERIFIED);
                    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        Files.move(next, target, StandardCopyOption.ATOMIC_MOVE);
                        swapped = true;
                        syncQuietly(parent);
                    } else if (exchange && DirectorySwap.exchange(next, target)) {
                        swapped = true;
                        syncQuietly(parent);
                        hook.at(Step.SWAPPED);
                        deleteQuietly(next); // the old output; a leftover is removed by the next synth, under the lock
                    } else {
                        Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
                        hook.at(Step.OLD_MOVED_AWAY);
                        try {
                            Files.move(next, target, StandardCopyOption.ATOMIC_MOVE);
                        } catch (IOException e) {
                            Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE); // the old output back at once
                            throw e;
                        }
                        swapped = true;
                        syncQuietly(parent);
                        hook.at(Step.SWAPPED);
                        deleteQuietly(previous);
                    }
                } finally {
                    if (!swapped) {
                        deleteQuietly(next); // a failed publish leaves no half-written folder to fill the disk
                    }
                }
                return output.files().stream().map(f -> target.resolve(f.path())).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not publish to " + target + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); the previous output is kept: fix that (free space on the file system?)"
                    + " and synthesize again", e);
        }
    }

    /** {@link #target}, an I/O failure named for {@code DATALAYER_DIST}. */
    private static Path inspected(Path dist) {
        try {
            return target(dist);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect DATALAYER_DIST=" + dist + ": " + e.getMessage(), e);
        }
    }

    /** A folder or file of the publish's own beside {@code target}: {@code .<name>.synth-<role>}. */
    private static Path beside(Path target, String role) {
        return target.getParent().resolve("." + target.getFileName() + ".synth-" + role);
    }

    /** Where {@code dist} really is: its parent's real path and its name; refuses the root. */
    private static Path target(Path dist) throws IOException {
        Path absolute = dist.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null) {
            throw Targets.refused(VARIABLE, dist, "is the root of the file system");
        }
        return RealPaths.of(parent).resolve(absolute.getFileName());
    }

    /** Writes every file of {@code output} into {@code next}, each complete and synced to disk. */
    private static void writeNext(SynthOutput output, Path next, Hook hook, Opener opener) throws IOException {
        Files.createDirectories(next);
        boolean first = true;
        for (SynthOutput.File file : output.files()) {
            Path to = next.resolve(file.path());
            Files.createDirectories(to.getParent());
            try (FileChannel out = opener.open(to)) {
                writeFully(out, file.bytes(), file.path());
                out.force(true); // on disk before the swap: a power cut must not publish empty files
            } catch (IOException e) {
                throw new IOException("writing " + file.path() + " into " + next + ": " + e.getMessage(), e);
            }
            if (first) {
                hook.at(Step.FIRST_FILE_WRITTEN);
                first = false;
            }
        }
    }

    /**
     * Writes all of {@code bytes}: {@link FileChannel#write} may write fewer bytes than asked (a file
     * system that fills up writes what fits and says how much), so it is called until none is left; a
     * call that writes nothing is an error.
     */
    static void writeFully(FileChannel out, byte[] bytes, Path relative) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            int before = buffer.position();
            int written = out.write(buffer);
            if (written <= 0 || buffer.position() == before) {
                throw new IOException("the file system took no more bytes after " + buffer.position() + " of " + bytes.length);
            }
        }
    }

    /**
     * Reads the next folder back and compares it with what the gate checked: the same files, no other,
     * each with the very bytes. Catches a write the file system cut short or lost without saying so.
     */
    private static void verify(SynthOutput output, Path next, Path dist) throws IOException {
        List<Path> expected = output.files().stream().map(SynthOutput.File::path).sorted().toList();
        List<Path> found;
        try (Stream<Path> walk = Files.walk(next)) {
            found = walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).map(next::relativize)
                    .sorted().toList();
        }
        if (!found.equals(expected)) {
            throw new IllegalStateException("the new output written into " + next + " holds " + found + ", not the files the"
                    + " gate checked " + expected + "; " + dist + " is left as it was: synthesize again");
        }
        for (SynthOutput.File file : output.files()) {
            byte[] back = Files.readAllBytes(next.resolve(file.path()));
            if (!Arrays.equals(back, file.bytes())) {
                throw new IllegalStateException("the copy of " + file.path() + " written into " + next + " reads back as "
                        + back.length + " bytes that differ from the " + file.bytes().length + " bytes the gate checked; "
                        + dist + " is left as it was: check that file system (full? failing?) and synthesize again");
            }
        }
    }

    /** fsync of every folder of the new output (their entries), where the OS lets a folder be opened. */
    private static void syncFolders(Path next) throws IOException {
        try (Stream<Path> walk = Files.walk(next)) {
            for (Path dir : walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                FileChannel channel;
                try {
                    channel = FileChannel.open(dir, StandardOpenOption.READ);
                } catch (IOException e) {
                    continue; // some platforms cannot open a folder; Linux can, and there a failed sync is an error
                }
                try (channel) {
                    channel.force(true);
                }
            }
        }
    }

    /** fsync of a folder after a rename in it, so the swap itself is on disk; best effort (it has happened). */
    private static void syncQuietly(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // the swap is done; a folder that cannot be synced here is synced by the file system soon after
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException e) {
            // a leftover: the next synth removes it under the lock
        }
    }

    /**
     * Puts back the old output a publish killed between the fallback's two renames left aside, so
     * that a synth that fails before publishing still leaves {@code dist/} as it was. Does nothing
     * (and creates no lock file) when there is nothing to recover. Main calls it first.
     */
    @SuppressWarnings("try") // the lock is held by the try block; its body need not name it
    public static void recover(Path dist) {
        if (dist.toAbsolutePath().normalize().getParent() == null) {
            return;
        }
        Path target = inspected(dist);
        Path previous = beside(target, "previous");
        if (!Files.isDirectory(previous, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path lockFile = beside(target, "lock");
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
