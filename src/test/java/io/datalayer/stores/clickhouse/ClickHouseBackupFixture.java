package io.datalayer.stores.clickhouse;

import io.datalayer.backup.BackupSettings;
import io.datalayer.backup.RestoreSettings;
import io.datalayer.kit.Labels;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.kit.StoreNames;
import java.util.Map;

/**
 * The test chart's inputs: what the store record passes to the backup constructs from its server
 * (sample values standing in for the server construct, which another change adds) and settings
 * started from the store's builders.
 */
final class ClickHouseBackupFixture {
    static final ClickHouseLogin BACKUP_LOGIN = new ClickHouseLogin("backup", "clickhouse-users", "backup-password");
    static final ClickHouseLogin ADMIN_LOGIN = new ClickHouseLogin("admin", "clickhouse-users", "admin-password");

    private ClickHouseBackupFixture() {
    }

    static ClickHouseBackupProps props() {
        return new ClickHouseBackupProps(new StoreNames("clickhouse", "data"), "clickhouse/clickhouse-server:26.8", 101, 9000,
                Labels.selector("clickhouse"), Map.of("clickhouse-client", "true"), "backups", BACKUP_LOGIN);
    }

    static BackupSettings backupSettings() {
        return ClickHouseBackup.backupSettings().retention(7).storage(Storage.of("20Gi", "local-path"))
                .resources(new Resources("100m", "64Mi", "1", "256Mi")).build();
    }

    static RestoreSettings restoreSettings() {
        return ClickHouseBackup.restoreSettings().resources(new Resources("100m", "64Mi", "1", "256Mi")).build();
    }
}
