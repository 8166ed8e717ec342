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
    void eachEnvironmentHasItsOwnBackupSizesAndRetention() {
        ClickHouseStore prod = Environments.prod().store(ClickHouseStore.class);
        ClickHouseStore dev = Environments.dev().store(ClickHouseStore.class);
        assertEquals(List.of(7, "60Gi", "512Mi", "512Mi"), List.of(prod.backup().retention(), prod.backup().storage().size(),
                prod.backup().resources().memoryLimit(), prod.restore().resources().memoryLimit()));
        assertEquals(List.of(3, "10Gi", "512Mi", "512Mi"), List.of(dev.backup().retention(), dev.backup().storage().size(),
                dev.backup().resources().memoryLimit(), dev.restore().resources().memoryLimit()));
        assertEquals(List.of("clickhouse-backup", "15 3 * * *", "clickhouse-restore"),
                List.of(prod.backup().name(), prod.backup().schedule(), prod.restore().name()));
    }

    @Test
    void prodDrillsNightlyAfterTheBackupAndDevsDrillIsSuspended() {
        ClickHouseStore prod = Environments.prod().store(ClickHouseStore.class);
        ClickHouseStore dev = Environments.dev().store(ClickHouseStore.class);
        // The backup's 03:15 start plus its 2-hour deadline plus the 15-minute margin.
        assertEquals(List.of("clickhouse-drill", true, "30 5 * * *", "20Gi", "2Gi", 10800),
                List.of(prod.drill().name(), prod.drill().scheduled(), prod.drill().after(prod.backup()).schedule(),
                        prod.drill().dataSize(), prod.drill().resources().memoryLimit(), prod.drill().activeDeadlineSeconds()));
        assertEquals(List.of("clickhouse-drill", false, "5Gi", "1Gi"),
                List.of(dev.drill().name(), dev.drill().scheduled(), dev.drill().dataSize(), dev.drill().resources().memoryLimit()));
        assertEquals(prod.drill(), prod.toBuilder().build().drill());
    }

    @Test
    void theServerTheBackupAndTheRestoreAreRequired() {
        ClickHouseStore prod = Environments.prod().store(ClickHouseStore.class);
        assertEquals("ClickHouseStore.server is not set; give the ClickHouseProps of the environment",
                assertThrows(IllegalArgumentException.class, () -> ClickHouseStore.of(null, prod.backup(), prod.restore())).getMessage());
        assertEquals("ClickHouseStore.backup is not set; start from ClickHouseStore.backupSettings()",
                assertThrows(IllegalArgumentException.class, () -> ClickHouseStore.of(prod.server(), null, prod.restore())).getMessage());
        assertEquals("ClickHouseStore.restore is not set; start from ClickHouseStore.restoreSettings()",
                assertThrows(IllegalArgumentException.class, () -> ClickHouseStore.of(prod.server(), prod.backup(), null)).getMessage());
    }
}
