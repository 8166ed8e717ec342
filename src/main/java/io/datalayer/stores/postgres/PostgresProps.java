package io.datalayer.stores.postgres;

import io.datalayer.kit.Checks;
import io.datalayer.kit.Defaults;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Settings of the {@link Postgres} construct. {@code storage} and {@code resources} are production
 * choices and have no default: each environment sets them (see {@code Environments}). Every other
 * component may be {@code null} to take its documented default; the compact constructor applies
 * the defaults once and validates, so an instance always holds the effective, valid values. Build
 * one with {@link #builder()}. The namespace is the chart's (see {@link io.datalayer.kit.Namespaces}).
 *
 * @param name                   StatefulSet, Services and ConfigMap name; default {@code postgresql}
 * @param image                  server image pinned to an exact version; default {@value #DEFAULT_IMAGE}
 * @param uid                    uid and gid the server runs as; default 999, the {@code postgres} user of
 *                               the official Debian-based image (use 70 for the Alpine variant)
 * @param superuser              the superuser's name ({@code POSTGRES_USER}); default {@code postgres}
 * @param superuserSecretName    Secret that holds the superuser password; default {@code postgresql-superuser}
 * @param superuserPasswordKey   key of the password in that Secret; default {@code password}
 * @param port                   server and Service port; default 5432
 * @param storage                the PGDATA volume (size, class, access mode); required. ReadWriteMany is
 *                               refused: two nodes must never open one PGDATA
 * @param resources              the server container's requests and limits; required
 * @param sharedMemorySize       size of the memory-backed {@code /dev/shm}; default {@code 256Mi} (the
 *                               container runtime's 64Mi breaks parallel queries)
 * @param terminationGracePeriodSeconds time a fast shutdown gets before SIGKILL; default 120
 * @param vaultNamespace         namespace of Vault's pods (Vault creates and revokes dynamic users from
 *                               there); default {@code platform}
 * @param vaultPodSelector       labels of Vault's server pods in {@code vaultNamespace}: only those pods of
 *                               that namespace reach the server; default the official Vault Helm chart's
 *                               server pod labels, {@code app.kubernetes.io/name: vault} and {@code component: server}
 * @param passwordSyncIntervalSeconds how often the password-sync sidecar looks at the mounted Secret for a
 *                               new superuser password; default 10
 * @param parameters             extra {@code postgresql.conf} settings, over the defaults; default none
 */
public record PostgresProps(
        String name,
        String image,
        Integer uid,
        String superuser,
        String superuserSecretName,
        String superuserPasswordKey,
        Integer port,
        Storage storage,
        Resources resources,
        String sharedMemorySize,
        Integer terminationGracePeriodSeconds,
        String vaultNamespace,
        Map<String, String> vaultPodSelector,
        Integer passwordSyncIntervalSeconds,
        Map<String, String> parameters) {

    public static final String DEFAULT_IMAGE = "postgres:18.4";
    /** The labels the official Vault Helm chart (hashicorp/vault) puts on its server pods. */
    public static final Map<String, String> VAULT_HELM_SERVER_LABELS =
            Map.of("app.kubernetes.io/name", "vault", "component", "server");
    /** Settings the construct derives from other props; a parameter may not override them. */
    static final Set<String> RESERVED_PARAMETERS =
            Set.of("port", "listen_addresses", "unix_socket_directories", "hba_file", "ident_file", "data_directory",
                    "config_file", "password_encryption");

    public PostgresProps {
        name = Checks.dnsLabel("PostgresProps.name", Defaults.or(name, "postgresql"));
        image = Checks.pinnedImage("PostgresProps.image", Defaults.or(image, DEFAULT_IMAGE));
        uid = Checks.atLeast("PostgresProps.uid", Defaults.or(uid, 999), 1);
        superuser = Defaults.or(superuser, "postgres");
        if (!superuser.matches("^[a-z_][a-z0-9_]{0,62}$")) {
            throw new IllegalArgumentException("PostgresProps.superuser \"" + superuser + "\" is not a plain"
                    + " PostgreSQL role name; use lowercase letters, digits and '_', starting with a letter or '_'");
        }
        superuserSecretName = Checks.dnsLabel("PostgresProps.superuserSecretName", Defaults.or(superuserSecretName, "postgresql-superuser"));
        superuserPasswordKey = Defaults.or(superuserPasswordKey, "password");
        if (!superuserPasswordKey.matches("^[-._a-zA-Z0-9]{1,253}$")) {
            throw new IllegalArgumentException("PostgresProps.superuserPasswordKey \"" + superuserPasswordKey
                    + "\" is not a Secret key; use letters, digits, '-', '_' and '.'");
        }
        port = Checks.port("PostgresProps.port", Defaults.or(port, 5432));
        storage = Storage.requireSingleNode("PostgresProps.storage", storage, "a database");
        resources = Resources.require("PostgresProps.resources", resources);
        sharedMemorySize = Checks.quantity("PostgresProps.sharedMemorySize", Defaults.or(sharedMemorySize, "256Mi"));
        terminationGracePeriodSeconds = Checks.atLeast("PostgresProps.terminationGracePeriodSeconds",
                Defaults.or(terminationGracePeriodSeconds, 120), 30);
        vaultNamespace = Checks.dnsLabel("PostgresProps.vaultNamespace", Defaults.or(vaultNamespace, "platform"));
        vaultPodSelector = Checks.labelSelector("PostgresProps.vaultPodSelector", Defaults.or(vaultPodSelector, VAULT_HELM_SERVER_LABELS));
        passwordSyncIntervalSeconds = Checks.atLeast("PostgresProps.passwordSyncIntervalSeconds",
                Defaults.or(passwordSyncIntervalSeconds, 10), 1);
        parameters = checkParameters(parameters == null ? Map.of() : parameters);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().name(name).image(image).uid(uid).superuser(superuser).superuserSecretName(superuserSecretName)
                .superuserPasswordKey(superuserPasswordKey).port(port).storage(storage).resources(resources)
                .sharedMemorySize(sharedMemorySize).terminationGracePeriodSeconds(terminationGracePeriodSeconds)
                .vaultNamespace(vaultNamespace).vaultPodSelector(vaultPodSelector)
                .passwordSyncIntervalSeconds(passwordSyncIntervalSeconds).parameters(parameters);
    }

    private static Map<String, String> checkParameters(Map<String, String> parameters) {
        Map<String, String> sorted = new TreeMap<>();
        parameters.forEach((key, value) -> {
            if (key == null || !key.matches("^[a-z_][a-z0-9_.]*$")) {
                throw new IllegalArgumentException("PostgresProps.parameters key \"" + key
                        + "\" is not a postgresql.conf setting name; use lowercase letters, digits, '_' and '.'");
            }
            if (RESERVED_PARAMETERS.contains(key)) {
                throw new IllegalArgumentException("PostgresProps.parameters key \"" + key
                        + "\" is set by the construct; change the matching prop instead of overriding it");
            }
            if (value == null) {
                throw new IllegalArgumentException("PostgresProps.parameters value of \"" + key
                        + "\" is missing; set a value, or '' for an empty one");
            }
            ServerConfig.checkValue("PostgresProps.parameters", key, value);
            sorted.put(key, value);
        });
        return Map.copyOf(sorted);
    }

    /** Fluent construction; unset fields take the documented defaults. */
    public static final class Builder {
        private String name;
        private String image;
        private Integer uid;
        private String superuser;
        private String superuserSecretName;
        private String superuserPasswordKey;
        private Integer port;
        private Storage storage;
        private Resources resources;
        private String sharedMemorySize;
        private Integer terminationGracePeriodSeconds;
        private String vaultNamespace;
        private Map<String, String> vaultPodSelector;
        private Integer passwordSyncIntervalSeconds;
        private Map<String, String> parameters;

        private Builder() {
        }

        public Builder name(String v) { name = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder uid(int v) { uid = v; return this; }
        public Builder superuser(String v) { superuser = v; return this; }
        public Builder superuserSecretName(String v) { superuserSecretName = v; return this; }
        public Builder superuserPasswordKey(String v) { superuserPasswordKey = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder storage(Storage v) { storage = v; return this; }
        public Builder resources(Resources v) { resources = v; return this; }
        public Builder sharedMemorySize(String v) { sharedMemorySize = v; return this; }
        public Builder terminationGracePeriodSeconds(int v) { terminationGracePeriodSeconds = v; return this; }
        public Builder vaultNamespace(String v) { vaultNamespace = v; return this; }
        public Builder vaultPodSelector(Map<String, String> v) { vaultPodSelector = v; return this; }
        public Builder passwordSyncIntervalSeconds(int v) { passwordSyncIntervalSeconds = v; return this; }
        public Builder parameters(Map<String, String> v) { parameters = v; return this; }

        public PostgresProps build() {
            return new PostgresProps(name, image, uid, superuser, superuserSecretName, superuserPasswordKey,
                    port, storage, resources, sharedMemorySize, terminationGracePeriodSeconds, vaultNamespace,
                    vaultPodSelector, passwordSyncIntervalSeconds, parameters);
        }
    }
}
