package io.datalayer.namespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import au.com.origin.snapshots.Expect;
import au.com.origin.snapshots.annotations.UseSnapshotConfig;
import au.com.origin.snapshots.junit5.SnapshotExtension;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.SnapshotSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SnapshotExtension.class)
@UseSnapshotConfig(SnapshotSettings.class)
class DataNamespaceTest {
    private Expect expect;

    @Test
    void defaultsSnapshot() {
        expect.toMatchSnapshot(Manifests.of(chart -> new DataNamespace(chart, "ns", DataNamespaceProps.defaults())).yaml());
    }

    @Test
    void enforcesRestrictedPodSecurityPinnedToAVersion() {
        Manifests m = Manifests.of("analytics", chart -> new DataNamespace(chart, "ns", new DataNamespaceProps("analytics", "v1.30")));
        Map<String, Object> labels = m.get("Namespace", "analytics").at("metadata.labels").map();
        for (String mode : List.of("enforce", "audit", "warn")) {
            assertEquals("restricted", labels.get("pod-security.kubernetes.io/" + mode));
            assertEquals("v1.30", labels.get("pod-security.kubernetes.io/" + mode + "-version"));
        }
        assertEquals("l3", labels.get("platform/layer"));
    }

    @Test
    void theNamespaceObjectCarriesNoNamespaceOfItsOwn() {
        Manifests m = Manifests.of(chart -> new DataNamespace(chart, "ns", DataNamespaceProps.defaults()));
        assertEquals(null, m.get("Namespace", "data").at("metadata").map().get("namespace"));
        assertEquals("data", m.get("NetworkPolicy", "default-deny").at("metadata.namespace").string());
    }

    @Test
    void aNameOtherThanTheChartsNamespaceIsRefused() {
        assertEquals("DataNamespaceProps.name \"analytics\" differs from the chart's namespace \"data\"; build the chart"
                + " from the same DataLayerConfig", assertThrows(IllegalArgumentException.class,
                        () -> Manifests.of(chart -> new DataNamespace(chart, "ns", new DataNamespaceProps("analytics", null))))
                        .getMessage());
    }

    @Test
    void deniesAllTrafficByDefault() {
        Manifests m = Manifests.of(chart -> new DataNamespace(chart, "ns", DataNamespaceProps.defaults()));
        Node spec = m.get("NetworkPolicy", "default-deny").at("spec");
        assertEquals(Map.of(), spec.at("podSelector").map());
        assertEquals(List.of("Ingress", "Egress"), spec.at("policyTypes").list());
        assertEquals(null, spec.at("ingress").value());
        assertEquals(null, spec.at("egress").value());
        assertEquals("data", m.get("NetworkPolicy", "default-deny").at("metadata.namespace").string());
    }

    @Test
    void rejectsBadProps() {
        assertEquals("DataNamespaceProps.name \"Data\" is not a valid Kubernetes name; use at most 63 lowercase letters,"
                + " digits and '-', starting and ending with a letter or digit",
                assertThrows(IllegalArgumentException.class, () -> new DataNamespaceProps("Data", null)).getMessage());
        assertEquals("DataNamespaceProps.podSecurityVersion \"1.28\" is not a Pod Security version; use v1.<minor>"
                + " (e.g. v1.28) or latest",
                assertThrows(IllegalArgumentException.class, () -> new DataNamespaceProps(null, "1.28")).getMessage());
    }
}
