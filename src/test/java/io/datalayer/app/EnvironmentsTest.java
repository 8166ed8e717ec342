package io.datalayer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.config.DataLayerConfig;
import io.datalayer.kit.Checks;
import io.datalayer.stores.postgres.PostgresStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentsTest {
    @Test
    void prodThenDevEachWithAFolderName() {
        assertEquals(List.of("prod", "dev"), List.copyOf(Environments.all().keySet()));
        Environments.all().keySet().forEach(name -> Checks.dnsLabel("environment", name));
    }

    @Test
    void devIsSmallerWithShorterRetentionAndItsOwnVault() {
        DataLayerConfig prod = Environments.prod();
        DataLayerConfig dev = Environments.dev();
        assertTrue(dev.store(PostgresStore.class).backup().retention() < prod.store(PostgresStore.class).backup().retention());
        assertTrue(bytes(dev.store(PostgresStore.class).server().storage().size()) < bytes(prod.store(PostgresStore.class).server().storage().size()));
        assertTrue(bytes(dev.store(PostgresStore.class).backup().storage().size()) < bytes(prod.store(PostgresStore.class).backup().storage().size()));
        assertTrue(bytes(dev.store(PostgresStore.class).server().resources().memoryLimit()) < bytes(prod.store(PostgresStore.class).server().resources().memoryLimit()));
        assertNotEquals(prod.secretStore().connection().server(), dev.secretStore().connection().server());
        assertNotEquals(prod.secretStore().connection().role(), dev.secretStore().connection().role());
    }

    @Test
    void prodIsWhatThePlatformRunsToday() {
        DataLayerConfig prod = Environments.prod();
        assertEquals("data", prod.namespace().name());
        assertEquals("10Gi", prod.store(PostgresStore.class).server().storage().size());
        assertEquals(7, prod.store(PostgresStore.class).backup().retention());
        assertEquals("http://vault.platform.svc:8200", prod.secretStore().connection().server());
        assertEquals("data-layer", prod.secretStore().connection().role());
    }

    /** Binary-suffixed quantities only (what the environments use), in bytes. */
    private static long bytes(String quantity) {
        long n = Long.parseLong(quantity.replaceAll("[A-Za-z]+$", ""));
        return switch (quantity.replaceAll("^\\d+", "")) {
            case "Mi" -> n << 20;
            case "Gi" -> n << 30;
            default -> throw new IllegalArgumentException(quantity);
        };
    }
}
