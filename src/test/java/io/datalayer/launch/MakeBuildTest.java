package io.datalayer.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make build} runs Maven only when pom.xml or something under src/main changed since the
 * last build. A stand-in {@code mvn} first on PATH counts its runs and writes the build stamp as
 * the real build does; the set-up and launch-cache steps are stand-ins that do nothing.
 */
class MakeBuildTest {
    @TempDir
    Path dir;
    private ScratchProject project;
    private Path mvnLog;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        project = ScratchProject.built(dir.resolve("project"));
        Path fakeBin = Files.createDirectories(dir.resolve("fake-bin"));
        mvnLog = dir.resolve("mvn.log");
        executable(fakeBin.resolve("mvn"), "#!/bin/sh\necho \"mvn $*\" >> \"$MVN_LOG\"\ntouch target/runtime-classpath.txt\n");
        executable(project.path("scripts/setup.sh"), "#!/bin/sh\n");
        executable(project.path("scripts/launch-cache.sh"), "#!/bin/sh\n");
        env = Map.of("PATH", fakeBin + ":" + System.getenv("PATH"), "MVN_LOG", mvnLog.toString());
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs {@code make build}; returns how many times Maven ran in it. */
    private long build() throws IOException {
        long before = Files.exists(mvnLog) ? Files.readAllLines(mvnLog).size() : 0;
        ScratchProject.Result r = project.run(env, "make", "--no-print-directory", "build");
        assertEquals(0, r.exitCode(), r.output());
        return (Files.exists(mvnLog) ? Files.readAllLines(mvnLog).size() : 0) - before;
    }

    @Test
    void nothingChangedSkipsMaven() throws IOException {
        assertEquals(0, build());
        assertEquals(0, build());
    }

    @Test
    void noBuildYetRunsMaven() throws IOException {
        Files.delete(project.path("target/runtime-classpath.txt"));
        assertEquals(1, build());
        assertEquals("mvn -q -B compile\n", Files.readString(mvnLog));
        assertEquals(0, build());
    }

    @Test
    void aChangedSourceResourceOrPomRunsMavenOnce() throws IOException {
        project.touch("src/main/java/io/datalayer/Main.java");
        assertEquals(1, build());
        assertEquals(0, build());
        project.touch("src/main/resources/io/datalayer/postgres/restore.sh");
        assertEquals(1, build());
        project.touch("pom.xml");
        assertEquals(1, build());
        assertEquals(0, build());
    }

    @Test
    void anAddedOrDeletedSourceRunsMaven() throws IOException {
        Files.delete(project.path("src/main/java/io/datalayer/k8s/Labels.java"));
        assertEquals(1, build());
        Files.writeString(project.path("src/main/java/io/datalayer/k8s/Labels.java"), "// back\n");
        assertEquals(1, build());
        assertEquals(0, build());
    }
}
