package io.datalayer.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingTest {
    @TempDir
    Path root;

    @Test
    void eachSynthGetsAFreshOwnerOnlyFolderThatIsRemovedWithWhatItHolds() throws IOException {
        Path tmp = root.resolve("tmp");
        try (Staging a = Staging.create(tmp, root.resolve("dist")); Staging b = Staging.create(tmp, root.resolve("dist"))) {
            assertNotEquals(a.dir(), b.dir());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.dir())));
            Files.createDirectories(a.dir().resolve("prod"));
            Files.writeString(a.dir().resolve("prod/data-layer.k8s.yaml"), "kind: ConfigMap\n");
            assertEquals(Optional.empty(), a.remove());
            assertTrue(Files.notExists(a.dir()));
            assertTrue(Files.isDirectory(b.dir()), "the other synth's folder is untouched");
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void refusesToStageInsideDist() {
        Path dist = root.resolve("dist");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Staging.create(dist.resolve("tmp"), dist));
        assertTrue(e.getMessage().startsWith("the staging folder " + dist.resolve("tmp")), e.getMessage());
        assertTrue(e.getMessage().endsWith("; point DATALAYER_DIST at a folder outside java.io.tmpdir (" + dist.resolve("tmp") + ")"),
                e.getMessage());
        assertTrue(Files.notExists(dist.resolve("tmp")) || isEmpty(dist.resolve("tmp")), "the refused folder is removed");
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
