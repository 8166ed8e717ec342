package imports.io.external_secrets;

/**
 * KV engine version.
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:50.621Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.SecretStoreSpecProviderVaultVersion")
public enum SecretStoreSpecProviderVaultVersion {
    /**
     * v1.
     */
    V1,
    /**
     * v2.
     */
    V2,
}
