package imports.io.external_secrets.generators;

/**
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:53.357Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.generators.$Module.class, fqn = "ioexternal-secretsgenerators.VaultDynamicSecretSpecProviderAuth")
@software.amazon.jsii.Jsii.Proxy(VaultDynamicSecretSpecProviderAuth.Jsii$Proxy.class)
public interface VaultDynamicSecretSpecProviderAuth extends software.amazon.jsii.JsiiSerializable {

    /**
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuthKubernetes getKubernetes() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link VaultDynamicSecretSpecProviderAuth}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link VaultDynamicSecretSpecProviderAuth}
     */
    public static final class Builder implements software.amazon.jsii.Builder<VaultDynamicSecretSpecProviderAuth> {
        imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuthKubernetes kubernetes;

        /**
         * Sets the value of {@link VaultDynamicSecretSpecProviderAuth#getKubernetes}
         * @param kubernetes the value to be set.
         * @return {@code this}
         */
        public Builder kubernetes(imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuthKubernetes kubernetes) {
            this.kubernetes = kubernetes;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link VaultDynamicSecretSpecProviderAuth}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public VaultDynamicSecretSpecProviderAuth build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link VaultDynamicSecretSpecProviderAuth}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements VaultDynamicSecretSpecProviderAuth {
        private final imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuthKubernetes kubernetes;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.kubernetes = software.amazon.jsii.Kernel.get(this, "kubernetes", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuthKubernetes.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.kubernetes = builder.kubernetes;
        }

        @Override
        public final imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuthKubernetes getKubernetes() {
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
            struct.set("fqn", om.valueToTree("ioexternal-secretsgenerators.VaultDynamicSecretSpecProviderAuth"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            VaultDynamicSecretSpecProviderAuth.Jsii$Proxy that = (VaultDynamicSecretSpecProviderAuth.Jsii$Proxy) o;

            return this.kubernetes != null ? this.kubernetes.equals(that.kubernetes) : that.kubernetes == null;
        }

        @Override
        public final int hashCode() {
            int result = this.kubernetes != null ? this.kubernetes.hashCode() : 0;
            return result;
        }
    }
}
