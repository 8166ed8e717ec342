package io.datalayer.vault;

import io.datalayer.secrets.SecretRequirement;

/**
 * The build-time lookup of one declared secret. The seam between synth and Vault: production uses
 * {@link VaultDriverLookup}; tests of charts can pass a lambda.
 */
@FunctionalInterface
public interface SecretLookup {
    /**
     * Reads the secret once and checks it against the requirement.
     *
     * @throws VaultCheckException naming what is wrong and what to do, never a value
     */
    VerifiedSecret verify(SecretRequirement requirement);
}
