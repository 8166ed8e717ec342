package io.datalayer.secrets;

import io.datalayer.kit.Checks;

/**
 * Settings of {@link DynamicDatabaseCredentials}. namespace and role are required; the rest may be
 * {@code null} to take their defaults.
 *
 * @param namespace        the L4 app's namespace; generator, ExternalSecret, ServiceAccount and Secret live there
 * @param role             Vault database role; credentials come from {@code <databaseMount>/creds/<role>}
 * @param name             name of the generator and ExternalSecret; default {@code <role>-db}
 * @param targetSecretName Secret ESO writes, with keys {@code username} and {@code password}; default name
 * @param databaseMount    mount of Vault's database secrets engine; default {@code database}
 * @param refreshInterval  how often ESO generates NEW credentials (a Go duration); default {@code 1h}.
 *                         Keep it well below the role's default TTL: ESO does not renew the lease
 * @param connection       Vault server, auth and CA; default {@link VaultConnection#defaults()} with
 *                         service account {@code <name>-vault} and Vault role {@code <role>}
 */
public record DynamicDatabaseCredentialsProps(String namespace, String role, String name, String targetSecretName,
                                              String databaseMount, String refreshInterval,
                                              VaultConnection connection) {
    public DynamicDatabaseCredentialsProps {
        namespace = Checks.dnsLabel("DynamicDatabaseCredentialsProps.namespace", namespace);
        role = Checks.requireValue("DynamicDatabaseCredentialsProps.role", role);
        if (!role.matches("^[A-Za-z0-9_.-]+$")) {
            throw new IllegalArgumentException("DynamicDatabaseCredentialsProps.role \"" + role + "\" is not a Vault"
                    + " role name; use letters, digits, '_', '.' and '-'");
        }
        name = Checks.dnsSubdomain("DynamicDatabaseCredentialsProps.name",
                name == null ? role.toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-db" : name);
        targetSecretName = Checks.dnsSubdomain("DynamicDatabaseCredentialsProps.targetSecretName",
                targetSecretName == null ? name : targetSecretName);
        databaseMount = databaseMount == null ? "database" : databaseMount;
        if (!databaseMount.matches("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")) {
            throw new IllegalArgumentException("DynamicDatabaseCredentialsProps.databaseMount \"" + databaseMount
                    + "\" is not a Vault mount path; use e.g. \"database\" (no leading or trailing '/')");
        }
        refreshInterval = refreshInterval == null ? "1h" : refreshInterval;
        if (!refreshInterval.matches("^(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+$")) {
            throw new IllegalArgumentException("DynamicDatabaseCredentialsProps.refreshInterval \"" + refreshInterval
                    + "\" is not a positive Go duration; use e.g. 1h or 30m");
        }
        connection = connection == null
                ? VaultConnection.defaults().withRole(role).withServiceAccount(name + "-vault") : connection;
    }

    /** The required components with defaults for the rest. */
    public static DynamicDatabaseCredentialsProps of(String namespace, String role) {
        return new DynamicDatabaseCredentialsProps(namespace, role, null, null, null, null, null);
    }

    /** The Vault API path ESO calls, e.g. {@code database/creds/orders}. */
    public String credsPath() {
        return databaseMount + "/creds/" + role;
    }
}
