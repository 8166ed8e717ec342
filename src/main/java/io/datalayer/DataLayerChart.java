package io.datalayer;

import io.datalayer.config.DataLayerConfig;
import io.datalayer.namespace.DataNamespace;
import io.datalayer.postgres.Postgres;
import io.datalayer.postgres.PostgresBackup;
import io.datalayer.postgres.PostgresRestore;
import io.datalayer.secrets.VaultExternalSecret;
import io.datalayer.secrets.VaultExternalSecretProps;
import io.datalayer.secrets.VaultSecretStore;
import io.datalayer.vault.SecretRequirement;
import io.datalayer.vault.VaultCheckResult;
import java.util.List;
import java.util.OptionalLong;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import software.constructs.Construct;

/**
 * One environment of the data layer: the {@code data} namespace, the Vault SecretStore and the
 * ExternalSecrets of this layer, and the stores in it with their backups. One chart, so {@code dist/} holds one
 * reviewable file per environment.
 */
public final class DataLayerChart extends Chart {
    /** The chart's id, which is also its file name in dist/ ({@code data-layer.k8s.yaml}). */
    public static final String ID = "data-layer";

    private final Postgres postgres;
    private final PostgresBackup backup;
    private final VaultSecretStore secretStore;
    private final VaultExternalSecret postgresSecret;

    /** The chart with unverified (unpinned) Vault references. */
    public DataLayerChart(Construct scope, DataLayerConfig config) {
        this(scope, config, VaultCheckResult.unverified());
    }

    /**
     * @param vault what the build-time Vault check found; pins versions when the config asks for it
     */
    public DataLayerChart(Construct scope, DataLayerConfig config, VaultCheckResult vault) {
        super(scope, ID, ChartProps.builder().disableResourceNameHashes(true).build());
        new DataNamespace(this, "namespace", config.namespace());
        this.secretStore = new VaultSecretStore(this, "vault", config.secretStore());
        // The Secret's name and key come from PostgresProps; the ExternalSecret writes exactly that.
        this.postgresSecret = new VaultExternalSecret(this, "postgresql-superuser", secretStore,
                VaultExternalSecretProps.of(config.postgresSecret(), config.postgres().superuserSecretName())
                        .withPinnedVersion(pin(config, vault)));
        this.postgres = new Postgres(this, "postgresql", config.postgres());
        this.backup = new PostgresBackup(this, "postgresql-backup", postgres, config.backup());
        new PostgresRestore(this, "postgresql-restore", backup, config.restore());
    }

    /** The Vault secrets the chart references: Main checks these before synth. */
    public static List<SecretRequirement> requirements(DataLayerConfig config) {
        return List.of(config.postgresSecret());
    }

    private static Long pin(DataLayerConfig config, VaultCheckResult vault) {
        if (!config.pinVaultVersions()) {
            return null;
        }
        OptionalLong version = vault.version(config.postgresSecret());
        if (version.isEmpty()) {
            throw new IllegalStateException("DataLayerConfig.pinVaultVersions is true but " + config.postgresSecret().apiPath()
                    + " was not verified in Vault; set VAULT_ADDR (or DATALAYER_VAULT=required) so synth can pin its version");
        }
        return version.getAsLong();
    }

    public Postgres postgres() {
        return postgres;
    }

    public PostgresBackup backup() {
        return backup;
    }

    public VaultSecretStore secretStore() {
        return secretStore;
    }

    public VaultExternalSecret postgresSecret() {
        return postgresSecret;
    }
}
