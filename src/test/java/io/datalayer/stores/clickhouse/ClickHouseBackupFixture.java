package io.datalayer.stores.clickhouse;

import io.datalayer.backup.BackupSettings;
import io.datalayer.backup.Offsite;
import io.datalayer.backup.RestoreSettings;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.monitoring.MonitoringProps;
import software.constructs.Construct;

/**
 * The test chart's inputs: a ClickHouse server with the backup claim mounted (as the store record
 * builds it) and settings started from the store's builders.
 */
final class ClickHouseBackupFixture {
    private ClickHouseBackupFixture() {
    }

    static ClickHouseProps serverProps() {
        return ClickHouseProps.builder().storage(Storage.of("5Gi", "local-path")).resources(new Resources("100m", "512Mi", "1", "1Gi"))
                .build();
    }

    /** The server, mounting the claim of {@link #backupSettings()}, as {@link ClickHouseStore#build} makes it. */
    static ClickHouse server(Construct chart) {
        return new ClickHouse(chart, "clickhouse", serverProps(), MonitoringProps.off(), backupSettings().claimName());
    }

    /** The server and its backup, without off-site copies when {@code offsite} is null. */
    static ClickHouseBackup backup(Construct chart, Offsite offsite) {
        return new ClickHouseBackup(chart, "clickhouse-backup", server(chart), backupSettings(), offsite);
    }

    /** The server, its backup and the restore. */
    static ClickHouseRestore backupAndRestore(Construct chart, Offsite offsite) {
        return new ClickHouseRestore(chart, "clickhouse-restore", backup(chart, offsite), restoreSettings());
    }

    static BackupSettings backupSettings() {
        return ClickHouseStore.backupSettings().retention(7).storage(Storage.of("20Gi", "local-path"))
                .resources(new Resources("100m", "64Mi", "1", "256Mi")).build();
    }

    static RestoreSettings restoreSettings() {
        return ClickHouseStore.restoreSettings().resources(new Resources("100m", "64Mi", "1", "256Mi")).build();
    }
}
