package io.datalayer.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Real paths of folders that may not exist yet, and the Git directories they may lie in: what the
 * checks of {@code DATALAYER_DIST}, {@code CDK8S_OUTDIR} and the staging folder compare.
 */
public final class RealPaths {
    private RealPaths() {
    }

    /**
     * The real path of {@code path}: the real path of its nearest existing ancestor (symbolic links
     * resolved) with the rest of the path appended, normalized.
     */
    public static Path of(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    }

    /**
     * The Git directory {@code path} lies in (or is), by its real path: a folder named {@code .git},
     * or one that holds what a Git directory holds ({@code HEAD}, {@code objects/}, {@code refs/}: a bare
     * repository, a worktree's or submodule's Git directory).
     */
    public static Optional<Path> gitDirectoryOf(Path path) throws IOException {
        for (Path p = of(path); p != null; p = p.getParent()) {
            if (p.getFileName() != null && p.getFileName().toString().equals(".git")) {
                return Optional.of(p);
            }
            if (Files.isRegularFile(p.resolve("HEAD"), LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(p.resolve("objects"))
                    && Files.isDirectory(p.resolve("refs"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
