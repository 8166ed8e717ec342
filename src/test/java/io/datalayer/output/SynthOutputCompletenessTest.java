package io.datalayer.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every environment's files present and complete before the gate runs: an environment whose files
 * went missing (or were never written) is an error that names it, never a partial publish.
 */
class SynthOutputCompletenessTest {
    private static final String K = OutputLayout.KUSTOMIZATION_HEADER
            + "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - data-layer.k8s.yaml\n";
    private static final String OBJECT = "kind: ConfigMap\nmetadata: {name: x}\n";

    private static SynthOutput output(Map<String, String> files) {
        List<SynthOutput.File> out = new ArrayList<>();
        new TreeMap<>(files).forEach((path, text) -> out.add(SynthOutput.parse(Path.of(path), text.getBytes(StandardCharsets.UTF_8))));
        return new SynthOutput(out);
    }

    private static String refused(Map<String, String> files) {
        return assertThrows(IllegalStateException.class, () -> output(files).requireEnvironments(List.of("prod", "dev")))
                .getMessage();
    }

    @Test
    void completeOutputPasses() {
        output(Map.of("prod/kustomization.yaml", K, "prod/data-layer.k8s.yaml", OBJECT, "dev/kustomization.yaml", K,
                "dev/data-layer.k8s.yaml", OBJECT)).requireEnvironments(List.of("prod", "dev"));
    }

    @Test
    void eachGapIsNamed() {
        assertEquals("environment prod: the synthesized output has no files (expected prod/kustomization.yaml and the"
                + " manifests it lists); synthesize again", refused(Map.of("dev/kustomization.yaml", K, "dev/data-layer.k8s.yaml", OBJECT)));
        assertEquals("prod/data-layer.k8s.yaml is missing from the output of environment prod (its kustomization.yaml lists"
                + " it); synthesize again", refused(Map.of("prod/kustomization.yaml", K, "dev/kustomization.yaml", K,
                "dev/data-layer.k8s.yaml", OBJECT)));
        assertEquals("dev/kustomization.yaml is missing from the output of environment dev; synthesize again",
                refused(Map.of("prod/kustomization.yaml", K, "prod/data-layer.k8s.yaml", OBJECT, "dev/data-layer.k8s.yaml", OBJECT)));
        assertEquals("prod/data-layer.k8s.yaml holds no object (0 bytes); synth writes every object of the environment there:"
                + " synthesize again", refused(Map.of("prod/kustomization.yaml", K, "prod/data-layer.k8s.yaml", "",
                "dev/kustomization.yaml", K, "dev/data-layer.k8s.yaml", OBJECT)));
        assertEquals("prod/redis.k8s.yaml is not listed in prod/kustomization.yaml; synthesize again",
                refused(Map.of("prod/kustomization.yaml", K, "prod/data-layer.k8s.yaml", OBJECT, "prod/redis.k8s.yaml", OBJECT,
                        "dev/kustomization.yaml", K, "dev/data-layer.k8s.yaml", OBJECT)));
        assertEquals("the synthesized output holds qa/data-layer.k8s.yaml, which no environment of this synth (prod, dev)"
                + " writes; synthesize again", refused(Map.of("qa/data-layer.k8s.yaml", OBJECT)));
        assertEquals("prod/kustomization.yaml is not the one synth writes (it must start with \"" + OutputLayout.KUSTOMIZATION_HEADER.strip()
                + "\" and list the manifests beside it); synthesize again", refused(Map.of("prod/kustomization.yaml",
                "resources: [data-layer.k8s.yaml]\n", "prod/data-layer.k8s.yaml", OBJECT, "dev/kustomization.yaml", K,
                "dev/data-layer.k8s.yaml", OBJECT)));
    }
}
