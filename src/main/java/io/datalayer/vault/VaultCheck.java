package io.datalayer.vault;

import io.datalayer.secrets.SecretRequirement;
import io.datalayer.vault.VaultCheckException.Reason;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs the build-time lookup for every declared secret, as {@link VaultMode} says. Main calls it
 * before synth; a {@link VaultCheckException} must stop synth before anything is written.
 */
public final class VaultCheck {
    private VaultCheck() {
    }

    /**
     * @param settings     the settings (mode, address, ...)
     * @param requirements the secrets the charts declare; duplicates are checked once
     * @param lookup       makes the lookup, only when Vault is to be asked (its constructor may
     *                     fail on a missing token)
     * @param err          where the one line about unverified references goes
     * @throws VaultCheckException on the first failure
     */
    public static VaultCheckResult run(VaultSettings settings, List<SecretRequirement> requirements,
                                       Supplier<SecretLookup> lookup, PrintStream err) {
        List<SecretRequirement> unique = new ArrayList<>(new LinkedHashSet<>(requirements));
        String paths = unique.stream().map(SecretRequirement::apiPath).collect(Collectors.joining(", "));
        switch (settings.mode()) {
            case OFF -> {
                err.println("data-layer: " + VaultMode.VARIABLE + "=off, so the Vault references (" + paths
                        + ") are unverified");
                return VaultCheckResult.unverified();
            }
            case AUTO -> {
                if (settings.address().isEmpty()) {
                    err.println("data-layer: VAULT_ADDR is not set, so the Vault references (" + paths
                            + ") are unverified; set VAULT_ADDR to check them, or " + VaultMode.VARIABLE
                            + "=required to make this an error");
                    return VaultCheckResult.unverified();
                }
            }
            case REQUIRED -> {
                if (settings.address().isEmpty()) {
                    throw new VaultCheckException(Reason.SETTINGS, VaultMode.VARIABLE + "=required but VAULT_ADDR "
                            + "is not set: set VAULT_ADDR (and VAULT_TOKEN or ~/.vault-token) to the Vault that holds "
                            + paths);
                }
            }
            default -> throw new IllegalStateException("unknown mode " + settings.mode());
        }
        SecretLookup vault = lookup.get();
        List<VerifiedSecret> verified = new ArrayList<>();
        for (SecretRequirement requirement : unique) {
            verified.add(vault.verify(requirement));
        }
        return new VaultCheckResult(true, verified);
    }
}
