package io.datalayer.config;

import io.datalayer.backup.OffsiteProps;
import io.datalayer.monitoring.MonitoringProps;
import io.datalayer.namespace.DataNamespaceProps;
import io.datalayer.stores.postgres.PostgresBackupProps;
import io.datalayer.stores.postgres.PostgresProps;
import io.datalayer.stores.postgres.PostgresRestoreProps;
import io.datalayer.stores.redis.RedisBackupProps;
import io.datalayer.stores.redis.RedisProps;
import io.datalayer.stores.redis.RedisRestoreProps;
import io.datalayer.secrets.VaultSecretStoreProps;
import io.datalayer.secrets.SecretRequirement;

/**
 * Everything one environment of the data layer is built from (see {@code io.datalayer.app.Environments}
 * for the named environments). The namespace is set here once: the chart carries it and every
 * construct takes it from there. Build one with {@link #builder()}, or change one part of an
 * existing one with a {@code with...} method; constructs validate each value when the chart is built.
 *
 * @param namespace        the namespace this layer owns, and where every object of the environment lives
 * @param postgres         the business PostgreSQL; its superuser Secret name and key are the target
 *                         of the ExternalSecret, so they are set in one place
 * @param secretStore      the ESO SecretStore for Vault: the environment's Vault address and auth role
 * @param postgresSecret   the Vault secret holding the superuser password; default
 *                         {@link #POSTGRES_SECRET} ({@code secret/data/postgres}, key {@code password},
 *                         at least 16 characters)
 * @param pinVaultVersions pin each ExternalSecret to the KV version the build-time check found, so a
 *                         rotation is a reviewed diff in dist/; default false. When true, synth
 *                         needs Vault (an unverified synth would drop the pins)
 * @param backup           the nightly pg_dump CronJob and its volume
 * @param restore          the suspended restore CronJob
 * @param redis            the layer's Redis; its two Vault secrets (users and app) are the sources of
 *                         its two ExternalSecrets, declared once in {@link RedisProps}
 * @param redisBackup      the nightly Redis snapshot CronJob and its volume
 * @param redisRestore     the suspended Redis restore CronJob
 * @param offsite          off-site copies of every store's backup runs, or {@link OffsiteProps#off()};
 *                         required, so an environment never loses them by forgetting a line
 * @param monitoring       alerts, exporters and ServiceMonitors; default {@link MonitoringProps#off()} (a
 *                         cluster without prometheus-operator must still sync)
 */
public record DataLayerConfig(DataNamespaceProps namespace, PostgresProps postgres, VaultSecretStoreProps secretStore,
                              SecretRequirement postgresSecret, boolean pinVaultVersions,
                              PostgresBackupProps backup, PostgresRestoreProps restore, RedisProps redis,
                              RedisBackupProps redisBackup, RedisRestoreProps redisRestore, OffsiteProps offsite,
                              MonitoringProps monitoring) {
    /** The secret the platform layer (L2) writes for PostgreSQL. */
    public static final SecretRequirement POSTGRES_SECRET = SecretRequirement.of("postgres", "password").withMinLength(16);

    public DataLayerConfig {
        require("namespace", namespace);
        require("postgres", postgres);
        require("secretStore", secretStore);
        require("backup", backup);
        require("restore", restore);
        require("redis", redis);
        require("redisBackup", redisBackup);
        require("redisRestore", redisRestore);
        if (offsite == null) {
            throw new IllegalArgumentException("DataLayerConfig.offsite is not set; every environment sets it"
                    + " (see Environments): OffsiteProps.builder()... for off-site copies, or OffsiteProps.off() for none");
        }
        postgresSecret = postgresSecret == null ? POSTGRES_SECRET : postgresSecret;
        monitoring = monitoring == null ? MonitoringProps.off() : monitoring;
        if (monitoring.enabled() && monitoring.postgresSecret().apiPath().equals(postgresSecret.apiPath())) {
            throw new IllegalArgumentException("MonitoringProps.postgresSecret is " + monitoring.postgresSecret().apiPath()
                    + ", the superuser's secret; give the monitoring role a Vault path of its own, so the exporter's"
                    + " Secret never holds the superuser password");
        }
        if (monitoring.enabled() && (monitoring.redisSecret().apiPath().equals(redis.usersSecret().apiPath())
                || monitoring.redisSecret().apiPath().equals(redis.appSecret().apiPath()))) {
            throw new IllegalArgumentException("MonitoringProps.redisSecret is " + monitoring.redisSecret().apiPath()
                    + ", a path of Redis's own users; give the monitoring user a Vault path of its own (KV v2 policies"
                    + " grant whole paths), so the exporter's Secret never holds the admin or app password");
        }
        if (!postgresSecret.keys().contains(postgres.superuserPasswordKey())) {
            throw new IllegalArgumentException("PostgresProps.superuserPasswordKey \"" + postgres.superuserPasswordKey()
                    + "\" is not among the keys " + postgresSecret.keys() + " of the Vault secret "
                    + postgresSecret.apiPath() + "; the ExternalSecret copies those keys, so use one of them");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to change several parts at once. */
    public Builder toBuilder() {
        return new Builder().namespace(namespace).postgres(postgres).secretStore(secretStore).postgresSecret(postgresSecret)
                .pinVaultVersions(pinVaultVersions).backup(backup).restore(restore).redis(redis)
                .redisBackup(redisBackup).redisRestore(redisRestore)
                .offsite(offsite).monitoring(monitoring);
    }

    public DataLayerConfig withNamespace(DataNamespaceProps props) {
        return toBuilder().namespace(props).build();
    }

    public DataLayerConfig withPostgres(PostgresProps props) {
        return toBuilder().postgres(props).build();
    }

    public DataLayerConfig withSecretStore(VaultSecretStoreProps props) {
        return toBuilder().secretStore(props).build();
    }

    public DataLayerConfig withPostgresSecret(SecretRequirement requirement) {
        return toBuilder().postgresSecret(requirement).build();
    }

    /** This configuration with ExternalSecrets pinned (or not) to the KV versions the check finds. */
    public DataLayerConfig withPinVaultVersions(boolean pin) {
        return toBuilder().pinVaultVersions(pin).build();
    }

    public DataLayerConfig withBackup(PostgresBackupProps props) {
        return toBuilder().backup(props).build();
    }

    public DataLayerConfig withRestore(PostgresRestoreProps props) {
        return toBuilder().restore(props).build();
    }

    public DataLayerConfig withOffsite(OffsiteProps props) {
        return toBuilder().offsite(props).build();
    }

    public DataLayerConfig withRedis(RedisProps props) {
        return toBuilder().redis(props).build();
    }

    public DataLayerConfig withRedisBackup(RedisBackupProps props) {
        return toBuilder().redisBackup(props).build();
    }

    public DataLayerConfig withRedisRestore(RedisRestoreProps props) {
        return toBuilder().redisRestore(props).build();
    }

    public DataLayerConfig withMonitoring(MonitoringProps props) {
        return toBuilder().monitoring(props).build();
    }

    private static void require(String part, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("DataLayerConfig." + part + " is not set; every environment sets it"
                    + " (see Environments)");
        }
    }

    /** Fluent construction; every part but postgresSecret, pinVaultVersions and monitoring is required. */
    public static final class Builder {
        private DataNamespaceProps namespace;
        private PostgresProps postgres;
        private VaultSecretStoreProps secretStore;
        private SecretRequirement postgresSecret;
        private boolean pinVaultVersions;
        private PostgresBackupProps backup;
        private PostgresRestoreProps restore;
        private RedisProps redis;
        private RedisBackupProps redisBackup;
        private RedisRestoreProps redisRestore;
        private OffsiteProps offsite;
        private MonitoringProps monitoring;

        private Builder() {
        }

        public Builder namespace(DataNamespaceProps v) { namespace = v; return this; }
        public Builder postgres(PostgresProps v) { postgres = v; return this; }
        public Builder secretStore(VaultSecretStoreProps v) { secretStore = v; return this; }
        public Builder postgresSecret(SecretRequirement v) { postgresSecret = v; return this; }
        public Builder pinVaultVersions(boolean v) { pinVaultVersions = v; return this; }
        public Builder backup(PostgresBackupProps v) { backup = v; return this; }
        public Builder restore(PostgresRestoreProps v) { restore = v; return this; }
        public Builder redis(RedisProps v) { redis = v; return this; }
        public Builder redisBackup(RedisBackupProps v) { redisBackup = v; return this; }
        public Builder redisRestore(RedisRestoreProps v) { redisRestore = v; return this; }
        public Builder offsite(OffsiteProps v) { offsite = v; return this; }
        public Builder monitoring(MonitoringProps v) { monitoring = v; return this; }

        public DataLayerConfig build() {
            return new DataLayerConfig(namespace, postgres, secretStore, postgresSecret, pinVaultVersions, backup, restore, redis,
                    redisBackup, redisRestore, offsite, monitoring);
        }
    }
}
