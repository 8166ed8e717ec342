package io.datalayer.publish;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.file.Path;

/**
 * Swaps two directories in one atomic step with Linux {@code renameat2(RENAME_EXCHANGE)}: after
 * the call each path names the other's old directory, and no moment exists at which either path
 * is missing. Java 17 has no call for it, so it goes through JNA to glibc (2.28 or newer has the
 * wrapper). Where it is unavailable (another OS, an old libc, a file system that refuses the flag)
 * {@link #exchange} returns false and the caller falls back to two renames.
 */
final class DirectorySwap {
    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 1 << 1;

    /** The slice of libc this class needs. */
    private interface LibC extends Library {
        int renameat2(int olddirfd, String oldpath, int newdirfd, String newpath, int flags) throws LastErrorException;
    }

    private static volatile LibC libc;
    private static volatile boolean unavailable;

    private DirectorySwap() {
    }

    /**
     * Exchanges {@code a} and {@code b}, both existing directories on one file system.
     *
     * @return false when the exchange is not supported here (nothing was changed)
     * @throws java.io.IOException when the call is supported but failed (errno in the message)
     */
    static boolean exchange(Path a, Path b) throws java.io.IOException {
        LibC c = load();
        if (c == null) {
            return false;
        }
        try {
            c.renameat2(AT_FDCWD, a.toString(), AT_FDCWD, b.toString(), RENAME_EXCHANGE);
            return true;
        } catch (UnsatisfiedLinkError e) {
            unavailable = true; // libc without the renameat2 wrapper
            return false;
        } catch (LastErrorException e) {
            // ENOSYS (38): no such system call; EINVAL (22): the file system does not support the flag.
            if (e.getErrorCode() == 38 || e.getErrorCode() == 22) {
                return false;
            }
            throw new java.io.IOException("renameat2(RENAME_EXCHANGE) of " + a + " and " + b + " failed with errno "
                    + e.getErrorCode());
        }
    }

    /**
     * Loads JNA and libc's binding on a daemon thread, so the publish finds them ready: JNA's classes
     * are not loaded before the publish, it unpacks and links its native library, and it binds libc,
     * 50-60 ms of the main thread on a quiet machine (0.2 s under load) that this moves to the second
     * core while the synth still waits on the jsii kernel. Nothing else changes: {@link #exchange}
     * loads on its own thread when this has not finished or failed.
     */
    static void loadInBackground() {
        Thread thread = new Thread(DirectorySwap::load, "renameat2 load");
        thread.setDaemon(true); // never keeps the process alive
        thread.start();
    }

    /** As {@link #loadInBackground}, on the calling thread. */
    static void loadNow() {
        load();
    }

    // synchronized: the background load and the publish's own call bind libc once.
    private static synchronized LibC load() {
        if (unavailable) {
            return null;
        }
        if (libc == null) {
            try {
                if (!Platform.isLinux()) {
                    unavailable = true;
                    return null;
                }
                libc = Native.load("c", LibC.class);
            } catch (LinkageError | RuntimeException e) {
                unavailable = true;
                return null;
            }
        }
        return libc;
    }
}
