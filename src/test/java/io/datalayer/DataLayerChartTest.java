package io.datalayer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import au.com.origin.snapshots.Expect;
import au.com.origin.snapshots.annotations.UseSnapshotConfig;
import au.com.origin.snapshots.junit5.SnapshotExtension;
import io.datalayer.config.DataLayerConfig;
import io.datalayer.namespace.DataNamespaceProps;
import io.datalayer.postgres.PostgresBackupProps;
import io.datalayer.postgres.PostgresProps;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.SnapshotSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The whole layer as it lands in dist/: one snapshot, and byte-identical output from repeated synths. */
@ExtendWith(SnapshotExtension.class)
@UseSnapshotConfig(SnapshotSettings.class)
class DataLayerChartTest {
    private Expect expect;

    @Test
    void chartSnapshot(@TempDir Path out) throws IOException {
        Main.synth(Environments.prod(), out);
        expect.toMatchSnapshot(Files.readString(out.resolve(DataLayerChart.ID + ".k8s.yaml")));
    }

    @Test
    void twoSynthsAreByteIdentical(@TempDir Path first, @TempDir Path second) throws IOException {
        Main.synth(Environments.prod(), first);
        Main.synth(Environments.prod(), second);
        String file = DataLayerChart.ID + ".k8s.yaml";
        assertArrayEquals(Files.readAllBytes(first.resolve(file)), Files.readAllBytes(second.resolve(file)));
    }

    @Test
    void backupAndRestoreComeWithTheServer(@TempDir Path out) throws IOException {
        DataLayerConfig config = Environments.prod()
                .withBackup(Environments.prod().backup().toBuilder().schedule("0 4 * * *").retention(14).build());
        Main.synth(config, out);
        Manifests m = Manifests.of(Files.readString(out.resolve(DataLayerChart.ID + ".k8s.yaml")));
        assertEquals("0 4 * * *", m.get("CronJob", "postgresql-backup").at("spec.schedule").string());
        assertEquals(true, m.get("CronJob", "postgresql-restore").at("spec.suspend").value());
        assertEquals("postgresql-backups", m.get("PersistentVolumeClaim", "postgresql-backups").at("metadata.name").string());
    }

    @Test
    void everyPartOfAnEnvironmentIsSet() {
        assertEquals("DataLayerConfig.backup is not set; every environment sets it (see Environments)",
                assertThrows(IllegalArgumentException.class, () -> Environments.prod().toBuilder().backup(null).build())
                        .getMessage());
    }
}
