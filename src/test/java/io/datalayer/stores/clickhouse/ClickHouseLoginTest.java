package io.datalayer.stores.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClickHouseLoginTest {
    @Test
    void aUserNameGoesIntoTheClientsXmlSoItMustBePlain() {
        assertEquals("ClickHouseLogin.user \"back up\" is not a plain user name; use letters, digits and _ (it goes into the"
                        + " client's XML config)",
                assertThrows(IllegalArgumentException.class, () -> new ClickHouseLogin("back up", "s", "k")).getMessage());
    }

    @Test
    void theKeyMustBeASecretKey() {
        assertEquals("ClickHouseLogin.key \"a/b\" is not a valid Secret key; use letters, digits, '-', '_' and '.'",
                assertThrows(IllegalArgumentException.class, () -> new ClickHouseLogin("backup", "s", "a/b")).getMessage());
    }
}
