package imports.io.external_secrets.generators;

/**
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:53.356Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.generators.$Module.class, fqn = "ioexternal-secretsgenerators.VaultDynamicSecretSpec")
@software.amazon.jsii.Jsii.Proxy(VaultDynamicSecretSpec.Jsii$Proxy.class)
public interface VaultDynamicSecretSpec extends software.amazon.jsii.JsiiSerializable {

    /**
     * Vault API path, e.g. database/creds/<role>.
     */
    @org.jetbrains.annotations.NotNull java.lang.String getPath();

    /**
     * How to reach and authenticate to Vault (same shape as SecretStore's vault).
     */
    @org.jetbrains.annotations.NotNull imports.io.external_secrets.generators.VaultDynamicSecretSpecProvider getProvider();

    /**
     * HTTP method ESO uses on the path (GET for database credentials).
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getMethod() {
        return null;
    }

    /**
     * Which part of Vault's response becomes the Secret's keys.
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.generators.VaultDynamicSecretSpecResultType getResultType() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link VaultDynamicSecretSpec}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link VaultDynamicSecretSpec}
     */
    public static final class Builder implements software.amazon.jsii.Builder<VaultDynamicSecretSpec> {
        java.lang.String path;
        imports.io.external_secrets.generators.VaultDynamicSecretSpecProvider provider;
        java.lang.String method;
        imports.io.external_secrets.generators.VaultDynamicSecretSpecResultType resultType;

        /**
         * Sets the value of {@link VaultDynamicSecretSpec#getPath}
         * @param path Vault API path, e.g. database/creds/<role>. This parameter is required.
         * @return {@code this}
         */
        public Builder path(java.lang.String path) {
            this.path = path;
            return this;
        }

        /**
         * Sets the value of {@link VaultDynamicSecretSpec#getProvider}
         * @param provider How to reach and authenticate to Vault (same shape as SecretStore's vault). This parameter is required.
         * @return {@code this}
         */
        public Builder provider(imports.io.external_secrets.generators.VaultDynamicSecretSpecProvider provider) {
            this.provider = provider;
            return this;
        }

        /**
         * Sets the value of {@link VaultDynamicSecretSpec#getMethod}
         * @param method HTTP method ESO uses on the path (GET for database credentials).
         * @return {@code this}
         */
        public Builder method(java.lang.String method) {
            this.method = method;
            return this;
        }

        /**
         * Sets the value of {@link VaultDynamicSecretSpec#getResultType}
         * @param resultType Which part of Vault's response becomes the Secret's keys.
         * @return {@code this}
         */
        public Builder resultType(imports.io.external_secrets.generators.VaultDynamicSecretSpecResultType resultType) {
            this.resultType = resultType;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link VaultDynamicSecretSpec}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public VaultDynamicSecretSpec build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link VaultDynamicSecretSpec}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements VaultDynamicSecretSpec {
        private final java.lang.String path;
        private final imports.io.external_secrets.generators.VaultDynamicSecretSpecProvider provider;
        private final java.lang.String method;
        private final imports.io.external_secrets.generators.VaultDynamicSecretSpecResultType resultType;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.path = software.amazon.jsii.Kernel.get(this, "path", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.provider = software.amazon.jsii.Kernel.get(this, "provider", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.generators.VaultDynamicSecretSpecProvider.class));
            this.method = software.amazon.jsii.Kernel.get(this, "method", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.resultType = software.amazon.jsii.Kernel.get(this, "resultType", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.generators.VaultDynamicSecretSpecResultType.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.path = java.util.Objects.requireNonNull(builder.path, "path is required");
            this.provider = java.util.Objects.requireNonNull(builder.provider, "provider is required");
            this.method = builder.method;
            this.resultType = builder.resultType;
        }

        @Override
        public final java.lang.String getPath() {
            return this.path;
        }

        @Override
        public final imports.io.external_secrets.generators.VaultDynamicSecretSpecProvider getProvider() {
            return this.provider;
        }

        @Override
        public final java.lang.String getMethod() {
            return this.method;
        }

        @Override
        public final imports.io.external_secrets.generators.VaultDynamicSecretSpecResultType getResultType() {
            return this.resultType;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            data.set("path", om.valueToTree(this.getPath()));
            data.set("provider", om.valueToTree(this.getProvider()));
            if (this.getMethod() != null) {
                data.set("method", om.valueToTree(this.getMethod()));
            }
            if (this.getResultType() != null) {
                data.set("resultType", om.valueToTree(this.getResultType()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secretsgenerators.VaultDynamicSecretSpec"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            VaultDynamicSecretSpec.Jsii$Proxy that = (VaultDynamicSecretSpec.Jsii$Proxy) o;

            if (!path.equals(that.path)) return false;
            if (!provider.equals(that.provider)) return false;
            if (this.method != null ? !this.method.equals(that.method) : that.method != null) return false;
            return this.resultType != null ? this.resultType.equals(that.resultType) : that.resultType == null;
        }

        @Override
        public final int hashCode() {
            int result = this.path.hashCode();
            result = 31 * result + (this.provider.hashCode());
            result = 31 * result + (this.method != null ? this.method.hashCode() : 0);
            result = 31 * result + (this.resultType != null ? this.resultType.hashCode() : 0);
            return result;
        }
    }
}
