package io.datalayer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.config.DataLayerConfig;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.stores.postgres.PostgresProps;
import io.datalayer.stores.postgres.PostgresStore;
import io.datalayer.testing.Manifests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
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

    private List<String> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted().toList();
        }
    }

    @Test
    void publishesEveryEnvironmentToItsOwnFolder() throws IOException {
        assertEquals(0, Main.run(env(), err, Environments.all()));

        Path dist = root.resolve("dist");
        assertEquals(List.of("dev/data-layer.k8s.yaml", "dev/kustomization.yaml", "prod/data-layer.k8s.yaml",
                "prod/kustomization.yaml"), files(dist));
        for (String environment : List.of("prod", "dev")) {
            assertEquals(Files.readString(root.resolve("staging").resolve(environment).resolve("data-layer.k8s.yaml")),
                    Files.readString(dist.resolve(environment).resolve("data-layer.k8s.yaml")));
        }
        String references = "(secret/data/backup-s3, secret/data/postgres, secret/data/redis, secret/data/redis-app)";
        // prod has monitoring on: its exporters' secrets are read too.
        String prodReferences = "(secret/data/backup-s3, secret/data/postgres, secret/data/postgres-monitoring, secret/data/redis,"
                + " secret/data/redis-app, secret/data/redis-monitoring)";
        assertEquals("data-layer: prod: VAULT_ADDR is not set, so the Vault references " + prodReferences + " are unverified;"
                + " set VAULT_ADDR to check them, or DATALAYER_VAULT=required to make this an error\n"
                + "data-layer: dev: VAULT_ADDR is not set, so the Vault references " + references + " are unverified;"
                + " set VAULT_ADDR to check them, or DATALAYER_VAULT=required to make this an error\n"
                + "data-layer: published prod, dev to " + dist + "\n", errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void eachEnvironmentIsItsOwnChart() throws IOException {
        assertEquals(0, Main.run(env(), err, Environments.all()));
        Manifests prod = Manifests.of(Files.readString(root.resolve("dist/prod/data-layer.k8s.yaml")));
        Manifests dev = Manifests.of(Files.readString(root.resolve("dist/dev/data-layer.k8s.yaml")));
        // The same objects, less monitoring, which dev switches off (no prometheus-operator there).
        List<String> prodWithoutMonitoring = prod.kindsAndNames().stream().filter(o -> !o.contains("exporter")
                && !o.contains("monitoring") && !o.startsWith("PrometheusRule/")).toList();
        assertEquals(prodWithoutMonitoring, dev.kindsAndNames());
        assertEquals("http://vault-dev.platform.svc:8200", dev.get("SecretStore", "vault").at("spec.provider.vault.server").string());
        assertEquals("data-layer-dev", dev.get("SecretStore", "vault").at("spec.provider.vault.auth.kubernetes.role").string());
        assertEquals("2Gi", dev.get("StatefulSet", "postgresql").at("spec.volumeClaimTemplates[0].spec.resources.requests.storage").string());
        assertEquals("10Gi", prod.get("StatefulSet", "postgresql").at("spec.volumeClaimTemplates[0].spec.resources.requests.storage").string());
    }

    @Test
    void failedSynthNamesTheEnvironmentAndLeavesDistUntouched() throws IOException {
        Path dist = Files.createDirectories(root.resolve("dist"));
        Files.writeString(dist.resolve("data-layer.k8s.yaml"), "previous output\n");
        Map<String, Supplier<DataLayerConfig>> environments = new LinkedHashMap<>();
        environments.put("prod", Environments::prod);
        environments.put("dev", () -> Environments.dev().withStore(Environments.dev().store(PostgresStore.class).toBuilder().server(
                Environments.dev().store(PostgresStore.class).server().toBuilder().storage(Storage.of("10GB", "local-path")).build()).build()));

        int code = Main.run(env(), err, environments);

        assertEquals(1, code);
        assertEquals(List.of("data-layer.k8s.yaml"), files(dist));
        assertEquals("previous output\n", Files.readString(dist.resolve("data-layer.k8s.yaml")));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).endsWith("data-layer: synth failed, dist/ left unchanged:"
                + " environment dev: PostgresProps.storage.size \"10GB\" is not a Kubernetes quantity; use 10Gi\n"),
                errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void staleStagingFilesAndFoldersAreNotPublished() throws IOException {
        Path staging = Files.createDirectories(root.resolve("staging/retired-env"));
        Files.writeString(staging.resolve("data-layer.k8s.yaml"), "kind: Secret\n");
        Files.writeString(root.resolve("staging/left-over.k8s.yaml"), "kind: Secret\n");
        assertEquals(0, Main.run(env(), err, Environments::prod));
        assertEquals(List.of("prod/data-layer.k8s.yaml", "prod/kustomization.yaml"), files(root.resolve("dist")));
    }

    @Test
    void anEnvironmentsOwnVaultVariablesWinForThatEnvironmentOnly() {
        Map<String, String> env = Map.of("VAULT_ADDR", "https://vault:8200", "DEV_VAULT_ADDR", "https://vault-dev:8200",
                "DEV_VAULT_TOKEN", "t", "DEV_DATALAYER_VAULT", "required", "DEV_OTHER", "x");
        Map<String, String> dev = Main.environmentVariables(env, "dev");
        assertEquals("https://vault-dev:8200", dev.get("VAULT_ADDR"));
        assertEquals("t", dev.get("VAULT_TOKEN"));
        assertEquals("required", dev.get("DATALAYER_VAULT"));
        assertEquals(null, dev.get("OTHER"));
        assertEquals("https://vault:8200", Main.environmentVariables(env, "prod").get("VAULT_ADDR"));
        assertEquals(null, Main.environmentVariables(env, "prod").get("VAULT_TOKEN"));
    }

    private Map<String, String> env(String dist) {
        return Map.of("CDK8S_OUTDIR", root.resolve("staging").toString(), "DATALAYER_DIST", dist);
    }

    private static DataLayerConfig with(PostgresProps postgres) {
        return Environments.prod().withStore(Environments.prod().store(PostgresStore.class).toBuilder().server(postgres).build());
    }

    @Test
    void withoutVaultALiteralCredentialIsNotPublished() throws IOException {
        int code = Main.run(env(), err, () -> with(Environments.prod().store(PostgresStore.class).server().toBuilder()
                .parameters(Map.of("app.password", "hunter2hunter2")).build()));

        assertEquals(1, code);
        String out = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.endsWith("data-layer: synth failed, dist/ left unchanged: the output breaks 1 rule:\n"
                + "  prod/data-layer.k8s.yaml: ConfigMap/postgresql-config: credential-literal: data.postgresql.conf holds a"
                + " password setting (password=...); credentials reach the cluster through an ExternalSecret, never as a"
                + " literal in dist/\n"), out);
        assertFalse(out.contains("hunter2"));
        assertTrue(Files.notExists(root.resolve("dist")));
        assertTrue(Files.notExists(root.resolve("staging/prod/data-layer.k8s.yaml")), "refused output is not left on disk");
    }

    @Test
    void whatTheClusterWouldRefuseIsNotPublished() throws IOException {
        Path dist = Files.createDirectories(root.resolve("dist"));
        Files.writeString(dist.resolve("data-layer.k8s.yaml"), "previous output\n");
        PostgresProps prod = Environments.prod().store(PostgresStore.class).server();
        for (Supplier<PostgresProps> bad : List.<Supplier<PostgresProps>>of(
                () -> prod.toBuilder().storage(Storage.of("-10Gi", "local-path")).build(),
                () -> prod.toBuilder().storage(Storage.of("0", "local-path")).build(),
                () -> prod.toBuilder().resources(new Resources("-1", "512Mi", "2", "1Gi")).build(),
                () -> prod.toBuilder().resources(new Resources("250m", "2Gi", "2", "1Gi")).build(),
                () -> prod.toBuilder().sharedMemorySize("2Gi").build(),
                () -> prod.toBuilder().parameters(Map.of("shared_buffers", "2GB")).build(),
                () -> prod.toBuilder().parameters(Map.of("work_mem", "4M")).build())) {
            errBytes.reset();
            int code;
            try {
                code = Main.run(env(), err, () -> with(bad.get()));
            } catch (IllegalArgumentException e) {
                continue; // the props themselves refuse it: also never published
            }
            assertEquals(1, code, errBytes.toString(StandardCharsets.UTF_8));
            String out = errBytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("\ndata-layer: synth failed, dist/ left unchanged:"), out);
            assertEquals("previous output\n", Files.readString(dist.resolve("data-layer.k8s.yaml")));
        }
    }

    @Test
    void distThatHoldsOtherFilesIsRefusedAndKept() throws IOException {
        Path dist = Files.createDirectories(root.resolve("mine"));
        Files.writeString(dist.resolve("thesis.tex"), "years of work");

        assertEquals(1, Main.run(env(dist.toString()), err, Environments::prod));

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

        int code = Main.run(env(), err, () -> with(Environments.prod().store(PostgresStore.class).server().toBuilder()
                .storage(Storage.of("10GB", "local-path")).build()));

        assertEquals(1, code);
        assertEquals("previous output\n", Files.readString(root.resolve("dist/data-layer.k8s.yaml")));
        assertTrue(Files.notExists(aside));
    }
}
