package io.datalayer;

import io.datalayer.config.DataLayerConfig;
import io.datalayer.synth.Publisher;
import io.datalayer.synth.SynthGate;
import io.datalayer.synth.SynthOutput;
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
 * The app {@code cdk8s synth} runs: checks the Vault secrets the chart references
 * ({@code DATALAYER_VAULT}, see {@link VaultSettings}), synthesizes into a staging folder
 * ({@code CDK8S_OUTDIR}, set by the CLI), reads and parses that output once, passes it through the
 * {@link SynthGate} (output guard and policies), and publishes it to {@code DATALAYER_DIST}
 * (default {@code dist}) with the {@link Publisher}. Any failure exits 1 and leaves dist/ as it
 * was. Messages go to standard error, which the cdk8s CLI shows (it swallows standard output).
 */
public final class Main {
    private static final String FAILED = "data-layer: synth failed, dist/ left unchanged: ";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.err, DataLayerConfig::defaults));
    }

    /** Runs one synth of the configuration {@code config} supplies; returns the process exit code. */
    static int run(Map<String, String> env, PrintStream err, Supplier<DataLayerConfig> config) {
        try {
            Path dist = Path.of(env.getOrDefault("DATALAYER_DIST", "dist"));
            Publisher.recover(dist); // a publish killed mid-way (fallback only) left the old output aside
            DataLayerConfig layer = config.get();
            Fingerprints fingerprints = new Fingerprints();
            VaultSettings settings = VaultSettings.fromEnvironment(env, home(env),
                    warning -> err.println("data-layer: warning: " + warning));
            VaultCheckResult vault = VaultCheck.run(settings, DataLayerChart.requirements(layer),
                    () -> new VaultDriverLookup(settings, fingerprints), err);
            Path staging = stagingDir(env);
            synth(layer, staging, vault);
            SynthOutput output = SynthOutput.read(staging);
            try {
                SynthGate.check(output, fingerprints);
            } catch (SynthGate.Refused e) {
                SynthOutput.discard(staging); // refused output may hold a secret value: not left on disk
                throw e;
            }
            List<Path> written = Publisher.publish(output, dist);
            err.println("data-layer: published " + written.size() + " manifest file(s) to " + dist);
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException | VaultCheckException e) {
            err.println(FAILED + e.getMessage());
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

    /** The CLI's output folder, emptied of earlier synth files (the CLI empties it too; a direct run may not). */
    private static Path stagingDir(Map<String, String> env) {
        try {
            String outdir = env.get("CDK8S_OUTDIR");
            if (outdir == null || outdir.isBlank()) {
                return Files.createTempDirectory("data-layer-synth");
            }
            Path staging = Files.createDirectories(Path.of(outdir));
            SynthOutput.discard(staging);
            return staging;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the staging folder: " + e.getMessage(), e);
        }
    }
}
