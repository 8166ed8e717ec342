package io.datalayer.config;

import io.datalayer.backup.OffsiteProps;
import io.datalayer.kit.Defaults;
import io.datalayer.monitoring.MonitoringProps;
import io.datalayer.namespace.DataNamespaceProps;
import io.datalayer.secrets.VaultSecretStoreProps;
import io.datalayer.stores.Store;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything one environment of the data layer is built from (see {@code io.datalayer.app.Environments}
 * for the named environments): the layer's shared settings and the list of its stores. The namespace
 * is set here once: the chart carries it and every construct takes it from there. Build one with
 * {@link #builder()}, or change one part of an existing one with a {@code with...} method; each store
 * validates its own settings, constructs validate the rest when the chart is built.
 *
 * @param namespace        the namespace this layer owns, and where every object of the environment lives
 * @param secretStore      the ESO SecretStore for Vault: the environment's Vault address and auth role
 * @param pinVaultVersions pin each ExternalSecret to the KV version the build-time check found, so a
 *                         rotation is a reviewed diff in dist/; default false. When true, synth
 *                         needs Vault (an unverified synth would drop the pins)
 * @param offsite          off-site copies of every store's backup runs, or {@link OffsiteProps#off()};
 *                         required, so an environment never loses them by forgetting a line
 * @param monitoring       alerts, exporters and ServiceMonitors; default {@link MonitoringProps#off()} (a
 *                         cluster without prometheus-operator must still sync)
 * @param stores           the environment's stores, built in this order; at least one, names unique
 */
public record DataLayerConfig(DataNamespaceProps namespace, VaultSecretStoreProps secretStore, boolean pinVaultVersions,
                              OffsiteProps offsite, MonitoringProps monitoring, List<Store> stores) {

    public DataLayerConfig {
        require("namespace", namespace);
        require("secretStore", secretStore);
        if (offsite == null) {
            throw new IllegalArgumentException("DataLayerConfig.offsite is not set; every environment sets it"
                    + " (see Environments): OffsiteProps.builder()... for off-site copies, or OffsiteProps.off() for none");
        }
        monitoring = Defaults.or(monitoring, MonitoringProps.off());
        if (stores == null || stores.isEmpty()) {
            throw new IllegalArgumentException("DataLayerConfig.stores is empty; list the environment's stores"
                    + " (see Environments), e.g. PostgresStore and RedisStore");
        }
        Set<String> names = new HashSet<>();
        for (Store store : stores) {
            if (store == null) {
                throw new IllegalArgumentException("DataLayerConfig.stores holds null; list only stores");
            }
            if (!names.add(store.name())) {
                throw new IllegalArgumentException("DataLayerConfig.stores names the store \"" + store.name()
                        + "\" twice; an environment runs each store once");
            }
        }
        stores = List.copyOf(stores);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to change several parts at once. */
    public Builder toBuilder() {
        return new Builder().namespace(namespace).secretStore(secretStore).pinVaultVersions(pinVaultVersions)
                .offsite(offsite).monitoring(monitoring).stores(stores);
    }

    /**
     * The store of this type; e.g. {@code config.store(PostgresStore.class).backup()}.
     *
     * @throws IllegalArgumentException when the environment has no such store
     */
    public <T extends Store> T store(Class<T> type) {
        return stores.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("this environment has no " + type.getSimpleName()
                        + "; its stores are " + stores.stream().map(Store::name).toList()));
    }

    /** This configuration with {@code store} in place of the store of the same name, or added last. */
    public DataLayerConfig withStore(Store store) {
        List<Store> next = new ArrayList<>(stores);
        int at = -1;
        for (int i = 0; i < next.size(); i++) {
            if (store != null && next.get(i).name().equals(store.name())) {
                at = i;
            }
        }
        if (at >= 0) {
            next.set(at, store);
        } else {
            next.add(store);
        }
        return toBuilder().stores(next).build();
    }

    /** This configuration without the store of that name. */
    public DataLayerConfig withoutStore(String name) {
        return toBuilder().stores(stores.stream().filter(s -> !s.name().equals(name)).toList()).build();
    }

    public DataLayerConfig withNamespace(DataNamespaceProps props) {
        return toBuilder().namespace(props).build();
    }

    public DataLayerConfig withSecretStore(VaultSecretStoreProps props) {
        return toBuilder().secretStore(props).build();
    }

    /** This configuration with ExternalSecrets pinned (or not) to the KV versions the check finds. */
    public DataLayerConfig withPinVaultVersions(boolean pin) {
        return toBuilder().pinVaultVersions(pin).build();
    }

    public DataLayerConfig withOffsite(OffsiteProps props) {
        return toBuilder().offsite(props).build();
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

    /** Fluent construction; every part but pinVaultVersions and monitoring is required. */
    public static final class Builder {
        private DataNamespaceProps namespace;
        private VaultSecretStoreProps secretStore;
        private boolean pinVaultVersions;
        private OffsiteProps offsite;
        private MonitoringProps monitoring;
        private List<Store> stores;

        private Builder() {
        }

        public Builder namespace(DataNamespaceProps v) { namespace = v; return this; }
        public Builder secretStore(VaultSecretStoreProps v) { secretStore = v; return this; }
        public Builder pinVaultVersions(boolean v) { pinVaultVersions = v; return this; }
        public Builder offsite(OffsiteProps v) { offsite = v; return this; }
        public Builder monitoring(MonitoringProps v) { monitoring = v; return this; }
        public Builder stores(List<Store> v) { stores = v; return this; }
        public Builder stores(Store... v) { stores = List.of(v); return this; }

        public DataLayerConfig build() {
            return new DataLayerConfig(namespace, secretStore, pinVaultVersions, offsite, monitoring, stores);
        }
    }
}
