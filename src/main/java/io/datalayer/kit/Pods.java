package io.datalayer.kit;

import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeObject;
import java.util.List;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.EnvVar;
import org.cdk8s.plus28.k8s.ExecAction;
import org.cdk8s.plus28.k8s.KubeServiceAccountProps;
import org.cdk8s.plus28.k8s.ObjectMeta;
import org.cdk8s.plus28.k8s.PodSpec;
import org.cdk8s.plus28.k8s.Probe;
import org.cdk8s.plus28.k8s.Volume;
import software.constructs.Construct;

/**
 * Small builders every pod template of this layer uses, so each store writes them the same way
 * (mounts and their volumes: {@link Mount} and {@link PodVolumes}; resources: {@link Resources}).
 */
public final class Pods {
    private Pods() {
    }

    /** A literal environment variable; never a credential (those come from files). */
    public static EnvVar env(String name, String value) {
        return EnvVar.builder().name(name).value(value).build();
    }

    /**
     * A ServiceAccount that mounts no API token: the store's pods have no business with the API
     * server, and the account still gives them an identity of their own.
     */
    public static KubeObject serviceAccount(Construct scope, String id, ObjectMeta meta) {
        return Kube.serviceAccount(scope, id, KubeServiceAccountProps.builder()
                .metadata(meta)
                .automountServiceAccountToken(false)
                .build());
    }

    /**
     * The pod of a long-running server: its own ServiceAccount without a token, no Service
     * environment variables, the restricted security context for {@code uid}, and the grace period
     * its shutdown needs.
     */
    public static PodSpec serverPod(String serviceAccount, int uid, int terminationGracePeriodSeconds,
                                    List<Container> containers, List<Volume> volumes) {
        return serverPod(serviceAccount, uid, terminationGracePeriodSeconds, List.of(), containers, volumes);
    }

    /** A server's pod (see above) whose {@code initContainers} run to completion first, in order. */
    public static PodSpec serverPod(String serviceAccount, int uid, int terminationGracePeriodSeconds,
                                    List<Container> initContainers, List<Container> containers, List<Volume> volumes) {
        return PodSpec.builder()
                .initContainers(initContainers.isEmpty() ? null : initContainers)
                .serviceAccountName(serviceAccount)
                .automountServiceAccountToken(false)
                .enableServiceLinks(false)
                .terminationGracePeriodSeconds(terminationGracePeriodSeconds)
                .securityContext(RestrictedPod.podSecurityContext(uid, uid))
                .containers(containers)
                .volumes(volumes)
                .build();
    }

    /**
     * The pod of a Job: a failed pod stays for its logs (the Job's backoffLimit makes the retries),
     * no API token, no Service environment variables, the restricted security context for {@code uid}.
     */
    public static PodSpec jobPod(int uid, List<Container> containers, List<Volume> volumes) {
        return jobPod(uid, null, containers, volumes);
    }

    /**
     * A Job's pod (see above) whose script gets {@code terminationGracePeriodSeconds} after SIGTERM
     * to clean up; {@code null} for the kubelet's default.
     */
    public static PodSpec jobPod(int uid, Integer terminationGracePeriodSeconds, List<Container> containers,
                                 List<Volume> volumes) {
        return jobPod(uid, terminationGracePeriodSeconds, List.of(), containers, volumes);
    }

    /** A Job's pod (see above) whose init containers run first, each to completion. */
    public static PodSpec jobPod(int uid, Integer terminationGracePeriodSeconds, List<Container> initContainers,
                                 List<Container> containers, List<Volume> volumes) {
        return PodSpec.builder()
                .initContainers(initContainers.isEmpty() ? null : initContainers)
                .restartPolicy("Never")
                .terminationGracePeriodSeconds(terminationGracePeriodSeconds)
                .automountServiceAccountToken(false)
                .enableServiceLinks(false)
                .securityContext(RestrictedPod.podSecurityContext(uid, uid))
                .containers(containers)
                .volumes(volumes)
                .build();
    }

    /** A probe that runs {@code command} in the container: exit 0 passes. */
    public static Probe execProbe(List<String> command, int periodSeconds, int timeoutSeconds, int failureThreshold) {
        return Probe.builder()
                .exec(ExecAction.builder().command(command).build())
                .periodSeconds(periodSeconds)
                .timeoutSeconds(timeoutSeconds)
                .failureThreshold(failureThreshold)
                .build();
    }
}
