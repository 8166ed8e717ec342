package io.datalayer.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SingleServerBudgetTest {
    @Test
    void aDrainStopsAtTheOnlyServerUnlessItIsAlreadyUnhealthy() {
        StoreNames names = new StoreNames("redis", "data");
        Node pdb = Manifests.of(chart -> new SingleServerBudget(chart, "pdb", names, Map.of()))
                .get("PodDisruptionBudget", "redis").at("spec");
        assertEquals(1, pdb.at("minAvailable").value());
        assertEquals("AlwaysAllow", pdb.at("unhealthyPodEvictionPolicy").string());
        assertEquals(names.selectorLabels(), pdb.at("selector.matchLabels").map());
    }
}
