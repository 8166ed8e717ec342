package io.datalayer.stores.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.testing.Manifests;
import org.junit.jupiter.api.Test;

class ClickHouseRestoreTest {
    @Test
    void theRestoreNeedsItsOwnNameAndALogin() {
        assertEquals("RestoreSettings.name \"clickhouse-backup\" is the backup CronJob's name; give the restore its own name",
                assertThrows(IllegalArgumentException.class, () -> Manifests.of(c -> new ClickHouseRestore(c, "r",
                        new ClickHouseBackup(c, "b", ClickHouseBackupFixture.props(), ClickHouseBackupFixture.backupSettings(), null),
                        ClickHouseBackupFixture.restoreSettings().toBuilder().name("clickhouse-backup").build(),
                        ClickHouseBackupFixture.ADMIN_LOGIN))).getMessage());
        assertEquals("ClickHouseRestore login is missing; pass the ClickHouseLogin of a user that may create, rename and drop"
                        + " databases (the store's admin)",
                assertThrows(IllegalArgumentException.class, () -> Manifests.of(c -> new ClickHouseRestore(c, "r",
                        new ClickHouseBackup(c, "b", ClickHouseBackupFixture.props(), ClickHouseBackupFixture.backupSettings(), null),
                        ClickHouseBackupFixture.restoreSettings(), null))).getMessage());
    }

    @Test
    void theRestoreIsSuspendedAndRunsBesideTheServer() {
        Manifests m = Manifests.of(c -> new ClickHouseRestore(c, "r",
                new ClickHouseBackup(c, "b", ClickHouseBackupFixture.props(), ClickHouseBackupFixture.backupSettings(), null),
                ClickHouseBackupFixture.restoreSettings(), ClickHouseBackupFixture.ADMIN_LOGIN));
        assertEquals(true, m.get("CronJob", "clickhouse-restore").at("spec.suspend").value());
        assertEquals("kubernetes.io/hostname", m.get("CronJob", "clickhouse-restore")
                .at("spec.jobTemplate.spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey")
                .string());
    }
}
