package io.datalayer.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KustomizationTest {
    @Test
    void listsTheFoldersManifestsByName(@TempDir Path env) throws IOException {
        Files.writeString(env.resolve("redis.k8s.yaml"), "");
        Files.writeString(env.resolve("data-layer.k8s.yaml"), "");
        Files.writeString(env.resolve("notes.txt"), "");

        Path file = Kustomization.write(env);

        assertEquals(env.resolve("kustomization.yaml"), file);
        assertEquals("# Written by synth (io.datalayer.publish.Kustomization): every manifest of this environment.\n"
                + "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\n"
                + "resources:\n"
                + "  - data-layer.k8s.yaml\n"
                + "  - redis.k8s.yaml\n", Files.readString(file));
        // Written again over itself, it still lists only the manifests.
        assertEquals(Files.readString(file), Files.readString(Kustomization.write(env)));
    }

    @Test
    void aFolderWithoutManifestsIsAnError(@TempDir Path env) {
        assertEquals("synth wrote no manifests into " + env + "; nothing to list in kustomization.yaml",
                assertThrows(IllegalStateException.class, () -> Kustomization.write(env)).getMessage());
    }
}
