package io.datalayer.stores.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.kit.Labels;
import io.datalayer.kit.StoreNames;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickHouseBackupPropsTest {
    @Test
    void propsErrorsNameThePropertyAndTheFix() {
        assertEquals("ClickHouseBackupProps.disk \"my-disk\" is not a plain disk name; use letters, digits and _ as in the"
                        + " server's storage_configuration",
                assertThrows(IllegalArgumentException.class, () -> new ClickHouseBackupProps(new StoreNames("clickhouse", "data"),
                        "clickhouse/clickhouse-server:26.8", 101, 9000, Labels.selector("clickhouse"), Map.of("a", "b"), "my-disk",
                        ClickHouseBackupFixture.BACKUP_LOGIN)).getMessage());
        assertEquals("ClickHouseBackupProps.serverPodLabels is empty, which would select every pod; set at least one label",
                assertThrows(IllegalArgumentException.class, () -> new ClickHouseBackupProps(new StoreNames("clickhouse", "data"),
                        "clickhouse/clickhouse-server:26.8", 101, 9000, Map.of(), Map.of("a", "b"), "backups",
                        ClickHouseBackupFixture.BACKUP_LOGIN)).getMessage());
        assertEquals("ClickHouseBackupProps.login is missing; pass the backup user's ClickHouseLogin",
                assertThrows(IllegalArgumentException.class, () -> new ClickHouseBackupProps(new StoreNames("clickhouse", "data"),
                        "clickhouse/clickhouse-server:26.8", 101, 9000, Labels.selector("clickhouse"), Map.of("a", "b"), "backups",
                        null)).getMessage());
    }

    @Test
    void theFixtureHoldsTheEffectiveValues() {
        ClickHouseBackupProps p = ClickHouseBackupFixture.props();
        assertEquals("clickhouse.data.svc.cluster.local", p.server().host());
        assertEquals(Labels.selector("clickhouse"), p.serverPodLabels());
    }
}
