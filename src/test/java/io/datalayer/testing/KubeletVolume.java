package io.datalayer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A Secret or ConfigMap volume laid out the way the kubelet's atomic writer does it, so a test sees
 * an update exactly as a pod does: the files live in a timestamped folder {@code ..<time>}, the
 * symlink {@code ..data} points at it and each key is a symlink {@code key -> ..data/key}. An
 * update writes a new folder, points a new link {@code ..data_tmp} at it, renames that over
 * {@code ..data} (the one atomic step) and removes the old folder.
 */
public final class KubeletVolume {
    private static final AtomicLong GENERATION = new AtomicLong();

    private final Path dir;
    private final Set<PosixFilePermission> mode;
    private final int gid;

    private KubeletVolume(Path dir, Set<PosixFilePermission> mode, int gid) {
        this.dir = dir;
        this.mode = mode;
        this.gid = gid;
    }

    /**
     * Creates the volume in the empty or new folder {@code dir}, files with {@code mode} (the
     * volume's defaultMode), owned by root and the pod's fsGroup {@code gid} (as the kubelet does).
     */
    public static KubeletVolume create(Path dir, Map<String, String> files, Set<PosixFilePermission> mode, int gid) {
        KubeletVolume volume = new KubeletVolume(dir, mode, gid);
        try {
            Files.createDirectories(dir);
            volume.update(files);
            for (String key : files.keySet()) {
                Files.createSymbolicLink(dir.resolve(key), Path.of("..data", key));
            }
            return volume;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the volume " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the contents by the kubelet's symlink swap; keys must stay the same. */
    public void update(Map<String, String> files) {
        try {
            Path data = dir.resolve("..data");
            Path old = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
            Path fresh = Files.createDirectory(dir.resolve("..2026_01_01_00_00_00." + GENERATION.incrementAndGet()));
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = fresh.resolve(file.getKey());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
                own(path);
                Files.setPosixFilePermissions(path, mode);
            }
            own(fresh);
            Files.setPosixFilePermissions(fresh, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
            Path tmp = dir.resolve("..data_tmp");
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, fresh.getFileName());
            Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (old != null) {
                try (Stream<Path> list = Files.list(old)) {
                    for (Path p : list.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the volume " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    private void own(Path path) throws IOException {
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }
}
