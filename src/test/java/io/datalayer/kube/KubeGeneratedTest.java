package io.datalayer.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

    /**
     * scripts/compile.sh compiles this package into target/kube.jar only when the package or the
     * imports change: it must not depend on the rest of the app, whose changes would leave it stale.
     */
    @Test
    void thePackageDependsOnNothingElseOfTheApp() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/java/io/datalayer/kube"))) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("import io.datalayer.") && !line.startsWith("import io.datalayer.kube.")) {
                        throw new AssertionError(file + " imports " + line + "; io.datalayer.kube depends on jars and imports alone");
                    }
                }
                assertFalse(Files.readString(file).matches("(?s).*\\bio\\.datalayer\\.(?!kube\\b)\\w+\\.[A-Z].*"),
                        file + " names a class of another io.datalayer package");
            }
        }
    }
}
