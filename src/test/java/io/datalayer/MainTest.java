package io.datalayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.config.DataLayerConfig;
import io.datalayer.postgres.PostgresProps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        assertEquals(0, Main.run(env(), err, DataLayerConfig::defaults));
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

        int code = Main.run(env(), err, () -> new DataLayerConfig(
                io.datalayer.namespace.DataNamespaceProps.defaults(), PostgresProps.builder().storageSize("10GB").build()));

        assertEquals(1, code);
        assertEquals("previous output\n", Files.readString(dist.resolve("data-layer.k8s.yaml")));
        assertEquals(1, Files.list(dist).count());
        assertEquals("data-layer: synth failed, dist/ left unchanged: PostgresProps.storageSize \"10GB\" is not a"
                + " Kubernetes quantity; use 10Gi\n", errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void staleStagingFilesAreNotPublished() throws IOException {
        Path staging = Files.createDirectories(root.resolve("staging"));
        Files.writeString(staging.resolve("left-over.k8s.yaml"), "kind: Secret\n");
        assertEquals(0, Main.run(env(), err, DataLayerConfig::defaults));
        assertTrue(Files.notExists(root.resolve("dist/left-over.k8s.yaml")));
    }

    private Map<String, String> env(String dist) {
        return Map.of("CDK8S_OUTDIR", root.resolve("staging").toString(), "DATALAYER_DIST", dist);
    }

    private static DataLayerConfig with(PostgresProps postgres) {
        return new DataLayerConfig(io.datalayer.namespace.DataNamespaceProps.defaults(), postgres);
    }

    @Test
    void withoutVaultALiteralCredentialIsNotPublished() throws IOException {
        int code = Main.run(env(), err, () -> with(PostgresProps.builder()
                .parameters(Map.of("app.password", "hunter2hunter2")).build()));

        assertEquals(1, code);
        String out = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.endsWith("data-layer: synth failed, dist/ left unchanged: the output breaks 1 rule:\n"
                + "  data-layer.k8s.yaml: ConfigMap/postgresql-config: credential-literal: data.postgresql.conf holds a"
                + " password setting (password=...); credentials reach the cluster through an ExternalSecret, never as a"
                + " literal in dist/\n"), out);
        assertFalse(out.contains("hunter2"));
        assertTrue(Files.notExists(root.resolve("dist")));
        assertTrue(Files.notExists(root.resolve("staging/data-layer.k8s.yaml")), "refused output is not left on disk");
    }

    @Test
    void whatTheClusterWouldRefuseIsNotPublished() throws IOException {
        Path dist = Files.createDirectories(root.resolve("dist"));
        Files.writeString(dist.resolve("data-layer.k8s.yaml"), "previous output\n");
        for (PostgresProps bad : List.of(PostgresProps.builder().storageSize("-10Gi").build(),
                PostgresProps.builder().storageSize("0").build(),
                PostgresProps.builder().cpuRequest("-1").build(),
                PostgresProps.builder().memoryRequest("2Gi").memoryLimit("1Gi").build(),
                PostgresProps.builder().sharedMemorySize("2Gi").memoryLimit("1Gi").build(),
                PostgresProps.builder().parameters(Map.of("shared_buffers", "2GB")).build(),
                PostgresProps.builder().parameters(Map.of("work_mem", "4M")).build())) {
            errBytes.reset();
            int code;
            try {
                code = Main.run(env(), err, () -> with(bad));
            } catch (IllegalArgumentException e) {
                continue; // the props themselves refuse it: also never published
            }
            assertEquals(1, code, bad.toString());
            String out = errBytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("\ndata-layer: synth failed, dist/ left unchanged:"), out);
            assertEquals("previous output\n", Files.readString(dist.resolve("data-layer.k8s.yaml")));
        }
    }

    @Test
    void distThatHoldsOtherFilesIsRefusedAndKept() throws IOException {
        Path dist = Files.createDirectories(root.resolve("mine"));
        Files.writeString(dist.resolve("thesis.tex"), "years of work");

        assertEquals(1, Main.run(env(dist.toString()), err, DataLayerConfig::defaults));

        assertEquals("years of work", Files.readString(dist.resolve("thesis.tex")));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).endsWith("data-layer: synth failed, dist/ left unchanged:"
                + " DATALAYER_DIST=" + dist + " holds thesis.tex, which synth does not write; synth replaces the whole"
                + " folder: move that away or point DATALAYER_DIST at a folder of its own\n"));
    }

    /** The case that wiped a clone: bin/app run inside a scratch clone with DATALAYER_DIST=. */
    @Test
    void distDotInAScratchCloneIsRefusedAndTheCloneKept() throws Exception {
        Path clone = root.resolve("clone");
        assertEquals(0, new ProcessBuilder("git", "clone", "-q", Path.of("").toAbsolutePath().toString(), clone.toString())
                .redirectErrorStream(true).start().waitFor());
        ProcessBuilder pb = new ProcessBuilder(Path.of("bin/app").toAbsolutePath().toString()).directory(clone.toFile())
                .redirectErrorStream(true);
        pb.environment().put("DATALAYER_DIST", ".");
        pb.environment().put("CDK8S_OUTDIR", clone.resolve("target/synth").toString());
        Process app = pb.start();
        String out = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, app.waitFor(), out);
        assertTrue(out.contains("data-layer: synth failed, dist/ left unchanged: DATALAYER_DIST=. is the working directory"
                + " or one of its parents"), out);
        Process status = new ProcessBuilder("git", "status", "--porcelain", "--ignored=no").directory(clone.toFile()).start();
        assertEquals("", new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8), "the clone is intact");
    }

    @Test
    void aFailingSynthPutsBackWhatAKilledFallbackPublishLeftAside() throws IOException {
        Path aside = Files.createDirectories(root.resolve(".dist.synth-previous"));
        Files.writeString(aside.resolve("data-layer.k8s.yaml"), "previous output\n");

        int code = Main.run(env(), err, () -> with(PostgresProps.builder().storageSize("10GB").build()));

        assertEquals(1, code);
        assertEquals("previous output\n", Files.readString(root.resolve("dist/data-layer.k8s.yaml")));
        assertTrue(Files.notExists(aside));
    }
}
