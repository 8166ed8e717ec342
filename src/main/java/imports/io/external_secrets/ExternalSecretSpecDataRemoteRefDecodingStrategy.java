package imports.io.external_secrets;

/**
 * How the value is decoded;
 * <p>
 * ESO defaults it to None.
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-28T00:07:24.969Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.ExternalSecretSpecDataRemoteRefDecodingStrategy")
public enum ExternalSecretSpecDataRemoteRefDecodingStrategy {
    /**
     * Auto.
     */
    AUTO,
    /**
     * Base64.
     */
    BASE64,
    /**
     * Base64URL.
     */
    BASE64_URL,
    /**
     * None.
     */
    NONE,
}
