package io.datalayer.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySwapTest {
    @TempDir
    Path root;

    @Test
    void exchangesTwoFoldersInOneStepOnThisLinux() throws Exception {
        Path a = Files.createDirectories(root.resolve("a"));
        Path b = Files.createDirectories(root.resolve("b"));
        Files.writeString(a.resolve("f"), "from a");
        Files.writeString(b.resolve("f"), "from b");

        assertTrue(DirectorySwap.exchange(a, b), "renameat2(RENAME_EXCHANGE) is available here (Linux, glibc >= 2.28)");

        assertEquals("from b", Files.readString(a.resolve("f")));
        assertEquals("from a", Files.readString(b.resolve("f")));
    }
}
