package io.datalayer.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublisherTest {
    @TempDir
    Path root;

    @Test
    void replacesTheWholeFolder() throws IOException {
        Path staging = Files.createDirectories(root.resolve("staging"));
        Path dist = Files.createDirectories(root.resolve("dist"));
        Files.writeString(dist.resolve("old.k8s.yaml"), "old");
        Files.writeString(staging.resolve("new.k8s.yaml"), "new");
        Files.writeString(staging.resolve("notes.txt"), "not a manifest");

        List<Path> written = Publisher.publish(staging, dist);

        assertEquals(List.of(dist.toAbsolutePath().resolve("new.k8s.yaml")), written);
        assertEquals(List.of(dist.resolve("new.k8s.yaml")), Publisher.manifests(dist));
        assertEquals("new", Files.readString(dist.resolve("new.k8s.yaml")));
        assertFalse(Files.exists(dist.resolve("notes.txt")));
        assertFalse(Files.exists(root.resolve(".dist.previous")));
        assertFalse(Files.exists(root.resolve(".dist.next")));
    }

    @Test
    void createsDistWhenMissing() throws IOException {
        Path staging = Files.createDirectories(root.resolve("staging"));
        Files.writeString(staging.resolve("a.k8s.yaml"), "a");
        Publisher.publish(staging, root.resolve("dist"));
        assertEquals("a", Files.readString(root.resolve("dist/a.k8s.yaml")));
    }

    @Test
    void emptySynthLeavesDistAsItWas() throws IOException {
        Path staging = Files.createDirectories(root.resolve("staging"));
        Path dist = Files.createDirectories(root.resolve("dist"));
        Files.writeString(dist.resolve("kept.k8s.yaml"), "kept");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Publisher.publish(staging, dist));
        assertEquals("synth wrote no manifests into " + staging + "; dist/ is left as it was", e.getMessage());
        assertEquals("kept", Files.readString(dist.resolve("kept.k8s.yaml")));
    }

    @Test
    void publishesOneFolderPerEnvironmentAndDropsRetiredOnes() throws IOException {
        Path staging = Files.createDirectories(root.resolve("staging"));
        Path dist = Files.createDirectories(root.resolve("dist/retired"));
        Files.writeString(dist.resolve("data-layer.k8s.yaml"), "retired");
        for (String env : List.of("prod", "dev")) {
            Files.createDirectories(staging.resolve(env));
            Files.writeString(staging.resolve(env).resolve("data-layer.k8s.yaml"), env);
            Files.writeString(staging.resolve(env).resolve("kustomization.yaml"), "k-" + env);
        }

        List<Path> written = Publisher.publish(staging, root.resolve("dist"));

        Path out = root.resolve("dist").toAbsolutePath();
        assertEquals(List.of(out.resolve("dev/data-layer.k8s.yaml"), out.resolve("dev/kustomization.yaml"),
                out.resolve("prod/data-layer.k8s.yaml"), out.resolve("prod/kustomization.yaml")), written);
        assertEquals("dev", Files.readString(out.resolve("dev/data-layer.k8s.yaml")));
        assertEquals("k-prod", Files.readString(out.resolve("prod/kustomization.yaml")));
        assertFalse(Files.exists(out.resolve("retired")));
    }

    @Test
    void clearEmptiesAStagingFolderTree() throws IOException {
        Path staging = Files.createDirectories(root.resolve("staging/old-env"));
        Files.writeString(staging.resolve("x.k8s.yaml"), "x");
        Files.writeString(root.resolve("staging/y.k8s.yaml"), "y");
        Publisher.clear(root.resolve("staging"));
        assertEquals(List.of(), Publisher.tree(root.resolve("staging")));
        assertTrue(Files.isDirectory(root.resolve("staging")));
    }
}
