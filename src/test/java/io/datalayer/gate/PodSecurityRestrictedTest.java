package io.datalayer.gate;

import static io.datalayer.testing.LayerFixture.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datalayer.testing.LayerFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodSecurityRestrictedTest {
    private static final String STS = LayerFixture.FILE + ": StatefulSet/db: pod-security-restricted: ";
    private static final String CRON = LayerFixture.FILE + ": CronJob/db-backup: pod-security-restricted: ";
    private static final String C = "spec.template.spec.containers[0].";

    private static List<String> check(LayerFixture f) {
        return lines(PodSecurityRestricted.check(f.manifests()));
    }

    @Test
    void theGoodLayerPasses() {
        assertEquals(List.of(), check(LayerFixture.good()));
    }

    @Test
    void runAsNonRootMustHoldForEveryContainer() {
        LayerFixture f = LayerFixture.good().remove("StatefulSet/db", "spec.template.spec.securityContext.runAsNonRoot");
        assertEquals(List.of(STS + "container \"db\": runAsNonRoot must be true (on the container or the pod)"), check(f));
    }

    @Test
    void aContainerMayNotOverrideRunAsNonRootToFalse() {
        LayerFixture f = LayerFixture.good().set("StatefulSet/db", C + "securityContext.runAsNonRoot", false);
        assertEquals(List.of(STS + "container \"db\": runAsNonRoot must be true (on the container or the pod)"), check(f));
    }

    @Test
    void rootUserIsRejected() {
        LayerFixture f = LayerFixture.good().set("StatefulSet/db", "spec.template.spec.securityContext.runAsUser", 0);
        assertEquals(List.of(STS + "pod: securityContext.runAsUser is 0 (root)"), check(f));
    }

    @Test
    void allowPrivilegeEscalationMustBeExplicitlyFalse() {
        LayerFixture f = LayerFixture.good().remove("StatefulSet/db", C + "securityContext.allowPrivilegeEscalation");
        assertEquals(List.of(STS + "container \"db\": securityContext.allowPrivilegeEscalation must be false"), check(f));
    }

    @Test
    void capabilitiesMustDropAll() {
        LayerFixture f = LayerFixture.good().set("StatefulSet/db", C + "securityContext.capabilities.drop", List.of("NET_RAW"));
        assertEquals(List.of(STS + "container \"db\": securityContext.capabilities.drop must include ALL"), check(f));
    }

    @Test
    void onlyNetBindServiceMayBeAdded() {
        LayerFixture f = LayerFixture.good().set("StatefulSet/db", C + "securityContext.capabilities.add", List.of("NET_BIND_SERVICE", "SYS_ADMIN"));
        assertEquals(List.of(STS + "container \"db\": securityContext.capabilities.add may only contain NET_BIND_SERVICE, found [SYS_ADMIN]"),
                check(f));
    }

    @Test
    void seccompMustBeRuntimeDefaultOrLocalhost() {
        LayerFixture f = LayerFixture.good().remove("StatefulSet/db", "spec.template.spec.securityContext.seccompProfile");
        assertEquals(List.of(STS + "container \"db\": seccompProfile.type must be RuntimeDefault or Localhost (on the container or the pod), is unset"),
                check(f));
        f.set("StatefulSet/db", C + "securityContext.seccompProfile", Map.of("type", "Unconfined"));
        assertEquals(List.of(STS + "container \"db\": seccompProfile.type must be RuntimeDefault or Localhost (on the container or the pod), is Unconfined"),
                check(f));
    }

    @Test
    void privilegedIsRejected() {
        LayerFixture f = LayerFixture.good().set("StatefulSet/db", C + "securityContext.privileged", true);
        assertEquals(List.of(STS + "container \"db\": securityContext.privileged is true"), check(f));
    }

    @Test
    void initContainersAreCheckedToo() {
        LayerFixture f = LayerFixture.good().set("CronJob/db-backup",
                "spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.privileged", true);
        assertEquals(List.of(CRON + "init container \"wait\": securityContext.privileged is true"), check(f));
    }

    @Test
    void onlyRestrictedVolumeTypesAreAllowed() {
        LayerFixture f = LayerFixture.good().set("StatefulSet/db", "spec.template.spec.volumes[1]",
                Map.of("name", "node", "hostPath", Map.of("path", "/var/lib")));
        assertEquals(List.of(STS + "pod: volume \"node\" has type hostPath; allowed: configMap, csi, downwardAPI, emptyDir,"
                + " ephemeral, persistentVolumeClaim, projected, secret"), check(f));
    }

    @Test
    void hostNamespacesAreRejected() {
        LayerFixture f = LayerFixture.good()
                .set("StatefulSet/db", "spec.template.spec.hostNetwork", true)
                .set("StatefulSet/db", "spec.template.spec.hostPID", true)
                .set("StatefulSet/db", "spec.template.spec.hostIPC", true);
        assertEquals(List.of(
                STS + "pod: spec.hostNetwork is true (host namespaces are forbidden)",
                STS + "pod: spec.hostPID is true (host namespaces are forbidden)",
                STS + "pod: spec.hostIPC is true (host namespaces are forbidden)"), check(f));
    }

    @Test
    void hostPortsAreRejected() {
        LayerFixture f = LayerFixture.good().set("StatefulSet/db", C + "ports[0].hostPort", 5432);
        assertEquals(List.of(STS + "container \"db\": ports[0].hostPort is 5432 (host ports are forbidden)"), check(f));
    }

    @Test
    void unsafeSysctlsProcMountSeLinuxAndAppArmorAreRejected() {
        LayerFixture f = LayerFixture.good()
                .set("StatefulSet/db", "spec.template.spec.securityContext.sysctls", List.of(Map.of("name", "kernel.msgmax", "value", "1")))
                .set("StatefulSet/db", C + "securityContext.procMount", "Unmasked")
                .set("StatefulSet/db", C + "securityContext.seLinuxOptions", Map.of("type", "spc_t"))
                .set("StatefulSet/db", "spec.template.metadata.annotations",
                        Map.of("container.apparmor.security.beta.kubernetes.io/db", "unconfined"));
        assertEquals(List.of(
                STS + "pod: securityContext.sysctls sets unsafe sysctl kernel.msgmax",
                STS + "pod: annotation container.apparmor.security.beta.kubernetes.io/db is unconfined; must be runtime/default or localhost/*",
                STS + "container \"db\": securityContext.procMount is Unmasked; must be Default",
                STS + "container \"db\": securityContext.seLinuxOptions.type spc_t is not allowed"), check(f));
    }
}
