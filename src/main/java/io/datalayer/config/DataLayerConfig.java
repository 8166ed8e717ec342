package io.datalayer.config;

import io.datalayer.namespace.DataNamespaceProps;
import io.datalayer.postgres.PostgresBackupProps;
import io.datalayer.postgres.PostgresProps;
import io.datalayer.postgres.PostgresRestoreProps;
import io.datalayer.secrets.VaultSecretStoreProps;
import io.datalayer.vault.SecretRequirement;

/**
 * Everything one environment of the data layer is built from. Change a setting here (or build a
 * second instance for a second environment); constructs validate each value when the chart is built.
 *
 * @param namespace        the namespace this layer owns
 * @param postgres         the business PostgreSQL; its superuser Secret name and key are the target
 *                         of the ExternalSecret, so they are set in one place
 * @param secretStore      the ESO SecretStore for Vault; default {@link VaultSecretStoreProps#defaults()}
 * @param postgresSecret   the Vault secret holding the superuser password; default
 *                         {@link #POSTGRES_SECRET} ({@code secret/data/postgres}, key {@code password},
 *                         at least 16 characters)
 * @param pinVaultVersions pin each ExternalSecret to the KV version the build-time check found, so a
 *                         rotation is a reviewed diff in dist/; default false. When true, synth
 *                         needs Vault (an unverified synth would drop the pins)
 * @param backup           the nightly pg_dump CronJob and its volume; default {@link PostgresBackupProps#defaults()}
 * @param restore          the suspended restore CronJob; default {@link PostgresRestoreProps#defaults()}
 */
public record DataLayerConfig(DataNamespaceProps namespace, PostgresProps postgres, VaultSecretStoreProps secretStore,
                              SecretRequirement postgresSecret, boolean pinVaultVersions,
                              PostgresBackupProps backup, PostgresRestoreProps restore) {
    /** The secret the platform layer (L2) writes for PostgreSQL. */
    public static final SecretRequirement POSTGRES_SECRET = SecretRequirement.of("postgres", "password").withMinLength(16);

    public DataLayerConfig {
        if (namespace == null || postgres == null) {
            throw new IllegalArgumentException("DataLayerConfig needs namespace and postgres props; use DataLayerConfig.defaults()");
        }
        if (!namespace.name().equals(postgres.namespace())) {
            throw new IllegalArgumentException("PostgresProps.namespace \"" + postgres.namespace()
                    + "\" differs from the layer's namespace \"" + namespace.name() + "\"; set both to the same name");
        }
        secretStore = secretStore == null ? VaultSecretStoreProps.defaults() : secretStore;
        postgresSecret = postgresSecret == null ? POSTGRES_SECRET : postgresSecret;
        backup = backup == null ? PostgresBackupProps.defaults() : backup;
        restore = restore == null ? PostgresRestoreProps.defaults() : restore;
        if (!namespace.name().equals(secretStore.namespace())) {
            throw new IllegalArgumentException("VaultSecretStoreProps.namespace \"" + secretStore.namespace()
                    + "\" differs from the layer's namespace \"" + namespace.name() + "\"; set both to the same name");
        }
        if (!postgresSecret.keys().contains(postgres.superuserPasswordKey())) {
            throw new IllegalArgumentException("PostgresProps.superuserPasswordKey \"" + postgres.superuserPasswordKey()
                    + "\" is not among the keys " + postgresSecret.keys() + " of the Vault secret "
                    + postgresSecret.apiPath() + "; the ExternalSecret copies those keys, so use one of them");
        }
    }

    /** The namespace and PostgreSQL, with the default Vault store and secret, unpinned. */
    public DataLayerConfig(DataNamespaceProps namespace, PostgresProps postgres) {
        this(namespace, postgres, null, null, false, null, null);
    }

    /** This configuration with ExternalSecrets pinned (or not) to the KV versions the check finds. */
    public DataLayerConfig withPinVaultVersions(boolean pin) {
        return new DataLayerConfig(namespace, postgres, secretStore, postgresSecret, pin, backup, restore);
    }

    /** This configuration with other backup settings. */
    public DataLayerConfig withBackup(PostgresBackupProps props) {
        return new DataLayerConfig(namespace, postgres, secretStore, postgresSecret, pinVaultVersions, props, restore);
    }

    /** The platform's production settings: namespace {@code data} and a default PostgreSQL. */
    public static DataLayerConfig defaults() {
        return new DataLayerConfig(DataNamespaceProps.defaults(), PostgresProps.defaults());
    }
}
