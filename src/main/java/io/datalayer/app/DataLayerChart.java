package io.datalayer.app;

import io.datalayer.backup.Offsite;
import io.datalayer.config.DataLayerConfig;
import io.datalayer.gitops.GitOps;
import io.datalayer.monitoring.Alerts;
import io.datalayer.monitoring.MonitoringProps;
import io.datalayer.namespace.DataNamespace;
import io.datalayer.stores.postgres.MonitoringRole;
import io.datalayer.stores.postgres.Postgres;
import io.datalayer.stores.postgres.PostgresBackup;
import io.datalayer.stores.postgres.PostgresExporter;
import io.datalayer.stores.postgres.PostgresRestore;
import io.datalayer.stores.redis.Redis;
import io.datalayer.stores.redis.RedisBackup;
import io.datalayer.stores.redis.RedisExporter;
import io.datalayer.stores.redis.RedisMonitoringUser;
import io.datalayer.stores.redis.RedisRestore;
import io.datalayer.secrets.VaultExternalSecret;
import io.datalayer.secrets.VaultExternalSecretProps;
import io.datalayer.secrets.VaultSecretStore;
import io.datalayer.secrets.SecretRequirement;
import io.datalayer.vault.VaultCheckResult;
import java.util.List;
import java.util.OptionalLong;
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
    private final Postgres postgres;
    private final PostgresBackup backup;
    private final VaultSecretStore secretStore;
    private final VaultExternalSecret postgresSecret;
    private final Redis redis;

    /**
     * The chart with unpinned Vault references; {@link #pinVersions} pins them once the build-time
     * check has read {@link #requirements()}.
     */
    public DataLayerChart(Construct scope, DataLayerConfig config) {
        super(scope, ID, ChartProps.builder().disableResourceNameHashes(true).namespace(config.namespace().name()).build());
        this.config = config;
        new DataNamespace(this, "namespace", config.namespace());
        this.secretStore = new VaultSecretStore(this, "vault", config.secretStore());
        // The Secret's name and key come from PostgresProps; the ExternalSecret writes exactly that.
        this.postgresSecret = new VaultExternalSecret(this, "postgresql-superuser", secretStore,
                VaultExternalSecretProps.of(config.postgresSecret(), config.postgres().superuserSecretName()));
        MonitoringProps monitoring = config.monitoring();
        MonitoringRole monitoringRole = null;
        if (monitoring.enabled()) {
            monitoringRole = MonitoringRole.of(monitoring, config.postgres());
            new VaultExternalSecret(this, "postgresql-monitoring", secretStore,
                    VaultExternalSecretProps.of(monitoring.postgresSecret(), monitoringRole.secretName()));
        }
        this.postgres = new Postgres(this, "postgresql", config.postgres(), monitoringRole);
        // One Secret and one egress policy for every store's off-site copies.
        Offsite offsite = config.offsite().enabled() ? new Offsite(this, "offsite", secretStore, config.offsite()) : null;
        this.backup = new PostgresBackup(this, "postgresql-backup", postgres, config.backup(), offsite);
        new PostgresRestore(this, "postgresql-restore", backup, config.restore());
        RedisMonitoringUser redisMonitoring = null;
        if (monitoring.enabled()) {
            redisMonitoring = RedisMonitoringUser.of(monitoring, config.redis());
        }
        this.redis = new Redis(this, "redis", config.redis(), redisMonitoring);
        // Redis's two Secrets, named by the server that mounts them: the layer's users (admin, backup)
        // and the app user, each from its own Vault path.
        new VaultExternalSecret(this, "redis-users", secretStore,
                VaultExternalSecretProps.of(config.redis().usersSecret(), redis.usersSecretName()));
        new VaultExternalSecret(this, "redis-app", secretStore,
                VaultExternalSecretProps.of(config.redis().appSecret(), redis.appSecretName()));
        if (redisMonitoring != null) {
            // The exporter's user from its own path: its ExternalSecret cannot read the admin password.
            new VaultExternalSecret(this, "redis-monitoring", secretStore,
                    VaultExternalSecretProps.of(monitoring.redisSecret(), redisMonitoring.secretName()));
        }
        RedisBackup redisBackup = new RedisBackup(this, "redis-backup", redis, config.redisBackup(), offsite);
        new RedisRestore(this, "redis-restore", redisBackup, config.redisRestore());
        // prometheus-operator's kinds only where its CRDs are installed (MonitoringProps.enabled).
        if (monitoring.enabled()) {
            new PostgresExporter(this, "postgresql-exporter", postgres, monitoring);
            new RedisExporter(this, "redis-exporter", redis, monitoring);
            new Alerts(this, "alerts", monitoring,
                    // With off-site copies on, each store's sync CronJob has its own lag alert.
                    List.of(new Alerts.Backup("postgresql", config.backup().name(), backup.offsiteSyncName().orElse(null)),
                            new Alerts.Backup("redis", config.redisBackup().name(), redisBackup.offsiteSyncName().orElse(null))),
                    List.of(new Alerts.Exporter("postgresql", PostgresExporter.exporterName(config.postgres()),
                            PostgresExporter.UP_METRIC),
                            new Alerts.Exporter("redis", RedisExporter.exporterName(config.redis()), RedisExporter.UP_METRIC)));
        }
        GitOps.annotate(this);
    }

    /**
     * The Vault secrets this chart's ExternalSecrets read, in the order the chart creates them: one
     * source, so a new ExternalSecret is checked at synth without a list to keep. Main checks these
     * before it synthesizes the chart.
     */
    public List<SecretRequirement> requirements() {
        return externalSecrets().stream().map(es -> es.props().requirement()).distinct().toList();
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
        for (VaultExternalSecret es : externalSecrets()) {
            SecretRequirement requirement = es.props().requirement();
            OptionalLong version = vault.version(requirement);
            if (version.isEmpty()) {
                throw new IllegalStateException("DataLayerConfig.pinVaultVersions is true but " + requirement.apiPath()
                        + " was not verified in Vault; set VAULT_ADDR (or DATALAYER_VAULT=required) so synth can pin its version");
            }
            es.pin(version.getAsLong());
        }
    }

    private List<VaultExternalSecret> externalSecrets() {
        return getNode().findAll().stream()
                .filter(VaultExternalSecret.class::isInstance)
                .map(VaultExternalSecret.class::cast)
                .toList();
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

    public Redis redis() {
        return redis;
    }

    public VaultSecretStore secretStore() {
        return secretStore;
    }

    public VaultExternalSecret postgresSecret() {
        return postgresSecret;
    }
}
