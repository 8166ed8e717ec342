package io.datalayer.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.DataLayerChart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What bin/app decides before it starts the JVM: it refuses a stale build, and it passes the
 * launch cache (class-data archive, one-process jsii kernel) only while the cache fits. A stand-in
 * {@code java} first on PATH records the command line bin/app would run, so these checks take
 * milliseconds; {@link LaunchCacheTest} runs the real JVM against damaged caches.
 */
class BinAppTest {
    @TempDir
    Path dir;
    private ScratchProject project;
    private Path javaLog;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        project = ScratchProject.built(dir.resolve("project"));
        Path fakeBin = Files.createDirectories(dir.resolve("fake-bin"));
        javaLog = dir.resolve("java.log");
        Path java = fakeBin.resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                { printf 'arg %s\\n' "$@"; echo "JSII_RUNTIME=${JSII_RUNTIME:-}"; } > "$FAKE_JAVA_LOG"
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        env = new HashMap<>();
        env.put("PATH", fakeBin + ":" + System.getenv("PATH"));
        env.put("FAKE_JAVA_LOG", javaLog.toString());
    }

    private ScratchProject.Result app() {
        return project.run(env, "bin/app");
    }

    private String javaCommand() throws IOException {
        return Files.readString(javaLog, StandardCharsets.UTF_8);
    }

    /** A launch cache as scripts/launch-cache.sh leaves it, with its key taken under the stand-in java. */
    private void cache() throws IOException {
        Path launch = Files.createDirectories(project.path("target/launch/jsii"));
        Files.write(launch.getParent().resolve("deps.jsa"), new byte[4096]);
        Files.writeString(launch.resolve("program.js"), "// the kernel\n");
        ScratchProject.Result key = project.run(env, "scripts/launch-key");
        assertEquals(0, key.exitCode(), key.output());
        Files.writeString(project.path("target/launch/key"), key.output());
    }

    @Test
    void aFreshBuildRunsTheAppFromTheJarsAndTheClasses() throws IOException {
        ScratchProject.Result r = app();
        assertEquals(0, r.exitCode(), r.output());
        String command = javaCommand();
        assertTrue(command.contains("arg io.datalayer.app.Main\n"), command);
        assertTrue(command.contains(":" + project.path("target/classes") + "\narg io.datalayer.app.Main"), command);
        assertFalse(command.contains("SharedArchiveFile"), command);
        assertTrue(command.contains("JSII_RUNTIME=\n"), command);
    }

    @Test
    void aChangedSourceIsAStaleBuild() throws IOException {
        project.touch("src/main/java/io/datalayer/app/DataLayerChart.java");
        ScratchProject.Result r = app();
        assertEquals(2, r.exitCode());
        assertEquals("data-layer: the build is stale: src/main/java/io/datalayer/app/DataLayerChart.java changed after the last"
                + " build (target/runtime-classpath.txt); run 'make synth' (or 'mvn -q compile' first), dist/ left unchanged\n",
                r.output());
        assertFalse(Files.exists(javaLog), "java must not run on a stale build");
    }

    @Test
    void aChangedResourceOrPomIsAStaleBuild() throws IOException {
        project.touch("src/main/resources/io/datalayer/stores/postgres/backup.sh");
        assertTrue(app().output().contains("the build is stale: src/main/resources/io/datalayer/stores/postgres/backup.sh changed"));
        project.ageSources();
        project.touch("pom.xml");
        assertTrue(app().output().contains("the build is stale: pom.xml changed"));
        assertFalse(Files.exists(javaLog));
    }

    @Test
    void aDeletedOrAddedSourceIsAStaleBuild() throws IOException {
        Files.delete(project.path("src/main/java/io/datalayer/kit/Pods.java"));
        ScratchProject.Result r = app();
        assertEquals(2, r.exitCode());
        assertTrue(r.output().contains("the build is stale: src/main/java/io/datalayer/kit changed"), r.output());
        project.ageSources();
        Files.writeString(project.path("src/main/java/io/datalayer/kit/New.java"), "class New {}\n");
        assertTrue(app().output().contains("the build is stale: src/main/java/io/datalayer/kit"));
        assertFalse(Files.exists(javaLog));
    }

    @Test
    void anUnbuiltProjectSaysSo() throws IOException {
        Files.delete(project.path("target/runtime-classpath.txt"));
        ScratchProject.Result r = app();
        assertEquals(2, r.exitCode());
        assertEquals("data-layer: the app is not built; run 'make synth' (or 'mvn -q compile') first\n", r.output());
    }

    @Test
    void aFittingCacheGivesTheArchiveAndTheKernel() throws IOException {
        cache();
        assertEquals(0, app().exitCode());
        String command = javaCommand();
        assertTrue(command.contains("arg -XX:SharedArchiveFile=" + project.path("target/launch/deps.jsa") + "\n"), command);
        assertTrue(command.contains("arg -XX:ArchiveRelocationMode=0\n"), command);
        assertTrue(command.contains("JSII_RUNTIME=" + project.path("bin/jsii-kernel") + "\n"), command);
    }

    @Test
    void aTruncatedArchiveIsNeverPassedToJava() throws IOException {
        cache();
        Files.write(project.path("target/launch/deps.jsa"), new byte[1024]);
        assertEquals(0, app().exitCode());
        assertFalse(javaCommand().contains("SharedArchiveFile"), javaCommand());
    }

    @Test
    void anOverwrittenArchiveIsNeverPassedToJava() throws IOException {
        cache();
        Path archive = project.path("target/launch/deps.jsa");
        byte[] bytes = Files.readAllBytes(archive);
        bytes[2048] = 1;
        Files.write(archive, bytes);
        assertEquals(0, app().exitCode());
        assertFalse(javaCommand().contains("SharedArchiveFile"), javaCommand());
    }

    @Test
    void aMissingArchiveOrKernelStartsWithoutTheCache() throws IOException {
        cache();
        Files.delete(project.path("target/launch/deps.jsa"));
        assertEquals(0, app().exitCode());
        assertFalse(javaCommand().contains("SharedArchiveFile"));
        assertTrue(javaCommand().contains("JSII_RUNTIME=\n"));

        cache();
        Files.delete(project.path("target/launch/jsii/program.js"));
        assertEquals(0, app().exitCode());
        assertFalse(javaCommand().contains("SharedArchiveFile"));
        assertTrue(javaCommand().contains("JSII_RUNTIME=\n"));
    }

    @Test
    void aChangedKernelOfTheSameSizeIsNotRun() throws IOException {
        cache();
        Files.writeString(project.path("target/launch/jsii/program.js"), "// the kErnel\n");
        assertEquals(0, app().exitCode());
        assertTrue(javaCommand().contains("JSII_RUNTIME=\n"), javaCommand());
    }

    @Test
    void aChangedJarOrJavaMakesTheCacheStale() throws IOException {
        cache();
        Path jar = project.path("lib").resolve(Path.of(List.of(Files.readString(project.path("target/runtime-classpath.txt"))
                .split(":")).get(0)).getFileName());
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals(0, app().exitCode());
        assertFalse(javaCommand().contains("SharedArchiveFile"), javaCommand());

        cache();
        Files.writeString(dir.resolve("fake-bin/java"), "\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(0, app().exitCode());
        assertFalse(javaCommand().contains("SharedArchiveFile"), javaCommand());
    }

    @Test
    void theCacheCanBeTurnedOffAndAUsersJsiiRuntimeWins() throws IOException {
        cache();
        env.put("DATALAYER_LAUNCH_CACHE", "off");
        assertEquals(0, app().exitCode());
        assertFalse(javaCommand().contains("SharedArchiveFile"));
        assertTrue(javaCommand().contains("JSII_RUNTIME=\n"));

        env.remove("DATALAYER_LAUNCH_CACHE");
        env.put("JSII_RUNTIME", "/opt/my-jsii-runtime");
        assertEquals(0, app().exitCode());
        assertTrue(javaCommand().contains("SharedArchiveFile"));
        assertTrue(javaCommand().contains("JSII_RUNTIME=/opt/my-jsii-runtime\n"));
    }

    @Test
    void aFreshImportsJarGoesBeforeTheClassesAndAStaleOneNeverReachesJava() throws IOException {
        Path jar = project.path("target/imports.jar");
        Files.write(jar, new byte[512]); // bin/app never opens it: what matters is its age
        cache();
        assertEquals(0, app().exitCode());
        assertTrue(javaCommand().contains(":" + jar + ":" + project.path("target/classes") + "\narg io.datalayer.app.Main"),
                javaCommand());
        assertTrue(javaCommand().contains("SharedArchiveFile"), javaCommand());

        // A re-import compiled by Maven alone (not make build): the source is newer than the jar, the
        // build is not stale, and the jar's old classes must not shadow the folder's new ones.
        project.touch("src/main/java/imports/io/external_secrets/ExternalSecret.java");
        project.touch("target/runtime-classpath.txt");
        ScratchProject.Result r = app();
        assertEquals(0, r.exitCode(), r.output());
        assertFalse(javaCommand().contains("imports.jar"), javaCommand());
        // The archive was dumped with the jar on its classpath: it would not fit, so it is left out;
        // the kernel of the same launch cache is still used.
        assertFalse(javaCommand().contains("SharedArchiveFile"), javaCommand());
        assertTrue(javaCommand().contains("JSII_RUNTIME=" + project.path("bin/jsii-kernel") + "\n"), javaCommand());

        // The same for a resource of the imports (a jsii tarball).
        project.ageSources();
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        cache();
        assertEquals(0, app().exitCode());
        assertTrue(javaCommand().contains(jar.toString()), javaCommand());
        try (var tarballs = Files.walk(project.path("src/main/resources/imports"))) {
            project.touch(project.root.relativize(tarballs.filter(f -> f.toString().endsWith(".tgz")).findFirst().orElseThrow())
                    .toString());
        }
        project.touch("target/runtime-classpath.txt");
        assertEquals(0, app().exitCode());
        assertFalse(javaCommand().contains("imports.jar"), javaCommand());
    }

    /** A launch cache with an AOT cache of a stand-in JDK 25 (the same recording script as its java). */
    private void aotCache() throws IOException {
        Path jdk = Files.createDirectories(dir.resolve("fake-jdk25/bin"));
        Files.copy(dir.resolve("fake-bin/java"), jdk.resolve("java"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        env.put("DATALAYER_AOT_JDK", jdk.getParent().toString());
        Files.write(project.path("target/imports.jar"), new byte[512]);
        Files.createDirectories(project.path("target/launch"));
        Files.write(project.path("target/launch/app.aot"), new byte[4096]);
        Files.write(project.path("target/launch/launcher.jar"), new byte[256]);
        cache();
    }

    /**
     * The second AOT cache, with a copy of the app's classes, as scripts/launch-cache.sh leaves it: the
     * copy written after every class of target/classes, its key taken last.
     */
    private void appClassesCache() throws IOException {
        aotCache();
        Files.write(project.path("target/launch/app-classes.jar"), new byte[2048]);
        Files.write(project.path("target/launch/app-classes.aot"), new byte[8192]);
        ScratchProject.Result key = project.run(env, "bash", "-c", "source scripts/launch-key && app_classes_key \"$PWD\"");
        assertEquals(0, key.exitCode(), key.output());
        Files.writeString(project.path("target/launch/app-classes.key"), key.output());
    }

    @Test
    void aFittingAppClassesCacheRunsMainFromItsCopyOnJdk25() throws IOException {
        appClassesCache();
        assertEquals(0, app().exitCode());
        String command = javaCommand();
        assertTrue(command.contains("arg -XX:AOTCache=" + project.path("target/launch/app-classes.aot") + "\n"), command);
        assertTrue(command.contains("arg -XX:+AOTCompileEagerly\n"), command);
        assertTrue(command.contains(":" + project.path("target/imports.jar") + ":" + project.path("target/launch/app-classes.jar")
                + "\narg io.datalayer.app.Main\n"), command);
        assertFalse(command.contains("ClassesLauncher") || command.contains("datalayer.classes"), command);
        assertTrue(command.contains("JSII_RUNTIME=" + project.path("bin/jsii-kernel") + "\n"), command);
    }

    @Test
    void aClassChangedSinceTheCopyOrADamagedCopyRunsTheClassesFromTheFolder() throws IOException {
        // A class compiled (or written by hand) after the copy: the app must run it, not the copy's.
        appClassesCache();
        project.touch("target/classes/io/datalayer/kit/Labels.class");
        assertEquals(0, app().exitCode());
        assertTrue(javaCommand().contains("arg -XX:AOTCache=" + project.path("target/launch/app.aot") + "\n"), javaCommand());
        assertTrue(javaCommand().contains("arg io.datalayer.launch.ClassesLauncher\n"), javaCommand());

        // A class of the same size copied in with its old modification time kept (cp -p, rsync -a):
        // its change time still moves.
        appClassesCache();
        Path labels = project.path("target/classes/io/datalayer/kit/Labels.class");
        java.nio.file.attribute.FileTime old = Files.getLastModifiedTime(labels);
        byte[] bytes = Files.readAllBytes(labels);
        bytes[bytes.length - 1] ^= 1;
        Files.write(labels, bytes);
        Files.setLastModifiedTime(labels, old);
        assertEquals(0, app().exitCode());
        assertTrue(javaCommand().contains("arg io.datalayer.launch.ClassesLauncher\n"), javaCommand());

        // A compile replaces the whole folder; a deleted class: the same.
        appClassesCache();
        Files.setLastModifiedTime(project.path("target/classes"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
        assertEquals(0, app().exitCode());
        assertTrue(javaCommand().contains("arg io.datalayer.launch.ClassesLauncher\n"), javaCommand());
        appClassesCache();
        Files.delete(project.path("target/classes/io/datalayer/launch/Timing.class"));
        assertEquals(0, app().exitCode());
        assertTrue(javaCommand().contains("arg io.datalayer.launch.ClassesLauncher\n"), javaCommand());

        // A truncated copy or cache: the key no longer fits.
        for (String part : List.of("app-classes.jar", "app-classes.aot")) {
            appClassesCache();
            Path file = project.path("target/launch/" + part);
            Files.write(file, new byte[100]);
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 4000));
            assertEquals(0, app().exitCode());
            assertFalse(javaCommand().contains("app-classes"), part + ": " + javaCommand());
            assertTrue(javaCommand().contains("arg io.datalayer.launch.ClassesLauncher\n"), javaCommand());
        }
    }

    @Test
    void aFittingAotCacheRunsTheAppOnJdk25FromTheLauncher() throws IOException {
        aotCache();
        assertEquals(0, app().exitCode());
        String command = javaCommand();
        assertTrue(command.contains("arg -XX:AOTCache=" + project.path("target/launch/app.aot") + "\n"), command);
        // An experimental option, ignored by a JDK that no longer has it rather than refused.
        assertTrue(command.contains("arg -XX:+IgnoreUnrecognizedVMOptions\narg -XX:+UnlockExperimentalVMOptions\n"
                + "arg -XX:+AOTCompileEagerly\n"), command);
        assertTrue(command.contains("arg -XX:CICompilerCount=1\n"), command);
        assertTrue(command.contains("arg -Ddatalayer.classes=" + project.path("target/classes") + "\n"), command);
        assertTrue(command.contains(":" + project.path("target/imports.jar") + ":" + project.path("target/launch/launcher.jar")
                + "\narg io.datalayer.launch.ClassesLauncher\n"), command);
        assertFalse(command.contains("SharedArchiveFile"), command);
        assertTrue(command.contains("JSII_RUNTIME=" + project.path("bin/jsii-kernel") + "\n"), command);
    }

    @Test
    void aDamagedMissingOrUnfittingAotCacheFallsBackToTheClassDataArchive() throws IOException {
        aotCache();
        Files.write(project.path("target/launch/app.aot"), new byte[1024]); // truncated: the key no longer fits
        assertEquals(0, app().exitCode());
        assertFalse(javaCommand().contains("AOTCache"), javaCommand());
        assertTrue(javaCommand().contains("arg io.datalayer.app.Main\n"), javaCommand());

        aotCache();
        Files.delete(project.path("target/launch/app.aot"));
        cache();
        assertEquals(0, app().exitCode());
        assertFalse(javaCommand().contains("AOTCache"), javaCommand());
        assertTrue(javaCommand().contains("SharedArchiveFile"), javaCommand());

        // The launcher class changed after the jar was made: the cache is stale until make build.
        aotCache();
        Files.write(project.path("target/classes/io/datalayer/launch/ClassesLauncher.class"), new byte[] {1},
                java.nio.file.StandardOpenOption.APPEND);
        assertEquals(0, app().exitCode());
        assertFalse(javaCommand().contains("AOTCache"), javaCommand());

        // A machine without a JDK 25 (or DATALAYER_AOT_JDK empty): the key names none, so the cache built with one does not fit.
        aotCache();
        env.put("DATALAYER_AOT_JDK", "");
        assertEquals(0, app().exitCode());
        assertFalse(javaCommand().contains("AOTCache"), javaCommand());

        // Stale imports: the cache was trained with the imports jar on the class path.
        env.remove("DATALAYER_AOT_JDK");
        aotCache();
        project.touch("src/main/java/imports/io/external_secrets/ExternalSecret.java");
        project.touch("target/runtime-classpath.txt");
        assertEquals(0, app().exitCode());
        assertFalse(javaCommand().contains("AOTCache"), javaCommand());
        assertFalse(javaCommand().contains("imports.jar"), javaCommand());
    }
}
