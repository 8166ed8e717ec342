package io.datalayer.secrets;

import io.datalayer.kit.Checks;

/**
 * Settings of {@link VaultSecretStore}. Every component may be {@code null} to take its default.
 * The store and its ServiceAccount live in the chart's namespace.
 *
 * @param name       SecretStore name; default {@code vault}
 * @param kvMount    KV v2 mount the store reads; default {@value SecretRequirement#DEFAULT_MOUNT}
 * @param connection server, auth and CA; default {@link VaultConnection#defaults()}
 */
public record VaultSecretStoreProps(String name, String kvMount, VaultConnection connection) {
    public VaultSecretStoreProps {
        name = Checks.dnsSubdomain("VaultSecretStoreProps.name", name == null ? "vault" : name);
        kvMount = kvMount == null ? SecretRequirement.DEFAULT_MOUNT : kvMount;
        if (!kvMount.matches("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")) {
            throw new IllegalArgumentException("VaultSecretStoreProps.kvMount \"" + kvMount + "\" is not a Vault mount"
                    + " path; use e.g. \"secret\" (no leading or trailing '/', no \"data/\")");
        }
        connection = connection == null ? VaultConnection.defaults() : connection;
    }

    /** The default store name and mount, reaching Vault through {@code connection}. */
    public static VaultSecretStoreProps of(VaultConnection connection) {
        return new VaultSecretStoreProps(null, null, connection);
    }

    /** All defaults. */
    public static VaultSecretStoreProps defaults() {
        return new VaultSecretStoreProps(null, null, null);
    }
}
