package imports.io.external_secrets;

/**
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:50.615Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.ExternalSecretSpecDataFrom")
@software.amazon.jsii.Jsii.Proxy(ExternalSecretSpecDataFrom.Jsii$Proxy.class)
public interface ExternalSecretSpecDataFrom extends software.amazon.jsii.JsiiSerializable {

    /**
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.ExternalSecretSpecDataFromSourceRef getSourceRef() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link ExternalSecretSpecDataFrom}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link ExternalSecretSpecDataFrom}
     */
    public static final class Builder implements software.amazon.jsii.Builder<ExternalSecretSpecDataFrom> {
        imports.io.external_secrets.ExternalSecretSpecDataFromSourceRef sourceRef;

        /**
         * Sets the value of {@link ExternalSecretSpecDataFrom#getSourceRef}
         * @param sourceRef the value to be set.
         * @return {@code this}
         */
        public Builder sourceRef(imports.io.external_secrets.ExternalSecretSpecDataFromSourceRef sourceRef) {
            this.sourceRef = sourceRef;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link ExternalSecretSpecDataFrom}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public ExternalSecretSpecDataFrom build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link ExternalSecretSpecDataFrom}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements ExternalSecretSpecDataFrom {
        private final imports.io.external_secrets.ExternalSecretSpecDataFromSourceRef sourceRef;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.sourceRef = software.amazon.jsii.Kernel.get(this, "sourceRef", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.ExternalSecretSpecDataFromSourceRef.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.sourceRef = builder.sourceRef;
        }

        @Override
        public final imports.io.external_secrets.ExternalSecretSpecDataFromSourceRef getSourceRef() {
            return this.sourceRef;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            if (this.getSourceRef() != null) {
                data.set("sourceRef", om.valueToTree(this.getSourceRef()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secrets.ExternalSecretSpecDataFrom"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            ExternalSecretSpecDataFrom.Jsii$Proxy that = (ExternalSecretSpecDataFrom.Jsii$Proxy) o;

            return this.sourceRef != null ? this.sourceRef.equals(that.sourceRef) : that.sourceRef == null;
        }

        @Override
        public final int hashCode() {
            int result = this.sourceRef != null ? this.sourceRef.hashCode() : 0;
            return result;
        }
    }
}
