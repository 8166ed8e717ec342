package io.datalayer.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What tells a kustomization.yaml synth wrote from a hand-written one. */
class OutputLayoutTest {
    private static final String BODY = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
            + "  - data-layer.k8s.yaml\n";

    private static Optional<Set<String>> listed(String text) {
        return OutputLayout.listedBy(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void synthsHeaderOfTodayAndOfBeforeTheMoveBothMarkItsFile() {
        assertEquals(Optional.of(Set.of("data-layer.k8s.yaml")), listed(OutputLayout.KUSTOMIZATION_HEADER + BODY));
        // A dist/ published before Kustomization moved to publish/ is still synth's own, so it is replaced.
        assertEquals(Optional.of(Set.of("data-layer.k8s.yaml")), listed(
                "# Written by synth (io.datalayer.synth.Kustomization): every manifest of this environment.\n" + BODY));
    }

    @Test
    void aFileWithoutTheHeaderOrListingOtherThingsIsHandWritten() {
        assertEquals(Optional.empty(), listed(BODY));
        assertEquals(Optional.empty(), listed("# Written by hand\n" + BODY));
        assertEquals(Optional.empty(), listed(OutputLayout.KUSTOMIZATION_HEADER + BODY + "  - ../other\n"));
    }
}
