package io.datalayer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.datalayer.config.DataLayerConfig;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.publish.Kustomization;
import io.datalayer.stores.postgres.PostgresProps;
import io.datalayer.stores.postgres.PostgresStore;
import io.datalayer.testing.FileTrees;
import io.datalayer.testing.Manifests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    /** A previous publish's output in dist/: prod/ with synth's kustomization and a manifest. */
    private static Path previousOutput(Path dist) throws IOException {
        Files.createDirectories(dist.resolve("prod"));
        Files.writeString(dist.resolve("prod/kustomization.yaml"), Kustomization.text(List.of("data-layer.k8s.yaml")));
        Files.writeString(dist.resolve("prod/data-layer.k8s.yaml"), "previous output\n");
        return dist;
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
        assertEquals(FileTrees.contents(Path.of("dist")), FileTrees.contents(dist), "byte for byte the committed dist/");
        for (String environment : List.of("prod", "dev")) {
            assertEquals(Files.readString(root.resolve("staging").resolve(environment).resolve("data-layer.k8s.yaml")),
                    Files.readString(dist.resolve(environment).resolve("data-layer.k8s.yaml")));
        }
        String references = "(secret/data/backup-s3, secret/data/postgres, secret/data/redis, secret/data/redis-app,"
                + " secret/data/neo4j, secret/data/neo4j-app, secret/data/clickhouse, secret/data/clickhouse-app)";
        // prod has monitoring on: its exporters' secrets are read too.
        String prodReferences = "(secret/data/backup-s3, secret/data/postgres, secret/data/postgres-monitoring, secret/data/redis,"
                + " secret/data/redis-app, secret/data/redis-monitoring, secret/data/neo4j, secret/data/neo4j-app,"
                + " secret/data/clickhouse, secret/data/clickhouse-app, secret/data/clickhouse-monitoring)";
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
        // (ClickHouse has no exporter: its own metrics endpoint's Service, policy and ServiceMonitor are "-metrics".)
        List<String> prodWithoutMonitoring = prod.kindsAndNames().stream().filter(o -> !o.contains("exporter")
                && !o.contains("monitoring") && !o.endsWith("-metrics") && !o.endsWith("-metrics-ingress")
                && !o.startsWith("PrometheusRule/")).toList();
        assertEquals(prodWithoutMonitoring, dev.kindsAndNames());
        assertEquals("http://vault-dev.platform.svc:8200", dev.get("SecretStore", "vault").at("spec.provider.vault.server").string());
        assertEquals("data-layer-dev", dev.get("SecretStore", "vault").at("spec.provider.vault.auth.kubernetes.role").string());
        assertEquals("2Gi", dev.get("StatefulSet", "postgresql").at("spec.volumeClaimTemplates[0].spec.resources.requests.storage").string());
        assertEquals("10Gi", prod.get("StatefulSet", "postgresql").at("spec.volumeClaimTemplates[0].spec.resources.requests.storage").string());
    }

    @Test
    void failedSynthNamesTheEnvironmentAndLeavesDistUntouched() throws IOException {
        Path dist = previousOutput(root.resolve("dist"));
        Map<String, Supplier<DataLayerConfig>> environments = new LinkedHashMap<>();
        environments.put("prod", Environments::prod);
        environments.put("dev", () -> Environments.dev().withStore(Environments.dev().store(PostgresStore.class).toBuilder().server(
                Environments.dev().store(PostgresStore.class).server().toBuilder().storage(Storage.of("10GB", "local-path")).build()).build()));

        int code = Main.run(env(), err, environments);

        assertEquals(1, code);
        assertEquals(List.of("prod/data-layer.k8s.yaml", "prod/kustomization.yaml"), files(dist));
        assertEquals("previous output\n", Files.readString(dist.resolve("prod/data-layer.k8s.yaml")));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).endsWith("data-layer: synth failed, dist/ left unchanged:"
                + " environment dev: PostgresProps.storage.size \"10GB\" is not a Kubernetes quantity; use 10Gi\n"),
                errBytes.toString(StandardCharsets.UTF_8));
    }

    /**
     * CDK8S_OUTDIR once was the staging folder, emptied of every *.k8s.yaml and kustomization.yaml at
     * the start: another project's files there were deleted. Now it only receives a copy, and a folder
     * holding files synth did not write is refused before anything, its files kept.
     */
    @Test
    void aCdk8sOutdirHoldingFilesSynthDidNotWriteIsRefusedAndKept() throws IOException {
        Path other = Files.createDirectories(root.resolve("other-project/retired-env"));
        Files.writeString(other.resolve("data-layer.k8s.yaml"), "kind: ConfigMap\n");
        Files.writeString(root.resolve("other-project/app.k8s.yaml"), "kind: ConfigMap\n");
        Map<String, String> before = FileTrees.contents(root.resolve("other-project"));

        assertEquals(1, Main.run(Map.of("CDK8S_OUTDIR", root.resolve("other-project").toString(),
                "DATALAYER_DIST", root.resolve("dist").toString()), err, Environments::prod));

        assertEquals("data-layer: synth failed, dist/ left unchanged: CDK8S_OUTDIR=" + root.resolve("other-project")
                + " holds app.k8s.yaml, which synth does not write; synth replaces the whole folder: move that away or point"
                + " CDK8S_OUTDIR at a folder of its own\n", errBytes.toString(StandardCharsets.UTF_8));
        assertEquals(before, FileTrees.contents(root.resolve("other-project")));
        assertTrue(Files.notExists(root.resolve("dist")));
    }

    /** CDK8S_OUTDIR at dist/ (or inside it, or holding it), with a failing Vault check or none: refused, dist/ kept. */
    @Test
    void aCdk8sOutdirOverlappingDistIsRefusedAndDistKept() throws IOException {
        Path dist = previousOutput(root.resolve("dist"));
        Map<String, String> before = FileTrees.contents(dist);
        for (String outdir : List.of("dist", "dist/prod", "dist/new", ".")) {
            for (String vault : List.of("bogus", "off")) {
                errBytes.reset();
                Path given = root.resolve(outdir).normalize();
                assertEquals(1, Main.run(Map.of("CDK8S_OUTDIR", given.toString(), "DATALAYER_DIST", dist.toString(),
                        "DATALAYER_VAULT", vault), err, Environments.all()));
                String out = errBytes.toString(StandardCharsets.UTF_8);
                assertTrue(out.startsWith("data-layer: synth failed, dist/ left unchanged: CDK8S_OUTDIR=" + given + " overlaps"
                        + " DATALAYER_DIST=" + dist + " ("), out);
                assertTrue(out.endsWith("); point CDK8S_OUTDIR at a folder of its own, outside " + dist + "\n"), out);
                assertEquals(before, FileTrees.contents(dist), outdir + ", " + vault);
            }
        }
    }

    /** CDK8S_OUTDIR at the repository (the working directory) or a folder of it: refused, nothing touched. */
    @Test
    void aCdk8sOutdirAtTheRepositoryIsRefused() throws IOException {
        Path repo = Path.of("").toAbsolutePath();
        for (String outdir : List.of(repo.toString(), ".", "src", "docs")) {
            errBytes.reset();
            assertEquals(1, Main.run(Map.of("CDK8S_OUTDIR", outdir, "DATALAYER_DIST", root.resolve("dist").toString()), err,
                    Environments::prod));
            String out = errBytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.startsWith("data-layer: synth failed, dist/ left unchanged: CDK8S_OUTDIR=" + outdir + " "), out);
            assertTrue(out.contains(" is the working directory or one of its parents (") || out.contains(", which synth does"
                    + " not write; synth replaces the whole folder: move that away or point CDK8S_OUTDIR at a folder of its own"), out);
        }
        assertTrue(Files.isRegularFile(repo.resolve("src/main/java/io/datalayer/app/Main.java")));
        assertTrue(Files.isRegularFile(repo.resolve("docs/architecture.md")));
        assertTrue(Files.notExists(root.resolve("dist")));
    }

    /** DATALAYER_DIST inside a Git directory: refused before the synth, nothing created there. */
    @Test
    void distInsideAGitDirectoryIsRefused() throws Exception {
        Path repo = root.resolve("repo");
        assertEquals(0, new ProcessBuilder("git", "init", "-q", repo.toString()).inheritIO().start().waitFor());
        Map<String, String> before = FileTrees.contents(repo.resolve(".git"));

        assertEquals(1, Main.run(Map.of("DATALAYER_DIST", repo.resolve(".git/refs/tags").toString()), err, Environments::prod));

        assertEquals("data-layer: synth failed, dist/ left unchanged: DATALAYER_DIST=" + repo.resolve(".git/refs/tags")
                + " lies inside the Git directory " + repo.resolve(".git").toRealPath() + "; synth never writes there: point"
                + " DATALAYER_DIST at a folder of its own, like dist\n", errBytes.toString(StandardCharsets.UTF_8));
        assertEquals(before, FileTrees.contents(repo.resolve(".git")));
    }

    /** A hand-written dist/kustomization.yaml (one over the environments) is refused and kept, never deleted. */
    @Test
    void aHandWrittenKustomizationInDistIsRefusedAndKept() throws IOException {
        Path dist = previousOutput(root.resolve("dist"));
        String mine = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [prod, dev]\n";
        Files.writeString(dist.resolve("kustomization.yaml"), mine);
        Map<String, String> before = FileTrees.contents(dist);

        assertEquals(1, Main.run(env(), err, Environments.all()));

        assertEquals("data-layer: synth failed, dist/ left unchanged: DATALAYER_DIST=" + dist + " holds kustomization.yaml,"
                + " which synth does not write; synth replaces the whole folder: move that away or point DATALAYER_DIST at a"
                + " folder of its own\n", errBytes.toString(StandardCharsets.UTF_8));
        assertEquals(before, FileTrees.contents(dist));
    }

    /**
     * Staging is private: a fresh folder of this synth's own (rwx------) under the staging root, the
     * only one there while it runs, and gone afterwards, after a success as after a refusal.
     */
    @Test
    void eachSynthStagesInAFreshPrivateFolderRemovedAfterwards() throws IOException {
        Path tmp = root.resolve("tmp");
        List<String> seen = new ArrayList<>();
        Runnable look = () -> {
            try (Stream<Path> s = Files.list(tmp)) {
                for (Path p : s.toList()) {
                    seen.add(p.getFileName().toString().replaceAll("[0-9]+$", "N") + " "
                            + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        assertEquals(0, Main.run(env(), err, Map.of("prod", Environments::prod), look, () -> { }, tmp));
        assertEquals(List.of("data-layer-synth-N rwx------"), seen);
        assertEquals(List.of(), files(tmp), "removed after a success");
        assertTrue(Files.isRegularFile(root.resolve("dist/prod/data-layer.k8s.yaml")));

        seen.clear();
        assertEquals(1, Main.run(env(), err, Map.of("prod", () -> with(Environments.prod().store(PostgresStore.class).server()
                .toBuilder().parameters(Map.of("app.password", "hunter2hunter2")).build())), look, () -> { }, tmp));
        assertEquals(List.of("data-layer-synth-N rwx------"), seen);
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "removed after a refusal: refused output may hold a secret");
        }
    }

    /**
     * Issue 20: two synths in one checkout, one failing while the other is mid-run (between its
     * environments), then one succeeding: the first still publishes every environment complete (the
     * failing one used to empty the shared staging folder, and the first then published dev/ alone
     * with exit 0). Synchronized on the first synth's own events (its per-environment hook).
     */
    @Test
    void twoSynthsAtOnceInOneCheckoutNeverPublishPartially() throws Exception {
        CountDownLatch firstMidRun = new CountDownLatch(1);
        CountDownLatch othersDone = new CountDownLatch(1);
        int[] calls = {0};
        Runnable firstHook = () -> {
            if (++calls[0] == 2) { // prod is synthesized and staged; dev is next
                firstMidRun.countDown();
                try {
                    othersDone.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ByteArrayOutputStream firstErr = new ByteArrayOutputStream();
        int[] firstCode = {-1};
        Thread first = new Thread(() -> firstCode[0] = Main.run(env(), new PrintStream(firstErr, true, StandardCharsets.UTF_8),
                Environments.all(), firstHook, () -> { }));
        first.start();
        try {
            assertTrue(firstMidRun.await(120, TimeUnit.SECONDS), "the first synth reached its second environment");
            int failing = Main.run(env(), err, () -> with(Environments.prod().store(PostgresStore.class).server().toBuilder()
                    .parameters(Map.of("app.password", "hunter2hunter2")).build()));
            assertEquals(1, failing, errBytes.toString(StandardCharsets.UTF_8));
            errBytes.reset();
            assertEquals(0, Main.run(env(), err, Environments.all()), errBytes.toString(StandardCharsets.UTF_8));
            assertEquals(FileTrees.contents(Path.of("dist")), FileTrees.contents(root.resolve("dist")));
        } finally {
            othersDone.countDown();
            first.join(120_000);
        }
        assertEquals(0, firstCode[0], firstErr.toString(StandardCharsets.UTF_8));
        assertTrue(firstErr.toString(StandardCharsets.UTF_8).endsWith("data-layer: published prod, dev to " + root.resolve("dist")
                + "\n"), firstErr.toString(StandardCharsets.UTF_8));
        assertEquals(FileTrees.contents(Path.of("dist")), FileTrees.contents(root.resolve("dist")), "every environment, byte for byte");
        assertEquals(FileTrees.contents(root.resolve("dist")), FileTrees.contents(root.resolve("staging")), "the CLI's copy too");
    }

    /**
     * Issue 20: dist/ on a file system that fills up during the publish (a 600 KB tmpfs: dev's
     * 438 KB fit, prod's 484 KB do not; root only). Before, prod was published cut to what fitted,
     * with exit 0; now the synth fails naming the file and the cause, and dist/ is as it was.
     */
    @Test
    void aFileSystemThatFillsUpDuringThePublishLeavesDistAsItWas() throws Exception {
        // 100k: smaller than either environment's manifest, so the first file written (dev/, in path order) fills it.
        Path mount = Files.createDirectories(root.resolve("small"));
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=100k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        assumeTrue(m.waitFor() == 0, "needs root to mount a tmpfs: " + new String(m.getInputStream().readAllBytes()));
        try {
            Path dist = previousOutput(mount.resolve("dist"));
            Map<String, String> before = FileTrees.contents(dist);

            int code = Main.run(Map.of("DATALAYER_DIST", dist.toString()), err, Environments.all());

            String out = errBytes.toString(StandardCharsets.UTF_8);
            assertEquals(1, code, out);
            assertTrue(out.endsWith("data-layer: synth failed, dist/ left unchanged: could not publish to " + dist
                    + " (IOException: writing dev/data-layer.k8s.yaml into " + mount.resolve(".dist.synth-next")
                    + ": No space left on device); the previous output is kept: fix that (free space on the file system?) and"
                    + " synthesize again\n"), out);
            assertEquals(before, FileTrees.contents(dist));
            try (Stream<Path> s = Files.list(mount)) {
                assertEquals(List.of(".dist.synth-lock", "dist"), s.map(p -> p.getFileName().toString()).sorted().toList());
            }
        } finally {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
        }
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
        Path dist = previousOutput(root.resolve("dist"));
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
            assertEquals("previous output\n", Files.readString(dist.resolve("prod/data-layer.k8s.yaml")));
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
