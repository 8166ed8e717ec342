package io.datalayer.kit;

import io.datalayer.kube.KubeValues;
import java.util.List;
import org.cdk8s.plus28.k8s.ConfigMapVolumeSource;
import org.cdk8s.plus28.k8s.EmptyDirVolumeSource;
import org.cdk8s.plus28.k8s.KeyToPath;
import org.cdk8s.plus28.k8s.PersistentVolumeClaimVolumeSource;
import org.cdk8s.plus28.k8s.SecretVolumeSource;
import org.cdk8s.plus28.k8s.Volume;
import org.cdk8s.plus28.k8s.VolumeMount;

/**
 * A mount that carries its volume: where a container sees it, read-only or not, and the volume
 * itself. {@link PodVolumes} collects the volumes from the mounts, so a pod's mounts and volumes
 * cannot drift apart by name. The one exception is a StatefulSet's claim template, whose volume
 * the controller adds: {@link #claimTemplate} carries only the name.
 *
 * @param volumeName the volume's name, shared by the mount and the volume
 * @param path       mount path in the container
 * @param readOnly   whether the container may write
 * @param volume     the pod volume, or {@code null} for a claim template's
 * @param source     what the volume is, in words ({@code emptyDir 64Mi}); two mounts of one volume
 *                   name must agree on it (jsii structs holding quantities do not compare by value)
 */
public record Mount(String volumeName, String path, boolean readOnly, Volume volume, String source) {
    public Mount {
        Checks.dnsLabel("Mount.volumeName", volumeName);
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("Mount.path \"" + path + "\" of volume \"" + volumeName
                    + "\" is not an absolute path; use a path starting with '/'");
        }
        Checks.requireValue("Mount.source", source);
        if (volume != null && !volumeName.equals(volume.getName())) {
            throw new IllegalArgumentException("Mount.volumeName \"" + volumeName + "\" differs from its volume's name \""
                    + volume.getName() + "\"; build mounts with the Mount factories");
        }
    }

    /** The StatefulSet claim template {@code volumeName}, mounted writable; its volume comes from the template. */
    public static Mount claimTemplate(String volumeName, String path) {
        return new Mount(volumeName, path, false, null, "claim template");
    }

    /** A claim mounted at {@code path}; read-only mounts also open the claim read-only. */
    public static Mount claim(String volumeName, String claimName, String path, boolean readOnly) {
        return new Mount(volumeName, path, readOnly, Volume.builder().name(volumeName)
                .persistentVolumeClaim(PersistentVolumeClaimVolumeSource.builder()
                        .claimName(claimName).readOnly(readOnly).build())
                .build(), "claim " + claimName + (readOnly ? " read-only" : ""));
    }

    /** A claim mounted writable at {@code path}; the claim's own access decides (no readOnly on the source). */
    public static Mount claim(String volumeName, String claimName, String path) {
        return new Mount(volumeName, path, false, Volume.builder().name(volumeName)
                .persistentVolumeClaim(PersistentVolumeClaimVolumeSource.builder().claimName(claimName).build())
                .build(), "claim " + claimName);
    }

    /** A ConfigMap's keys as read-only files, mode 0444 (scripts run with sh need no execute bit). */
    public static Mount configMap(String volumeName, String configMapName, String path) {
        return new Mount(volumeName, path, true, Volume.builder().name(volumeName)
                .configMap(ConfigMapVolumeSource.builder().name(configMapName).defaultMode(0444).build())
                .build(), "configMap " + configMapName);
    }

    /**
     * One key of a Secret as the read-only file {@code path/file}, mode 0440: owned by root with group
     * fsGroup, so group read is what lets the non-root uid read it.
     */
    public static Mount secretKey(String volumeName, String secretName, String key, String file, String path) {
        return new Mount(volumeName, path, true, Volume.builder().name(volumeName)
                .secret(SecretVolumeSource.builder()
                        .secretName(secretName)
                        .items(List.of(KeyToPath.builder().key(key).path(file).build()))
                        .defaultMode(0440)
                        .build())
                .build(), "secret " + secretName + " key " + key + " as " + file);
    }

    /**
     * Every key of a Secret as a read-only file named after the key under {@code path}, mode 0440
     * (see {@link #secretKey} for why group read).
     */
    public static Mount secret(String volumeName, String secretName, String path) {
        return new Mount(volumeName, path, true, Volume.builder().name(volumeName)
                .secret(SecretVolumeSource.builder().secretName(secretName).defaultMode(0440).build())
                .build(), "secret " + secretName);
    }

    /**
     * Several keys of a Secret, each as the read-only file of the same name in {@code path}, mode
     * 0440 (as {@link #secretKey}). A key the Secret lacks keeps the pod from starting, so a missing
     * credential is never an empty file.
     */
    public static Mount secretKeys(String volumeName, String secretName, List<String> keys, String path) {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("Mount.secretKeys of Secret \"" + secretName + "\" names no key; give at least one");
        }
        return new Mount(volumeName, path, true, Volume.builder().name(volumeName)
                .secret(SecretVolumeSource.builder()
                        .secretName(secretName)
                        .items(keys.stream().map(k -> KeyToPath.builder().key(k).path(k).build()).toList())
                        .defaultMode(0440)
                        .build())
                .build(), "secret " + secretName + " keys " + String.join(",", keys));
    }

    /** A writable scratch folder on the node's disk, at most {@code sizeLimit}. */
    public static Mount emptyDir(String volumeName, String path, String sizeLimit) {
        return new Mount(volumeName, path, false, Volume.builder().name(volumeName)
                .emptyDir(EmptyDirVolumeSource.builder().sizeLimit(KubeValues.quantity(sizeLimit)).build())
                .build(), "emptyDir " + sizeLimit);
    }

    /** A writable folder in memory (counted against the container's memory), at most {@code sizeLimit}. */
    public static Mount memory(String volumeName, String path, String sizeLimit) {
        return new Mount(volumeName, path, false, Volume.builder().name(volumeName)
                .emptyDir(EmptyDirVolumeSource.builder().medium("Memory").sizeLimit(KubeValues.quantity(sizeLimit)).build())
                .build(), "memory " + sizeLimit);
    }

    /** The same volume mounted elsewhere or with other access (e.g. a sidecar's view of it). */
    public Mount at(String otherPath, boolean otherReadOnly) {
        return new Mount(volumeName, otherPath, otherReadOnly, volume, source);
    }

    /** The container's volumeMounts entry. */
    public VolumeMount volumeMount() {
        return VolumeMount.builder().name(volumeName).mountPath(path).readOnly(readOnly).build();
    }
}
