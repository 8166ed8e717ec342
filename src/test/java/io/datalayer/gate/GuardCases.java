package io.datalayer.gate;

import io.datalayer.output.Manifest;
import io.datalayer.output.SynthOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Builds {@link SynthOutput}s for guard tests: YAML written by a real serializer, then parsed the gate's way. */
final class GuardCases {
    private GuardCases() {
    }

    /** One file {@code name} holding the YAML text given. */
    static SynthOutput file(String name, String yaml) {
        return new SynthOutput(List.of(new SynthOutput.File(Path.of(name), yaml.getBytes(StandardCharsets.UTF_8),
                Manifest.parse(name, yaml))));
    }

    /** One file {@code a.k8s.yaml} with the objects given, serialized as cdk8s does (block style, escapes). */
    static SynthOutput objects(List<Map<String, Object>> objects) {
        return file("a.k8s.yaml", dump(objects));
    }

    static String dump(List<Map<String, Object>> objects) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        // Every string double-quoted with escapes (\" \\ \x01 \u00e9): the hardest case for a scan of the text.
        options.setDefaultScalarStyle(DumperOptions.ScalarStyle.DOUBLE_QUOTED);
        options.setAllowUnicode(false);
        return new Yaml(options).dumpAll(new ArrayList<Object>(objects).iterator());
    }

    static Map<String, Object> configMap(String name, String field, Map<String, Object> data) {
        return Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", name, "namespace", "data"), field, data);
    }
}
