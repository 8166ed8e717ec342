package io.datalayer.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.vault.Fingerprints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputGuardTest {
    private static final String VALUE = "a-unique-password-value";
    @TempDir
    Path dir;

    private Fingerprints seen() {
        Fingerprints f = new Fingerprints();
        f.record("secret/data/postgres key \"password\"", VALUE);
        return f;
    }

    @Test
    void passesCleanOutput() throws Exception {
        Files.writeString(dir.resolve("a.k8s.yaml"), "kind: ExternalSecret\nmetadata:\n  name: pg\n---\nkind: Secret\nmetadata:\n  name: tls\ntype: Opaque\n");
        OutputGuard.check(dir, seen());
    }

    @Test
    void refusesASecretWithData() throws Exception {
        Files.writeString(dir.resolve("a.k8s.yaml"), "kind: ConfigMap\n---\nkind: Secret\nmetadata:\n  name: pg\ndata:\n  x: eA==\n");
        assertEquals("a.k8s.yaml holds Secret \"pg\" with data; secrets must not be written to dist/: declare a"
                + " SecretRequirement and a VaultExternalSecret so ESO creates the Secret in the cluster",
                assertThrows(IllegalStateException.class, () -> OutputGuard.check(dir, new Fingerprints())).getMessage());
    }

    @Test
    void refusesASecretWithStringData() throws Exception {
        Files.writeString(dir.resolve("b.k8s.yaml"), "kind: Secret\nmetadata:\n  name: pg\nstringData:\n  x: y\ndata: {}\n");
        assertEquals("b.k8s.yaml holds Secret \"pg\" with data and stringData; secrets must not be written to dist/: declare a"
                + " SecretRequirement and a VaultExternalSecret so ESO creates the Secret in the cluster",
                assertThrows(IllegalStateException.class, () -> OutputGuard.check(dir, new Fingerprints())).getMessage());
    }

    @Test
    void refusesAValueTheLookupSawWithoutNamingIt() throws Exception {
        Files.writeString(dir.resolve("a.k8s.yaml"), "kind: ConfigMap\ndata:\n  url: postgres://u:" + VALUE + "@pg\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OutputGuard.check(dir, seen()));
        assertEquals("a.k8s.yaml contains the value of secret/data/postgres key \"password\" read from Vault; secret values"
                + " must reach the cluster through an ExternalSecret, find what copies it into a manifest", e.getMessage());
        assertFalse(e.getMessage().contains(VALUE));
    }

    @Test
    void refusesTheBase64FormToo() throws Exception {
        Files.writeString(dir.resolve("a.k8s.yaml"), "kind: ConfigMap\nbinaryData:\n  p: "
                + Base64.getEncoder().encodeToString(VALUE.getBytes()) + "\n");
        assertEquals("a.k8s.yaml contains the value of secret/data/postgres key \"password\" (base64) read from Vault; secret"
                + " values must reach the cluster through an ExternalSecret, find what copies it into a manifest",
                assertThrows(IllegalStateException.class, () -> OutputGuard.check(dir, seen())).getMessage());
    }
}
