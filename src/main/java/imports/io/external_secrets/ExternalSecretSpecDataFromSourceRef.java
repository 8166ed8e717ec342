package imports.io.external_secrets;

/**
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:50.615Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.ExternalSecretSpecDataFromSourceRef")
@software.amazon.jsii.Jsii.Proxy(ExternalSecretSpecDataFromSourceRef.Jsii$Proxy.class)
public interface ExternalSecretSpecDataFromSourceRef extends software.amazon.jsii.JsiiSerializable {

    /**
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.ExternalSecretSpecDataFromSourceRefGeneratorRef getGeneratorRef() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link ExternalSecretSpecDataFromSourceRef}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link ExternalSecretSpecDataFromSourceRef}
     */
    public static final class Builder implements software.amazon.jsii.Builder<ExternalSecretSpecDataFromSourceRef> {
        imports.io.external_secrets.ExternalSecretSpecDataFromSourceRefGeneratorRef generatorRef;

        /**
         * Sets the value of {@link ExternalSecretSpecDataFromSourceRef#getGeneratorRef}
         * @param generatorRef the value to be set.
         * @return {@code this}
         */
        public Builder generatorRef(imports.io.external_secrets.ExternalSecretSpecDataFromSourceRefGeneratorRef generatorRef) {
            this.generatorRef = generatorRef;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link ExternalSecretSpecDataFromSourceRef}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public ExternalSecretSpecDataFromSourceRef build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link ExternalSecretSpecDataFromSourceRef}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements ExternalSecretSpecDataFromSourceRef {
        private final imports.io.external_secrets.ExternalSecretSpecDataFromSourceRefGeneratorRef generatorRef;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.generatorRef = software.amazon.jsii.Kernel.get(this, "generatorRef", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.ExternalSecretSpecDataFromSourceRefGeneratorRef.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.generatorRef = builder.generatorRef;
        }

        @Override
        public final imports.io.external_secrets.ExternalSecretSpecDataFromSourceRefGeneratorRef getGeneratorRef() {
            return this.generatorRef;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            if (this.getGeneratorRef() != null) {
                data.set("generatorRef", om.valueToTree(this.getGeneratorRef()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secrets.ExternalSecretSpecDataFromSourceRef"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            ExternalSecretSpecDataFromSourceRef.Jsii$Proxy that = (ExternalSecretSpecDataFromSourceRef.Jsii$Proxy) o;

            return this.generatorRef != null ? this.generatorRef.equals(that.generatorRef) : that.generatorRef == null;
        }

        @Override
        public final int hashCode() {
            int result = this.generatorRef != null ? this.generatorRef.hashCode() : 0;
            return result;
        }
    }
}
