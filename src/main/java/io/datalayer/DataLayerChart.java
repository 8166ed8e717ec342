package io.datalayer;

import io.datalayer.config.DataLayerConfig;
import io.datalayer.gitops.GitOps;
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
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import software.constructs.Construct;

/**
 * One environment of the data layer: the namespace, the Vault SecretStore and the ExternalSecrets
 * of this layer, and the stores in it with their backups. One chart per environment, so
 * {@code dist/<environment>/} holds one reviewable file. The chart carries the environment's
 * namespace; every construct in it takes the namespace from there.
 */
public final class DataLayerChart extends Chart {
    /** The chart's id, which is also its file name in each environment's folder ({@code data-layer.k8s.yaml}). */
    public static final String ID = "data-layer";

    private final DataLayerConfig config;
    private final VaultCheckResult vault;
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
        super(scope, ID, ChartProps.builder().disableResourceNameHashes(true).namespace(config.namespace().name()).build());
        this.config = config;
        this.vault = vault;
        new DataNamespace(this, "namespace", config.namespace());
        this.secretStore = new VaultSecretStore(this, "vault", config.secretStore());
        // The Secret's name and key come from PostgresProps; the ExternalSecret writes exactly that.
        this.postgresSecret = externalSecret("postgresql-superuser",
                VaultExternalSecretProps.of(config.postgresSecret(), config.postgres().superuserSecretName()));
        this.postgres = new Postgres(this, "postgresql", config.postgres());
        this.backup = new PostgresBackup(this, "postgresql-backup", postgres, config.backup());
        new PostgresRestore(this, "postgresql-restore", backup, config.restore());
        GitOps.annotate(this);
    }

    /**
     * The Vault secrets a chart of this configuration references, read from the ExternalSecrets
     * it creates (one source: a new ExternalSecret is checked without a list to keep). Main checks
     * these before the real synth.
     */
    public static List<SecretRequirement> requirements(DataLayerConfig config) {
        return new DataLayerChart(new App(), config.withPinVaultVersions(false)).requirements();
    }

    /** The Vault secrets this chart's ExternalSecrets read, in the order the chart creates them. */
    public List<SecretRequirement> requirements() {
        return getNode().findAll().stream()
                .filter(VaultExternalSecret.class::isInstance)
                .map(c -> ((VaultExternalSecret) c).props().requirement())
                .distinct()
                .toList();
    }

    /** An ExternalSecret through this chart's store, pinned to the verified version when the config asks. */
    private VaultExternalSecret externalSecret(String id, VaultExternalSecretProps props) {
        return new VaultExternalSecret(this, id, secretStore, props.withPinnedVersion(pin(props.requirement())));
    }

    private Long pin(SecretRequirement requirement) {
        if (!config.pinVaultVersions()) {
            return null;
        }
        OptionalLong version = vault.version(requirement);
        if (version.isEmpty()) {
            throw new IllegalStateException("DataLayerConfig.pinVaultVersions is true but " + requirement.apiPath()
                    + " was not verified in Vault; set VAULT_ADDR (or DATALAYER_VAULT=required) so synth can pin its version");
        }
        return version.getAsLong();
    }

    public DataLayerConfig config() {
        return config;
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
