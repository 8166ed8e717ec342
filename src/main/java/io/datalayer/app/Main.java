package io.datalayer.app;

import io.datalayer.config.DataLayerConfig;
import io.datalayer.gate.GuardAhead;
import io.datalayer.gate.Rule;
import io.datalayer.gate.SynthGate;
import io.datalayer.gate.Violation;
import io.datalayer.launch.JsiiKernel;
import io.datalayer.launch.Timing;
import io.datalayer.output.ParseAhead;
import io.datalayer.output.Staging;
import io.datalayer.output.SynthOutput;
import io.datalayer.publish.CliOutdir;
import io.datalayer.publish.Kustomization;
import io.datalayer.publish.Publisher;
import io.datalayer.secrets.SecretRequirement;
import io.datalayer.vault.Fingerprints;
import io.datalayer.vault.VaultCheck;
import io.datalayer.vault.VaultCheckClient;
import io.datalayer.vault.VaultCheckException;
import io.datalayer.vault.VaultCheckResult;
import io.datalayer.vault.VaultMode;
import io.datalayer.vault.VaultSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.cdk8s.App;
import org.cdk8s.AppProps;
import org.cdk8s.YamlOutputType;

/**
 * The app {@code cdk8s synth} runs: synthesizes every environment of {@link Environments} into its
 * own folder of a private staging folder ({@link Staging}: fresh for this synth, removed at its end),
 * checks that every environment is complete and passes the gate, then publishes the whole tree to
 * {@code DATALAYER_DIST} (default {@code dist}) as {@code dist/<environment>/}, verified before the
 * swap; a copy goes to {@code CDK8S_OUTDIR} when the cdk8s CLI sets it ({@link CliOutdir}).
 * Before each environment's synth it checks the Vault secrets that environment's ExternalSecrets
 * reference ({@code DATALAYER_VAULT}, see {@link VaultSettings}; {@code <ENV>_VAULT_ADDR} and the
 * other {@code <ENV>_VAULT_*} variables override the plain ones for one environment, e.g.
 * {@code DEV_VAULT_ADDR}); the whole output is then read and parsed once, passed through the
 * {@link SynthGate} (output guard and policies; findings name the file, {@code <env>/...}) and
 * published with the {@link Publisher}. Any failure names the environment or the file, exits 1
 * and leaves dist/ as it was.
 * Messages go to standard error, which the cdk8s CLI shows (it swallows the app's standard output).
 */
public final class Main {
    private static final String FAILED = "data-layer: synth failed, dist/ left unchanged: ";

    private Main() {
    }

    public static void main(String[] args) {
        Timing.mark("JVM started, main");
        // The kernel starts while the settings, folders and configurations are read (no jsii there).
        // cdk8s alone (and constructs, its dependency): the Kubernetes objects are built and rendered on
        // the Java side (io.datalayer.kube), so the kernel never makes an object of cdk8s-plus-28 or of
        // the CRD imports, and their assemblies (cdk8s-plus-28's is 1.3 MB) are never loaded.
        JsiiKernel kernel = JsiiKernel.startInBackground(List.of(org.cdk8s.$Module.class));
        // While the kernel still starts (the main thread waited about 0.37 s for it after building the
        // configuration, measured), the main thread loads what the publish needs (JNA, renameat2) and
        // the gate's classes instead of only waiting.
        Runnable meanwhile = () -> {
            Publisher.prepare();
            SynthGate.prepare();
            Timing.mark("publish and gate prepared while the kernel starts");
        };
        System.exit(run(System.getenv(), System.err, Environments.all(), () -> kernel.awaitStarted(meanwhile),
                kernel::stopInBackground));
    }

    /** Runs one synth of a single environment, published as {@code prod}; returns the process exit code. */
    static int run(Map<String, String> env, PrintStream err, Supplier<DataLayerConfig> config) {
        return run(env, err, Map.of(Environments.PROD, config));
    }

    /** Runs one synth of every environment given; returns the process exit code. */
    static int run(Map<String, String> env, PrintStream err, Map<String, Supplier<DataLayerConfig>> environments) {
        return run(env, err, environments, () -> { }, () -> { });
    }

    /**
     * Runs one synth of every environment given; {@code kernelReady} returns once jsii may be used
     * from this thread ({@link JsiiKernel#awaitStarted}), {@code kernelDone} runs after the last
     * jsii call ({@link JsiiKernel#stopInBackground}).
     */
    static int run(Map<String, String> env, PrintStream err, Map<String, Supplier<DataLayerConfig>> environments,
                   Runnable kernelReady, Runnable kernelDone) {
        return run(env, err, environments, kernelReady, kernelDone, Staging.defaultRoot());
    }

    /** As above, with the private staging folder created under {@code stagingRoot} (tests watch it). */
    static int run(Map<String, String> env, PrintStream err, Map<String, Supplier<DataLayerConfig>> environments,
                   Runnable kernelReady, Runnable kernelDone, Path stagingRoot) {
        String current = null;
        Staging privateStaging = null;
        boolean checked = true; // whether the current environment's Vault values were read (so can be redacted)
        VaultCheckClient vault = null;
        try {
            Path dist = Path.of(env.getOrDefault("DATALAYER_DIST", "dist"));
            Publisher.recover(dist); // a publish killed mid-way (fallback only) left the old output aside
            Publisher.checkTarget(dist); // refused now, not after the synth (the publish checks again)
            Optional<Path> cliOutdir = CliOutdir.of(env, dist); // the cdk8s CLI's folder: a copy, never the staging
            // Privilege separation: with Vault to ask, the check runs in a process of its own, started
            // now so its JVM starts while the charts build; this process never holds a token or a value.
            if (VaultCheckClient.configured(env, environments.keySet())) {
                vault = VaultCheckClient.start(env);
                Timing.mark("Vault check process started");
            }
            Fingerprints fingerprints = new Fingerprints(); // stays empty: the values are the check process's
            privateStaging = Staging.create(stagingRoot, dist); // this synth's alone, removed below whatever happens
            Path staging = privateStaging.dir();
            // Each environment's files are parsed, then guarded, in the background as soon as they are
            // written, while the next environment is built (the kernel mostly waits on this thread).
            GuardAhead guard = new GuardAhead(fingerprints);
            ParseAhead ahead = new ParseAhead(guard::file);
            List<Rule> storeRules = new ArrayList<>();
            boolean swapPrepared = false;
            for (Map.Entry<String, Supplier<DataLayerConfig>> environment : environments.entrySet()) {
                current = environment.getKey();
                checked = false;
                DataLayerConfig layer = environment.getValue().get();
                layer.stores().forEach(store -> store.rules().stream().filter(r -> !storeRules.contains(r)).forEach(storeRules::add));
                Path folder = staging.resolve(current);
                Timing.mark(current + ": configuration built");
                kernelReady.run();
                Timing.mark(current + ": jsii kernel ready");
                if (!swapPrepared) {
                    // Unless done while waiting for the kernel above (then this returns at once): here
                    // the main thread builds constructs and the jsii kernel mostly waits for it, so the
                    // second core has room for the publish's setup.
                    Publisher.prepareInBackground();
                    swapPrepared = true;
                }
                App app = app(folder);
                DataLayerChart chart = new DataLayerChart(app, layer);
                Timing.mark(current + ": constructs built");
                List<SecretRequirement> requirements = chart.requirements();
                checked = true;
                chart.pinVersions(checkVault(vault, env, current, requirements, err));
                Timing.mark(current + ": Vault check");
                app.synth();
                Kustomization.write(folder);
                Timing.mark(current + ": synthesized");
                ahead.folder(staging, current); // parsed while the next environment is built
            }
            current = null;
            kernelDone.run(); // every chart is synthesized: the kernel ends while the output is checked
            SynthOutput output = SynthOutput.read(staging, ahead);
            output.requireEnvironments(environments.keySet()); // every environment complete, or nothing is published
            Timing.mark("output read and parsed");
            // With a check process, the value rule runs there, over the very bytes published, while
            // this process checks the rest (it holds no value to look for).
            CompletableFuture<List<Violation>> values = CompletableFuture.completedFuture(List.of());
            if (vault != null) {
                VaultCheckClient client = vault;
                Map<Path, byte[]> files = new LinkedHashMap<>();
                output.files().forEach(f -> files.put(f.path(), f.bytes()));
                values = CompletableFuture.supplyAsync(() -> client.scan(files), SCAN);
            }
            List<Violation> rest = SynthGate.findings(output, guard, storeRules);
            List<Violation> findings = new ArrayList<>();
            try {
                findings.addAll(values.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            findings.addAll(rest);
            if (!findings.isEmpty()) {
                throw new SynthGate.Refused(findings);
            }
            Timing.mark("output guard and policies");
            cliOutdir.ifPresent(outdir -> CliOutdir.write(output, outdir, dist));
            Publisher.publish(output, dist);
            Timing.mark("published");
            Timing.peakMemory();
            err.println("data-layer: published " + String.join(", ", environments.keySet()) + " to " + dist);
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException | VaultCheckException e) {
            err.println(FAILED + where(current) + shown(vault, checked, e));
            return 1;
        } catch (RuntimeException e) {
            if (vault == null) {
                throw e;
            }
            err.println(FAILED + where(current) + e.getClass().getSimpleName() + ": " + shown(vault, checked, e));
            return 1;
        } finally {
            if (vault != null) {
                vault.close();
            }
            if (privateStaging != null) {
                // Refused output may hold a secret value: it goes with the staging folder, whatever happened.
                privateStaging.remove().ifPresent(problem -> err.println("data-layer: warning: " + problem));
            }
        }
    }

    private static final java.util.concurrent.Executor SCAN = task -> {
        Thread t = new Thread(task, "vault-value-scan");
        t.setDaemon(true);
        t.start();
    };

    /**
     * An error's message as printed: redacted by the Vault check process, which alone knows the values
     * (a prop or a key may quote one); withheld when that process cannot answer. The check's own
     * errors come redacted from it. An error raised before the environment's check (a prop's own
     * validation) may quote a value not read yet, which no fingerprint can match: its quoted values
     * are withheld ({@code DATALAYER_VAULT=off} shows them).
     */
    private static String shown(VaultCheckClient vault, boolean checked, RuntimeException e) {
        if (vault == null || (e instanceof VaultCheckException && e.getMessage() != null)) {
            return e.getMessage();
        }
        Optional<String> redacted = vault.redact(String.valueOf(e.getMessage()));
        if (redacted.isEmpty()) {
            return "(the message is withheld: it could quote a Vault value and "
                    + vault.broken().orElse("the Vault check process cannot redact it") + ")";
        }
        return checked ? redacted.get() : QUOTED.matcher(redacted.get()).replaceAll(m -> m.group(1) != null
                ? java.util.regex.Matcher.quoteReplacement(m.group(1))
                : "\"<withheld: this environment's Vault values were not read yet; DATALAYER_VAULT=off shows it>\"");
    }

    /** A redaction (kept as it is) or a quoted text. */
    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("(<redacted: [^>]*>)|\"[^\"]*\"");

    /** Builds an environment's chart, with unverified Vault references, and writes its YAML into {@code outdir}. */
    public static App synth(DataLayerConfig config, Path outdir) {
        App app = app(outdir);
        new DataLayerChart(app, config).pinVersions(VaultCheckResult.unverified());
        app.synth();
        return app;
    }

    /** An app writing one file per chart into {@code outdir}. */
    private static App app(Path outdir) {
        return new App(AppProps.builder()
                .outdir(outdir.toString())
                .outputFileExtension(".k8s.yaml")
                .yamlOutputType(YamlOutputType.FILE_PER_CHART)
                .build());
    }

    private static String where(String environment) {
        return environment == null ? "" : "environment " + environment + ": ";
    }

    /**
     * The Vault check of one environment, in the check process when there is one; without one (no
     * environment asks Vault) only the mode is read here, never a token. Its lines name the environment.
     */
    private static VaultCheckResult checkVault(VaultCheckClient vault, Map<String, String> env, String environment,
                                               List<SecretRequirement> requirements, PrintStream err) {
        Consumer<String> print = line -> err.println(line.startsWith("data-layer: ")
                ? "data-layer: " + environment + ": " + line.substring(12) : line);
        if (vault != null) {
            return vault.check(environment, requirements, print);
        }
        VaultMode mode = VaultMode.parse(environmentVariables(env, environment).get(VaultMode.VARIABLE));
        VaultSettings settings = new VaultSettings(mode, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), VaultSettings.DEFAULT_TIMEOUT);
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try (PrintStream captured = new PrintStream(lines, true, StandardCharsets.UTF_8)) {
            return VaultCheck.run(settings, requirements, () -> {
                throw new IllegalStateException("no Vault to ask"); // unreachable: no address, so no lookup
            }, captured);
        } finally {
            lines.toString(StandardCharsets.UTF_8).lines().forEach(print);
        }
    }

    /**
     * The variables one environment's Vault check reads: {@code <ENV>_VAULT_ADDR} (and every other
     * {@code <ENV>_VAULT_*}, {@code <ENV>_DATALAYER_VAULT}) over the plain ones, so each environment
     * can be checked against its own Vault.
     */
    static Map<String, String> environmentVariables(Map<String, String> env, String environment) {
        return VaultSettings.variables(env, environment);
    }
}
