package io.datalayer.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultSettingsTest {
    @TempDir
    Path home;

    @Test
    void defaultsWithAnEmptyEnvironment() {
        VaultSettings s = VaultSettings.fromEnvironment(Map.of(), home);

        assertEquals(new VaultSettings(VaultMode.AUTO, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Duration.ofSeconds(10)), s);
    }

    @Test
    void readsTheStandardVariables() throws Exception {
        Path ca = Files.writeString(home.resolve("ca.pem"), "pem");
        VaultSettings s = VaultSettings.fromEnvironment(Map.of("VAULT_ADDR", "https://vault.example.org:8200/",
                "VAULT_TOKEN", "s.abc", "VAULT_NAMESPACE", "platform", "VAULT_CACERT", ca.toString(),
                "VAULT_CLIENT_TIMEOUT", "3s", "DATALAYER_VAULT", "Required"), home);

        assertEquals(new VaultSettings(VaultMode.REQUIRED, Optional.of("https://vault.example.org:8200"),
                Optional.of("s.abc"), Optional.of("platform"), Optional.of(ca), Duration.ofSeconds(3)), s);
    }

    @Test
    void fallsBackToTheTokenFileVaultLoginWrites() throws Exception {
        Files.writeString(home.resolve(".vault-token"), "s.from-file\n");

        assertEquals(Optional.of("s.from-file"), VaultSettings.fromEnvironment(Map.of(), home).token());
        assertEquals(Optional.of("s.env"), VaultSettings.fromEnvironment(Map.of("VAULT_TOKEN", "s.env"), home).token());
    }

    @Test
    void toStringNeverShowsTheToken() {
        VaultSettings s = VaultSettings.fromEnvironment(Map.of("VAULT_TOKEN", "s.very-secret-token"), home);

        assertFalse(s.toString().contains("s.very-secret-token"));
        assertEquals("VaultSettings[mode=AUTO, address=(unset), token=(set), namespace=(none), caCert=(JDK trusted CAs),"
                + " timeout=10s, deadline=60s]", s.toString());
    }

    @Test
    void rejectsAnAddressThatIsNotAUrl() {
        assertEquals("VAULT_ADDR=\"vault:8200\" is not an http(s) URL with a host: set it like https://vault.example.org:8200",
                assertThrows(VaultCheckException.class,
                        () -> VaultSettings.fromEnvironment(Map.of("VAULT_ADDR", "vault:8200"), home)).getMessage());
    }

    @Test
    void rejectsAMissingCaFile() {
        Path missing = home.resolve("nope.pem");
        assertEquals("VAULT_CACERT=" + missing + " is not a readable file: point it at the PEM file of the CA that signed"
                + " Vault's certificate", assertThrows(VaultCheckException.class,
                        () -> VaultSettings.fromEnvironment(Map.of("VAULT_CACERT", missing.toString()), home)).getMessage());
    }

    @Test
    void rejectsABadTimeout() {
        assertEquals("VAULT_CLIENT_TIMEOUT=\"1m\" is not a number of seconds between 1 and 3600 (like 10 or 10s)",
                assertThrows(VaultCheckException.class,
                        () -> VaultSettings.fromEnvironment(Map.of("VAULT_CLIENT_TIMEOUT", "1m"), home)).getMessage());
    }

    @Test
    void offIgnoresEveryVaultVariable() {
        VaultSettings s = VaultSettings.fromEnvironment(Map.of("DATALAYER_VAULT", "off", "VAULT_ADDR", "not a url",
                "VAULT_CACERT", home.resolve("unreadable.pem").toString(), "VAULT_CLIENT_TIMEOUT", "forever",
                "VAULT_TOKEN", "s.x", "DATALAYER_VAULT_DEADLINE", "-1"), home);
        assertEquals(new VaultSettings(VaultMode.OFF, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Duration.ofSeconds(10)), s);
    }

    @Test
    void aPathInVaultAddrIsReportedAsSuch() {
        assertEquals("VAULT_ADDR=\"http://vault.example.org/vault\" has the path /vault; Vault serves its API at /v1/ on"
                + " the root of its address and synth adds /v1/ itself: set VAULT_ADDR to http://vault.example.org"
                + " (scheme, host and port only)", assertThrows(VaultCheckException.class, () -> VaultSettings.fromEnvironment(
                        Map.of("VAULT_ADDR", "http://vault.example.org/vault"), home)).getMessage());
        assertEquals("VAULT_ADDR=\"https://vault:8200/v1/\" has the path /v1/, but synth adds /v1/ itself: set VAULT_ADDR"
                + " to https://vault:8200 (scheme, host and port only)", assertThrows(VaultCheckException.class,
                        () -> VaultSettings.fromEnvironment(Map.of("VAULT_ADDR", "https://vault:8200/v1/"), home)).getMessage());
    }

    @Test
    void credentialsInVaultAddrAreDroppedWithAWarningAndNeverEchoed() {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        VaultSettings s = VaultSettings.fromEnvironment(Map.of("VAULT_ADDR", "https://admin:hunter2@vault:8200"), home,
                warnings::add);
        assertEquals(Optional.of("https://vault:8200"), s.address());
        assertEquals(java.util.List.of("VAULT_ADDR holds credentials (user:password@ before the host); synth ignores"
                + " them and never sends them: remove them from VAULT_ADDR (Vault takes a token: VAULT_TOKEN or"
                + " ~/.vault-token)"), warnings);
        String broken = assertThrows(VaultCheckException.class, () -> VaultSettings.fromEnvironment(
                Map.of("VAULT_ADDR", "https://admin:hun ter2@vault:8200/x"), home)).getMessage();
        assertEquals("VAULT_ADDR=\"https://vault:8200/x\" is not an http(s) URL with a host: set it like"
                + " https://vault.example.org:8200 (and without user:password@)", broken);
        String withPath = assertThrows(VaultCheckException.class, () -> VaultSettings.fromEnvironment(
                Map.of("VAULT_ADDR", "https://admin:hunter2@vault:8200/vault"), home)).getMessage();
        assertFalse(withPath.contains("hunter2") || withPath.contains("admin"), withPath);
    }
}
