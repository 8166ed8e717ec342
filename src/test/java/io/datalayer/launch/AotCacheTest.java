package io.datalayer.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT caches of scripts/launch-cache.sh with the real JDK 25 and jsii: bin/app synthesizes the
 * same bytes from them, always with the app's classes as just built (a changed class is never taken
 * from a cache: the second cache, which holds a copy of the app's classes, is used only while nothing
 * in target/classes is newer than its copy, and --app renews it), and a machine without a JDK 25, or
 * a training run that fails, leaves the JDK 17
 * path with the class-data archive, same bytes. Skipped where no JDK 25 is installed
 * (scripts/launch-key, aot_java); {@link BinAppTest} checks bin/app's choice with a stand-in java.
 */
class AotCacheTest {
    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    @TempDir
    static Path dir;
    private static ScratchProject project;
    private static Map<String, String> baseline;

    @BeforeAll
    static void buildCache() throws IOException {
        assumeTrue(Files.isExecutable(JDK25.resolve("bin/java")), "no JDK 25 on this machine");
        project = ScratchProject.built(dir.resolve("project"));
        ScratchProject.Result compiled = project.run(Map.of(), "scripts/compile.sh"); // target/imports.jar
        assertEquals(0, compiled.exitCode(), compiled.output());
        ScratchProject.Result plain = project.run(Map.of("DATALAYER_LAUNCH_CACHE", "off"), "bin/app");
        assertEquals(0, plain.exitCode(), plain.output());
        baseline = project.dist();
        build(Map.of("DATALAYER_AOT_JDK", JDK25.toString()), "(deps.jsa jsii app.aot app-classes.aot)");
    }

    private static void build(Map<String, String> env, String parts) {
        ScratchProject.Result built = project.run(env, "scripts/launch-cache.sh", "--force");
        assertEquals(0, built.exitCode(), built.output());
        assertTrue(built.output().contains("built target/launch/ " + parts), built.output());
    }

    /** Synthesizes with the class-load log on; returns the log. */
    private static String synth(Map<String, String> env) throws IOException {
        Path log = dir.resolve("class-load.log");
        Files.deleteIfExists(log);
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("DATALAYER_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        ScratchProject.Result r = project.run(all, "bin/app");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals("", r.output().lines().filter(l -> !l.startsWith("data-layer: ")).reduce("", String::concat),
                "nothing but the app's own lines (no JVM warning)");
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Test
    void aFittingCacheSynthesizesTheSameBytesOnJdk25WithTheAppsClassesFromIt() throws IOException {
        String log = synth(Map.of("DATALAYER_AOT_JDK", JDK25.toString()));
        assertTrue(log.contains("io.datalayer.app.Main source: shared objects file"), "the app's classes from the cache");
        assertTrue(log.contains("io.datalayer.kube.KubeChart source: shared objects file"));
        assertTrue(log.contains("org.cdk8s.App source: shared objects file"));
        assertFalse(log.contains("ClassesLauncher"), "not the launcher path");
        assertEquals(baseline, project.dist());
        java.nio.file.attribute.FileTime built = Files.getLastModifiedTime(project.path("target/launch/app-classes.aot"));
        ScratchProject.Result again = project.run(Map.of("DATALAYER_AOT_JDK", JDK25.toString()), "scripts/launch-cache.sh", "--app");
        assertEquals(0, again.exitCode(), again.output());
        assertEquals("", again.output(), "a fitting copy is not rebuilt");
        assertEquals(built, Files.getLastModifiedTime(project.path("target/launch/app-classes.aot")));
    }

    @Test
    void aChangedAppClassIsTakenFromTheBuildNotFromTheCache() throws IOException {
        Path labels = project.path("target/classes/io/datalayer/kit/Labels.class");
        byte[] built = Files.readAllBytes(labels);
        Path source = dir.resolve("changed/io/datalayer/kit/Labels.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, Files.readString(project.path("src/main/java/io/datalayer/kit/Labels.java"))
                .replace("labels.put(COMPONENT, component);", "labels.put(COMPONENT, component + \"-changed\");"));
        String classpath = Files.readString(project.path("target/runtime-classpath.txt")).strip() + ":"
                + project.path("target/classes");
        try {
            assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-cp", classpath,
                    "-d", project.path("target/classes").toString(), source.toString()));
            // The copy in the second cache is older than the changed class: the first cache, the class from the build.
            String log = synth(Map.of("DATALAYER_AOT_JDK", JDK25.toString()));
            assertTrue(log.contains("io.datalayer.launch.ClassesLauncher source: shared objects file"), "run from the AOT cache");
            Map<String, String> changed = project.dist();
            assertNotEquals(baseline, changed);
            assertTrue(changed.get("prod/data-layer.k8s.yaml").contains("app.kubernetes.io/component: database-changed"),
                    "the changed class ran");
            // --app copies the changed classes into the second cache, which then runs them.
            ScratchProject.Result app = project.run(Map.of("DATALAYER_AOT_JDK", JDK25.toString()), "scripts/launch-cache.sh", "--app");
            assertEquals(0, app.exitCode(), app.output());
            log = synth(Map.of("DATALAYER_AOT_JDK", JDK25.toString()));
            assertTrue(log.contains("io.datalayer.app.Main source: shared objects file"), "the second cache");
            assertEquals(changed, project.dist());
        } finally {
            Files.write(labels, built);
        }
        synth(Map.of("DATALAYER_AOT_JDK", JDK25.toString()));
        assertEquals(baseline, project.dist());
        ScratchProject.Result app = project.run(Map.of("DATALAYER_AOT_JDK", JDK25.toString()), "scripts/launch-cache.sh", "--app");
        assertEquals(0, app.exitCode(), app.output());
    }

    @Test
    void withoutJdk25OrWithAFailingTrainingRunTheAppRunsOnTheArchive() throws IOException {
        try {
            build(Map.of("DATALAYER_AOT_JDK", ""), "(deps.jsa jsii)");
            String log = synth(Map.of("DATALAYER_AOT_JDK", ""));
            assertFalse(log.contains("ClassesLauncher"), "not the AOT path");
            assertTrue(log.contains("org.cdk8s.App source: shared objects file"), "the class-data archive");
            assertEquals(baseline, project.dist());

            Path broken = Files.createDirectories(dir.resolve("broken-jdk/bin")).resolve("java");
            Files.writeString(broken, "#!/bin/sh\necho 'Error: not a JDK 25' >&2\nexit 1\n");
            Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));
            Map<String, String> env = Map.of("DATALAYER_AOT_JDK", broken.getParent().getParent().toString());
            ScratchProject.Result built = project.run(env, "scripts/launch-cache.sh", "--force");
            assertEquals(0, built.exitCode(), built.output());
            assertTrue(built.output().contains("the training synth on " + broken + " failed (above); no AOT cache"), built.output());
            assertTrue(built.output().contains("built target/launch/ (deps.jsa jsii)"), built.output());
            assertFalse(Files.exists(project.path("target/launch/app.aot")));
            assertFalse(Files.exists(project.path("target/launch/app-classes.aot")));
            log = synth(env);
            assertFalse(log.contains("ClassesLauncher"));
            assertTrue(log.contains("org.cdk8s.App source: shared objects file"));
            assertEquals(baseline, project.dist());
        } finally {
            build(Map.of("DATALAYER_AOT_JDK", JDK25.toString()), "(deps.jsa jsii app.aot app-classes.aot)");
        }
    }
}
