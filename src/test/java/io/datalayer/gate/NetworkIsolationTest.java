package io.datalayer.gate;

import static io.datalayer.testing.LayerFixture.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datalayer.testing.LayerFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkIsolationTest {
    private static final String NO_DENY = LayerFixture.FILE + ": Namespace/data: default-deny-network-policy: namespace \"data\""
            + " has no default-deny NetworkPolicy (podSelector {}, policyTypes with Ingress, no rules)";
    private static final String DEAD_SERVICE = LayerFixture.FILE + ": Service/db: service-ingress-admitted: selects the pods of"
            + " StatefulSet/db but no NetworkPolicy in namespace \"data\" admits ingress to port 5432/TCP";

    private static List<String> check(LayerFixture f) {
        return lines(NetworkIsolation.check(f.manifests()));
    }

    @Test
    void theGoodLayerPasses() {
        assertEquals(List.of(), check(LayerFixture.good()));
    }

    @Test
    void aNamespaceWithoutDefaultDenyIsRejected() {
        assertEquals(List.of(NO_DENY), check(LayerFixture.good().drop("NetworkPolicy/default-deny")));
    }

    @Test
    void aDenyPolicyThatSelectsSomePodsOrAllowsTrafficIsNoDefaultDeny() {
        assertEquals(List.of(NO_DENY), check(LayerFixture.good()
                .set("NetworkPolicy/default-deny", "spec.podSelector", Map.of("matchLabels", Map.of("app", "db")))));
        assertEquals(List.of(NO_DENY), check(LayerFixture.good()
                .set("NetworkPolicy/default-deny", "spec.ingress", List.of(Map.of()))));
        assertEquals(List.of(NO_DENY), check(LayerFixture.good()
                .set("NetworkPolicy/default-deny", "spec.policyTypes", List.of("Egress"))));
    }

    @Test
    void anIngressOnlyDefaultDenyIsEnough() {
        assertEquals(List.of(), check(LayerFixture.good().set("NetworkPolicy/default-deny", "spec.policyTypes", List.of("Ingress"))));
    }

    @Test
    void aNamespaceThatOnlyRunsPodsIsCheckedToo() {
        LayerFixture f = LayerFixture.good().add("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: once, namespace: tools}
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: busybox:1.37.0}]
                """);
        assertEquals(List.of(LayerFixture.EXTRA + ": Job/once: default-deny-network-policy: namespace \"tools\" has no default-deny"
                + " NetworkPolicy (podSelector {}, policyTypes with Ingress, no rules)"), check(f));
    }

    @Test
    void aServiceWhosePodsNoPolicyAdmitsIsRejected() {
        assertEquals(List.of(DEAD_SERVICE), check(LayerFixture.good().drop("NetworkPolicy/db-ingress")));
    }

    @Test
    void aPolicyOnTheWrongPortOrPodsDoesNotAdmit() {
        assertEquals(List.of(DEAD_SERVICE), check(LayerFixture.good()
                .set("NetworkPolicy/db-ingress", "spec.ingress[0].ports[0].port", 5433)));
        assertEquals(List.of(DEAD_SERVICE), check(LayerFixture.good()
                .set("NetworkPolicy/db-ingress", "spec.podSelector.matchLabels", Map.of("app", "web"))));
        assertEquals(List.of(DEAD_SERVICE), check(LayerFixture.good()
                .set("NetworkPolicy/db-ingress", "spec.policyTypes", List.of("Egress"))));
    }

    @Test
    void namedPortsRangesAndExpressionsAdmit() {
        assertEquals(List.of(), check(LayerFixture.good().set("NetworkPolicy/db-ingress", "spec.ingress[0].ports[0].port", "pg")));
        assertEquals(List.of(), check(LayerFixture.good()
                .set("NetworkPolicy/db-ingress", "spec.ingress[0].ports[0]", Map.of("port", 5000, "endPort", 6000))));
        assertEquals(List.of(), check(LayerFixture.good().set("NetworkPolicy/db-ingress", "spec.podSelector",
                Map.of("matchExpressions", List.of(Map.of("key", "app", "operator", "In", "values", List.of("db")))))));
    }

    // dist/dev and dist/prod share the namespace and every name, but each is a cluster of its own:
    // what one environment has cannot admit, deny or break anything in the other.

    private static final String DEV = "dev";

    /** Both environments, through the gate (which runs each rule per environment). */
    private static List<String> gate(LayerFixture f) {
        return lines(Policies.check(f.manifests()));
    }

    @Test
    void aDefaultDenyOnlyTheOtherEnvironmentHasDeniesNothingHere() {
        assertEquals(List.of(), gate(LayerFixture.good().withEnvironment(DEV)));
        assertEquals(List.of("dev/layer.yaml: Namespace/data: default-deny-network-policy: namespace \"data\" has no"
                + " default-deny NetworkPolicy (podSelector {}, policyTypes with Ingress, no rules)"),
                gate(LayerFixture.good().withEnvironment(DEV).drop(DEV, "NetworkPolicy/default-deny")));
    }

    @Test
    void aPolicyOnlyTheOtherEnvironmentHasAdmitsNothingHere() {
        assertEquals(List.of("dev/layer.yaml: Service/db: service-ingress-admitted: selects the pods of StatefulSet/db but no"
                + " NetworkPolicy in namespace \"data\" admits ingress to port 5432/TCP"),
                gate(LayerFixture.good().withEnvironment(DEV).drop(DEV, "NetworkPolicy/db-ingress")));
    }

    @Test
    void theOtherEnvironmentsPodsAreNotTheServicesPods() {
        // Dev names its port sql: prod's Service (targetPort pg) must not be checked against dev's pods, nor dev's
        // Service (targetPort sql) against prod's.
        LayerFixture f = LayerFixture.good().withEnvironment(DEV)
                .set(DEV, "StatefulSet/db", "spec.template.spec.containers[0].ports[0].name", "sql")
                .set(DEV, "Service/db", "spec.ports[0]", Map.of("name", "sql", "port", 5432, "targetPort", "sql", "protocol", "TCP"));
        assertEquals(List.of(), gate(f));
    }
}
