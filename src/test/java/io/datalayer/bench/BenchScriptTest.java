package io.datalayer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code scripts/bench.py} promises about its own measurements, checked with its own code
 * (loaded as a module by python3, nothing timed): peak RSS counts the whole process tree, as
 * {@code bin/app}'s JVM and jsii Node kernel run at the same time, and a peer output that differs
 * stops the benchmark naming the file and the first differing line.
 */
class BenchScriptTest {
    private static final String LOAD = "import importlib.util, sys\n"
            + "spec = importlib.util.spec_from_file_location('bench', 'scripts/bench.py')\n"
            + "bench = importlib.util.module_from_spec(spec)\n"
            + "spec.loader.exec_module(bench)\n";

    @TempDir
    Path tmp;

    /**
     * Two processes holding 64 MiB and 40 MiB at the same time under one shell: the tree's peak
     * holds both, the largest single process (wait4's ru_maxrss, what the benchmark reported
     * before) only the first.
     */
    @Test
    void peakRssCountsEveryProcessOfTheTreeAtOnce() {
        String hold = "import time; b = b'x' * (%d * 1024 * 1024); time.sleep(3)";
        String tree = "python3 -c \"" + String.format(hold, 64) + "\" & python3 -c \"" + String.format(hold, 40) + "\"; wait";
        String out = python(LOAD + "wall, tree, cpu, largest, peaks = bench.measure(['sh', '-c', sys.argv[1]], None)\n"
                + "print(round(tree), round(largest), round(peaks))\n", tree);
        String[] mib = out.trim().split(" ");
        int treePeak = Integer.parseInt(mib[0]);
        int largest = Integer.parseInt(mib[1]);
        int sumOfPeaks = Integer.parseInt(mib[2]);
        assertTrue(treePeak >= 104, () -> "tree peak " + treePeak + " MiB holds both processes' 104 MiB: " + out);
        assertTrue(largest >= 64 && largest < 100, () -> "largest process " + largest + " MiB is one process: " + out);
        assertTrue(sumOfPeaks >= treePeak, () -> "the sum of process peaks bounds the tree's: " + out);
    }

    @Test
    void aDifferingPeerOutputStopsTheBenchmarkNamingFileAndLine() throws IOException {
        Path app = Files.createDirectories(tmp.resolve("app/prod"));
        Path peer = Files.createDirectories(tmp.resolve("peer/prod"));
        Files.writeString(app.resolve("data-layer.k8s.yaml"), "kind: Namespace\nmetadata:\n  name: data\n");
        Files.writeString(peer.resolve("data-layer.k8s.yaml"), "kind: Namespace\nmetadata:\n  name: date\n");
        String out = python(LOAD + "try:\n    bench.check_same_output(sys.argv[1], sys.argv[2])\n"
                + "except SystemExit as e:\n    print(e.code)\n", tmp.resolve("app").toString(), tmp.resolve("peer").toString());
        assertEquals("bench: the JavaScript peer's prod/data-layer.k8s.yaml differs from the app's "
                + app.resolve("data-layer.k8s.yaml") + " from line 3 on:\n"
                + "  app:  '  name: data'\n"
                + "  peer: '  name: date'\n"
                + "the peer no longer writes the same objects, so the ratio would compare different work; mirror the"
                + " change of the Java constructs in bench/js-peer/ (see main.js for which file holds what)\n", out);

        Files.writeString(peer.resolve("data-layer.k8s.yaml"), "kind: Namespace\nmetadata:\n  name: data\n");
        assertEquals("peer output identical to the app's: prod/data-layer.k8s.yaml\n",
                python(LOAD + "bench.check_same_output(sys.argv[1], sys.argv[2])\n", tmp.resolve("app").toString(),
                        tmp.resolve("peer").toString()));
    }

    private static String python(String program, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", "-c", program));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("python3 did not finish within 60 s");
            }
            assertEquals(0, p.exitValue(), () -> "python3 failed:\n" + out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run python3 (scripts/bench.py needs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
