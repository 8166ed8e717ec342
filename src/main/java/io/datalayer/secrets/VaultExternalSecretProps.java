package io.datalayer.secrets;

import imports.io.external_secrets.ExternalSecretSpecTargetCreationPolicy;
import imports.io.external_secrets.ExternalSecretSpecTargetDeletionPolicy;
import io.datalayer.kit.Checks;

/**
 * Settings of {@link VaultExternalSecret}. Components other than requirement and targetSecretName
 * may be {@code null} to take their defaults.
 *
 * @param requirement      the Vault secret and keys (the same record the build-time check reads)
 * @param targetSecretName the Kubernetes Secret ESO writes (its keys are the requirement's keys)
 * @param name             ExternalSecret name; default targetSecretName
 * @param refreshInterval  how often ESO re-reads Vault, a Go duration; default {@code 1h}
 * @param creationPolicy   default {@code Owner}: the Secret is owned by (and garbage-collected with)
 *                         the ExternalSecret
 * @param deletionPolicy   default {@code Retain}: if the Vault secret disappears, the Secret stays, so
 *                         a mistaken delete in Vault does not take the running database's password
 *                         away; the next synth's check reports the missing secret
 * @param pinnedVersion    KV v2 version to pin with {@code remoteRef.version}; {@code null} follows
 *                         the latest version. Pinning makes every rotation a reviewed diff in dist/
 */
public record VaultExternalSecretProps(SecretRequirement requirement, String targetSecretName, String name,
                                       String refreshInterval,
                                       ExternalSecretSpecTargetCreationPolicy creationPolicy,
                                       ExternalSecretSpecTargetDeletionPolicy deletionPolicy,
                                       Long pinnedVersion) {
    private static final String GO_DURATION = "^(0|(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+)$";

    public VaultExternalSecretProps {
        if (requirement == null) {
            throw new IllegalArgumentException("VaultExternalSecretProps.requirement is null; declare the Vault secret"
                    + " with SecretRequirement.of(path, keys...)");
        }
        targetSecretName = Checks.dnsSubdomain("VaultExternalSecretProps.targetSecretName", targetSecretName);
        name = Checks.dnsSubdomain("VaultExternalSecretProps.name", name == null ? targetSecretName : name);
        refreshInterval = refreshInterval == null ? "1h" : refreshInterval;
        if (!refreshInterval.matches(GO_DURATION)) {
            throw new IllegalArgumentException("VaultExternalSecretProps.refreshInterval \"" + refreshInterval
                    + "\" is not a Go duration; use e.g. 1h, 15m or 1h30m (0 reads once)");
        }
        creationPolicy = creationPolicy == null ? ExternalSecretSpecTargetCreationPolicy.OWNER : creationPolicy;
        deletionPolicy = deletionPolicy == null ? ExternalSecretSpecTargetDeletionPolicy.RETAIN : deletionPolicy;
        if (pinnedVersion != null && pinnedVersion < 1) {
            throw new IllegalArgumentException("VaultExternalSecretProps.pinnedVersion " + pinnedVersion
                    + " is not a KV v2 version; use 1 or more, or null for the latest");
        }
    }

    /** The required components with defaults for the rest. */
    public static VaultExternalSecretProps of(SecretRequirement requirement, String targetSecretName) {
        return new VaultExternalSecretProps(requirement, targetSecretName, null, null, null, null, null);
    }

    /** The same props pinned to a version ({@code null} to follow the latest). */
    public VaultExternalSecretProps withPinnedVersion(Long version) {
        return new VaultExternalSecretProps(requirement, targetSecretName, name, refreshInterval, creationPolicy,
                deletionPolicy, version);
    }
}
