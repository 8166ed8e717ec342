package io.datalayer.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.validation.FreshSynth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output parsed ahead, per environment, while the next is built: the one read of the whole
 * output must come out exactly as a plain read (same files, bytes, objects), use an early parse only
 * for the very bytes it reads, and report a broken file as a plain read does.
 */
class ParseAheadTest {
    @TempDir
    Path dir;

    /** A copy of a real synth's output (prod/ and dev/). */
    private Path output() throws IOException {
        Path from = FreshSynth.dir();
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                Path to = dir.resolve(from.relativize(p).toString());
                Files.createDirectories(to.getParent());
                Files.copy(p, to);
            }
        }
        return dir;
    }

    private static void assertSameOutput(SynthOutput expected, SynthOutput actual) {
        assertEquals(expected.files().size(), actual.files().size());
        for (int i = 0; i < expected.files().size(); i++) {
            SynthOutput.File e = expected.files().get(i), a = actual.files().get(i);
            assertEquals(e.path(), a.path());
            assertArrayEquals(e.bytes(), a.bytes(), e.path().toString());
            assertEquals(e.manifests(), a.manifests(), e.path().toString());
        }
    }

    private static ParseAhead everyFolder(Path out) {
        ParseAhead ahead = new ParseAhead();
        for (String env : List.of("prod", "dev")) {
            ahead.folder(out, env);
        }
        return ahead;
    }

    @Test
    void readsWhatAPlainReadReadsAndUsesTheEarlyParses() throws IOException {
        Path out = output();
        ParseAhead ahead = everyFolder(out);
        SynthOutput read = SynthOutput.read(out, ahead);
        assertSameOutput(SynthOutput.read(out), read);
        assertEquals(4, read.files().size());
        for (SynthOutput.File f : read.files()) {
            assertSame(ahead.parsed().get(f.path()), f, f.path() + " was parsed ahead and taken from there");
        }
    }

    @Test
    void aFileChangedAfterItsEarlyParseIsParsedAgain() throws IOException {
        Path out = output();
        ParseAhead ahead = everyFolder(out);
        ahead.parsed(); // every early parse has ended
        Path file = out.resolve("dev/data-layer.k8s.yaml");
        String changed = Files.readString(file) + "# changed after the early parse\n";
        Files.writeString(file, changed);
        SynthOutput read = SynthOutput.read(out, ahead);
        assertSameOutput(SynthOutput.read(out), read);
        SynthOutput.File dev = read.files().stream().filter(f -> f.path().equals(Path.of("dev/data-layer.k8s.yaml")))
                .findFirst().orElseThrow();
        assertNotSame(ahead.parsed().get(dev.path()), dev);
        assertArrayEquals(changed.getBytes(StandardCharsets.UTF_8), dev.bytes());
    }

    @Test
    void aBrokenFileIsReportedAsAPlainReadReportsIt() throws IOException {
        Path out = output();
        Files.writeString(out.resolve("prod/data-layer.k8s.yaml"), "kind: [unclosed\n");
        ParseAhead ahead = everyFolder(out);
        IllegalStateException plain = assertThrows(IllegalStateException.class, () -> SynthOutput.read(out));
        IllegalStateException early = assertThrows(IllegalStateException.class, () -> SynthOutput.read(out, ahead));
        assertEquals(plain.getMessage(), early.getMessage());
    }
}
