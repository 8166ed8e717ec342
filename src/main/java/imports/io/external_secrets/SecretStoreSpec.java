package imports.io.external_secrets;

/**
 * SecretStoreSpec defines how the controller reaches the provider.
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:50.619Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.SecretStoreSpec")
@software.amazon.jsii.Jsii.Proxy(SecretStoreSpec.Jsii$Proxy.class)
public interface SecretStoreSpec extends software.amazon.jsii.JsiiSerializable {

    /**
     * The provider to use;
     * <p>
     * data-layer only configures <code>vault</code>.
     */
    @org.jetbrains.annotations.NotNull imports.io.external_secrets.SecretStoreSpecProvider getProvider();

    /**
     * @return a {@link Builder} of {@link SecretStoreSpec}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link SecretStoreSpec}
     */
    public static final class Builder implements software.amazon.jsii.Builder<SecretStoreSpec> {
        imports.io.external_secrets.SecretStoreSpecProvider provider;

        /**
         * Sets the value of {@link SecretStoreSpec#getProvider}
         * @param provider The provider to use;. This parameter is required.
         *                 data-layer only configures <code>vault</code>.
         * @return {@code this}
         */
        public Builder provider(imports.io.external_secrets.SecretStoreSpecProvider provider) {
            this.provider = provider;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link SecretStoreSpec}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public SecretStoreSpec build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link SecretStoreSpec}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements SecretStoreSpec {
        private final imports.io.external_secrets.SecretStoreSpecProvider provider;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.provider = software.amazon.jsii.Kernel.get(this, "provider", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.SecretStoreSpecProvider.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.provider = java.util.Objects.requireNonNull(builder.provider, "provider is required");
        }

        @Override
        public final imports.io.external_secrets.SecretStoreSpecProvider getProvider() {
            return this.provider;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            data.set("provider", om.valueToTree(this.getProvider()));

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secrets.SecretStoreSpec"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            SecretStoreSpec.Jsii$Proxy that = (SecretStoreSpec.Jsii$Proxy) o;

            return this.provider.equals(that.provider);
        }

        @Override
        public final int hashCode() {
            int result = this.provider.hashCode();
            return result;
        }
    }
}
