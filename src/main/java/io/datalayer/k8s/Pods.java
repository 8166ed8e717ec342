package io.datalayer.k8s;

import java.util.Map;
import org.cdk8s.plus28.k8s.EnvVar;
import org.cdk8s.plus28.k8s.Quantity;
import org.cdk8s.plus28.k8s.ResourceRequirements;
import org.cdk8s.plus28.k8s.VolumeMount;

/** Small builders every pod template of this layer uses, so each store writes them the same way. */
public final class Pods {
    private Pods() {
    }

    /** A literal environment variable; never a credential (those come from files). */
    public static EnvVar env(String name, String value) {
        return EnvVar.builder().name(name).value(value).build();
    }

    public static VolumeMount mount(String volume, String path, boolean readOnly) {
        return VolumeMount.builder().name(volume).mountPath(path).readOnly(readOnly).build();
    }

    /** Requests and limits for CPU and memory, from already checked quantities. */
    public static ResourceRequirements resources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
        return ResourceRequirements.builder()
                .requests(Map.of("cpu", Quantity.fromString(cpuRequest), "memory", Quantity.fromString(memoryRequest)))
                .limits(Map.of("cpu", Quantity.fromString(cpuLimit), "memory", Quantity.fromString(memoryLimit)))
                .build();
    }
}
