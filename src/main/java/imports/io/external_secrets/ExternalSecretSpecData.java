package imports.io.external_secrets;

/**
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:50.614Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.ExternalSecretSpecData")
@software.amazon.jsii.Jsii.Proxy(ExternalSecretSpecData.Jsii$Proxy.class)
public interface ExternalSecretSpecData extends software.amazon.jsii.JsiiSerializable {

    /**
     */
    @org.jetbrains.annotations.NotNull imports.io.external_secrets.ExternalSecretSpecDataRemoteRef getRemoteRef();

    /**
     * Key in the target Secret.
     */
    @org.jetbrains.annotations.NotNull java.lang.String getSecretKey();

    /**
     * @return a {@link Builder} of {@link ExternalSecretSpecData}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link ExternalSecretSpecData}
     */
    public static final class Builder implements software.amazon.jsii.Builder<ExternalSecretSpecData> {
        imports.io.external_secrets.ExternalSecretSpecDataRemoteRef remoteRef;
        java.lang.String secretKey;

        /**
         * Sets the value of {@link ExternalSecretSpecData#getRemoteRef}
         * @param remoteRef the value to be set. This parameter is required.
         * @return {@code this}
         */
        public Builder remoteRef(imports.io.external_secrets.ExternalSecretSpecDataRemoteRef remoteRef) {
            this.remoteRef = remoteRef;
            return this;
        }

        /**
         * Sets the value of {@link ExternalSecretSpecData#getSecretKey}
         * @param secretKey Key in the target Secret. This parameter is required.
         * @return {@code this}
         */
        public Builder secretKey(java.lang.String secretKey) {
            this.secretKey = secretKey;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link ExternalSecretSpecData}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public ExternalSecretSpecData build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link ExternalSecretSpecData}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements ExternalSecretSpecData {
        private final imports.io.external_secrets.ExternalSecretSpecDataRemoteRef remoteRef;
        private final java.lang.String secretKey;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.remoteRef = software.amazon.jsii.Kernel.get(this, "remoteRef", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.ExternalSecretSpecDataRemoteRef.class));
            this.secretKey = software.amazon.jsii.Kernel.get(this, "secretKey", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.remoteRef = java.util.Objects.requireNonNull(builder.remoteRef, "remoteRef is required");
            this.secretKey = java.util.Objects.requireNonNull(builder.secretKey, "secretKey is required");
        }

        @Override
        public final imports.io.external_secrets.ExternalSecretSpecDataRemoteRef getRemoteRef() {
            return this.remoteRef;
        }

        @Override
        public final java.lang.String getSecretKey() {
            return this.secretKey;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            data.set("remoteRef", om.valueToTree(this.getRemoteRef()));
            data.set("secretKey", om.valueToTree(this.getSecretKey()));

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secrets.ExternalSecretSpecData"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            ExternalSecretSpecData.Jsii$Proxy that = (ExternalSecretSpecData.Jsii$Proxy) o;

            if (!remoteRef.equals(that.remoteRef)) return false;
            return this.secretKey.equals(that.secretKey);
        }

        @Override
        public final int hashCode() {
            int result = this.remoteRef.hashCode();
            result = 31 * result + (this.secretKey.hashCode());
            return result;
        }
    }
}
