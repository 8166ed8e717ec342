package io.datalayer.stores.postgres;

import static io.datalayer.output.Manifest.list;
import static io.datalayer.output.Manifest.map;
import static io.datalayer.output.Manifest.str;

import io.datalayer.gate.Rule;
import io.datalayer.gate.Violation;
import io.datalayer.output.Manifest;
import io.datalayer.output.PodTemplate;
import io.datalayer.output.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What PostgreSQL would refuse, or die of, in a {@code postgresql.conf} a ConfigMap carries: a
 * memory setting it cannot parse stops the server at start ("invalid value for parameter"), and
 * {@code shared_buffers} at or above the memory limit of a container that mounts the ConfigMap
 * gets the server OOM-killed as soon as the buffers fill.
 */
public final class PostgresSettings {
    /** This rule, as {@link PostgresStore#rules()} hands it to the synth gate. */
    public static final Rule CHECK = PostgresSettings::check;

    public static final String RULE = "postgres-settings";

    private static final Set<String> MEMORY = Set.of("shared_buffers", "work_mem", "maintenance_work_mem",
            "effective_cache_size", "temp_buffers", "wal_buffers");
    // name = value, value quoted ('' inside quotes is a quote) or bare; comments after #.
    private static final Pattern LINE = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*=?\\s*('(?:[^']|'')*'|[^\\s#]+)");
    private static final Pattern SIZE = Pattern.compile("^(\\d+)\\s*(B|kB|MB|GB|TB)?$");
    private static final BigDecimal BLOCK = BigDecimal.valueOf(8192);

    private PostgresSettings() {
    }

    public static List<Violation> check(List<Manifest> manifests) {
        List<Violation> out = new ArrayList<>();
        for (Manifest m : manifests) {
            if (!"ConfigMap".equals(m.kind())) {
                continue;
            }
            for (Map.Entry<String, Object> e : map(m.object().get("data")).entrySet()) {
                if (e.getKey().endsWith("postgresql.conf") && e.getValue() instanceof String text) {
                    file(manifests, m, e.getKey(), settings(text), out);
                }
            }
        }
        return out;
    }

    static Map<String, String> settings(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.find() && !line.trim().startsWith("#")) {
                String value = m.group(2);
                if (value.startsWith("'")) {
                    value = value.substring(1, value.length() - 1).replace("''", "'");
                }
                out.put(m.group(1).toLowerCase(java.util.Locale.ROOT), value);
            }
        }
        return out;
    }

    private static void file(List<Manifest> manifests, Manifest cm, String key, Map<String, String> settings,
                             List<Violation> out) {
        for (String name : MEMORY) {
            String value = settings.get(name);
            if (value != null && bytes(name, value).isEmpty()) {
                out.add(Violation.of(cm, RULE, "data." + key + " " + name + " '" + value + "' is not a PostgreSQL memory"
                        + " size, and the server would not start; use a number with B, kB, MB, GB or TB (e.g. 128MB)"));
            }
        }
        Optional<BigDecimal> buffers = Optional.ofNullable(settings.get("shared_buffers")).flatMap(v -> bytes("shared_buffers", v));
        if (buffers.isEmpty()) {
            return;
        }
        for (PodTemplate pod : PodTemplate.all(manifests)) {
            if (!java.util.Objects.equals(pod.owner().namespace(), cm.namespace())) {
                continue;
            }
            List<String> volumes = list(pod.spec().get("volumes")).stream().map(Manifest::map)
                    .filter(v -> cm.name().equals(str(map(v.get("configMap")).get("name"))))
                    .map(v -> str(v.get("name"))).toList();
            for (PodTemplate.Container c : pod.containers()) {
                boolean mounts = list(c.spec().get("volumeMounts")).stream()
                        .anyMatch(v -> volumes.contains(str(map(v).get("name"))));
                Object limit = map(map(c.spec().get("resources")).get("limits")).get("memory");
                Optional<BigDecimal> parsed = Quantity.parse(limit);
                if (mounts && parsed.isPresent() && buffers.get().compareTo(parsed.get()) >= 0) {
                    out.add(Violation.of(pod.owner(), RULE, c.where() + " runs with shared_buffers "
                            + settings.get("shared_buffers") + " from ConfigMap " + cm.name() + ", not below its memory"
                            + " limit " + limit + "; the server would be OOM-killed: lower shared_buffers (a quarter of"
                            + " the limit is usual) or raise the limit"));
                }
            }
        }
    }

    /** A memory setting in bytes; a bare number counts 8 kB blocks (buffers) or kB (the *_mem settings). */
    static Optional<BigDecimal> bytes(String name, String value) {
        Matcher m = SIZE.matcher(value.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(m.group(1));
        if (m.group(2) == null) {
            return Optional.of(number.multiply(name.endsWith("_mem") ? BigDecimal.valueOf(1024) : BLOCK));
        }
        long unit = switch (m.group(2)) {
            case "B" -> 1L;
            case "kB" -> 1L << 10;
            case "MB" -> 1L << 20;
            case "GB" -> 1L << 30;
            default -> 1L << 40;
        };
        return Optional.of(number.multiply(BigDecimal.valueOf(unit)));
    }
}
