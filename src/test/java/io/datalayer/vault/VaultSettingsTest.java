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
                + " timeout=10s]", s.toString());
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
}
