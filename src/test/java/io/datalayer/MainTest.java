package io.datalayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.config.DataLayerConfig;
import io.datalayer.k8s.Storage;
import io.datalayer.postgres.PostgresProps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path root;
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private Map<String, String> env() {
        return Map.of("CDK8S_OUTDIR", root.resolve("staging").toString(), "DATALAYER_DIST", root.resolve("dist").toString());
    }

    @Test
    void publishesTheCheckedSynthToDist() throws IOException {
        assertEquals(0, Main.run(env(), err, Environments::prod));
        String file = DataLayerChart.ID + ".k8s.yaml";
        assertEquals(Files.readString(root.resolve("staging").resolve(file)), Files.readString(root.resolve("dist").resolve(file)));
        assertEquals("data-layer: VAULT_ADDR is not set, so the Vault references (secret/data/postgres) are unverified;"
                + " set VAULT_ADDR to check them, or DATALAYER_VAULT=required to make this an error\n"
                + "data-layer: published 1 manifest file(s) to " + root.resolve("dist") + "\n", errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void failedSynthLeavesDistUntouched() throws IOException {
        Path dist = Files.createDirectories(root.resolve("dist"));
        Files.writeString(dist.resolve("data-layer.k8s.yaml"), "previous output\n");

        int code = Main.run(env(), err, () -> Environments.prod().withPostgres(
                Environments.prod().postgres().toBuilder().storage(Storage.of("10GB", "local-path")).build()));

        assertEquals(1, code);
        assertEquals("previous output\n", Files.readString(dist.resolve("data-layer.k8s.yaml")));
        assertEquals(1, Files.list(dist).count());
        assertEquals("data-layer: synth failed, dist/ left unchanged: PostgresProps.storage.size \"10GB\" is not a"
                + " Kubernetes quantity; use 10Gi\n", errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void staleStagingFilesAreNotPublished() throws IOException {
        Path staging = Files.createDirectories(root.resolve("staging"));
        Files.writeString(staging.resolve("left-over.k8s.yaml"), "kind: Secret\n");
        assertEquals(0, Main.run(env(), err, Environments::prod));
        assertTrue(Files.notExists(root.resolve("dist/left-over.k8s.yaml")));
    }
}
