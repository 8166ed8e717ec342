package imports.io.external_secrets;

/**
 * VaultProvider configures a HashiCorp Vault (or OpenBao) KV store.
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:50.619Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.SecretStoreSpecProviderVault")
@software.amazon.jsii.Jsii.Proxy(SecretStoreSpecProviderVault.Jsii$Proxy.class)
public interface SecretStoreSpecProviderVault extends software.amazon.jsii.JsiiSerializable {

    /**
     * Vault server address, e.g. https://vault.vault.svc:8200.
     */
    @org.jetbrains.annotations.NotNull java.lang.String getServer();

    /**
     * How ESO authenticates;
     * <p>
     * data-layer uses <code>kubernetes</code>.
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.SecretStoreSpecProviderVaultAuth getAuth() {
        return null;
    }

    /**
     * PEM CA bundle (base64 in the manifest) to verify the server.
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getCaBundle() {
        return null;
    }

    /**
     * Where to read the CA bundle from, instead of caBundle.
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.SecretStoreSpecProviderVaultCaProvider getCaProvider() {
        return null;
    }

    /**
     * Vault Enterprise namespace sent as X-Vault-Namespace.
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getNamespace() {
        return null;
    }

    /**
     * Mount path of the KV engine, e.g. <code>secret</code> (no <code>data/</code>).
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getPath() {
        return null;
    }

    /**
     * KV engine version.
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.SecretStoreSpecProviderVaultVersion getVersion() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link SecretStoreSpecProviderVault}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link SecretStoreSpecProviderVault}
     */
    public static final class Builder implements software.amazon.jsii.Builder<SecretStoreSpecProviderVault> {
        java.lang.String server;
        imports.io.external_secrets.SecretStoreSpecProviderVaultAuth auth;
        java.lang.String caBundle;
        imports.io.external_secrets.SecretStoreSpecProviderVaultCaProvider caProvider;
        java.lang.String namespace;
        java.lang.String path;
        imports.io.external_secrets.SecretStoreSpecProviderVaultVersion version;

        /**
         * Sets the value of {@link SecretStoreSpecProviderVault#getServer}
         * @param server Vault server address, e.g. https://vault.vault.svc:8200. This parameter is required.
         * @return {@code this}
         */
        public Builder server(java.lang.String server) {
            this.server = server;
            return this;
        }

        /**
         * Sets the value of {@link SecretStoreSpecProviderVault#getAuth}
         * @param auth How ESO authenticates;.
         *             data-layer uses <code>kubernetes</code>.
         * @return {@code this}
         */
        public Builder auth(imports.io.external_secrets.SecretStoreSpecProviderVaultAuth auth) {
            this.auth = auth;
            return this;
        }

        /**
         * Sets the value of {@link SecretStoreSpecProviderVault#getCaBundle}
         * @param caBundle PEM CA bundle (base64 in the manifest) to verify the server.
         * @return {@code this}
         */
        public Builder caBundle(java.lang.String caBundle) {
            this.caBundle = caBundle;
            return this;
        }

        /**
         * Sets the value of {@link SecretStoreSpecProviderVault#getCaProvider}
         * @param caProvider Where to read the CA bundle from, instead of caBundle.
         * @return {@code this}
         */
        public Builder caProvider(imports.io.external_secrets.SecretStoreSpecProviderVaultCaProvider caProvider) {
            this.caProvider = caProvider;
            return this;
        }

        /**
         * Sets the value of {@link SecretStoreSpecProviderVault#getNamespace}
         * @param namespace Vault Enterprise namespace sent as X-Vault-Namespace.
         * @return {@code this}
         */
        public Builder namespace(java.lang.String namespace) {
            this.namespace = namespace;
            return this;
        }

        /**
         * Sets the value of {@link SecretStoreSpecProviderVault#getPath}
         * @param path Mount path of the KV engine, e.g. <code>secret</code> (no <code>data/</code>).
         * @return {@code this}
         */
        public Builder path(java.lang.String path) {
            this.path = path;
            return this;
        }

        /**
         * Sets the value of {@link SecretStoreSpecProviderVault#getVersion}
         * @param version KV engine version.
         * @return {@code this}
         */
        public Builder version(imports.io.external_secrets.SecretStoreSpecProviderVaultVersion version) {
            this.version = version;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link SecretStoreSpecProviderVault}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public SecretStoreSpecProviderVault build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link SecretStoreSpecProviderVault}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements SecretStoreSpecProviderVault {
        private final java.lang.String server;
        private final imports.io.external_secrets.SecretStoreSpecProviderVaultAuth auth;
        private final java.lang.String caBundle;
        private final imports.io.external_secrets.SecretStoreSpecProviderVaultCaProvider caProvider;
        private final java.lang.String namespace;
        private final java.lang.String path;
        private final imports.io.external_secrets.SecretStoreSpecProviderVaultVersion version;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.server = software.amazon.jsii.Kernel.get(this, "server", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.auth = software.amazon.jsii.Kernel.get(this, "auth", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.SecretStoreSpecProviderVaultAuth.class));
            this.caBundle = software.amazon.jsii.Kernel.get(this, "caBundle", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.caProvider = software.amazon.jsii.Kernel.get(this, "caProvider", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.SecretStoreSpecProviderVaultCaProvider.class));
            this.namespace = software.amazon.jsii.Kernel.get(this, "namespace", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.path = software.amazon.jsii.Kernel.get(this, "path", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.version = software.amazon.jsii.Kernel.get(this, "version", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.SecretStoreSpecProviderVaultVersion.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.server = java.util.Objects.requireNonNull(builder.server, "server is required");
            this.auth = builder.auth;
            this.caBundle = builder.caBundle;
            this.caProvider = builder.caProvider;
            this.namespace = builder.namespace;
            this.path = builder.path;
            this.version = builder.version;
        }

        @Override
        public final java.lang.String getServer() {
            return this.server;
        }

        @Override
        public final imports.io.external_secrets.SecretStoreSpecProviderVaultAuth getAuth() {
            return this.auth;
        }

        @Override
        public final java.lang.String getCaBundle() {
            return this.caBundle;
        }

        @Override
        public final imports.io.external_secrets.SecretStoreSpecProviderVaultCaProvider getCaProvider() {
            return this.caProvider;
        }

        @Override
        public final java.lang.String getNamespace() {
            return this.namespace;
        }

        @Override
        public final java.lang.String getPath() {
            return this.path;
        }

        @Override
        public final imports.io.external_secrets.SecretStoreSpecProviderVaultVersion getVersion() {
            return this.version;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            data.set("server", om.valueToTree(this.getServer()));
            if (this.getAuth() != null) {
                data.set("auth", om.valueToTree(this.getAuth()));
            }
            if (this.getCaBundle() != null) {
                data.set("caBundle", om.valueToTree(this.getCaBundle()));
            }
            if (this.getCaProvider() != null) {
                data.set("caProvider", om.valueToTree(this.getCaProvider()));
            }
            if (this.getNamespace() != null) {
                data.set("namespace", om.valueToTree(this.getNamespace()));
            }
            if (this.getPath() != null) {
                data.set("path", om.valueToTree(this.getPath()));
            }
            if (this.getVersion() != null) {
                data.set("version", om.valueToTree(this.getVersion()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secrets.SecretStoreSpecProviderVault"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            SecretStoreSpecProviderVault.Jsii$Proxy that = (SecretStoreSpecProviderVault.Jsii$Proxy) o;

            if (!server.equals(that.server)) return false;
            if (this.auth != null ? !this.auth.equals(that.auth) : that.auth != null) return false;
            if (this.caBundle != null ? !this.caBundle.equals(that.caBundle) : that.caBundle != null) return false;
            if (this.caProvider != null ? !this.caProvider.equals(that.caProvider) : that.caProvider != null) return false;
            if (this.namespace != null ? !this.namespace.equals(that.namespace) : that.namespace != null) return false;
            if (this.path != null ? !this.path.equals(that.path) : that.path != null) return false;
            return this.version != null ? this.version.equals(that.version) : that.version == null;
        }

        @Override
        public final int hashCode() {
            int result = this.server.hashCode();
            result = 31 * result + (this.auth != null ? this.auth.hashCode() : 0);
            result = 31 * result + (this.caBundle != null ? this.caBundle.hashCode() : 0);
            result = 31 * result + (this.caProvider != null ? this.caProvider.hashCode() : 0);
            result = 31 * result + (this.namespace != null ? this.namespace.hashCode() : 0);
            result = 31 * result + (this.path != null ? this.path.hashCode() : 0);
            result = 31 * result + (this.version != null ? this.version.hashCode() : 0);
            return result;
        }
    }
}
