package imports.io.external_secrets.generators;

/**
 * How to reach and authenticate to Vault (same shape as SecretStore's vault).
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:53.357Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.generators.$Module.class, fqn = "ioexternal-secretsgenerators.VaultDynamicSecretSpecProvider")
@software.amazon.jsii.Jsii.Proxy(VaultDynamicSecretSpecProvider.Jsii$Proxy.class)
public interface VaultDynamicSecretSpecProvider extends software.amazon.jsii.JsiiSerializable {

    /**
     */
    @org.jetbrains.annotations.NotNull java.lang.String getServer();

    /**
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuth getAuth() {
        return null;
    }

    /**
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getCaBundle() {
        return null;
    }

    /**
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderCaProvider getCaProvider() {
        return null;
    }

    /**
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getNamespace() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link VaultDynamicSecretSpecProvider}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link VaultDynamicSecretSpecProvider}
     */
    public static final class Builder implements software.amazon.jsii.Builder<VaultDynamicSecretSpecProvider> {
        java.lang.String server;
        imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuth auth;
        java.lang.String caBundle;
        imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderCaProvider caProvider;
        java.lang.String namespace;

        /**
         * Sets the value of {@link VaultDynamicSecretSpecProvider#getServer}
         * @param server the value to be set. This parameter is required.
         * @return {@code this}
         */
        public Builder server(java.lang.String server) {
            this.server = server;
            return this;
        }

        /**
         * Sets the value of {@link VaultDynamicSecretSpecProvider#getAuth}
         * @param auth the value to be set.
         * @return {@code this}
         */
        public Builder auth(imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuth auth) {
            this.auth = auth;
            return this;
        }

        /**
         * Sets the value of {@link VaultDynamicSecretSpecProvider#getCaBundle}
         * @param caBundle the value to be set.
         * @return {@code this}
         */
        public Builder caBundle(java.lang.String caBundle) {
            this.caBundle = caBundle;
            return this;
        }

        /**
         * Sets the value of {@link VaultDynamicSecretSpecProvider#getCaProvider}
         * @param caProvider the value to be set.
         * @return {@code this}
         */
        public Builder caProvider(imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderCaProvider caProvider) {
            this.caProvider = caProvider;
            return this;
        }

        /**
         * Sets the value of {@link VaultDynamicSecretSpecProvider#getNamespace}
         * @param namespace the value to be set.
         * @return {@code this}
         */
        public Builder namespace(java.lang.String namespace) {
            this.namespace = namespace;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link VaultDynamicSecretSpecProvider}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public VaultDynamicSecretSpecProvider build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link VaultDynamicSecretSpecProvider}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements VaultDynamicSecretSpecProvider {
        private final java.lang.String server;
        private final imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuth auth;
        private final java.lang.String caBundle;
        private final imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderCaProvider caProvider;
        private final java.lang.String namespace;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.server = software.amazon.jsii.Kernel.get(this, "server", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.auth = software.amazon.jsii.Kernel.get(this, "auth", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuth.class));
            this.caBundle = software.amazon.jsii.Kernel.get(this, "caBundle", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.caProvider = software.amazon.jsii.Kernel.get(this, "caProvider", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderCaProvider.class));
            this.namespace = software.amazon.jsii.Kernel.get(this, "namespace", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
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
        }

        @Override
        public final java.lang.String getServer() {
            return this.server;
        }

        @Override
        public final imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuth getAuth() {
            return this.auth;
        }

        @Override
        public final java.lang.String getCaBundle() {
            return this.caBundle;
        }

        @Override
        public final imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderCaProvider getCaProvider() {
            return this.caProvider;
        }

        @Override
        public final java.lang.String getNamespace() {
            return this.namespace;
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

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secretsgenerators.VaultDynamicSecretSpecProvider"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            VaultDynamicSecretSpecProvider.Jsii$Proxy that = (VaultDynamicSecretSpecProvider.Jsii$Proxy) o;

            if (!server.equals(that.server)) return false;
            if (this.auth != null ? !this.auth.equals(that.auth) : that.auth != null) return false;
            if (this.caBundle != null ? !this.caBundle.equals(that.caBundle) : that.caBundle != null) return false;
            if (this.caProvider != null ? !this.caProvider.equals(that.caProvider) : that.caProvider != null) return false;
            return this.namespace != null ? this.namespace.equals(that.namespace) : that.namespace == null;
        }

        @Override
        public final int hashCode() {
            int result = this.server.hashCode();
            result = 31 * result + (this.auth != null ? this.auth.hashCode() : 0);
            result = 31 * result + (this.caBundle != null ? this.caBundle.hashCode() : 0);
            result = 31 * result + (this.caProvider != null ? this.caProvider.hashCode() : 0);
            result = 31 * result + (this.namespace != null ? this.namespace.hashCode() : 0);
            return result;
        }
    }
}
