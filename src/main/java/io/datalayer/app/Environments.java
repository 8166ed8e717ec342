package io.datalayer.app;

import io.datalayer.backup.OffsiteProps;
import io.datalayer.config.DataLayerConfig;
import io.datalayer.kit.Peer;
import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.monitoring.MonitoringProps;
import io.datalayer.namespace.DataNamespaceProps;
import io.datalayer.secrets.VaultConnection;
import io.datalayer.secrets.VaultSecretStoreProps;
import io.datalayer.stores.clickhouse.ClickHouseProps;
import io.datalayer.stores.clickhouse.ClickHouseStore;
import io.datalayer.stores.neo4j.Neo4jProps;
import io.datalayer.stores.neo4j.Neo4jStore;
import io.datalayer.stores.postgres.PostgresProps;
import io.datalayer.stores.postgres.PostgresStore;
import io.datalayer.stores.redis.RedisProps;
import io.datalayer.stores.redis.RedisStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The named environments, in one place. Each is one chart, written to {@code dist/<name>/}; one
 * synth writes them all. The production choices (sizes, requests and limits, retention, which
 * Vault and which role) are made here, not in the props records' defaults. Adding an environment
 * is one entry in {@link #all()}; adding a store to an environment is one entry in its {@code stores}.
 */
public final class Environments {
    public static final String PROD = "prod";
    public static final String DEV = "dev";

    private Environments() {
    }

    /** Every environment by its folder name under {@code dist/}, in synth order. */
    public static Map<String, Supplier<DataLayerConfig>> all() {
        Map<String, Supplier<DataLayerConfig>> all = new LinkedHashMap<>();
        all.put(PROD, Environments::prod);
        all.put(DEV, Environments::dev);
        return all;
    }

    /** Production: the business database of the platform. */
    public static DataLayerConfig prod() {
        return DataLayerConfig.builder()
                .namespace(new DataNamespaceProps("data", null))
                .secretStore(VaultSecretStoreProps.of(VaultConnection.of("http://vault.platform.svc:8200", "data-layer")))
                // The platform's object store outside the cluster, over HTTPS; bucket, endpoint
                // and keys come from Vault secret/data/backup-s3.
                .offsite(OffsiteProps.builder()
                        .environment(PROD)
                        .egressCidr("10.0.40.10/32")
                        .build())
                // The production cluster runs prometheus-operator (kube-prometheus-stack) in `monitoring`.
                .monitoring(MonitoringProps.on())
                .stores(PostgresStore.of(
                                PostgresProps.builder()
                                        .storage(Storage.of("10Gi", "local-path"))
                                        .resources(new Resources("250m", "512Mi", "2", "1Gi"))
                                        .build(),
                                PostgresStore.backupSettings()
                                        .retention(7)
                                        .storage(Storage.of("20Gi", "local-path"))
                                        .resources(new Resources("100m", "256Mi", "1", "1Gi"))
                                        .build(),
                                PostgresStore.restoreSettings()
                                        .resources(new Resources("250m", "256Mi", "2", "1Gi"))
                                        .build())
                                .toBuilder()
                                // Every night after the backup: the fetched run and the restored data,
                                // as large as the server's volume at most, fit twice over.
                                .drill(PostgresStore.drillSettings()
                                        .dataSize("20Gi")
                                        .resources(new Resources("250m", "512Mi", "2", "1Gi"))
                                        .build())
                                .build(),
                        // The cache: 1Gi limit, of which 70% (716.8 MiB) is maxmemory; the volume holds the AOF
                        // and RDB (about twice the data set while a rewrite runs) with room to spare.
                        RedisStore.of(
                                RedisProps.builder()
                                        .storage(Storage.of("5Gi", "local-path"))
                                        .resources(new Resources("100m", "256Mi", "1", "1Gi"))
                                        .build(),
                                // Snapshots are at most maxmemory each (RDB is compact): 7 runs and 4 weekly ones
                                // fit. The request covers the off-site upload: rclone is resident at 65-82 MB. The
                                // limit is the server's: the private redis-server that records the drill's facts
                                // loads the whole snapshot (a night's peak, so the request stays low).
                                RedisStore.backupSettings()
                                        .retention(7)
                                        .storage(Storage.of("10Gi", "local-path"))
                                        .resources(new Resources("50m", "96Mi", "1", "1Gi"))
                                        .build(),
                                // Its private redis-server holds the whole data set: the server's memory limit.
                                RedisStore.restoreSettings()
                                        .resources(new Resources("100m", "256Mi", "1", "1Gi"))
                                        .build())
                                .toBuilder()
                                // Every night after the backup and its off-site copy: the fetched run and the
                                // snapshot restored from it (at most maxmemory each) fit; the private server holds
                                // the data set, so the memory limit is the server's.
                                .drill(RedisStore.drillSettings()
                                        .dataSize("4Gi")
                                        .resources(new Resources("100m", "128Mi", "1", "1Gi"))
                                        .build())
                                .build(),
                        // The graph store: 4Gi limit, 40% heap (1638 MiB) and 30% page cache (1228 MiB),
                        // the rest for the JVM's off-heap memory.
                        Neo4jStore.of(
                                Neo4jProps.builder()
                                        .storage(Storage.of("20Gi", "local-path"))
                                        .resources(new Resources("500m", "2Gi", "2", "4Gi"))
                                        .build(),
                                // A dump is about a sixth of the store (the bench: 225 MB store, 39 MB dump), so a
                                // full 20Gi store's runs are ~3.5Gi each: 7 daily and 4 weekly fit in 40Gi. The
                                // server pod dumps and proves them; the Job only writes the request and waits, and
                                // uploads off-site: its memory is rclone's (resident at 65-82 MB).
                                Neo4jStore.backupSettings()
                                        .retention(7)
                                        .storage(Storage.of("40Gi", "local-path"))
                                        .resources(new Resources("50m", "96Mi", "500m", "256Mi"))
                                        .build(),
                                // Like the backup: the server pod loads the dumps, the Job asks, and fetches an
                                // off-site run with rclone first when told to.
                                Neo4jStore.restoreSettings()
                                        .resources(new Resources("50m", "96Mi", "500m", "256Mi"))
                                        .build()),
                        // Analytics: a 4Gi limit, of which 80% (3.2 GiB) is max_server_memory_usage and 5% the
                        // mark cache; the volume holds the compressed parts (typically a tenth of the raw rows).
                        ClickHouseStore.of(
                                ClickHouseProps.builder()
                                        .storage(Storage.of("20Gi", "local-path"))
                                        .resources(new Resources("500m", "2Gi", "2", "4Gi"))
                                        .build(),
                                // Every run is a full BACKUP (one tar of compressed parts per database, about the
                                // parts' size): 7 runs, 4 weekly ones and the run being written are 12 copies, so
                                // 60Gi holds up to 5 GiB of parts, a quarter of the data claim. The server writes
                                // the archives; the Job runs clickhouse-client, sha256sum and rclone (off-site).
                                ClickHouseStore.backupSettings()
                                        .retention(7)
                                        .storage(Storage.of("60Gi", "local-path"))
                                        .resources(new Resources("100m", "256Mi", "1", "512Mi"))
                                        .build(),
                                // The server runs RESTORE; the Job sends it and hashes the archives, as the backup's.
                                ClickHouseStore.restoreSettings()
                                        .resources(new Resources("100m", "256Mi", "1", "512Mi"))
                                        .build())
                                .toBuilder()
                                // Every night after the backup: the fetched archives and the restored parts (each
                                // about the parts' size, at most 5 GiB by the backup claim above) fit twice over.
                                // clickhouse local reads every row for the hashes, a block at a time.
                                .drill(ClickHouseStore.drillSettings()
                                        .dataSize("20Gi")
                                        .resources(new Resources("250m", "1Gi", "2", "2Gi"))
                                        .build())
                                .build())
                .build();
    }

    /**
     * Development: the same objects, smaller, with a shorter backup retention, against the
     * development cluster's own Vault and a Vault role of its own.
     */
    public static DataLayerConfig dev() {
        DataLayerConfig prod = prod();
        PostgresStore postgres = prod.store(PostgresStore.class);
        RedisStore redis = prod.store(RedisStore.class);
        Neo4jStore neo4j = prod.store(Neo4jStore.class);
        ClickHouseStore clickhouse = prod.store(ClickHouseStore.class);
        return prod.toBuilder()
                .secretStore(VaultSecretStoreProps.of(VaultConnection.of("http://vault-dev.platform.svc:8200", "data-layer-dev")))
                // The development cluster's MinIO in its own namespace.
                .offsite(prod.offsite().toBuilder()
                        .environment(DEV)
                        .provider("Minio")
                        .egressCidr(null)
                        .egressPeer(Peer.podsIn("minio", Map.of("app.kubernetes.io/name", "minio")))
                        .egressPort(9000)
                        .build())
                // The development cluster has no prometheus-operator: no PrometheusRule, ServiceMonitor
                // or exporter, so its sync cannot fail on missing CRDs.
                .monitoring(MonitoringProps.off())
                .stores(postgres.toBuilder()
                                .server(postgres.server().toBuilder()
                                        .storage(Storage.of("2Gi", "local-path"))
                                        .resources(new Resources("100m", "256Mi", "1", "512Mi"))
                                        .sharedMemorySize("128Mi")
                                        .build())
                                .backup(postgres.backup().toBuilder()
                                        .retention(3)
                                        .storage(Storage.of("5Gi", "local-path"))
                                        .resources(new Resources("50m", "128Mi", "500m", "512Mi"))
                                        .build())
                                .restore(postgres.restore().toBuilder()
                                        .resources(new Resources("100m", "128Mi", "1", "512Mi"))
                                        .build())
                                // Suspended: development data is not precious and its node is small; a drill
                                // runs by hand (kubectl create job --from=cronjob/postgresql-drill), and no
                                // alert expects one.
                                .drill(postgres.drill().toBuilder()
                                        .scheduled(false)
                                        .dataSize("5Gi")
                                        .resources(new Resources("100m", "256Mi", "1", "512Mi"))
                                        .build())
                                .build(),
                        redis.toBuilder()
                                .server(redis.server().toBuilder()
                                        .storage(Storage.of("1Gi", "local-path"))
                                        .resources(new Resources("50m", "64Mi", "500m", "256Mi"))
                                        .build())
                                // The limit is the server's: the backup's private redis-server loads the snapshot.
                                .backup(redis.backup().toBuilder()
                                        .retention(3)
                                        .storage(Storage.of("2Gi", "local-path"))
                                        .resources(new Resources("20m", "96Mi", "500m", "256Mi"))
                                        .build())
                                .restore(redis.restore().toBuilder()
                                        .resources(new Resources("50m", "64Mi", "500m", "256Mi"))
                                        .build())
                                // Suspended like PostgreSQL's: a drill runs by hand
                                // (kubectl create job --from=cronjob/redis-drill), and no alert expects one.
                                .drill(redis.drill().toBuilder()
                                        .scheduled(false)
                                        .dataSize("1Gi")
                                        .resources(new Resources("50m", "64Mi", "500m", "256Mi"))
                                        .build())
                                .build(),
                        // 1Gi limit: a 409 MiB heap and a 307 MiB page cache.
                        neo4j.toBuilder()
                                .server(neo4j.server().toBuilder()
                                        .storage(Storage.of("5Gi", "local-path"))
                                        .resources(new Resources("100m", "1Gi", "1", "1Gi"))
                                        .build())
                                // A 5Gi store's runs are under 1Gi each: 3 daily and 4 weekly in 10Gi.
                                .backup(neo4j.backup().toBuilder()
                                        .retention(3)
                                        .storage(Storage.of("10Gi", "local-path"))
                                        .resources(new Resources("20m", "96Mi", "250m", "128Mi"))
                                        .build())
                                .restore(neo4j.restore().toBuilder()
                                        .resources(new Resources("20m", "96Mi", "250m", "128Mi"))
                                        .build())
                                .build(),
                        // 1Gi: ClickHouse starts and serves small tables in it (819 MiB server memory).
                        clickhouse.toBuilder()
                                .server(clickhouse.server().toBuilder()
                                        .storage(Storage.of("5Gi", "local-path"))
                                        .resources(new Resources("100m", "512Mi", "1", "1Gi"))
                                        .build())
                                // 3 runs, 4 weekly ones and the one being written: 8 copies, up to 1.25 GiB of parts.
                                .backup(clickhouse.backup().toBuilder()
                                        .retention(3)
                                        .storage(Storage.of("10Gi", "local-path"))
                                        .resources(new Resources("50m", "128Mi", "500m", "512Mi"))
                                        .build())
                                .restore(clickhouse.restore().toBuilder()
                                        .resources(new Resources("50m", "128Mi", "500m", "512Mi"))
                                        .build())
                                // Suspended like PostgreSQL's: a drill runs by hand
                                // (kubectl create job --from=cronjob/clickhouse-drill), and no alert expects one.
                                .drill(clickhouse.drill().toBuilder()
                                        .scheduled(false)
                                        .dataSize("5Gi")
                                        .resources(new Resources("100m", "512Mi", "1", "1Gi"))
                                        .build())
                                .build())
                .build();
    }
}
