package io.datalayer.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code Kube.java} is generated from the installed cdk8s-plus-28 and the CRD imports by
 * {@code scripts/generate-kube-json.mjs}: an upgrade of either, or a hand edit, fails here until the
 * file is generated again (the generator's {@code --check} compares without writing).
 */
class KubeGeneratedTest {
    @Test
    void kubeJavaIsWhatTheGeneratorWrites() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("node_modules/.bin/node", "scripts/generate-kube-json.mjs", "--check")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the generator did not finish within 60 s");
        }
        assertEquals(0, p.exitValue(), out);
    }
}
