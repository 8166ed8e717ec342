package imports.io.external_secrets;

/**
 * How ESO authenticates;
 * <p>
 * data-layer uses <code>kubernetes</code>.
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:50.620Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.SecretStoreSpecProviderVaultAuth")
@software.amazon.jsii.Jsii.Proxy(SecretStoreSpecProviderVaultAuth.Jsii$Proxy.class)
public interface SecretStoreSpecProviderVaultAuth extends software.amazon.jsii.JsiiSerializable {

    /**
     * Vault's Kubernetes auth method.
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.SecretStoreSpecProviderVaultAuthKubernetes getKubernetes() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link SecretStoreSpecProviderVaultAuth}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link SecretStoreSpecProviderVaultAuth}
     */
    public static final class Builder implements software.amazon.jsii.Builder<SecretStoreSpecProviderVaultAuth> {
        imports.io.external_secrets.SecretStoreSpecProviderVaultAuthKubernetes kubernetes;

        /**
         * Sets the value of {@link SecretStoreSpecProviderVaultAuth#getKubernetes}
         * @param kubernetes Vault's Kubernetes auth method.
         * @return {@code this}
         */
        public Builder kubernetes(imports.io.external_secrets.SecretStoreSpecProviderVaultAuthKubernetes kubernetes) {
            this.kubernetes = kubernetes;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link SecretStoreSpecProviderVaultAuth}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public SecretStoreSpecProviderVaultAuth build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link SecretStoreSpecProviderVaultAuth}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements SecretStoreSpecProviderVaultAuth {
        private final imports.io.external_secrets.SecretStoreSpecProviderVaultAuthKubernetes kubernetes;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.kubernetes = software.amazon.jsii.Kernel.get(this, "kubernetes", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.SecretStoreSpecProviderVaultAuthKubernetes.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.kubernetes = builder.kubernetes;
        }

        @Override
        public final imports.io.external_secrets.SecretStoreSpecProviderVaultAuthKubernetes getKubernetes() {
            return this.kubernetes;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            if (this.getKubernetes() != null) {
                data.set("kubernetes", om.valueToTree(this.getKubernetes()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secrets.SecretStoreSpecProviderVaultAuth"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            SecretStoreSpecProviderVaultAuth.Jsii$Proxy that = (SecretStoreSpecProviderVaultAuth.Jsii$Proxy) o;

            return this.kubernetes != null ? this.kubernetes.equals(that.kubernetes) : that.kubernetes == null;
        }

        @Override
        public final int hashCode() {
            int result = this.kubernetes != null ? this.kubernetes.hashCode() : 0;
            return result;
        }
    }
}
