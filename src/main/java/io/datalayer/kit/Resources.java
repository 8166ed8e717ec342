package io.datalayer.kit;

import io.datalayer.kube.KubeValues;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cdk8s.plus28.k8s.ResourceRequirements;

/**
 * CPU and memory of one container: requests (what the scheduler reserves) and limits. A plain
 * value: the props record that holds it validates it with {@link #require}, so an error names that
 * prop (e.g. {@code PostgresProps.resources.memoryLimit}).
 *
 * @param cpuRequest    e.g. {@code 250m}
 * @param memoryRequest e.g. {@code 512Mi}
 * @param cpuLimit      e.g. {@code 2}
 * @param memoryLimit   e.g. {@code 1Gi}
 */
public record Resources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
    private static final Pattern BYTES = Pattern.compile("^(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$");

    /** The value, checked; errors name {@code prop} and the component. */
    public static Resources require(String prop, Resources resources) {
        if (resources == null) {
            throw new IllegalArgumentException(prop + " is not set; give CPU and memory requests and limits"
                    + " (the environment sets them, see Environments)");
        }
        Checks.quantity(prop + ".cpuRequest", resources.cpuRequest);
        Checks.quantity(prop + ".memoryRequest", resources.memoryRequest);
        Checks.quantity(prop + ".cpuLimit", resources.cpuLimit);
        Checks.quantity(prop + ".memoryLimit", resources.memoryLimit);
        return resources;
    }

    /** The container's resources field. */
    public ResourceRequirements requirements() {
        return ResourceRequirements.builder()
                .requests(Map.of("cpu", KubeValues.quantity(cpuRequest), "memory", KubeValues.quantity(memoryRequest)))
                .limits(Map.of("cpu", KubeValues.quantity(cpuLimit), "memory", KubeValues.quantity(memoryLimit)))
                .build();
    }

    /**
     * The memory limit in bytes, for settings a server derives from it (Redis's maxmemory). Only the
     * plain forms a memory limit is written in ({@code 512Mi}, {@code 1Gi}, {@code 500M}, a number of
     * bytes); anything else is refused naming {@code prop}.
     */
    public long memoryLimitBytes(String prop) {
        Matcher m = BYTES.matcher(memoryLimit == null ? "" : memoryLimit);
        if (!m.matches()) {
            throw new IllegalArgumentException(prop + ".memoryLimit \"" + memoryLimit + "\" is not a memory size this"
                    + " setting can be derived from; use bytes with a suffix Ki, Mi, Gi, Ti, k, M, G or T, e.g. 512Mi");
        }
        long unit = switch (m.group(2) == null ? "" : m.group(2)) {
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            default -> 1L;
        };
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
    }
}
