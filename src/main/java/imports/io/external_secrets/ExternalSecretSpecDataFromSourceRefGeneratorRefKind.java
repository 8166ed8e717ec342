package imports.io.external_secrets;

/**
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:50.615Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.ExternalSecretSpecDataFromSourceRefGeneratorRefKind")
public enum ExternalSecretSpecDataFromSourceRefGeneratorRefKind {
    /**
     * VaultDynamicSecret.
     */
    VAULT_DYNAMIC_SECRET,
}
