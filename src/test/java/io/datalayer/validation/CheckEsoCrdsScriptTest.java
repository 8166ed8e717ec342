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

    @Test
    void findsDriftFromUpstreamPrometheusOperator() {
        NodeScript.Result result = check(Path.of(CRDS + "drifted-monitoring.yaml"));
        String file = CRDS + "drifted-monitoring.yaml: ";
        String rule = file + "PrometheusRule monitoring.coreos.com/v1: ";
        assertEquals(List.of(
                rule + "spec.groups[0].name: required upstream but not required by our CRD",
                rule + "spec.groups[0].rules[0].annotation: declared by our CRD but not in the upstream prometheus-operator schema",
                rule + "spec.groups[0].rules[0].for: upstream: must be string; must be string",
                file + "ServiceMonitor monitoring.coreos.com/v1: spec.endpoints[0].scheme: our enum value \"ftp\" is rejected"
                        + " upstream: must be one of [\"http\",\"https\",\"HTTP\",\"HTTPS\"]"), result.findings());
        assertEquals("check-eso-crds: 4 difference(s) from the upstream schemas", result.summary());
        assertEquals(1, result.exitCode());
    }

    /** Our own CRDs under imports/ declare nothing that upstream ESO or prometheus-operator would reject or lacks. */
    @Test
    void ourImportedCrdsMatchUpstream() throws IOException {
        Path[] files;
        try (Stream<Path> s = Files.list(Path.of("imports"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toArray(Path[]::new);
        }
        assertEquals(3, files.length, "imports/ holds the external-secrets.io, generators and monitoring.coreos.com CRDs");
        NodeScript.Result result = check(files);
        assertEquals(List.of(), result.findings());
        assertEquals(0, result.exitCode());
    }
}
