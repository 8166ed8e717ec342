package io.datalayer.publish;

import io.datalayer.output.OutputLayout;
import io.datalayer.output.SynthOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code CDK8S_OUTDIR}: the folder the cdk8s CLI names ({@code output:} of cdk8s.yaml,
 * {@code target/synth}; a temporary folder under {@code --stdout}). The CLI empties it before it runs
 * the app, then lists (or prints) the manifests it finds there. It is <em>not</em> where synth stages
 * its output (that is a private {@link io.datalayer.output.Staging} folder): after the gate, synth
 * writes a copy of the checked output there for the CLI to show. It is checked before the synth, like
 * {@code DATALAYER_DIST}: refused when it overlaps {@code DATALAYER_DIST} (either direction), lies in
 * a Git directory, is the working directory or a parent of it, the root of a Git working tree, a
 * symbolic link, or holds anything synth did not write (see {@link OutputLayout#foreign}); synth
 * replaces only its own files there and deletes nothing else.
 */
public final class CliOutdir {
    static final String VARIABLE = "CDK8S_OUTDIR";

    private CliOutdir() {
    }

    /**
     * The folder {@code CDK8S_OUTDIR} names, checked; empty when it is not set.
     *
     * @throws IllegalStateException naming {@code CDK8S_OUTDIR}, the path, the cause and what to do
     */
    public static Optional<Path> of(Map<String, String> env, Path dist) {
        String value = env.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path outdir = Path.of(value);
        check(outdir, dist);
        return Optional.of(outdir);
    }

    private static void check(Path outdir, Path dist) {
        try {
            Targets.apart(VARIABLE, outdir, dist);
            Targets.check(VARIABLE, outdir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect " + VARIABLE + "=" + outdir + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")", e);
        }
    }

    /**
     * Writes the files of {@code output} into {@code outdir} (checked again first), each through a
     * temporary file renamed into place, and removes synth's own files of an earlier copy that the
     * output no longer has.
     */
    public static void write(SynthOutput output, Path outdir, Path dist) {
        check(outdir, dist);
        try {
            Files.createDirectories(outdir);
            Set<Path> wanted = output.files().stream().map(SynthOutput.File::path).collect(Collectors.toSet());
            for (Path old : OutputLayout.files(outdir)) { // all synth's: the check above found nothing else
                if (!wanted.contains(old)) {
                    Files.deleteIfExists(outdir.resolve(old));
                }
            }
            try (DirectoryStream<Path> folders = Files.newDirectoryStream(outdir, Files::isDirectory)) {
                for (Path folder : folders) {
                    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                        if (!entries.iterator().hasNext()) {
                            Files.deleteIfExists(folder);
                        }
                    }
                }
            }
            for (SynthOutput.File file : output.files()) {
                Path to = outdir.resolve(file.path());
                Files.createDirectories(to.getParent());
                Path temporary = Files.createTempFile(to.getParent(), "." + to.getFileName(), ".tmp");
                try {
                    Files.write(temporary, file.bytes());
                    Files.move(temporary, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(temporary);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the cdk8s CLI's copy into " + VARIABLE + "=" + outdir + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); free space there, or unset " + VARIABLE, e);
        }
    }
}
