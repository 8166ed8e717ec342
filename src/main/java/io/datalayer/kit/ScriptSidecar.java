package io.datalayer.kit;

import java.util.ArrayList;
import java.util.List;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.EnvVar;
import org.cdk8s.plus28.k8s.Probe;

/**
 * One script from a ConfigMap run twice in a server's pod: once as an init container
 * ({@code --once}: its work is done before the server starts) and then as a sidecar (a loop that
 * keeps it done), whose probes run the same script with {@code --check} (a heartbeat file the loop
 * touches). Redis's ACL rendering and ClickHouse's users rendering are such scripts. Both containers
 * run on the server's image, restricted, with small fixed resources, and the sidecar gets a private
 * {@code /tmp} for its heartbeat.
 *
 * @param image      the server's image (the script uses its shell and tools)
 * @param scriptPath the script in its ConfigMap mount, run with {@code /bin/sh} (no execute bit needed)
 * @param env        the script's settings, the same for both containers
 */
public record ScriptSidecar(String image, String scriptPath, List<EnvVar> env) {
    private static final Resources RESOURCES = new Resources("10m", "16Mi", "100m", "64Mi");

    public ScriptSidecar {
        Checks.requireValue("ScriptSidecar.image", image);
        Checks.requireValue("ScriptSidecar.scriptPath", scriptPath);
        env = List.copyOf(env);
    }

    /** The init container {@code name}: the script with {@code --once}, with {@code mounts}. */
    public Container initContainer(String name, PodVolumes volumes, List<Mount> mounts) {
        return base(name, List.of("/bin/sh", scriptPath, "--once")).volumeMounts(volumes.mount(mounts)).build();
    }

    /**
     * The sidecar {@code name}: the script's loop, with {@code mounts} and then {@code tmpVolume} at
     * {@code /tmp}. Readiness fails with liveness only (a stuck loop), never on what the script refuses,
     * so the server stays in its Services while an operator fixes the input.
     */
    public Container sidecar(String name, PodVolumes volumes, List<Mount> mounts, String tmpVolume) {
        Probe alive = Pods.execProbe(List.of("/bin/sh", scriptPath, "--check"), 30, 5, 3);
        List<Mount> all = new ArrayList<>(mounts);
        all.add(Mount.emptyDir(tmpVolume, "/tmp", "1Mi"));
        return base(name, List.of("/bin/sh", scriptPath))
                .readinessProbe(alive)
                .livenessProbe(alive)
                .volumeMounts(volumes.mount(all))
                .build();
    }

    private Container.Builder base(String name, List<String> command) {
        return Container.builder()
                .name(name)
                .image(image)
                .imagePullPolicy("IfNotPresent")
                .command(command)
                .env(env)
                .resources(RESOURCES.requirements())
                .securityContext(RestrictedPod.containerSecurityContext());
    }
}
