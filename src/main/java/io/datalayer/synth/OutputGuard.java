package io.datalayer.synth;

import io.datalayer.vault.Fingerprints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The last check before synthesized YAML is published: secrets reach the cluster through ESO, never
 * through {@code dist/}. It refuses any {@code kind: Secret} that carries {@code data} or
 * {@code stringData}, and any file that contains a value the Vault lookup saw (or its base64
 * form). Findings name the file, the Secret or the Vault key, never the value.
 */
public final class OutputGuard {
    private OutputGuard() {
    }

    /**
     * Checks every {@code *.yaml} file directly in {@code dir}.
     *
     * @throws IllegalStateException on the first finding
     */
    public static void check(Path dir, Fingerprints fingerprints) {
        try {
            for (Path file : Publisher.manifests(dir)) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                checkSecrets(file, text);
                Optional<String> leak = fingerprints.findIn(text);
                if (leak.isPresent()) {
                    throw new IllegalStateException(file.getFileName() + " contains the value of " + leak.get()
                            + " read from Vault; secret values must reach the cluster through an ExternalSecret,"
                            + " find what copies it into a manifest");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the synthesized manifests in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void checkSecrets(Path file, String text) {
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(text)) {
            if (doc instanceof Map<?, ?> object && "Secret".equals(object.get("kind"))
                    && (object.containsKey("data") || object.containsKey("stringData"))) {
                Object metadata = object.get("metadata");
                Object name = metadata instanceof Map<?, ?> m ? m.get("name") : null;
                List<String> fields = object.keySet().stream().map(String::valueOf)
                        .filter(k -> k.equals("data") || k.equals("stringData")).sorted().toList();
                throw new IllegalStateException(file.getFileName() + " holds Secret \"" + name + "\" with "
                        + String.join(" and ", fields) + "; secrets must not be written to dist/: declare a"
                        + " SecretRequirement and a VaultExternalSecret so ESO creates the Secret in the cluster");
            }
        }
    }
}
