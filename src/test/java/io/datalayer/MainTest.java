package io.datalayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.config.DataLayerConfig;
import io.datalayer.k8s.Storage;
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
        assertEquals("data-layer: prod: VAULT_ADDR is not set, so the Vault references (secret/data/postgres) are unverified;"
                + " set VAULT_ADDR to check them, or DATALAYER_VAULT=required to make this an error\n"
                + "data-layer: dev: VAULT_ADDR is not set, so the Vault references (secret/data/postgres) are unverified;"
                + " set VAULT_ADDR to check them, or DATALAYER_VAULT=required to make this an error\n"
                + "data-layer: published prod, dev to " + dist + "\n", errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void eachEnvironmentIsItsOwnChart() throws IOException {
        assertEquals(0, Main.run(env(), err, Environments.all()));
        Manifests prod = Manifests.of(Files.readString(root.resolve("dist/prod/data-layer.k8s.yaml")));
        Manifests dev = Manifests.of(Files.readString(root.resolve("dist/dev/data-layer.k8s.yaml")));
        assertEquals(prod.kindsAndNames(), dev.kindsAndNames());
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
        environments.put("dev", () -> Environments.dev().withPostgres(
                Environments.dev().postgres().toBuilder().storage(Storage.of("10GB", "local-path")).build()));

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
}
