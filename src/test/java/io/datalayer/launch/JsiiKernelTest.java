package io.datalayer.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jsii kernel as bin/app runs it (io.datalayer.launch.JsiiKernel, real JVM and Node): started
 * in the background at the process's start and stopped in the background after the last chart.
 * The stop must be jsii's own shutdown, not a kill: the kernel removes its temporary folder (in
 * TMPDIR) only when it exits by itself, so none may be left. A Node that cannot start must fail the
 * synth as it did without the background start: naming the program, dist/ untouched.
 */
class JsiiKernelTest {
    @TempDir
    static Path dir;
    private static ScratchProject project;

    @BeforeAll
    static void build() throws IOException {
        project = ScratchProject.built(dir.resolve("project"));
    }

    private static List<Path> kernelFolders(Path tmp) throws IOException {
        try (Stream<Path> all = Files.list(tmp)) {
            return all.filter(p -> p.getFileName().toString().startsWith("jsii-kernel-")).toList();
        }
    }

    private static void synthLeavesNoKernelFolder(Map<String, String> env, String tmpName) throws IOException {
        Path tmp = Files.createDirectories(dir.resolve(tmpName));
        Map<String, String> withTmp = new java.util.HashMap<>(env);
        withTmp.put("TMPDIR", tmp.toString());
        withTmp.put("DATALAYER_TIMING", "1");
        ScratchProject.Result r = project.run(withTmp, "bin/app");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("data-layer: published prod, dev to "), r.output());
        assertTrue(r.output().contains("ms assemblies loaded [jsii kernel start]"), "started in the background: " + r.output());
        assertEquals(List.of(), kernelFolders(tmp), "the kernel exited by itself and cleaned up: " + r.output());
    }

    @Test
    void theKernelOfJsiisOwnRuntimeIsStoppedCleanly() throws IOException {
        synthLeavesNoKernelFolder(Map.of("DATALAYER_LAUNCH_CACHE", "off"), "tmp-jsii-runtime");
    }

    @Test
    void theOneProcessKernelOfTheLaunchCacheIsStoppedCleanly() throws IOException {
        ScratchProject.Result cache = project.run(Map.of(), "scripts/launch-cache.sh");
        assertEquals(0, cache.exitCode(), cache.output());
        synthLeavesNoKernelFolder(Map.of(), "tmp-launch-cache");
    }

    @Test
    void whatTheKernelWritesToStandardErrorAsItExitsIsStillRelayed() throws IOException {
        ScratchProject.Result cache = project.run(Map.of(), "scripts/launch-cache.sh");
        assertEquals(0, cache.exitCode(), cache.output());
        // The stop wakes jsii's relay of the kernel's stderr once Node has exited: the last line Node
        // writes, in its exit handler, must still reach bin/app's stderr.
        Path bye = dir.resolve("bye.js");
        Files.writeString(bye, "process.on('exit', () => require('fs').writeSync(2, 'kernel: exiting, last words\\n'));\n");
        ScratchProject.Result r = project.run(Map.of("NODE_OPTIONS", "--require=" + bye, "DATALAYER_TIMING", "1"), "bin/app");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("ms jsii kernel stopped [jsii kernel stop]"), "stopped in the background: " + r.output());
        assertTrue(r.output().lines().anyMatch("kernel: exiting, last words"::equals), r.output());
    }

    @Test
    void aNodeThatCannotStartFailsTheSynthNamingIt() throws IOException {
        ScratchProject.Result r = project.run(Map.of("DATALAYER_LAUNCH_CACHE", "off", "JSII_NODE", "/nonexistent/node",
                "DATALAYER_DIST", dir.resolve("untouched-dist").toString()), "bin/app");
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("data-layer: synth failed, dist/ left unchanged: environment prod: ")
                && r.output().contains("Cannot run program \"/nonexistent/node\""), r.output());
        assertFalse(Files.exists(dir.resolve("untouched-dist")));
    }
}
