package io.datalayer.app;

import io.datalayer.backup.Offsite;
import io.datalayer.config.DataLayerConfig;
import io.datalayer.gitops.GitOps;
import io.datalayer.kube.KubeChart;
import io.datalayer.monitoring.AlertInputs;
import io.datalayer.monitoring.Alerts;
import io.datalayer.monitoring.MonitoringProps;
import io.datalayer.namespace.DataNamespace;
import io.datalayer.secrets.SecretRequirement;
import io.datalayer.secrets.VaultExternalSecret;
import io.datalayer.secrets.VaultSecretStore;
import io.datalayer.stores.Store;
import io.datalayer.stores.StoreContext;
import io.datalayer.vault.VaultCheckResult;
import java.util.List;
import java.util.OptionalLong;
import org.cdk8s.ChartProps;
import software.constructs.Construct;

/**
 * One environment of the data layer: the namespace, the Vault SecretStore, the off-site copies'
 * shared objects, then each store of {@link DataLayerConfig#stores()} in turn (everything a store
 * owns, through the {@link Store} contract), then the alerts the stores registered. It names no store. One chart per environment, so
 * {@code dist/<environment>/} holds one reviewable file. The chart carries the environment's
 * namespace; every construct in it takes the namespace from there.
 */
public final class DataLayerChart extends KubeChart {
    /** The chart's id, which is also its file name in each environment's folder ({@code data-layer.k8s.yaml}). */
    public static final String ID = "data-layer";

    private final DataLayerConfig config;
    private final VaultSecretStore secretStore;
    /** Every ExternalSecret of the chart, found once its constructs are all made. */
    private final List<VaultExternalSecret> externalSecrets;

    /**
     * The chart with unpinned Vault references; {@link #pinVersions} pins them once the build-time
     * check has read {@link #requirements()}.
     */
    public DataLayerChart(Construct scope, DataLayerConfig config) {
        super(scope, ID, ChartProps.builder().disableResourceNameHashes(true).namespace(config.namespace().name()).build());
        this.config = config;
        new DataNamespace(this, "namespace", config.namespace());
        this.secretStore = new VaultSecretStore(this, "vault", config.secretStore());
        MonitoringProps monitoring = config.monitoring();
        // One Secret and one egress policy for every store's off-site copies.
        Offsite offsite = config.offsite().enabled() ? new Offsite(this, "offsite", secretStore, config.offsite()) : null;
        AlertInputs alerts = new AlertInputs();
        StoreContext context = new StoreContext(this, secretStore, offsite, monitoring, alerts);
        for (Store store : config.stores()) {
            store.build(context);
        }
        // prometheus-operator's kinds only where its CRDs are installed (MonitoringProps.enabled).
        if (monitoring.enabled() && !alerts.isEmpty()) {
            new Alerts(this, "alerts", monitoring, alerts);
        }
        GitOps.annotate(this);
        this.externalSecrets = constructs().stream()
                .filter(VaultExternalSecret.class::isInstance)
                .map(VaultExternalSecret.class::cast)
                .toList();
    }

    /**
     * The Vault secrets this chart's ExternalSecrets read, in the order the chart creates them: one
     * source, so a new ExternalSecret is checked at synth without a list to keep. Main checks these
     * before it synthesizes the chart.
     */
    public List<SecretRequirement> requirements() {
        return externalSecrets.stream().map(es -> es.props().requirement()).distinct().toList();
    }

    /**
     * Pins every ExternalSecret of the chart to the KV version the check found, when the
     * configuration asks for it ({@link DataLayerConfig#pinVaultVersions()}); otherwise does nothing.
     *
     * @throws IllegalStateException when pinning is asked for but a secret was not verified
     */
    public void pinVersions(VaultCheckResult vault) {
        if (!config.pinVaultVersions()) {
            return;
        }
        for (VaultExternalSecret es : externalSecrets) {
            SecretRequirement requirement = es.props().requirement();
            OptionalLong version = vault.version(requirement);
            if (version.isEmpty()) {
                throw new IllegalStateException("DataLayerConfig.pinVaultVersions is true but " + requirement.apiPath()
                        + " was not verified in Vault; set VAULT_ADDR (or DATALAYER_VAULT=required) so synth can pin its version");
            }
            es.pin(version.getAsLong());
        }
    }

    public DataLayerConfig config() {
        return config;
    }

    public VaultSecretStore secretStore() {
        return secretStore;
    }

}
