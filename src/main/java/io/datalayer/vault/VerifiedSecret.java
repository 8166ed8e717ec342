package io.datalayer.vault;

import io.datalayer.secrets.SecretRequirement;

/**
 * What a check proved about a secret: it exists with every required key, at this version.
 * Holds no value.
 *
 * @param requirement what was checked
 * @param version     the KV v2 version current at check time (pin it with remoteRef.version)
 */
public record VerifiedSecret(SecretRequirement requirement, long version) {
    public VerifiedSecret {
        if (requirement == null) {
            throw new IllegalArgumentException("VerifiedSecret requirement must not be null");
        }
        if (version < 1) {
            throw new IllegalArgumentException("VerifiedSecret version " + version + " must be 1 or more");
        }
    }
}
