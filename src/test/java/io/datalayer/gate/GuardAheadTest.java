package io.datalayer.gate;

import static io.datalayer.gate.GuardCases.configMap;
import static io.datalayer.gate.GuardCases.dump;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.datalayer.output.SynthOutput;
import io.datalayer.vault.Fingerprints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The guard run ahead, file by file on its own thread, reports exactly what {@link OutputGuard#check}
 * reports for the whole output, in the same order and with the same merged repeats; a file whose
 * bytes changed after its check ahead (another file object) is checked again.
 */
class GuardAheadTest {
    private static final String TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

    private static SynthOutput.File file(String name, List<Map<String, Object>> objects) {
        return GuardCases.file(name, dump(objects)).files().get(0);
    }

    private static List<SynthOutput.File> files() {
        List<SynthOutput.File> files = new ArrayList<>();
        // A token in two fields of one object (merged into one finding), in another file too, and a clean file.
        files.add(file("dev/a.k8s.yaml", List.of(configMap("leak", "data", Map.of("a", TOKEN, "b", TOKEN)))));
        files.add(file("dev/b.k8s.yaml", List.of(configMap("clean", "data", Map.of("a", "b")))));
        files.add(file("prod/a.k8s.yaml", List.of(configMap("leak", "data", Map.of("c", "x" + TOKEN)))));
        return files;
    }

    @Test
    void findingsAheadEqualTheWholeChecksAndAChangedFileIsCheckedAgain() {
        List<SynthOutput.File> files = files();
        SynthOutput output = new SynthOutput(files);
        List<Violation> whole = OutputGuard.check(output, new Fingerprints());
        assertFalse(whole.isEmpty());

        GuardAhead ahead = new GuardAhead(new Fingerprints());
        files.forEach(ahead::file);
        assertEquals(whole, ahead.findings(output));

        // The final read kept other file objects (bytes changed after the check ahead): checked again.
        GuardAhead stale = new GuardAhead(new Fingerprints());
        stale.file(file("dev/a.k8s.yaml", List.of(configMap("leak", "data", Map.of("a", "nothing")))));
        files.subList(1, 3).forEach(stale::file);
        assertEquals(whole, stale.findings(output));

        // Nothing ahead at all: every file checked on the caller's thread.
        assertEquals(whole, new GuardAhead(new Fingerprints()).findings(output));
    }
}
