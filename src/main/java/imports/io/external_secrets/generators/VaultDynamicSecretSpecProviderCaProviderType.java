package imports.io.external_secrets.generators;

/**
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:53.358Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.generators.$Module.class, fqn = "ioexternal-secretsgenerators.VaultDynamicSecretSpecProviderCaProviderType")
public enum VaultDynamicSecretSpecProviderCaProviderType {
    /**
     * Secret.
     */
    SECRET,
    /**
     * ConfigMap.
     */
    CONFIG_MAP,
}
