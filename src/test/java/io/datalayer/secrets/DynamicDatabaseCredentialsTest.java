package io.datalayer.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import au.com.origin.snapshots.Expect;
import au.com.origin.snapshots.annotations.UseSnapshotConfig;
import au.com.origin.snapshots.junit5.SnapshotExtension;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.SnapshotSettings;
import io.datalayer.validation.NodeScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SnapshotExtension.class)
@UseSnapshotConfig(SnapshotSettings.class)
class DynamicDatabaseCredentialsTest {
    private Expect expect;

    @Test
    void defaultsSnapshot() {
        expect.toMatchSnapshot(Manifests.of(chart -> new DynamicDatabaseCredentials(chart, "orders-db",
                DynamicDatabaseCredentialsProps.of("orders", "orders"))).yaml());
    }

    /** Not part of dist/ (L4 apps use it), so nothing else validates its output. */
    @Test
    void passesTheUpstreamSchemas(@TempDir Path tmp) throws IOException {
        Manifests m = Manifests.of(chart -> new DynamicDatabaseCredentials(chart, "orders-db",
                DynamicDatabaseCredentialsProps.of("orders", "orders")));
        NodeScript.Result result = NodeScript.run(NodeScript.VALIDATE_MANIFESTS, Files.writeString(tmp.resolve("app.yaml"), m.yaml()));
        assertEquals(List.of(), result.findings());
        assertEquals(0, result.exitCode(), result.summary());
    }

    @Test
    void generatorAndExternalSecretInTheAppNamespace() {
        Manifests m = Manifests.of(chart -> new DynamicDatabaseCredentials(chart, "orders-db",
                DynamicDatabaseCredentialsProps.of("orders", "orders")));

        assertEquals(List.of("ServiceAccount/orders-db-vault", "VaultDynamicSecret/orders-db", "ExternalSecret/orders-db"),
                m.kindsAndNames());
        Node gen = m.get("VaultDynamicSecret", "orders-db");
        assertEquals("generators.external-secrets.io/v1alpha1", gen.at("apiVersion").string());
        assertEquals("orders", gen.at("metadata.namespace").string());
        assertEquals("database/creds/orders", gen.at("spec.path").string());
        assertEquals("GET", gen.at("spec.method").string());
        assertEquals("Data", gen.at("spec.resultType").string());
        assertEquals("http://vault.platform.svc:8200", gen.at("spec.provider.server").string());
        assertEquals("orders", gen.at("spec.provider.auth.kubernetes.role").string());
        assertEquals("orders-db-vault", gen.at("spec.provider.auth.kubernetes.serviceAccountRef.name").string());

        Node es = m.get("ExternalSecret", "orders-db");
        assertEquals("orders", es.at("metadata.namespace").string());
        assertEquals(null, es.at("spec.secretStoreRef").value());
        assertEquals("orders-db", es.at("spec.target.name").string());
        Node ref = es.at("spec.dataFrom[0].sourceRef.generatorRef");
        assertEquals("generators.external-secrets.io/v1alpha1", ref.at("apiVersion").string());
        assertEquals("VaultDynamicSecret", ref.at("kind").string());
        assertEquals("orders-db", ref.at("name").string());
        assertEquals("l4", es.at("metadata.labels").map().get("platform/layer"));
    }

    @Test
    void namespaceIsRequired() {
        assertEquals("DynamicDatabaseCredentialsProps.namespace is empty; set a value", assertThrows(
                IllegalArgumentException.class, () -> DynamicDatabaseCredentialsProps.of(null, "orders")).getMessage());
    }

    @Test
    void roleMustBeAVaultRoleName() {
        assertEquals("DynamicDatabaseCredentialsProps.role \"orders/ro\" is not a Vault role name; use letters, digits,"
                + " '_', '.' and '-'", assertThrows(IllegalArgumentException.class,
                        () -> DynamicDatabaseCredentialsProps.of("orders", "orders/ro")).getMessage());
    }

    @Test
    void refreshIntervalMustBePositive() {
        assertEquals("DynamicDatabaseCredentialsProps.refreshInterval \"0\" is not a positive Go duration; use e.g. 1h or 30m",
                assertThrows(IllegalArgumentException.class, () -> new DynamicDatabaseCredentialsProps(
                        "orders", "orders", null, null, null, "0", null)).getMessage());
    }
}
