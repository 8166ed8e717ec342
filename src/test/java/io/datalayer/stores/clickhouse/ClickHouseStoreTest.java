package io.datalayer.stores.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.app.Environments;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ClickHouse as a store: its part of the Store contract and its place in each environment. */
class ClickHouseStoreTest {
    @Test
    void isAStoreNamedClickhouseWithItsDocsPage() {
        ClickHouseStore store = Environments.prod().store(ClickHouseStore.class);
        assertEquals("clickhouse", store.name());
        assertEquals("docs/stores/clickhouse.md", store.docsPage());
        assertEquals(List.of(), store.rules());
    }

    @Test
    void eachEnvironmentHasItsOwnSizes() {
        ClickHouseProps prod = Environments.prod().store(ClickHouseStore.class).server();
        ClickHouseProps dev = Environments.dev().store(ClickHouseStore.class).server();
        assertEquals(List.of("20Gi", "4Gi"), List.of(prod.storage().size(), prod.resources().memoryLimit()));
        assertEquals(List.of("5Gi", "1Gi"), List.of(dev.storage().size(), dev.resources().memoryLimit()));
    }

    @Test
    void theServerIsRequired() {
        assertEquals("ClickHouseStore.server is not set; give the ClickHouseProps of the environment",
                assertThrows(IllegalArgumentException.class, () -> ClickHouseStore.of(null)).getMessage());
    }
}
