package io.datalayer.output;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one definition of what synth writes into its output folder, so the staging folder, the
 * guard, the publisher and the refusal of foreign targets all agree: regular files named
 * {@code *.k8s.yaml} or {@code kustomization.yaml}, directly in the folder or in plain
 * sub-folders (one per environment, {@code dist/<env>/}). Anything else in a target folder (a
 * README, {@code .git}, a symbolic link) is not synth's, and synth refuses to replace it.
 */
public final class OutputLayout {
    /** The file ending cdk8s writes for each chart. */
    public static final String MANIFEST_SUFFIX = ".k8s.yaml";
    /** The kustomize entry point of a folder (one per environment). */
    public static final String KUSTOMIZATION = "kustomization.yaml";
    // Folder names: no hidden folders (.git), nothing a shell or kustomize reads specially.
    private static final Pattern FOLDER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private OutputLayout() {
    }

    /** Whether synth writes a file at {@code relative} (a path inside the output folder). */
    public static boolean isSynthFile(Path relative) {
        if (relative.isAbsolute() || relative.getNameCount() == 0) {
            return false;
        }
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            if (!FOLDER.matcher(relative.getName(i).toString()).matches()) {
                return false;
            }
        }
        String name = relative.getFileName().toString();
        return (name.endsWith(MANIFEST_SUFFIX) && name.length() > MANIFEST_SUFFIX.length() && !name.startsWith("."))
                || name.equals(KUSTOMIZATION);
    }

    /** The synth files under {@code dir}, relative to it, sorted; empty when {@code dir} does not exist. */
    public static List<Path> files(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Path relative = dir.relativize(file);
                if (attrs.isRegularFile() && isSynthFile(relative)) {
                    out.add(relative);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(Comparator.comparing(Path::toString));
        return out;
    }

    /**
     * The first entry under {@code dir} (relative, in sorted order) that synth does not write: a
     * file of another name, a symbolic link, a hidden or oddly named folder. Empty folders are
     * synth's (a run may leave one behind). Empty when {@code dir} holds only synth output.
     */
    public static Optional<Path> foreign(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                Path relative = dir.relativize(d);
                if (!d.equals(dir) && !FOLDER.matcher(relative.getFileName().toString()).matches()) {
                    found.add(relative);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Path relative = dir.relativize(file);
                if (!attrs.isRegularFile() || !isSynthFile(relative)) {
                    found.add(relative);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return found.stream().min(Comparator.comparing(Path::toString));
    }
}
