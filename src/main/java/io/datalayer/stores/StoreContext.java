package io.datalayer.stores;

import io.datalayer.backup.Offsite;
import io.datalayer.monitoring.AlertInputs;
import io.datalayer.monitoring.MonitoringProps;
import io.datalayer.secrets.SecretRequirement;
import io.datalayer.secrets.VaultExternalSecret;
import io.datalayer.secrets.VaultExternalSecretProps;
import io.datalayer.secrets.VaultSecretStore;
import software.constructs.Construct;

/**
 * What the environment gives each store while the chart is built: where to add its objects, the
 * layer's shared pieces (the Vault SecretStore, the off-site copies, the monitoring settings), and
 * where to register what the environment's alerts watch.
 *
 * @param scope       the environment's chart; the store adds its constructs here
 * @param secretStore the environment's Vault SecretStore, which every ExternalSecret reads through
 * @param offsite     the off-site copies every store's backups share, or {@code null} when they are off
 * @param monitoring  the environment's monitoring settings; exporters and alerts only when enabled
 * @param alerts      what the environment's PrometheusRule watches; stores add their backups, exporters
 *                    and own rules
 */
public record StoreContext(Construct scope, VaultSecretStore secretStore, Offsite offsite, MonitoringProps monitoring,
                           AlertInputs alerts) {
    public StoreContext {
        if (scope == null || secretStore == null || monitoring == null || alerts == null) {
            throw new IllegalArgumentException("StoreContext needs the chart, the SecretStore, the monitoring settings"
                    + " and the alert inputs; only offsite may be null (off-site copies off)");
        }
    }

    /**
     * An ExternalSecret that copies {@code requirement} from Vault into the Secret {@code secretName}
     * (the build-time check reads the requirement back from the chart).
     */
    public VaultExternalSecret externalSecret(String id, SecretRequirement requirement, String secretName) {
        return new VaultExternalSecret(scope, id, secretStore, VaultExternalSecretProps.of(requirement, secretName));
    }
}
