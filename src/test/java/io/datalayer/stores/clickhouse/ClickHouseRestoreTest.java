package io.datalayer.stores.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import org.junit.jupiter.api.Test;

class ClickHouseRestoreTest {
    @Test
    void theRestoreNeedsItsOwnName() {
        assertEquals("RestoreSettings.name \"clickhouse-backup\" is the backup CronJob's name; give the restore its own name",
                assertThrows(IllegalArgumentException.class, () -> Manifests.of(c -> new ClickHouseRestore(c, "r",
                        ClickHouseBackupFixture.backup(c, null),
                        ClickHouseBackupFixture.restoreSettings().toBuilder().name("clickhouse-backup").build()))).getMessage());
    }

    @Test
    void theRestoreIsSuspendedRunsBesideTheServerAndLogsInAsTheAdmin() {
        Manifests m = Manifests.of(c -> ClickHouseBackupFixture.backupAndRestore(c, null));
        Node pod = m.get("CronJob", "clickhouse-restore").at("spec.jobTemplate.spec.template.spec");
        assertEquals(true, m.get("CronJob", "clickhouse-restore").at("spec.suspend").value());
        assertEquals("kubernetes.io/hostname",
                pod.at("affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey").string());
        assertEquals("admin", pod.at("containers[0].env[name=CLICKHOUSE_USER].value").string());
        assertEquals("/etc/clickhouse-login/admin-password", pod.at("containers[0].env[name=CLICKHOUSE_PASSWORD_FILE].value").string());
        assertEquals("clickhouse-users", pod.at("volumes[name=login-password].secret.secretName").string());
    }
}
