package io.datalayer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.datalayer.validation.FreshSynth;
import io.datalayer.validation.NodeScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's JavaScript peer ({@code bench/js-peer/}, run by {@code scripts/bench.py}) must
 * write every environment byte for byte as the app does, or the benchmark's ratio compares
 * different work. This runs the peer on Node 22 from node_modules into a temporary folder and
 * compares it with the app's fresh synth ({@link FreshSynth}, the very bytes a synth publishes to
 * dist/), file by file, so a change to the output that forgets the peer fails the build, naming
 * the file and the first differing line. No timing is asserted (that is the benchmark's job).
 */
class JsPeerTest {
    static final Path PEER = Path.of("bench/js-peer/main.js");

    @TempDir
    Path tmp;

    @Test
    void peerWritesEveryEnvironmentByteForByteAsTheApp() {
        Path out = tmp.resolve("peer");
        runPeer(out);
        String difference = firstDifference(FreshSynth.dir(), out);
        if (difference != null) {
            fail(difference);
        }
    }

    /** The comparison can fail: one changed line is found and named, with both sides. */
    @Test
    void aChangedLineIsNamedWithItsFileAndNumber() throws IOException {
        Path app = tmp.resolve("app");
        Path peer = tmp.resolve("peer");
        for (Path root : List.of(app, peer)) {
            Files.createDirectories(root.resolve("dev"));
            Files.writeString(root.resolve("dev/kustomization.yaml"), "resources:\n  - data-layer.k8s.yaml\n");
        }
        Files.writeString(app.resolve("dev/data-layer.k8s.yaml"), "kind: Namespace\nmetadata:\n  name: data\n");
        Files.writeString(peer.resolve("dev/data-layer.k8s.yaml"), "kind: Namespace\nmetadata:\n  name: date\n");
        assertEquals("dev/data-layer.k8s.yaml differs from line 3 on:\n  app:  \"  name: data\"\n  peer: \"  name: date\"\n"
                + ADVICE, firstDifference(app, peer));

        Files.writeString(peer.resolve("dev/data-layer.k8s.yaml"), "kind: Namespace\nmetadata:\n  name: data\n");
        assertEquals(null, firstDifference(app, peer));
        Files.writeString(peer.resolve("dev/extra.k8s.yaml"), "kind: ConfigMap\n");
        Files.delete(peer.resolve("dev/kustomization.yaml"));
        assertEquals("the peer writes other files than the app: missing dev/kustomization.yaml; not written by the app"
                + " dev/extra.k8s.yaml\n" + ADVICE, firstDifference(app, peer));
    }

    static final String ADVICE = "The JavaScript peer (bench/js-peer/) no longer writes what the app writes, so"
            + " scripts/bench.py would compare different work: mirror the change of the Java constructs in bench/js-peer/"
            + " (main.js says which file holds what), then check with node bench/js-peer/main.js <dir> and diff <dir> dist/.";

    /** Runs the peer into {@code out}; fails with its output when it fails. */
    private static void runPeer(Path out) {
        try {
            Process p = new ProcessBuilder(NodeScript.NODE.toString(), PEER.toString(), out.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(PEER + " did not finish within 60 s");
            }
            assertEquals(0, p.exitValue(), () -> PEER + " failed:\n" + log + "\n" + ADVICE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + NodeScript.NODE + " (run scripts/setup.sh first)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Null when both trees hold the same files with the same bytes; else what differs first. */
    static String firstDifference(Path app, Path peer) {
        TreeMap<String, byte[]> appFiles = files(app);
        TreeMap<String, byte[]> peerFiles = files(peer);
        assertTrue(!appFiles.isEmpty(), () -> "the app wrote nothing into " + app);
        if (!appFiles.keySet().equals(peerFiles.keySet())) {
            List<String> missing = new ArrayList<>(appFiles.keySet());
            missing.removeAll(peerFiles.keySet());
            List<String> extra = new ArrayList<>(peerFiles.keySet());
            extra.removeAll(appFiles.keySet());
            return "the peer writes other files than the app: missing " + (missing.isEmpty() ? "none" : String.join(", ", missing))
                    + "; not written by the app " + (extra.isEmpty() ? "none" : String.join(", ", extra)) + "\n" + ADVICE;
        }
        for (String rel : appFiles.keySet()) {
            byte[] a = appFiles.get(rel);
            byte[] b = peerFiles.get(rel);
            if (!Arrays.equals(a, b)) {
                String[] appLines = new String(a, StandardCharsets.UTF_8).split("\n", -1);
                String[] peerLines = new String(b, StandardCharsets.UTF_8).split("\n", -1);
                int n = 0;
                while (n < appLines.length && n < peerLines.length && appLines[n].equals(peerLines[n])) {
                    n++;
                }
                return rel + " differs from line " + (n + 1) + " on:\n  app:  " + line(appLines, n) + "\n  peer: "
                        + line(peerLines, n) + "\n" + ADVICE;
            }
        }
        return null;
    }

    private static String line(String[] lines, int n) {
        if (n >= lines.length) {
            return "(end of file)";
        }
        String text = lines[n].length() > 160 ? lines[n].substring(0, 160) + "..." : lines[n];
        return "\"" + text + "\"";
    }

    private static TreeMap<String, byte[]> files(Path root) {
        TreeMap<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
