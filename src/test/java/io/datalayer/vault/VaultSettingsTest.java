package io.datalayer.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    @Test
    void aTokenWithAControlCharacterIsRefusedNamingItsVariableNeverItself() {
        for (String bad : List.of("s.abc\u0007def", "s.abc\r\nX-Evil: 1", "s.abc def", "s.abcdéf", "s.abc\u0000def")) {
            VaultCheckException e = assertThrows(VaultCheckException.class, () -> VaultSettings.fromEnvironment(
                    Map.of("VAULT_ADDR", "https://vault:8200", "VAULT_TOKEN", bad), home));
            assertEquals(VaultCheckException.Reason.SETTINGS, e.reason());
            assertTrue(e.getMessage().startsWith("VAULT_TOKEN holds a"), e.getMessage());
            assertTrue(e.getMessage().endsWith("which no Vault token has: set VAULT_TOKEN to the token alone"), e.getMessage());
            assertFalse(e.getMessage().contains("abc"), e.getMessage());
        }
        VaultCheckException dev = assertThrows(VaultCheckException.class, () -> VaultSettings.forEnvironment(
                Map.of("DEV_VAULT_ADDR", "https://vault-dev:8200", "DEV_VAULT_TOKEN", "s.dev\u001bx"), "dev", home, w -> { }));
        assertEquals("DEV_VAULT_TOKEN holds a control character (at position 6 of 7), which no Vault token has: set"
                + " DEV_VAULT_TOKEN to the token alone", dev.getMessage());
    }

    @Test
    void aTokenFileWithAControlCharacterIsNamedByItsPath() throws Exception {
        Files.writeString(home.resolve(".vault-token"), "s.file\u0008token\n");

        VaultCheckException e = assertThrows(VaultCheckException.class, () -> VaultSettings.fromEnvironment(
                Map.of("VAULT_ADDR", "https://vault:8200"), home));

        assertEquals("the Vault token file " + home.resolve(".vault-token") + " holds a control character (at position 7"
                + " of 12), which no Vault token has: write the token alone into it (vault login does)", e.getMessage());
    }

    /**
     * Every combination of VAULT_ADDR, VAULT_TOKEN, DEV_VAULT_ADDR, DEV_VAULT_TOKEN and ~/.vault-token:
     * a token only ever goes with the address it belongs to.
     */
    @Test
    void tokensBelongToTheirAddress() throws Exception {
        for (int bits = 0; bits < 32; bits++) {
            Map<String, String> env = new java.util.HashMap<>();
            boolean addr = (bits & 1) != 0, token = (bits & 2) != 0, devAddr = (bits & 4) != 0, devToken = (bits & 8) != 0,
                    file = (bits & 16) != 0;
            if (addr) env.put("VAULT_ADDR", "https://vault:8200");
            if (token) env.put("VAULT_TOKEN", "s.plain");
            if (devAddr) env.put("DEV_VAULT_ADDR", "https://vault-dev:8200");
            if (devToken) env.put("DEV_VAULT_TOKEN", "s.dev");
            Files.deleteIfExists(home.resolve(".vault-token"));
            if (file) Files.writeString(home.resolve(".vault-token"), "s.file\n");
            String what = env + (file ? " +file" : "");

            VaultSettings dev = VaultSettings.forEnvironment(env, "dev", home, w -> { });
            VaultSettings prod = VaultSettings.forEnvironment(env, "prod", home, w -> { });

            Optional<String> plainToken = token ? Optional.of("s.plain") : file ? Optional.of("s.file") : Optional.empty();
            assertEquals(addr ? Optional.of("https://vault:8200") : Optional.empty(), prod.address(), what);
            assertEquals(plainToken, prod.token(), what);
            assertEquals(devAddr ? Optional.of("https://vault-dev:8200") : addr ? Optional.of("https://vault:8200")
                    : Optional.empty(), dev.address(), what);
            // dev's own address takes dev's own token only; on VAULT_ADDR it takes DEV_VAULT_TOKEN, else VAULT_ADDR's.
            Optional<String> devExpected = devToken ? Optional.of("s.dev") : devAddr ? Optional.empty() : plainToken;
            assertEquals(devExpected, dev.token(), what);
            assertEquals(devAddr ? "DEV_VAULT_ADDR" : "VAULT_ADDR", dev.addressVariable(), what);
        }
    }

    @Test
    void anOwnAddressEqualToVaultAddrIsVaultAddrsVault() {
        VaultSettings dev = VaultSettings.forEnvironment(Map.of("VAULT_ADDR", "https://vault:8200",
                "DEV_VAULT_ADDR", "https://vault:8200/", "VAULT_TOKEN", "s.plain"), "dev", home, w -> { });
        assertEquals(Optional.of("s.plain"), dev.token());
    }

    @Test
    void theDeadlineIsOnePerSynthNotPerEnvironment() {
        VaultSettings dev = VaultSettings.forEnvironment(Map.of("DATALAYER_VAULT_DEADLINE", "30",
                "DEV_DATALAYER_VAULT_DEADLINE", "5"), "dev", home, w -> { });
        assertEquals(Duration.ofSeconds(30), dev.deadline());
    }
}
