package io.datalayer.secrets;

import io.datalayer.k8s.Checks;
import io.datalayer.vault.SecretRequirement;

/**
 * Settings of {@link VaultSecretStore}. Every component may be {@code null} to take its default.
 *
 * @param name       SecretStore name; default {@code vault}
 * @param namespace  namespace of the store and its ServiceAccount; default {@code data} (this layer owns it)
 * @param kvMount    KV v2 mount the store reads; default {@value SecretRequirement#DEFAULT_MOUNT}
 * @param connection server, auth and CA; default {@link VaultConnection#defaults()}
 */
public record VaultSecretStoreProps(String name, String namespace, String kvMount, VaultConnection connection) {
    public VaultSecretStoreProps {
        name = Checks.dnsSubdomain("VaultSecretStoreProps.name", name == null ? "vault" : name);
        namespace = Checks.dnsLabel("VaultSecretStoreProps.namespace", namespace == null ? "data" : namespace);
        kvMount = kvMount == null ? SecretRequirement.DEFAULT_MOUNT : kvMount;
        if (!kvMount.matches("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")) {
            throw new IllegalArgumentException("VaultSecretStoreProps.kvMount \"" + kvMount + "\" is not a Vault mount"
                    + " path; use e.g. \"secret\" (no leading or trailing '/', no \"data/\")");
        }
        connection = connection == null ? VaultConnection.defaults() : connection;
    }

    /** All defaults. */
    public static VaultSecretStoreProps defaults() {
        return new VaultSecretStoreProps(null, null, null, null);
    }
}
