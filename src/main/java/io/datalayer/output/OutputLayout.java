package io.datalayer.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The one definition of what synth writes into its output folder, so the staging folder, the
 * guard, the publisher and the refusal of foreign targets all agree.
 *
 * <p>File names: regular files named {@code *.k8s.yaml} or {@code kustomization.yaml}
 * ({@link #isSynthFile}, {@link #files}). The published layout is stricter: one plain folder per
 * environment ({@code dist/<env>/}), each holding the {@code kustomization.yaml} synth writes (it
 * starts with {@link #KUSTOMIZATION_HEADER}) and exactly the {@code *.k8s.yaml} files it lists.
 * {@link #foreign} counts a file as synth's only when it is provably synth's by that rule: a
 * hand-written {@code kustomization.yaml} (in the folder or in an environment's folder), a
 * {@code *.k8s.yaml} no synth kustomization lists, a file directly in the folder, a README, a
 * {@code .git}, a symbolic link are all someone else's, and synth refuses to replace them.
 */
public final class OutputLayout {
    /** The file ending cdk8s writes for each chart. */
    public static final String MANIFEST_SUFFIX = ".k8s.yaml";
    /** The kustomize entry point of a folder (one per environment). */
    public static final String KUSTOMIZATION = "kustomization.yaml";
    /** The first line of every kustomization.yaml synth writes: what tells synth's from a hand-written one. */
    public static final String KUSTOMIZATION_HEADER =
            "# Written by synth (io.datalayer.publish.Kustomization): every manifest of this environment.\n";
    /**
     * The same line as synth wrote it before the class moved to {@code publish}: a dist/ published
     * then is still synth's, so the next synth replaces it rather than refusing it as hand-written.
     */
    private static final String EARLIER_KUSTOMIZATION_HEADER =
            "# Written by synth (io.datalayer.synth.Kustomization): every manifest of this environment.\n";
    // Folder names: no hidden folders (.git), nothing a shell or kustomize reads specially.
    private static final Pattern FOLDER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private OutputLayout() {
    }

    /** Whether synth writes files of this name at {@code relative} (a path inside the output folder). */
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
        return isManifestName(name) || name.equals(KUSTOMIZATION);
    }

    private static boolean isManifestName(String name) {
        return name.endsWith(MANIFEST_SUFFIX) && name.length() > MANIFEST_SUFFIX.length() && !name.startsWith(".")
                && name.indexOf('/') < 0;
    }

    /** Whether {@code name} is a folder name synth writes (an environment's). */
    public static boolean isFolderName(String name) {
        return FOLDER.matcher(name).matches();
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

    private static boolean startsWith(byte[] bytes, String line) {
        byte[] header = line.getBytes(StandardCharsets.UTF_8);
        return bytes.length >= header.length && Arrays.equals(Arrays.copyOf(bytes, header.length), header);
    }

    /**
     * The manifests a kustomization.yaml lists, when these bytes are one synth wrote (they start with
     * {@link #KUSTOMIZATION_HEADER}, or the line synth wrote before, and list only manifest names);
     * empty for a hand-written one.
     */
    public static Optional<Set<String>> listedBy(byte[] kustomization) {
        if (!startsWith(kustomization, KUSTOMIZATION_HEADER) && !startsWith(kustomization, EARLIER_KUSTOMIZATION_HEADER)) {
            return Optional.empty();
        }
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Object doc = new Yaml(options).load(new String(kustomization, StandardCharsets.UTF_8));
            if (!(doc instanceof Map<?, ?> map) || !(map.get("resources") instanceof List<?> resources)) {
                return Optional.empty();
            }
            Set<String> names = new LinkedHashSet<>();
            for (Object r : resources) {
                if (!(r instanceof String s) || !isManifestName(s)) {
                    return Optional.empty();
                }
                names.add(s);
            }
            return Optional.of(names);
        } catch (RuntimeException e) {
            return Optional.empty(); // not YAML: not synth's
        }
    }

    /**
     * The first entry under {@code dir} (relative, in sorted order) that is not provably synth's (see
     * the class comment); empty when {@code dir} holds only synth output, or nothing. An empty
     * folder is synth's.
     */
    public static Optional<Path> foreign(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> top = Files.newDirectoryStream(dir)) {
            for (Path entry : top) {
                String name = entry.getFileName().toString();
                BasicFileAttributes attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!attrs.isDirectory() || !isFolderName(name)) {
                    found.add(Path.of(name));
                } else {
                    foreignInEnvironment(entry, Path.of(name)).ifPresent(found::add);
                }
            }
        }
        return found.stream().min(Comparator.comparing(Path::toString));
    }

    private static Optional<Path> foreignInEnvironment(Path folder, Path relative) throws IOException {
        Path kustomization = folder.resolve(KUSTOMIZATION);
        Optional<Set<String>> listed = Files.isRegularFile(kustomization, LinkOption.NOFOLLOW_LINKS)
                ? listedBy(Files.readAllBytes(kustomization)) : Optional.empty();
        if (listed.isEmpty() && Files.exists(kustomization, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(relative.resolve(KUSTOMIZATION)); // a hand-written one: name it, not what it lists
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean regular = Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
                boolean synths = regular && listed.isPresent()
                        && (name.equals(KUSTOMIZATION) || listed.get().contains(name));
                if (!synths) {
                    found.add(relative.resolve(name));
                }
            }
        }
        return found.stream().min(Comparator.comparing(Path::toString));
    }
}
