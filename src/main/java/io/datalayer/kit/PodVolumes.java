package io.datalayer.kit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cdk8s.plus28.k8s.Volume;
import org.cdk8s.plus28.k8s.VolumeMount;

/**
 * The volumes of one pod, collected from the {@link Mount}s of its containers: a container asks
 * for its mounts and the pod's volume list follows, in the order volumes were first mounted. Two
 * containers may mount the same volume; two different volumes under one name throw.
 */
public final class PodVolumes {
    private final Map<String, Mount> volumes = new LinkedHashMap<>();
    private final List<String> templates = new ArrayList<>();

    /** The volumeMounts of a container, registering each mount's volume with the pod. */
    public List<VolumeMount> mount(Mount... mounts) {
        return mount(List.of(mounts));
    }

    /** The volumeMounts of a container, registering each mount's volume with the pod. */
    public List<VolumeMount> mount(List<Mount> mounts) {
        List<VolumeMount> out = new ArrayList<>();
        for (Mount m : mounts) {
            register(m);
            out.add(m.volumeMount());
        }
        return List.copyOf(out);
    }

    /** The pod's volumes, without claim templates (their volumes come from the StatefulSet). */
    public List<Volume> volumes() {
        return volumes.values().stream().map(Mount::volume).toList();
    }

    private void register(Mount m) {
        String name = m.volumeName();
        if (m.volume() == null) {
            if (volumes.containsKey(name)) {
                throw clash(name);
            }
            if (!templates.contains(name)) {
                templates.add(name);
            }
            return;
        }
        if (templates.contains(name)) {
            throw clash(name);
        }
        Mount known = volumes.putIfAbsent(name, m);
        if (known != null && !known.source().equals(m.source())) {
            throw clash(name);
        }
    }

    private static IllegalArgumentException clash(String name) {
        return new IllegalArgumentException("volume \"" + name + "\" is mounted with two different sources;"
                + " give each volume its own name");
    }
}
