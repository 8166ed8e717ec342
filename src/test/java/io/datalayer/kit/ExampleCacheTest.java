package io.datalayer.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datalayer.namespace.DataNamespace;
import io.datalayer.namespace.DataNamespaceProps;
import io.datalayer.output.Manifest;
import io.datalayer.gate.Policies;
import io.datalayer.gate.Violation;
import io.datalayer.testing.Manifests;
import io.datalayer.validation.NodeScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store made of nothing but the kit gets everything a store of this layer must have. */
class ExampleCacheTest {
    private static Manifests layer() {
        return Manifests.of(chart -> {
            new DataNamespace(chart, "namespace", DataNamespaceProps.defaults());
            new ExampleCache(chart, "cache", new ExampleCache.Props("redis", "redis:8.2.1", 6379,
                    Storage.of("1Gi", "local-path"), new Resources("50m", "64Mi", "500m", "256Mi")));
        });
    }

    @Test
    void theKitGivesAStoreEveryObjectItNeeds() {
        assertEquals(List.of("Namespace/data", "NetworkPolicy/default-deny", "ServiceAccount/redis", "Service/redis-headless",
                "Service/redis", "StatefulSet/redis", "PodDisruptionBudget/redis", "NetworkPolicy/redis-ingress",
                "NetworkPolicy/redis-client-egress"), layer().kindsAndNames());
    }

    @Test
    void passesTheLayersPoliciesAndTheUpstreamSchemas(@TempDir Path tmp) throws IOException {
        Manifests m = layer();
        assertEquals(List.of(), Policies.check(Manifest.parse("cache.yaml", m.yaml())).stream().map(Violation::toString).toList());
        NodeScript.Result schemas = NodeScript.run(NodeScript.VALIDATE_MANIFESTS, Files.writeString(tmp.resolve("cache.yaml"), m.yaml()));
        assertEquals(List.of(), schemas.findings());
        assertEquals(0, schemas.exitCode(), schemas.summary());
    }
}
