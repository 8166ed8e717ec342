package io.datalayer.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.secrets.SecretRequirement;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class VaultCheckTest {
    private static final SecretRequirement POSTGRES = SecretRequirement.of("postgres", "password");
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final List<SecretRequirement> asked = new ArrayList<>();

    private SecretLookup recording() {
        return requirement -> {
            asked.add(requirement);
            return new VerifiedSecret(requirement, 7);
        };
    }

    private static VaultSettings settings(Map<String, String> env) {
        return VaultSettings.fromEnvironment(env, null);
    }

    @Test
    void autoWithoutAddressSkipsWithOneLine() {
        VaultCheckResult r = VaultCheck.run(settings(Map.of()), List.of(POSTGRES), this::recording, err);

        assertEquals(VaultCheckResult.unverified(), r);
        assertEquals(List.of(), asked);
        assertEquals("data-layer: VAULT_ADDR is not set, so the Vault references (secret/data/postgres) are unverified;"
                + " set VAULT_ADDR to check them, or DATALAYER_VAULT=required to make this an error\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void offNeverAsks() {
        VaultCheckResult r = VaultCheck.run(settings(Map.of("DATALAYER_VAULT", "off", "VAULT_ADDR", "http://127.0.0.1:1")),
                List.of(POSTGRES), this::recording, err);

        assertEquals(false, r.verified());
        assertEquals(List.of(), asked);
        assertEquals("data-layer: DATALAYER_VAULT=off, so the Vault references (secret/data/postgres) are unverified\n",
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void requiredWithoutAddressFails() {
        VaultCheckException e = assertThrows(VaultCheckException.class, () -> VaultCheck.run(
                settings(Map.of("DATALAYER_VAULT", "required")), List.of(POSTGRES), this::recording, err));

        assertEquals("DATALAYER_VAULT=required but VAULT_ADDR is not set: set VAULT_ADDR (and VAULT_TOKEN or"
                + " ~/.vault-token) to the Vault that holds secret/data/postgres", e.getMessage());
    }

    @Test
    void autoWithAddressChecksEachRequirementOnceAndSaysNothing() {
        VaultCheckResult r = VaultCheck.run(settings(Map.of("VAULT_ADDR", "http://127.0.0.1:1")),
                List.of(POSTGRES, POSTGRES), this::recording, err);

        assertEquals(List.of(POSTGRES), asked);
        assertEquals(OptionalLong.of(7), r.version(POSTGRES));
        assertEquals(OptionalLong.empty(), r.version(SecretRequirement.of("redis", "password")));
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }
}
