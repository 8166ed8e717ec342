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
import java.util.List;
import java.util.Map;
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

    /** Deletes the synth files of {@code dir} (staged output that failed a check may hold a secret). */
    public static void discard(Path dir) {
        try {
            for (Path relative : OutputLayout.files(dir)) {
                Files.deleteIfExists(dir.resolve(relative));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean the staging folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
