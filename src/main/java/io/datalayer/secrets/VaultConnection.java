package io.datalayer.secrets;

import io.datalayer.kit.Checks;

/**
 * How ESO reaches and authenticates to Vault: shared by {@link VaultSecretStore} and
 * {@link DynamicDatabaseCredentials}. Every component may be {@code null} to take its default.
 *
 * @param server             Vault's in-cluster URL; default {@value #DEFAULT_SERVER} (the Vault Helm
 *                           chart's Service in the platform namespace; its default listener is plain
 *                           HTTP inside the cluster; set an https URL plus a CA when L2 enables TLS)
 * @param vaultNamespace     Vault Enterprise / OpenBao namespace; default none
 * @param authMountPath      mount path of Vault's Kubernetes auth method; default {@code kubernetes}
 * @param role               Vault role bound to the service account; default {@code data-layer}
 * @param serviceAccountName ServiceAccount ESO requests a token for; default {@code vault-secret-store}
 * @param caBundle           PEM of the CA that signed Vault's certificate (base64-encoded into the
 *                           manifest); default none. Not a secret: a CA certificate is public
 * @param caConfigMap        name of a ConfigMap in the same namespace holding the CA under key
 *                           {@code ca.crt}, instead of caBundle; default none
 */
public record VaultConnection(String server, String vaultNamespace, String authMountPath, String role,
                              String serviceAccountName, String caBundle, String caConfigMap) {
    public static final String DEFAULT_SERVER = "http://vault.platform.svc:8200";
    /** Key of the CA certificate in {@link #caConfigMap()}, as trust-manager and kube-root-ca.crt use. */
    public static final String CA_KEY = "ca.crt";

    public VaultConnection {
        server = server == null ? DEFAULT_SERVER : server;
        if (!server.matches("^https?://[A-Za-z0-9.-]+(:\\d{1,5})?/?$")) {
            throw new IllegalArgumentException("VaultConnection.server \"" + server + "\" is not a Vault URL;"
                    + " use http(s)://host[:port] without a path, e.g. " + DEFAULT_SERVER);
        }
        authMountPath = authMountPath == null ? "kubernetes" : authMountPath;
        if (!authMountPath.matches("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")) {
            throw new IllegalArgumentException("VaultConnection.authMountPath \"" + authMountPath + "\" is not a"
                    + " Vault mount path; use segments of letters, digits, '_', '.', '-' without leading 'auth/' or '/'");
        }
        if (authMountPath.startsWith("auth/")) {
            throw new IllegalArgumentException("VaultConnection.authMountPath \"" + authMountPath + "\" starts with"
                    + " \"auth/\"; ESO adds it, use \"" + authMountPath.substring(5) + "\"");
        }
        role = Checks.requireValue("VaultConnection.role", role == null ? "data-layer" : role);
        serviceAccountName = Checks.dnsSubdomain("VaultConnection.serviceAccountName",
                serviceAccountName == null ? "vault-secret-store" : serviceAccountName);
        if (caBundle != null && !caBundle.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("VaultConnection.caBundle is not a PEM certificate; give the PEM"
                    + " text of the CA (-----BEGIN CERTIFICATE-----...), not base64 of it");
        }
        if (caConfigMap != null) {
            Checks.dnsSubdomain("VaultConnection.caConfigMap", caConfigMap);
        }
        if (caBundle != null && caConfigMap != null) {
            throw new IllegalArgumentException("VaultConnection sets both caBundle and caConfigMap \"" + caConfigMap
                    + "\"; set one");
        }
        if (vaultNamespace != null) {
            Checks.requireValue("VaultConnection.vaultNamespace", vaultNamespace);
        }
    }

    /** All defaults. */
    public static VaultConnection defaults() {
        return new VaultConnection(null, null, null, null, null, null, null);
    }

    /** Vault at {@code server}, logging in with Kubernetes auth as {@code role}; defaults for the rest. */
    public static VaultConnection of(String server, String role) {
        return new VaultConnection(server, null, null, role, null, null, null);
    }

    /** The same connection with another Vault role. */
    public VaultConnection withRole(String newRole) {
        return new VaultConnection(server, vaultNamespace, authMountPath, newRole, serviceAccountName, caBundle, caConfigMap);
    }

    /** The same connection with another service account. */
    public VaultConnection withServiceAccount(String name) {
        return new VaultConnection(server, vaultNamespace, authMountPath, role, name, caBundle, caConfigMap);
    }

    String serverWithoutSlash() {
        return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    }

    String caBundleBase64() {
        return caBundle == null ? null
                : java.util.Base64.getEncoder().encodeToString(caBundle.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
