package io.datalayer.kit;

import java.util.List;
import org.cdk8s.plus28.k8s.Capabilities;
import org.cdk8s.plus28.k8s.PodSecurityContext;
import org.cdk8s.plus28.k8s.SeccompProfile;
import org.cdk8s.plus28.k8s.SecurityContext;

/**
 * Security contexts that pass Pod Security admission at level {@code restricted}, which the
 * {@code data} namespace enforces. Every workload of this layer uses these two methods, so a pod
 * that admission would reject cannot be written by one construct and not the others.
 */
public final class RestrictedPod {
    private RestrictedPod() {
    }

    /**
     * Pod level: run as the given non-root uid/gid, give volumes to {@code gid} (fsGroup) and only
     * chown them when their root does not already match, and use the runtime's seccomp profile.
     */
    public static PodSecurityContext podSecurityContext(int uid, int gid) {
        if (uid <= 0) {
            throw new IllegalArgumentException("runAsUser " + uid + " is not a non-root uid; use a uid above 0");
        }
        return PodSecurityContext.builder()
                .runAsNonRoot(true)
                .runAsUser(uid)
                .runAsGroup(gid)
                .fsGroup(gid)
                .fsGroupChangePolicy("OnRootMismatch")
                .seccompProfile(SeccompProfile.builder().type("RuntimeDefault").build())
                .build();
    }

    /** Container level: no privilege escalation, every capability dropped, read-only root filesystem. */
    public static SecurityContext containerSecurityContext() {
        return SecurityContext.builder()
                .runAsNonRoot(true)
                .allowPrivilegeEscalation(false)
                .privileged(false)
                .readOnlyRootFilesystem(true)
                .capabilities(Capabilities.builder().drop(List.of("ALL")).build())
                .seccompProfile(SeccompProfile.builder().type("RuntimeDefault").build())
                .build();
    }
}
