package io.datalayer.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
    @Test
    void readsEveryObjectOfEveryYamlFileInAStableOrder(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("b.k8s.yaml"), "kind: ConfigMap\nmetadata: {name: b, namespace: data}\n---\n---\nkind: Namespace\nmetadata: {name: data}\n");
        Files.writeString(dir.resolve("a.yml"), "kind: Service\nmetadata: {name: a}\n");
        Files.writeString(dir.resolve("sub/c.yaml"), "kind: Pod\nmetadata: {name: c}\n");
        Files.writeString(dir.resolve("notes.txt"), "kind: Secret\n");

        List<Manifest> all = Manifest.readAll(dir);

        assertEquals(List.of("Service/a", "ConfigMap/b", "Namespace/data", "Pod/c"), all.stream().map(Manifest::ref).toList());
        assertEquals(dir.resolve("b.k8s.yaml").toString(), all.get(1).file());
        assertEquals("data", all.get(1).namespace());
        assertNull(all.get(2).namespace());
    }

    @Test
    void aDocumentThatIsNotAMappingIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Manifest.parse("x.yaml", "- a\n- b\n"));
        assertEquals("x.yaml: a document is not a mapping", e.getMessage()); // never echoes content (it may be secret)
    }

    @Test
    void itemsOfAListAreObjectsOfTheirOwn() {
        List<Manifest> all = Manifest.parse("l.yaml", "apiVersion: v1\nkind: List\nitems:\n- kind: Secret\n  metadata: {name: s}\n"
                + "- kind: ConfigMapList\n  items: [{kind: ConfigMap, metadata: {name: c}}]\n");
        assertEquals(List.of("Secret/s", "ConfigMap/c"), all.stream().map(Manifest::ref).toList());
    }

    @Test
    void duplicateKeysAreAnError() {
        assertThrows(RuntimeException.class, () -> Manifest.parse("d.yaml", "kind: ConfigMap\ndata: {a: x, a: y}\n"));
    }
}
