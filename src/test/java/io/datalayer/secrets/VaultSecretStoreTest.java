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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SnapshotExtension.class)
@UseSnapshotConfig(SnapshotSettings.class)
class VaultSecretStoreTest {
    private Expect expect;

    @Test
    void defaultsSnapshot() {
        expect.toMatchSnapshot(Manifests.of(chart -> new VaultSecretStore(chart, "vault", VaultSecretStoreProps.defaults())).yaml());
    }

    @Test
    void customSnapshot() {
        VaultConnection c = new VaultConnection("https://vault.platform.svc:8200", "platform", "k3s", "eso", "eso", PEM, null);
        expect.toMatchSnapshot(Manifests.of(chart -> new VaultSecretStore(chart, "vault",
                new VaultSecretStoreProps(null, null, c))).yaml());
    }

    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    @Test
    void defaultStoreReadsKvV2WithKubernetesAuth() {
        Manifests m = Manifests.of(chart -> new VaultSecretStore(chart, "vault", VaultSecretStoreProps.defaults()));

        assertEquals(List.of("ServiceAccount/vault-secret-store", "SecretStore/vault"), m.kindsAndNames());
        Node store = m.get("SecretStore", "vault");
        assertEquals("external-secrets.io/v1", store.at("apiVersion").string());
        assertEquals("data", store.at("metadata.namespace").string());
        assertEquals("http://vault.platform.svc:8200", store.at("spec.provider.vault.server").string());
        assertEquals("secret", store.at("spec.provider.vault.path").string());
        assertEquals("v2", store.at("spec.provider.vault.version").string());
        assertEquals("kubernetes", store.at("spec.provider.vault.auth.kubernetes.mountPath").string());
        assertEquals("data-layer", store.at("spec.provider.vault.auth.kubernetes.role").string());
        assertEquals("vault-secret-store", store.at("spec.provider.vault.auth.kubernetes.serviceAccountRef.name").string());
        assertEquals(null, store.at("spec.provider.vault.caBundle").value());
        assertEquals(false, m.get("ServiceAccount", "vault-secret-store").at("automountServiceAccountToken").value());
    }

    @Test
    void caBundleIsBase64OfThePem() {
        VaultConnection c = new VaultConnection("https://vault.platform.svc:8200", "platform", "k3s", "eso", "eso", PEM, null);
        Manifests m = Manifests.of(chart -> new VaultSecretStore(chart, "vault", new VaultSecretStoreProps(null, null, c)));

        Node vault = m.get("SecretStore", "vault").at("spec.provider.vault");
        assertEquals(java.util.Base64.getEncoder().encodeToString(PEM.getBytes()), vault.at("caBundle").string());
        assertEquals("platform", vault.at("namespace").string());
        assertEquals("k3s", vault.at("auth.kubernetes.mountPath").string());
    }

    @Test
    void caFromAConfigMap() {
        VaultConnection c = new VaultConnection(null, null, null, null, null, null, "vault-ca");
        Manifests m = Manifests.of(chart -> new VaultSecretStore(chart, "vault", new VaultSecretStoreProps(null, null, c)));

        Node ca = m.get("SecretStore", "vault").at("spec.provider.vault.caProvider");
        assertEquals("ConfigMap", ca.at("type").string());
        assertEquals("vault-ca", ca.at("name").string());
        assertEquals("ca.crt", ca.at("key").string());
    }

    @Test
    void kvMountWithTrailingSlash() {
        assertEquals("VaultSecretStoreProps.kvMount \"secret/data/\" is not a Vault mount path; use e.g. \"secret\" (no"
                + " leading or trailing '/', no \"data/\")", assertThrows(IllegalArgumentException.class,
                        () -> new VaultSecretStoreProps(null, "secret/data/", null)).getMessage());
    }

    @Test
    void serverWithAPath() {
        assertEquals("VaultConnection.server \"https://vault/v1\" is not a Vault URL; use http(s)://host[:port] without a"
                + " path, e.g. http://vault.platform.svc:8200", assertThrows(IllegalArgumentException.class,
                        () -> new VaultConnection("https://vault/v1", null, null, null, null, null, null)).getMessage());
    }

    @Test
    void authMountWithAuthPrefix() {
        assertEquals("VaultConnection.authMountPath \"auth/kubernetes\" starts with \"auth/\"; ESO adds it, use \"kubernetes\"",
                assertThrows(IllegalArgumentException.class,
                        () -> new VaultConnection(null, null, "auth/kubernetes", null, null, null, null)).getMessage());
    }

    @Test
    void caBundleThatIsNotPem() {
        assertEquals("VaultConnection.caBundle is not a PEM certificate; give the PEM text of the CA"
                + " (-----BEGIN CERTIFICATE-----...), not base64 of it", assertThrows(IllegalArgumentException.class,
                        () -> new VaultConnection(null, null, null, null, null, "TUlJQg==", null)).getMessage());
    }

    @Test
    void bothCaSources() {
        assertEquals("VaultConnection sets both caBundle and caConfigMap \"vault-ca\"; set one",
                assertThrows(IllegalArgumentException.class,
                        () -> new VaultConnection(null, null, null, null, null, PEM, "vault-ca")).getMessage());
    }
}
