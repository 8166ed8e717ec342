package io.datalayer;

import io.datalayer.config.DataLayerConfig;
import io.datalayer.synth.OutputGuard;
import io.datalayer.synth.Publisher;
import io.datalayer.vault.Fingerprints;
import io.datalayer.vault.VaultCheck;
import io.datalayer.vault.VaultCheckException;
import io.datalayer.vault.VaultCheckResult;
import io.datalayer.vault.VaultDriverLookup;
import io.datalayer.vault.VaultSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.cdk8s.App;
import org.cdk8s.AppProps;
import org.cdk8s.YamlOutputType;

/**
 * The app {@code cdk8s synth} runs: synthesizes into a staging folder ({@code CDK8S_OUTDIR}, set by
 * the CLI), checks it, then publishes it to {@code DATALAYER_DIST} (default {@code dist}). Before
 * synth it checks the Vault secrets the chart references ({@code DATALAYER_VAULT}, see
 * {@link VaultSettings}); before publishing, the {@link OutputGuard} refuses Secrets with data and
 * any value the check saw. Any failure exits 1 and leaves dist/ as it was. Messages
 * go to standard error, which the cdk8s CLI shows (it swallows the app's standard output).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.err, Environments::prod));
    }

    /** Runs one synth of the configuration {@code config} supplies; returns the process exit code. */
    static int run(Map<String, String> env, PrintStream err, Supplier<DataLayerConfig> config) {
        try {
            DataLayerConfig layer = config.get();
            Fingerprints fingerprints = new Fingerprints();
            VaultSettings settings = VaultSettings.fromEnvironment(env, home(env));
            VaultCheckResult vault = VaultCheck.run(settings, DataLayerChart.requirements(layer),
                    () -> new VaultDriverLookup(settings, fingerprints), err);
            Path staging = stagingDir(env);
            Path dist = Path.of(env.getOrDefault("DATALAYER_DIST", "dist"));
            synth(layer, staging, vault);
            try {
                OutputGuard.check(staging, fingerprints);
            } catch (IllegalStateException e) {
                // Staged output that failed the guard may hold a secret value: do not leave it on disk.
                for (Path file : Publisher.manifests(staging)) {
                    Files.delete(file);
                }
                throw e;
            }
            List<Path> written = Publisher.publish(staging, dist);
            err.println("data-layer: published " + written.size() + " manifest file(s) to " + dist);
            return 0;
        } catch (IOException e) {
            err.println("data-layer: synth failed, dist/ left unchanged: cannot clean the staging folder: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException | VaultCheckException e) {
            err.println("data-layer: synth failed, dist/ left unchanged: " + e.getMessage());
            return 1;
        }
    }

    /** Builds every chart of the layer, with unverified Vault references, into {@code outdir}. */
    public static App synth(DataLayerConfig config, Path outdir) {
        return synth(config, outdir, VaultCheckResult.unverified());
    }

    /** Builds every chart of the layer and writes its YAML into {@code outdir}. */
    public static App synth(DataLayerConfig config, Path outdir, VaultCheckResult vault) {
        App app = new App(AppProps.builder()
                .outdir(outdir.toString())
                .outputFileExtension(".k8s.yaml")
                .yamlOutputType(YamlOutputType.FILE_PER_CHART)
                .build());
        new DataLayerChart(app, config, vault);
        app.synth();
        return app;
    }

    /** Where ~/.vault-token is looked up: HOME from the environment given, so tests control it. */
    private static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return home == null || home.isBlank() ? null : Path.of(home);
    }

    private static Path stagingDir(Map<String, String> env) {
        try {
            String outdir = env.get("CDK8S_OUTDIR");
            if (outdir == null || outdir.isBlank()) {
                return Files.createTempDirectory("data-layer-synth");
            }
            Path staging = Path.of(outdir);
            Files.createDirectories(staging);
            for (Path stale : Publisher.manifests(staging)) {
                Files.delete(stale);
            }
            return staging;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the staging folder: " + e.getMessage(), e);
        }
    }
}
