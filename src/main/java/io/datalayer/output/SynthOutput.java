package io.datalayer.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * One synth's output, read and parsed once: the bytes of every file {@link OutputLayout} counts
 * as synth's, with its objects. The gate checks these objects and the publisher writes these very
 * bytes, so what is published is exactly what was checked, and no file is read or parsed twice.
 *
 * @param files every output file, sorted by relative path
 */
public record SynthOutput(List<File> files) {
    /**
     * One file of the output.
     *
     * @param path      path relative to the output folder, e.g. {@code data-layer.k8s.yaml}
     * @param bytes     the exact bytes to publish
     * @param manifests the objects parsed from them ({@code kind: List} items flattened)
     */
    public record File(Path path, byte[] bytes, List<Manifest> manifests) {
        public File {
            manifests = List.copyOf(manifests);
        }
    }

    public SynthOutput {
        files = List.copyOf(files);
    }

    /** Every object of every file, in file order. */
    public List<Manifest> manifests() {
        return files.stream().flatMap(f -> f.manifests().stream()).toList();
    }

    /**
     * Reads and parses the synth files of {@code dir}.
     *
     * @throws IllegalStateException naming the file that is not UTF-8 or not YAML of objects
     */
    public static SynthOutput read(Path dir) {
        return read(dir, ParseAhead.NONE);
    }

    /**
     * Reads and parses the synth files of {@code dir}, taking the objects of a file from
     * {@code ahead} when it parsed the very bytes read now (a parse is a function of path and bytes).
     *
     * @throws IllegalStateException naming the file that is not UTF-8 or not YAML of objects
     */
    public static SynthOutput read(Path dir, ParseAhead ahead) {
        try {
            Map<Path, File> early = ahead.parsed();
            List<File> files = new ArrayList<>();
            for (Path relative : OutputLayout.files(dir)) {
                byte[] bytes = Files.readAllBytes(dir.resolve(relative));
                File parsed = early.get(relative);
                files.add(parsed != null && Arrays.equals(parsed.bytes(), bytes) ? parsed : parse(relative, bytes));
            }
            return new SynthOutput(files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the synthesized output in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads and parses one file; {@code relative} is its path inside {@code dir}. */
    public static File readFile(Path dir, Path relative) throws IOException {
        return parse(relative, Files.readAllBytes(dir.resolve(relative)));
    }

    /** Parses the bytes of the file at {@code relative}. */
    static File parse(Path relative, byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(relative + " is not UTF-8 text; synth writes UTF-8 YAML");
        }
        try {
            return new File(relative, bytes, Manifest.parse(relative.toString(), text));
        } catch (MarkedYAMLException e) {
            // The parser's message may quote the file: name only the place.
            Mark mark = e.getProblemMark();
            throw new IllegalStateException(relative + " is not YAML that Kubernetes clients read ("
                    + e.getClass().getSimpleName() + (mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column "
                    + (mark.getColumn() + 1)) + "); find the value that breaks it (a control character?)");
        } catch (ReaderException e) {
            throw new IllegalStateException(relative + " holds a character YAML readers refuse (at character "
                    + e.getPosition() + "); find the value that carries it (a control character?) and remove it");
        } catch (RuntimeException e) {
            throw new IllegalStateException(relative + " is not YAML of Kubernetes objects ("
                    + e.getClass().getSimpleName() + "); synth wrote a broken file");
        }
    }

    /**
     * Requires the output to be every environment given, complete: one folder per environment and no
     * other file, each holding synth's {@code kustomization.yaml} and exactly the manifests it lists,
     * each manifest with at least one object. What a synth checks before the gate runs, so that an
     * environment whose files went missing (or were never written) is an error, never a partial publish.
     *
     * @throws IllegalStateException naming the environment and the file
     */
    public void requireEnvironments(Collection<String> environments) {
        if (environments.isEmpty()) {
            throw new IllegalStateException("no environment was synthesized");
        }
        Set<String> present = new TreeSet<>();
        for (File file : files) {
            String first = file.path().getNameCount() == 2 ? file.path().getName(0).toString() : null;
            if (first == null || !environments.contains(first)) {
                throw new IllegalStateException("the synthesized output holds " + file.path() + ", which no environment of"
                        + " this synth (" + String.join(", ", environments) + ") writes; synthesize again");
            }
            present.add(first);
        }
        for (String environment : environments) {
            if (!present.contains(environment)) {
                throw new IllegalStateException("environment " + environment + ": the synthesized output has no files (expected "
                        + environment + "/" + OutputLayout.KUSTOMIZATION + " and the manifests it lists); synthesize again");
            }
        }
        requireComplete();
    }

    /**
     * Requires every environment folder of the output to be complete (see {@link #requireEnvironments});
     * an empty output passes (the publisher refuses it with its own message).
     *
     * @throws IllegalStateException naming the file
     */
    public void requireComplete() {
        Map<String, Map<String, File>> byFolder = new TreeMap<>();
        for (File file : files) {
            if (file.path().getNameCount() != 2 || !OutputLayout.isFolderName(file.path().getName(0).toString())
                    || !OutputLayout.isSynthFile(file.path())) {
                throw new IllegalStateException("the output holds " + file.path() + ", which is not <environment>/"
                        + OutputLayout.KUSTOMIZATION + " or <environment>/<name>" + OutputLayout.MANIFEST_SUFFIX
                        + "; synth writes nothing else");
            }
            byFolder.computeIfAbsent(file.path().getName(0).toString(), k -> new TreeMap<>())
                    .put(file.path().getFileName().toString(), file);
        }
        for (Map.Entry<String, Map<String, File>> folder : byFolder.entrySet()) {
            String env = folder.getKey();
            File kustomization = folder.getValue().get(OutputLayout.KUSTOMIZATION);
            if (kustomization == null) {
                throw new IllegalStateException(env + "/" + OutputLayout.KUSTOMIZATION + " is missing from the output of"
                        + " environment " + env + "; synthesize again");
            }
            Set<String> listed = OutputLayout.listedBy(kustomization.bytes()).orElseThrow(() -> new IllegalStateException(
                    env + "/" + OutputLayout.KUSTOMIZATION + " is not the one synth writes (it must start with \""
                    + OutputLayout.KUSTOMIZATION_HEADER.strip() + "\" and list the manifests beside it); synthesize again"));
            Set<String> manifests = new TreeSet<>(folder.getValue().keySet());
            manifests.remove(OutputLayout.KUSTOMIZATION);
            for (String name : new TreeSet<>(listed)) {
                if (!manifests.contains(name)) {
                    throw new IllegalStateException(env + "/" + name + " is missing from the output of environment " + env
                            + " (its " + OutputLayout.KUSTOMIZATION + " lists it); synthesize again");
                }
            }
            for (String name : manifests) {
                if (!listed.contains(name)) {
                    throw new IllegalStateException(env + "/" + name + " is not listed in " + env + "/"
                            + OutputLayout.KUSTOMIZATION + "; synthesize again");
                }
                if (folder.getValue().get(name).manifests().isEmpty()) {
                    throw new IllegalStateException(env + "/" + name + " holds no object (" + folder.getValue().get(name)
                            .bytes().length + " bytes); synth writes every object of the environment there: synthesize again");
                }
            }
        }
    }
}
