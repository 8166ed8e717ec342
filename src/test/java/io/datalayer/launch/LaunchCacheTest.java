package io.datalayer.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launch cache with the real JVM and jsii: scripts/launch-cache.sh builds it from a real synth,
 * bin/app then synthesizes the same bytes with it, and a damaged, stale or missing cache never
 * breaks a synth (the JVM crashes on a truncated archive if it is given one; bin/app passes the
 * archive only while it is the file the build wrote, see scripts/launch-key).
 * The JDK 17 path: every run says there is no JDK 25 ({@code DATALAYER_AOT_JDK} empty), so no AOT
 * cache is trained ({@link AotCacheTest} checks that one).
 */
class LaunchCacheTest {
    @TempDir
    static Path dir;
    private static ScratchProject project;
    private static Map<String, String> baseline;
    private static byte[] archive;
    private static final Map<String, String> NO_JDK25 = Map.of("DATALAYER_AOT_JDK", "");

    @BeforeAll
    static void buildCache() throws IOException {
        project = ScratchProject.built(dir.resolve("project"));
        ScratchProject.Result plain = project.run(Map.of("DATALAYER_LAUNCH_CACHE", "off", "DATALAYER_AOT_JDK", ""), "bin/app");
        assertEquals(0, plain.exitCode(), plain.output());
        baseline = project.dist();
        ScratchProject.Result built = project.run(NO_JDK25, "scripts/launch-cache.sh");
        assertEquals(0, built.exitCode(), built.output());
        assertTrue(built.output().contains("built target/launch/ (deps.jsa jsii)"), built.output());
        archive = Files.readAllBytes(project.path("target/launch/deps.jsa"));
    }

    /** Synthesizes with the class-load log on; returns the log. Fails unless the output equals the baseline. */
    private static String synth() throws IOException {
        Path log = dir.resolve("class-load.log");
        Files.deleteIfExists(log);
        ScratchProject.Result r = project.run(Map.of("DATALAYER_JAVA_OPTS", "-Xlog:class+load=info:file=" + log, "DATALAYER_AOT_JDK", ""), "bin/app");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("data-layer: published prod, dev to "), r.output());
        assertEquals(baseline, project.dist());
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static boolean cdk8sFromArchive(String classLoadLog) {
        return classLoadLog.contains("org.cdk8s.App source: shared objects file");
    }

    /** Puts the archive back as the build left it, key included (its time and inode change). */
    private static void restore() throws IOException {
        Path jsa = project.path("target/launch/deps.jsa");
        jsa.toFile().setWritable(true);
        Files.write(jsa, archive);
        ScratchProject.Result key = project.run(NO_JDK25, "scripts/launch-key");
        assertEquals(0, key.exitCode(), key.output());
        Files.writeString(project.path("target/launch/key"), key.output());
    }

    @Test
    void aFittingCacheSynthesizesTheSameBytesFromTheArchive() throws IOException {
        restore();
        assertTrue(cdk8sFromArchive(synth()));
        ScratchProject.Result again = project.run(NO_JDK25, "scripts/launch-cache.sh");
        assertEquals(0, again.exitCode());
        assertEquals("", again.output(), "a fitting cache is not rebuilt");
    }

    @Test
    void aTruncatedArchiveDoesNotBreakTheSynth() throws IOException {
        restore();
        try (RandomAccessFile f = new RandomAccessFile(project.path("target/launch/deps.jsa").toFile(), "rw")) {
            f.setLength(archive.length / 2);
        }
        assertFalse(cdk8sFromArchive(synth()));
    }

    @Test
    void aDamagedArchiveOfTheRightSizeDoesNotBreakTheSynth() throws IOException {
        restore();
        byte[] noise = new byte[64 * 1024];
        new Random(14).nextBytes(noise);
        try (RandomAccessFile f = new RandomAccessFile(project.path("target/launch/deps.jsa").toFile(), "rw")) {
            f.seek(archive.length / 2);
            f.write(noise);
        }
        assertFalse(cdk8sFromArchive(synth()));
    }

    @Test
    void anArchiveOfNoiseDoesNotBreakTheSynth() throws IOException {
        restore();
        byte[] noise = new byte[archive.length];
        new Random(15).nextBytes(noise);
        Files.write(project.path("target/launch/deps.jsa"), noise);
        assertFalse(cdk8sFromArchive(synth()));
    }

    @Test
    void aMissingArchiveDoesNotBreakTheSynth() throws IOException {
        restore();
        Files.delete(project.path("target/launch/deps.jsa"));
        assertFalse(cdk8sFromArchive(synth()));
    }

    @Test
    void aStaleArchiveDoesNotBreakTheSynthAndTheBuildStepRebuildsIt() throws IOException {
        restore();
        Path jar = Files.list(project.path("lib")).filter(p -> p.toString().contains("snakeyaml")).findFirst().orElseThrow();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertFalse(cdk8sFromArchive(synth()));
        ScratchProject.Result rebuilt = project.run(NO_JDK25, "scripts/launch-cache.sh");
        assertEquals(0, rebuilt.exitCode(), rebuilt.output());
        assertTrue(rebuilt.output().contains("built target/launch/"), rebuilt.output());
        assertTrue(cdk8sFromArchive(synth()));
        archive = Files.readAllBytes(project.path("target/launch/deps.jsa"));
    }

    @Test
    void aFailingTrialSynthLeavesNoCacheAndDoesNotFailTheBuildAndTheNextBuildTriesAgain() throws IOException {
        Path main = project.path("target/classes/io/datalayer/app/Main.class");
        byte[] good = Files.readAllBytes(main);
        try {
            Files.writeString(main, "not a class");
            ScratchProject.Result r = project.run(NO_JDK25, "scripts/launch-cache.sh", "--force");
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("the app's synth failed (above); no class-data archive"), r.output());
            assertFalse(Files.exists(project.path("target/launch/deps.jsa")));
            assertFalse(Files.exists(project.path("target/launch/jsii")));
            // No key: with one, the next build would take the empty cache for current until a jar or the JDK changed.
            assertFalse(Files.exists(project.path("target/launch/key")));
        } finally {
            Files.write(main, good);
        }
        ScratchProject.Result rebuilt = project.run(NO_JDK25, "scripts/launch-cache.sh"); // not forced: nothing it keys on changed
        assertEquals(0, rebuilt.exitCode(), rebuilt.output());
        archive = Files.readAllBytes(project.path("target/launch/deps.jsa"));
        assertTrue(cdk8sFromArchive(synth()));
    }

    @Test
    void aSecondBuildWaitsForTheOneRunningInsteadOfRebuildingBesideIt() throws Exception {
        Path lock = project.path("target/launch.lock");
        // A build that holds the lock, as scripts/launch-cache.sh holds it (flock(1) on the same file),
        // until the test ends its input.
        Process holder = new ProcessBuilder("flock", lock.toString(), "sh", "-c", "echo locked; exec cat >/dev/null").start();
        Process second = null;
        try (BufferedReader held = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("locked", held.readLine());
            FileTime key = Files.getLastModifiedTime(project.path("target/launch/key"));
            second = project.start(NO_JDK25, "scripts/launch-cache.sh", "--force");
            BufferedReader out = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("launch-cache: waiting for another build of target/launch/ (target/launch.lock)", out.readLine());
            assertTrue(second.isAlive(), "waits while the other build holds the lock");
            assertEquals(key, Files.getLastModifiedTime(project.path("target/launch/key")), "and has not started");
            holder.getOutputStream().close(); // the other build ends
            assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
            assertTrue(second.waitFor(300, TimeUnit.SECONDS), "builds once the lock is free");
            String rest = out.lines().reduce("", (a, b) -> a + b + "\n");
            assertEquals(0, second.exitValue(), rest);
            assertTrue(rest.contains("built target/launch/ (deps.jsa jsii)"), rest);
        } finally {
            holder.destroyForcibly();
            if (second != null) {
                second.destroyForcibly();
            }
        }
        archive = Files.readAllBytes(project.path("target/launch/deps.jsa"));
        assertTrue(cdk8sFromArchive(synth()));
    }
}
