package io.datalayer.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigFilesTest {
    @Test
    void hashChangesWithEitherFileAndWithTextMovedBetweenThem() {
        String base = ConfigFiles.sha256("a", "b");
        assertEquals(base, ConfigFiles.sha256("a", "b"));
        assertNotEquals(base, ConfigFiles.sha256("a", "c"));
        assertNotEquals(base, ConfigFiles.sha256("ab", ""));
        assertEquals(Map.of("data-layer/config-sha256", base), ConfigFiles.hashAnnotation("a", "b"));
    }
}
