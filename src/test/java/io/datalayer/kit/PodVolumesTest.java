package io.datalayer.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.cdk8s.plus28.k8s.Volume;
import org.cdk8s.plus28.k8s.VolumeMount;
import org.junit.jupiter.api.Test;

class PodVolumesTest {
    @Test
    void volumesFollowTheMountsInFirstMountedOrder() {
        PodVolumes pod = new PodVolumes();
        List<VolumeMount> server = pod.mount(Mount.claimTemplate("data", "/data"), Mount.configMap("config", "cm", "/etc/x"),
                Mount.emptyDir("tmp", "/tmp", "1Gi"));
        // A sidecar sees the same config elsewhere and the same scratch folder: still one volume each.
        List<VolumeMount> sidecar = pod.mount(Mount.emptyDir("tmp", "/tmp", "1Gi"), Mount.configMap("config", "cm", "/config"));
        assertEquals(List.of("/data", "/etc/x", "/tmp"), server.stream().map(VolumeMount::getMountPath).toList());
        assertEquals(List.of("/tmp", "/config"), sidecar.stream().map(VolumeMount::getMountPath).toList());
        assertEquals(List.of("config", "tmp"), pod.volumes().stream().map(Volume::getName).toList());
    }

    @Test
    void oneNameForTwoSourcesIsRefused() {
        String message = "volume \"tmp\" is mounted with two different sources; give each volume its own name";
        PodVolumes pod = new PodVolumes();
        pod.mount(Mount.emptyDir("tmp", "/tmp", "1Gi"));
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> pod.mount(Mount.emptyDir("tmp", "/tmp", "2Gi"))).getMessage());
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> pod.mount(Mount.claimTemplate("tmp", "/t"))).getMessage());
        PodVolumes other = new PodVolumes();
        other.mount(Mount.claimTemplate("data", "/data"));
        assertEquals(message.replace("tmp", "data"), assertThrows(IllegalArgumentException.class,
                () -> other.mount(Mount.emptyDir("data", "/data", "1Gi"))).getMessage());
    }

    @Test
    void theListsLeaveOnlyAsCopies() {
        PodVolumes pod = new PodVolumes();
        pod.mount(Mount.emptyDir("tmp", "/tmp", "1Gi"));
        assertThrows(UnsupportedOperationException.class, () -> pod.volumes().clear());
    }
}
