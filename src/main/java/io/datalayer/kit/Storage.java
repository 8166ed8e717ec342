package io.datalayer.kit;

import io.datalayer.kube.KubeValues;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cdk8s.plus28.k8s.PersistentVolumeClaimSpec;
import org.cdk8s.plus28.k8s.ResourceRequirements;

/**
 * A volume a store keeps data on: size, storage class and access mode, the three choices every
 * claim makes. A plain value: the props record that holds it validates it with {@link #require},
 * so an error names that prop (e.g. {@code PostgresProps.storage.size}), not this type.
 *
 * @param size         requested size, a Kubernetes quantity such as {@code 10Gi}
 * @param storageClass storage class, e.g. {@code local-path} (k3s's provisioner)
 * @param accessMode   {@code ReadWriteOnce} or {@code ReadWriteOncePod} (a database volume is never
 *                     shared between nodes); {@code ReadWriteMany} for a volume jobs share
 */
public record Storage(String size, String storageClass, String accessMode) {
    private static final Set<String> ACCESS_MODES = Set.of("ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany");

    /** A single-node volume ({@code ReadWriteOnce}) of this size and class. */
    public static Storage of(String size, String storageClass) {
        return new Storage(size, storageClass, "ReadWriteOnce");
    }

    /** This storage with another size. */
    public Storage withSize(String newSize) {
        return new Storage(newSize, storageClass, accessMode);
    }

    /** This storage with another class. */
    public Storage withStorageClass(String newClass) {
        return new Storage(size, newClass, accessMode);
    }

    /** This storage with another access mode. */
    public Storage withAccessMode(String newMode) {
        return new Storage(size, storageClass, newMode);
    }

    /**
     * The value, checked; errors name {@code prop} and the component, e.g.
     * {@code PostgresProps.storage.size "10GB" is not a Kubernetes quantity; use 10Gi}.
     */
    public static Storage require(String prop, Storage storage) {
        if (storage == null) {
            throw new IllegalArgumentException(prop + " is not set; give size, storage class and access mode"
                    + " (the environment sets them, see Environments)");
        }
        Checks.quantity(prop + ".size", storage.size);
        Checks.dnsSubdomain(prop + ".storageClass", storage.storageClass);
        Checks.requireValue(prop + ".accessMode", storage.accessMode);
        if (!ACCESS_MODES.contains(storage.accessMode)) {
            throw new IllegalArgumentException(prop + ".accessMode \"" + storage.accessMode
                    + "\" is not a volume access mode; use ReadWriteOnce or ReadWriteOncePod");
        }
        return storage;
    }

    /**
     * {@link #require}, and a volume one node opens: {@code ReadWriteMany} is refused, since two nodes
     * must never open one server's files. {@code what} names the data in the message, e.g. "a database".
     */
    public static Storage requireSingleNode(String prop, Storage storage, String what) {
        require(prop, storage);
        if ("ReadWriteMany".equals(storage.accessMode)) {
            throw new IllegalArgumentException(prop + ".accessMode \"ReadWriteMany\" is not a volume access mode for "
                    + what + "; use ReadWriteOnce or ReadWriteOncePod");
        }
        return storage;
    }

    /**
     * The claim spec: one access mode, the class, the size as its storage request, and the volume
     * mode the API server would default (written out, so the live object equals dist/).
     */
    public PersistentVolumeClaimSpec claimSpec() {
        return PersistentVolumeClaimSpec.builder()
                .accessModes(List.of(accessMode))
                .storageClassName(storageClass)
                .volumeMode("Filesystem")
                .resources(ResourceRequirements.builder()
                        .requests(Map.of("storage", KubeValues.quantity(size)))
                        .build())
                .build();
    }
}
