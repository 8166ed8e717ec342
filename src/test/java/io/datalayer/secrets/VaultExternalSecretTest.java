package io.datalayer.secrets;

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
import org.cdk8s.Chart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SnapshotExtension.class)
@UseSnapshotConfig(SnapshotSettings.class)
class VaultExternalSecretTest {
    private Expect expect;

    @Test
    void defaultsSnapshot() {
        expect.toMatchSnapshot(Manifests.of(chart -> build(chart,
                VaultExternalSecretProps.of(SecretRequirement.of("postgres", "password"), "postgresql-superuser"))).yaml());
    }

    @Test
    void customSnapshot() {
        expect.toMatchSnapshot(Manifests.of(chart -> build(chart,
                VaultExternalSecretProps.of(POSTGRES, "postgresql-superuser").withPinnedVersion(7L))).yaml());
    }

    private static final SecretRequirement POSTGRES =
            new SecretRequirement("secret", "postgres", List.of("password", "replication-password"), 16);

    private static VaultExternalSecret build(Chart chart, VaultExternalSecretProps props) {
        return new VaultExternalSecret(chart, "es", new VaultSecretStore(chart, "vault", VaultSecretStoreProps.defaults()), props);
    }

    @Test
    void oneDataEntryPerKeyBelowTheMount() {
        Manifests m = Manifests.of(chart -> build(chart, VaultExternalSecretProps.of(POSTGRES, "postgresql-superuser")));

        Node es = m.get("ExternalSecret", "postgresql-superuser");
        assertEquals("external-secrets.io/v1", es.at("apiVersion").string());
        assertEquals("data", es.at("metadata.namespace").string());
        assertEquals("vault", es.at("spec.secretStoreRef.name").string());
        assertEquals("SecretStore", es.at("spec.secretStoreRef.kind").string());
        assertEquals("1h", es.at("spec.refreshInterval").string());
        assertEquals("postgresql-superuser", es.at("spec.target.name").string());
        assertEquals("Owner", es.at("spec.target.creationPolicy").string());
        assertEquals("Retain", es.at("spec.target.deletionPolicy").string());
        assertEquals("password", es.at("spec.data[0].secretKey").string());
        assertEquals("postgres", es.at("spec.data[0].remoteRef.key").string());
        assertEquals("password", es.at("spec.data[0].remoteRef.property").string());
        assertEquals(null, es.at("spec.data[0].remoteRef.version").value());
        assertEquals("replication-password", es.at("spec.data[1].remoteRef.property").string());
    }

    @Test
    void writesTheStrategiesEsoWouldDefaultSoArgoCdSeesNoDrift() {
        Manifests m = Manifests.of(chart -> build(chart, VaultExternalSecretProps.of(POSTGRES, "pg")));
        for (Object item : m.get("ExternalSecret", "pg").at("spec.data").list()) {
            Node ref = Node.of(cast(item)).at("remoteRef");
            // external-secrets.io/v1 ExternalSecretDataRemoteRef: +kubebuilder:default markers.
            assertEquals("Default", ref.at("conversionStrategy").string());
            assertEquals("None", ref.at("decodingStrategy").string());
            assertEquals("None", ref.at("metadataPolicy").string());
        }
    }

    @Test
    void pinsTheCheckedVersion() {
        Manifests m = Manifests.of(chart -> build(chart, VaultExternalSecretProps.of(POSTGRES, "pg").withPinnedVersion(12L)));

        assertEquals("12", m.get("ExternalSecret", "pg").at("spec.data[0].remoteRef.version").string());
        assertEquals("12", m.get("ExternalSecret", "pg").at("spec.data[1].remoteRef.version").string());
    }

    @Test
    void pinsAfterConstructionOnceForEveryKey() {
        Manifests m = Manifests.of(chart -> {
            VaultExternalSecret es = build(chart, VaultExternalSecretProps.of(POSTGRES, "pg"));
            es.pin(7);
            assertEquals(7, es.pinnedVersion().getAsLong());
            assertEquals("VaultExternalSecret \"pg\" is already pinned to version 7; pin it once",
                    assertThrows(IllegalStateException.class, () -> es.pin(8)).getMessage());
        });
        assertEquals("VaultExternalSecret \"pg\" cannot pin version 0; KV v2 versions start at 1",
                assertThrows(IllegalArgumentException.class, () -> Manifests.of(chart ->
                        build(chart, VaultExternalSecretProps.of(POSTGRES, "pg")).pin(0))).getMessage());
        assertEquals("7", m.get("ExternalSecret", "pg").at("spec.data[0].remoteRef.version").string());
        assertEquals("7", m.get("ExternalSecret", "pg").at("spec.data[1].remoteRef.version").string());
    }

    @Test
    void exposesTheTargetNameAndKeys() {
        Manifests.of(chart -> {
            VaultExternalSecret es = build(chart, VaultExternalSecretProps.of(POSTGRES, "pg"));
            assertEquals("pg", es.targetSecretName());
            assertEquals(List.of("password", "replication-password"), es.keys());
            assertEquals("password", es.key("password"));
            assertEquals("Secret \"pg\" has no key \"user\"; its keys are [password, replication-password] (add it to the"
                    + " SecretRequirement)", assertThrows(IllegalArgumentException.class, () -> es.key("user")).getMessage());
        });
    }

    @Test
    void mountMustMatchTheStore() {
        SecretRequirement other = new SecretRequirement("kv", "postgres", List.of("password"), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Manifests.of(chart -> build(chart, VaultExternalSecretProps.of(other, "pg"))));
        assertEquals("VaultExternalSecretProps.requirement mount \"kv\" differs from the mount \"secret\" of SecretStore"
                + " \"vault\"; ESO reads remoteRef.key below the store's mount, so use a store for that mount", e.getMessage());
    }

    @Test
    void refreshIntervalMustBeAGoDuration() {
        assertEquals("VaultExternalSecretProps.refreshInterval \"1 hour\" is not a Go duration; use e.g. 1h, 15m or 1h30m"
                + " (0 reads once)", assertThrows(IllegalArgumentException.class, () -> new VaultExternalSecretProps(
                        POSTGRES, "pg", null, "1 hour", null, null, null)).getMessage());
    }

    @Test
    void pinnedVersionMustBePositive() {
        assertEquals("VaultExternalSecretProps.pinnedVersion 0 is not a KV v2 version; use 1 or more, or null for the latest",
                assertThrows(IllegalArgumentException.class,
                        () -> VaultExternalSecretProps.of(POSTGRES, "pg").withPinnedVersion(0L)).getMessage());
    }

    @Test
    void targetNameMustBeAKubernetesName() {
        assertEquals("VaultExternalSecretProps.targetSecretName \"PG\" is not a valid Kubernetes name; use at most 253"
                + " lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
                assertThrows(IllegalArgumentException.class, () -> VaultExternalSecretProps.of(POSTGRES, "PG")).getMessage());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}
