package io.datalayer.publish;

import io.datalayer.output.OutputLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code kustomization.yaml} of one environment's folder: it lists the folder's manifests, so
 * {@code kubectl apply -k dist/<env>} and a Flux {@code Kustomization} pointing at the folder apply
 * exactly what synth wrote (Flux would otherwise generate one, and Argo CD then treats the folder
 * as a Kustomize application). Nothing is transformed: no namespace, prefix or labels.
 */
public final class Kustomization {
    public static final String FILE = OutputLayout.KUSTOMIZATION;

    private Kustomization() {
    }

    /** Writes {@value #FILE} into {@code folder}, listing its {@code *.k8s.yaml} files by name. */
    public static Path write(Path folder) {
        try {
            List<String> resources = OutputLayout.files(folder).stream()
                    .filter(f -> f.getNameCount() == 1 && f.toString().endsWith(OutputLayout.MANIFEST_SUFFIX))
                    .map(Path::toString).sorted().toList();
            if (resources.isEmpty()) {
                throw new IllegalStateException("synth wrote no manifests into " + folder + "; nothing to list in " + FILE);
            }
            return Files.writeString(folder.resolve(FILE), text(resources), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE + " into " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The text of {@value #FILE} listing {@code resources} (manifest names, in the order given). */
    public static String text(List<String> resources) {
        return OutputLayout.KUSTOMIZATION_HEADER
                + "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\n"
                + "resources:\n"
                + resources.stream().map(r -> "  - " + r + "\n").collect(Collectors.joining());
    }
}
