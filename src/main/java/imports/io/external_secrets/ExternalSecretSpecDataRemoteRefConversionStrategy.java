package imports.io.external_secrets;

/**
 * How the value is converted;
 * <p>
 * ESO defaults it to Default.
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-28T00:07:24.969Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.ExternalSecretSpecDataRemoteRefConversionStrategy")
public enum ExternalSecretSpecDataRemoteRefConversionStrategy {
    /**
     * Default.
     */
    DEFAULT,
    /**
     * Unicode.
     */
    UNICODE,
}
