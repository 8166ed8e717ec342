package io.datalayer.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.testing.Node;
import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.Container;
import org.junit.jupiter.api.Test;

/** One script as an init container ({@code --once}) and a sidecar loop with {@code --check} probes. */
class ScriptSidecarTest {
    private static final ScriptSidecar RENDER = new ScriptSidecar("redis:8.10.2", "/opt/s/render.sh", List.of(Pods.env("A", "1")));

    @Test
    void theInitContainerRunsOnceAndTheSidecarLoopsWithHeartbeatProbesAndAPrivateTmp() {
        PodVolumes volumes = new PodVolumes();
        Mount out = Mount.memory("out", "/run/out", "1Mi");
        Container init = RENDER.initContainer("render-init", volumes, List.of(out));
        Container loop = RENDER.sidecar("render", volumes, List.of(out), "render-tmp");
        assertEquals(List.of("/bin/sh", "/opt/s/render.sh", "--once"), init.getCommand());
        assertEquals(List.of("/bin/sh", "/opt/s/render.sh"), loop.getCommand());
        assertEquals(List.of("/bin/sh", "/opt/s/render.sh", "--check"), loop.getLivenessProbe().getExec().getCommand());
        assertEquals(loop.getLivenessProbe(), loop.getReadinessProbe());
        assertEquals(List.of("/run/out", "/tmp"), loop.getVolumeMounts().stream().map(m -> m.getMountPath()).toList());
        assertEquals(List.of("out", "render-tmp"), volumes.volumes().stream().map(v -> v.getName()).toList());
        for (Container c : List.of(init, loop)) {
            assertEquals("redis:8.10.2", c.getImage());
            assertEquals(List.of("A"), c.getEnv().stream().map(e -> e.getName()).toList());
            assertEquals(true, c.getSecurityContext().getReadOnlyRootFilesystem());
            assertEquals("64Mi", Node.of(Map.of("l", c.getResources().getLimits().get("memory").getValue())).at("l").string());
        }
    }

    @Test
    void anImageAndAScriptAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> new ScriptSidecar("", "/s.sh", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ScriptSidecar("img:1", null, List.of()));
    }
}
