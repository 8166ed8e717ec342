package io.datalayer.config;

import io.datalayer.namespace.DataNamespaceProps;
import io.datalayer.postgres.PostgresProps;

/**
 * Everything one environment of the data layer is built from. Change a setting here (or build a
 * second instance for a second environment); constructs validate each value when the chart is built.
 *
 * @param namespace the namespace this layer owns
 * @param postgres  the business PostgreSQL
 */
public record DataLayerConfig(DataNamespaceProps namespace, PostgresProps postgres) {
    public DataLayerConfig {
        if (namespace == null || postgres == null) {
            throw new IllegalArgumentException("DataLayerConfig needs namespace and postgres props; use DataLayerConfig.defaults()");
        }
        if (!namespace.name().equals(postgres.namespace())) {
            throw new IllegalArgumentException("PostgresProps.namespace \"" + postgres.namespace()
                    + "\" differs from the layer's namespace \"" + namespace.name() + "\"; set both to the same name");
        }
    }

    /** The platform's production settings: namespace {@code data} and a default PostgreSQL. */
    public static DataLayerConfig defaults() {
        return new DataLayerConfig(DataNamespaceProps.defaults(), PostgresProps.defaults());
    }
}
