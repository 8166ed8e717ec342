package io.datalayer;

import io.datalayer.config.DataLayerConfig;
import io.datalayer.namespace.DataNamespace;
import io.datalayer.postgres.Postgres;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import software.constructs.Construct;

/**
 * One environment of the data layer: the {@code data} namespace and the stores in it. One chart,
 * so {@code dist/} holds one reviewable file per environment.
 */
public final class DataLayerChart extends Chart {
    /** The chart's id, which is also its file name in dist/ ({@code data-layer.k8s.yaml}). */
    public static final String ID = "data-layer";

    private final Postgres postgres;

    public DataLayerChart(Construct scope, DataLayerConfig config) {
        super(scope, ID, ChartProps.builder().disableResourceNameHashes(true).build());
        new DataNamespace(this, "namespace", config.namespace());
        this.postgres = new Postgres(this, "postgresql", config.postgres());
    }

    public Postgres postgres() {
        return postgres;
    }
}
