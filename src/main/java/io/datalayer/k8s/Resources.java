package io.datalayer.k8s;

import java.util.Map;
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
}
