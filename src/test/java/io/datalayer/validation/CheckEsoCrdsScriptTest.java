package io.datalayer.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CheckEsoCrdsScriptTest {
    private static final String CRDS = "src/test/resources/crds/";

    private static NodeScript.Result check(Path... files) {
        return NodeScript.run(NodeScript.CHECK_ESO_CRDS, files);
    }

    @Test
    void aCrdThatMatchesUpstreamPasses() {
        NodeScript.Result result = check(Path.of(CRDS + "matching.yaml"));
        assertEquals(List.of(), result.findings());
        assertEquals(0, result.exitCode());
    }

    @Test
    void findsUnknownFieldsWrongTypesExtraEnumValuesAndMissingRequireds() {
        NodeScript.Result result = check(Path.of(CRDS + "drifted.yaml"));
        String at = CRDS + "drifted.yaml: ExternalSecret external-secrets.io/v1: ";
        assertEquals(List.of(
                at + "spec.data[0].remoteRef.key: required upstream but not required by our CRD",
                at + "spec.data[0].remoteRef.propery: declared by our CRD but not in the upstream ESO schema",
                at + "spec.data[0].remoteRef: required upstream but not required by our CRD",
                at + "spec.refreshInterval: upstream: must be string",
                at + "spec.target.creationPolicy: our enum value \"Adopt\" is rejected upstream:"
                        + " must be one of [\"Owner\",\"Orphan\",\"Merge\",\"None\"]"), result.findings());
        assertEquals(1, result.exitCode());
    }

    /** Our own CRDs under imports/ declare nothing that upstream ESO would reject or lacks. */
    @Test
    void ourImportedCrdsMatchUpstreamEso() throws IOException {
        Path[] files;
        try (Stream<Path> s = Files.list(Path.of("imports"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toArray(Path[]::new);
        }
        assertEquals(2, files.length, "imports/ holds the external-secrets.io and generators CRDs");
        NodeScript.Result result = check(files);
        assertEquals(List.of(), result.findings());
        assertEquals(0, result.exitCode());
    }
}
