package io.datalayer.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make build} (scripts/compile.sh) compiles only when pom.xml or something under src/main
 * changed since the last build: Maven for pom.xml or a first build, javac on every source
 * otherwise. Stand-in {@code mvn} and {@code javac} first on PATH log their runs (the stand-in mvn
 * writes the build stamp as the real build does); the set-up and launch-cache steps do nothing.
 */
class MakeBuildTest {
    @TempDir
    Path dir;
    private ScratchProject project;
    private Path log;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        project = ScratchProject.built(dir.resolve("project"));
        Path fakeBin = Files.createDirectories(dir.resolve("fake-bin"));
        log = dir.resolve("tools.log");
        executable(fakeBin.resolve("mvn"), "#!/bin/sh\necho \"mvn $*\" >> \"$TOOLS_LOG\"\ntouch target/runtime-classpath.txt\n");
        executable(fakeBin.resolve("javac"), "#!/bin/sh\necho javac >> \"$TOOLS_LOG\"\nprintf '%s\\n' \"$@\" > \"$TOOLS_LOG.args\"\n"
                + "for a in \"$@\"; do case $a in @*) cat \"${a#@}\" > \"$TOOLS_LOG.sources\";; esac; done\n"
                + "[ -z \"$FAKE_JAVAC_FAIL\" ] || { echo 'Broken.java:1: error: reached end of file while parsing' >&2; exit 1; }\n");
        executable(project.path("scripts/setup.sh"), "#!/bin/sh\n");
        executable(project.path("scripts/launch-cache.sh"), "#!/bin/sh\n");
        env = new HashMap<>(Map.of("PATH", fakeBin + ":" + System.getenv("PATH"), "TOOLS_LOG", log.toString()));
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs {@code make build}; returns the compilers it ran. */
    private List<String> build() throws IOException {
        int before = Files.exists(log) ? Files.readAllLines(log).size() : 0;
        ScratchProject.Result r = project.run(env, "make", "--no-print-directory", "build");
        assertEquals(0, r.exitCode(), r.output());
        List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return all.subList(before, all.size());
    }

    @Test
    void nothingChangedCompilesNothing() throws IOException {
        assertEquals(List.of(), build());
        assertEquals(List.of(), build());
    }

    @Test
    void noBuildYetOrAChangedPomRunsMaven() throws IOException {
        Files.delete(project.path("target/runtime-classpath.txt"));
        assertEquals(List.of("mvn -q -B compile"), build());
        assertEquals(List.of(), build());
        project.touch("pom.xml");
        assertEquals(List.of("mvn -q -B compile"), build());
        assertEquals(List.of(), build());
    }

    @Test
    void aChangedSourceOrResourceIsRecompiledWholeWithoutMaven() throws IOException {
        project.touch("src/main/java/io/datalayer/app/Main.java");
        assertEquals(List.of("javac"), build());
        assertEquals(List.of(), build());
        project.touch("src/main/resources/io/datalayer/stores/postgres/restore.sh");
        assertEquals(List.of("javac"), build());
        assertTrue(Files.exists(project.path("target/classes/io/datalayer/stores/postgres/restore.sh")), "resources are copied");
        assertEquals(List.of(), build());
    }

    @Test
    void anAddedOrDeletedSourceIsRecompiled() throws IOException {
        Files.delete(project.path("src/main/java/io/datalayer/kit/Labels.java"));
        assertEquals(List.of("javac"), build());
        Files.writeString(project.path("src/main/java/io/datalayer/kit/Labels.java"), "// back\n");
        assertEquals(List.of("javac"), build());
        assertEquals(List.of(), build());
    }

    @Test
    void aFailedCompileLeavesTheBuildStaleAndTheClassesAsTheyWere() throws IOException {
        FileTime stamp = Files.getLastModifiedTime(project.path("target/runtime-classpath.txt"));
        byte[] mainClass = Files.readAllBytes(project.path("target/classes/io/datalayer/app/Main.class"));
        project.touch("src/main/java/io/datalayer/app/Main.java");
        env.put("FAKE_JAVAC_FAIL", "1");
        ScratchProject.Result r = project.run(env, "make", "--no-print-directory", "build");
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("Broken.java:1: error: reached end of file while parsing\n"
                + "compile: javac failed (above); target/classes left as it was, so bin/app reports the build as stale\n"), r.output());
        assertEquals(stamp, Files.getLastModifiedTime(project.path("target/runtime-classpath.txt")));
        assertTrue(java.util.Arrays.equals(mainClass, Files.readAllBytes(project.path("target/classes/io/datalayer/app/Main.class"))));
        assertTrue(Files.notExists(project.path("target/classes.new")));
    }

    @Test
    void aChangedAppSourceIsCompiledAgainstTheImportsAndKubeJarsAndAChangedSourceThereRebuildsThem() throws IOException {
        Path jar = project.path("target/imports.jar");
        assertEquals(List.of(), build());
        assertTrue(Files.exists(jar), "the first build makes the imports jar from target/classes");
        FileTime made = Files.getLastModifiedTime(jar);

        project.touch("src/main/java/io/datalayer/app/Main.java");
        assertEquals(List.of("javac"), build());
        List<String> sources = Files.readAllLines(Path.of(log + ".sources"));
        assertTrue(sources.contains("src/main/java/io/datalayer/app/Main.java"), sources.toString());
        assertTrue(sources.stream().noneMatch(f -> f.startsWith("src/main/java/imports/")), sources.toString());
        assertTrue(Files.readString(Path.of(log + ".args")).contains(":target/imports.jar:target/kube.jar\n"));
        // target/classes stays complete: the imports' classes are carried over.
        assertTrue(Files.exists(project.path("target/classes/imports/io/external_secrets/ExternalSecret.class")));
        assertEquals(made, Files.getLastModifiedTime(jar), "an app change leaves the jar (and the archive) as it was");

        // The Kubernetes objects' package likewise: compiled once into target/kube.jar, then compiled against.
        assertTrue(sources.stream().noneMatch(f -> f.startsWith("src/main/java/io/datalayer/kube/")), sources.toString());
        assertTrue(Files.exists(project.path("target/classes/io/datalayer/kube/Kube.class")));
        project.touch("src/main/java/io/datalayer/kube/KubeObject.java");
        assertEquals(List.of("javac"), build());
        sources = Files.readAllLines(Path.of(log + ".sources"));
        assertTrue(sources.contains("src/main/java/io/datalayer/kube/Kube.java"), "a changed kube source compiles the package: " + sources);
        assertTrue(sources.contains("src/main/java/io/datalayer/app/Main.java"), sources.toString());

        project.touch("src/main/java/imports/io/external_secrets/ExternalSecret.java");
        assertEquals(List.of("javac"), build());
        sources = Files.readAllLines(Path.of(log + ".sources"));
        assertTrue(sources.contains("src/main/java/imports/io/external_secrets/ExternalSecret.java"), sources.toString());
        assertTrue(Files.getLastModifiedTime(jar).compareTo(
                Files.getLastModifiedTime(project.path("src/main/java/imports/io/external_secrets/ExternalSecret.java"))) > 0,
                "a changed import rebuilds the jar");
        assertEquals(List.of(), build());
    }
}
