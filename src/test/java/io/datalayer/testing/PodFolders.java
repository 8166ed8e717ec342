package io.datalayer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A folder for every volume of a synthesized StatefulSet's pod, as the kubelet fills it: each
 * ConfigMap with its files exactly as synthesized and each Secret (its projected items, with the
 * values the test gives) laid out as {@link KubeletVolume}s, emptyDirs and the claim templates as
 * fresh writable folders. {@link #rotateSecret} updates every volume of one Secret the way the
 * kubelet does when ESO writes a new value.
 */
public final class PodFolders {
    private final Map<String, Path> folders = new HashMap<>();
    private final Map<String, List<SecretVolume>> secretVolumes = new HashMap<>();
    private final int fsGroup;

    private record SecretVolume(KubeletVolume volume, Map<String, String> items) {
    }

    /**
     * @param secrets the values of each Secret the pod mounts, by Secret name and key
     */
    public PodFolders(Manifests manifests, String statefulSet, Path base, Map<String, Map<String, String>> secrets) {
        this(manifests, "StatefulSet", statefulSet, base, secrets);
    }

    /** The same for the pod of another kind of workload (a Deployment). */
    public PodFolders(Manifests manifests, String kind, String workload, Path base, Map<String, Map<String, String>> secrets) {
        Node set = manifests.get(kind, workload);
        Node pod = set.at("spec.template.spec");
        this.fsGroup = ((Number) pod.at("securityContext.fsGroup").value()).intValue();
        try {
            for (Object v : pod.at("volumes").list()) {
                Node volume = Node.of(v);
                String name = volume.at("name").string();
                Path dir = base.resolve(name);
                if (volume.at("configMap").value() != null) {
                    Map<String, String> files = new LinkedHashMap<>();
                    manifests.get("ConfigMap", volume.at("configMap.name").string()).at("data").map()
                            .forEach((key, value) -> files.put(key, value.toString()));
                    KubeletVolume.create(dir, files, mode(volume.at("configMap.defaultMode")), fsGroup);
                } else if (volume.at("secret").value() != null) {
                    String secret = volume.at("secret.secretName").string();
                    Map<String, String> values = secrets.get(secret);
                    if (values == null) {
                        throw new AssertionError("the test gives no values for the Secret " + secret);
                    }
                    Map<String, String> items = new LinkedHashMap<>();
                    for (Object item : volume.at("secret.items").list()) {
                        items.put(Node.of(item).at("key").string(), Node.of(item).at("path").string());
                    }
                    KubeletVolume kv = KubeletVolume.create(dir, project(secret, items, values),
                            mode(volume.at("secret.defaultMode")), fsGroup);
                    secretVolumes.computeIfAbsent(secret, s -> new ArrayList<>()).add(new SecretVolume(kv, items));
                } else if (volume.at("emptyDir").value() != null || volume.at("persistentVolumeClaim").value() != null) {
                    // A claim of another workload (a backup volume) is a fresh folder, as local-path makes it.
                    writableFolder(dir, fsGroup);
                } else {
                    throw new AssertionError("the test cannot back the volume " + name + ": " + volume.value());
                }
                folders.put(name, dir);
            }
            // The claims from the volumeClaimTemplates: local-path makes a 0777 folder, fsGroup gives it the group.
            Object templates = set.at("spec.volumeClaimTemplates").value();
            for (Object claim : templates == null ? List.of() : Node.of(templates).list()) {
                String name = Node.of(claim).at("metadata.name").string();
                Path dir = base.resolve(name);
                writableFolder(dir, fsGroup);
                folders.put(name, dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the pod's volumes: " + e.getMessage(), e);
        }
    }

    /** The host folder behind each of the pod's volumes, by volume name. */
    public Map<String, Path> folders() {
        return Map.copyOf(folders);
    }

    /** The host folder behind one volume. */
    public Path folder(String volume) {
        Path dir = folders.get(volume);
        if (dir == null) {
            throw new AssertionError("the pod has no volume " + volume);
        }
        return dir;
    }

    /** New values for a Secret: every volume that projects it is swapped as the kubelet swaps it. */
    public void rotateSecret(String secret, Map<String, String> values) {
        List<SecretVolume> volumes = secretVolumes.get(secret);
        if (volumes == null) {
            throw new AssertionError("the pod mounts no Secret " + secret);
        }
        volumes.forEach(v -> v.volume().update(project(secret, v.items(), values)));
    }

    private static Map<String, String> project(String secret, Map<String, String> items, Map<String, String> values) {
        Map<String, String> files = new LinkedHashMap<>();
        items.forEach((key, path) -> {
            if (!values.containsKey(key)) {
                throw new AssertionError("the test gives no value for key " + key + " of the Secret " + secret);
            }
            files.put(path, values.get(key));
        });
        return files;
    }

    /** An emptyDir or a fresh claim as the kubelet leaves it for fsGroup: root:fsGroup, 2777. */
    static void writableFolder(Path dir, int fsGroup) throws IOException {
        Files.createDirectories(dir);
        Files.setAttribute(dir, "unix:gid", fsGroup);
        PostgresServer.run(new ProcessBuilder("chmod", "2777", dir.toString()));
    }

    static Set<PosixFilePermission> mode(Node defaultMode) {
        int mode = defaultMode.value() == null ? 0644 : ((Number) defaultMode.value()).intValue();
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                out.add(bits[i]);
            }
        }
        return out;
    }
}
