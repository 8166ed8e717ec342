package io.datalayer.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VaultModeTest {
    @Test
    void parsesTheThreeModesAndDefaultsToAuto() {
        assertEquals(VaultMode.AUTO, VaultMode.parse(null));
        assertEquals(VaultMode.AUTO, VaultMode.parse(" "));
        assertEquals(VaultMode.AUTO, VaultMode.parse("auto"));
        assertEquals(VaultMode.REQUIRED, VaultMode.parse("REQUIRED"));
        assertEquals(VaultMode.OFF, VaultMode.parse(" off "));
    }

    @Test
    void rejectsAnythingElse() {
        VaultCheckException e = assertThrows(VaultCheckException.class, () -> VaultMode.parse("maybe"));
        assertEquals("DATALAYER_VAULT=\"maybe\" is not one of auto, required, off", e.getMessage());
        assertEquals(VaultCheckException.Reason.SETTINGS, e.reason());
    }
}
