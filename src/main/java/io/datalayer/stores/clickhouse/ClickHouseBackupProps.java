package io.datalayer.stores.clickhouse;

import io.datalayer.kit.Checks;
import io.datalayer.kit.StoreNames;
import java.util.Map;

/**
 * What {@link ClickHouseBackup} and {@link ClickHouseRestore} need of the server; the store record
 * passes it from its server construct. The shared settings (schedule, retention, claim, lock) are
 * {@link io.datalayer.backup.BackupSettings} and {@link io.datalayer.backup.RestoreSettings}, not
 * here.
 *
 * @param server          the server's names: its namespace, and its client Service ({@link StoreNames#host()})
 * @param image           the server's pinned image: its clickhouse-client matches the server, and it has
 *                        sh, flock and sha256sum for the run library
 * @param uid             the server's uid: the Job writes the run folder the server's BACKUP writes into,
 *                        and reads the archives the server wrote (at least 1)
 * @param nativePort      the server's native protocol port on its Service
 * @param serverPodLabels labels of the server's pod: the Jobs are placed on its node (required podAffinity),
 *                        since the backup claim is ReadWriteOnce and mounted in both
 * @param clientLabels    labels the server's NetworkPolicies admit clients by; the Jobs' pods carry them
 * @param disk            the server's disk whose root is the backup claim (its config.xml's
 *                        storage_configuration and backups.allowed_disk); letters, digits and _
 * @param login           the backup user: BACKUP, SELECT and SHOW on every database, and CREATE, DROP and
 *                        INSERT on the scratch databases {@code datalayer_scratch_*} the runs are proved in
 */
public record ClickHouseBackupProps(StoreNames server, String image, Integer uid, Integer nativePort,
                                    Map<String, String> serverPodLabels, Map<String, String> clientLabels, String disk,
                                    ClickHouseLogin login) {
    public ClickHouseBackupProps {
        if (server == null) {
            throw new IllegalArgumentException("ClickHouseBackupProps.server is missing; pass the server's StoreNames");
        }
        image = Checks.pinnedImage("ClickHouseBackupProps.image", image);
        if (uid == null) {
            throw new IllegalArgumentException("ClickHouseBackupProps.uid is missing; pass the server's uid");
        }
        uid = Checks.atLeast("ClickHouseBackupProps.uid", uid, 1);
        if (nativePort == null) {
            throw new IllegalArgumentException("ClickHouseBackupProps.nativePort is missing; pass the server's native port");
        }
        nativePort = Checks.port("ClickHouseBackupProps.nativePort", nativePort);
        serverPodLabels = Checks.labelSelector("ClickHouseBackupProps.serverPodLabels", serverPodLabels);
        clientLabels = Checks.labelSelector("ClickHouseBackupProps.clientLabels", clientLabels);
        disk = Checks.requireValue("ClickHouseBackupProps.disk", disk);
        if (!disk.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("ClickHouseBackupProps.disk \"" + disk
                    + "\" is not a plain disk name; use letters, digits and _ as in the server's storage_configuration");
        }
        if (login == null) {
            throw new IllegalArgumentException("ClickHouseBackupProps.login is missing; pass the backup user's ClickHouseLogin");
        }
    }
}
