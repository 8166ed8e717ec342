package io.datalayer.publish;

import io.datalayer.output.OutputLayout;
import io.datalayer.output.RealPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The refusals shared by the folders synth writes into ({@code DATALAYER_DIST}, {@code CDK8S_OUTDIR}):
 * synth replaces what it wrote there, so a folder where that would destroy something else is refused
 * with a message that names the variable, the path, the cause and what to do.
 */
final class Targets {
    private Targets() {
    }

    /**
     * Refuses {@code given} (the value of {@code variable}) when it is a symbolic link, lies inside a Git
     * directory, is the working directory or one of its parents, a file, the root of a Git working
     * tree, or holds anything {@link OutputLayout#foreign} does not count as synth's.
     */
    static void check(String variable, Path given) throws IOException {
        Path target = given.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(target)) {
            throw refused(variable, given, "is a symbolic link; synth replaces a real folder: point " + variable
                    + " at the folder itself");
        }
        Optional<Path> gitDir = RealPaths.gitDirectoryOf(target);
        if (gitDir.isPresent()) {
            throw refused(variable, given, "lies inside the Git directory " + gitDir.get() + "; synth never writes there:"
                    + " point " + variable + " at a folder of its own, like dist");
        }
        Path realTarget = RealPaths.of(target);
        Path realCwd = Path.of("").toAbsolutePath().toRealPath();
        if (realCwd.startsWith(realTarget)) {
            throw refused(variable, given, "is the working directory or one of its parents (" + realTarget + "); synth"
                    + " replaces the whole folder: point " + variable + " at a folder of its own, like dist");
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(variable, given, "is a file, not a folder");
        }
        if (Files.exists(target.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
            throw refused(variable, given, "is the root of a Git working tree; synth replaces the whole folder: point "
                    + variable + " at a folder of its own, like dist");
        }
        Optional<Path> foreign = OutputLayout.foreign(target);
        if (foreign.isPresent()) {
            throw refused(variable, given, "holds " + foreign.get() + ", which synth does not write; synth replaces the whole"
                    + " folder: move that away or point " + variable + " at a folder of its own");
        }
    }

    /** Refuses {@code given} when it and {@code dist} overlap, in either direction. */
    static void apart(String variable, Path given, Path dist) throws IOException {
        Path a = RealPaths.of(given);
        Path b = RealPaths.of(dist);
        if (a.startsWith(b) || b.startsWith(a)) {
            throw refused(variable, given, "overlaps DATALAYER_DIST=" + dist + " (" + a + (a.equals(b) ? " is " : a.startsWith(b)
                    ? " is inside " : " holds ") + b + "); point " + variable + " at a folder of its own, outside " + dist);
        }
    }

    static IllegalStateException refused(String variable, Path given, String why) {
        return new IllegalStateException(variable + "=" + given + " " + why);
    }
}
