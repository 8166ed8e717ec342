package io.datalayer.vault;

import io.datalayer.secrets.SecretRequirement;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * What {@link VaultCheck} established.
 *
 * @param verified whether Vault was asked (false when skipped by mode or missing VAULT_ADDR)
 * @param secrets  every secret verified, in requirement order; empty when not verified
 */
public record VaultCheckResult(boolean verified, List<VerifiedSecret> secrets) {
    public VaultCheckResult {
        secrets = List.copyOf(secrets);
    }

    /** The result when Vault was not asked: constructs emit unpinned references. */
    public static VaultCheckResult unverified() {
        return new VaultCheckResult(false, List.of());
    }

    /** The version found for a requirement; empty when it was not verified. */
    public OptionalLong version(SecretRequirement requirement) {
        Map<SecretRequirement, Long> byRequirement = secrets.stream()
                .collect(Collectors.toMap(VerifiedSecret::requirement, VerifiedSecret::version, (a, b) -> a));
        Long version = byRequirement.get(requirement);
        return version == null ? OptionalLong.empty() : OptionalLong.of(version);
    }
}
