package imports.io.external_secrets;

/**
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:50.615Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.ExternalSecretSpecDataFromSourceRefGeneratorRef")
@software.amazon.jsii.Jsii.Proxy(ExternalSecretSpecDataFromSourceRefGeneratorRef.Jsii$Proxy.class)
public interface ExternalSecretSpecDataFromSourceRefGeneratorRef extends software.amazon.jsii.JsiiSerializable {

    /**
     */
    @org.jetbrains.annotations.NotNull imports.io.external_secrets.ExternalSecretSpecDataFromSourceRefGeneratorRefKind getKind();

    /**
     */
    @org.jetbrains.annotations.NotNull java.lang.String getName();

    /**
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getApiVersion() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link ExternalSecretSpecDataFromSourceRefGeneratorRef}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link ExternalSecretSpecDataFromSourceRefGeneratorRef}
     */
    public static final class Builder implements software.amazon.jsii.Builder<ExternalSecretSpecDataFromSourceRefGeneratorRef> {
        imports.io.external_secrets.ExternalSecretSpecDataFromSourceRefGeneratorRefKind kind;
        java.lang.String name;
        java.lang.String apiVersion;

        /**
         * Sets the value of {@link ExternalSecretSpecDataFromSourceRefGeneratorRef#getKind}
         * @param kind the value to be set. This parameter is required.
         * @return {@code this}
         */
        public Builder kind(imports.io.external_secrets.ExternalSecretSpecDataFromSourceRefGeneratorRefKind kind) {
            this.kind = kind;
            return this;
        }

        /**
         * Sets the value of {@link ExternalSecretSpecDataFromSourceRefGeneratorRef#getName}
         * @param name the value to be set. This parameter is required.
         * @return {@code this}
         */
        public Builder name(java.lang.String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the value of {@link ExternalSecretSpecDataFromSourceRefGeneratorRef#getApiVersion}
         * @param apiVersion the value to be set.
         * @return {@code this}
         */
        public Builder apiVersion(java.lang.String apiVersion) {
            this.apiVersion = apiVersion;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link ExternalSecretSpecDataFromSourceRefGeneratorRef}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public ExternalSecretSpecDataFromSourceRefGeneratorRef build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link ExternalSecretSpecDataFromSourceRefGeneratorRef}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements ExternalSecretSpecDataFromSourceRefGeneratorRef {
        private final imports.io.external_secrets.ExternalSecretSpecDataFromSourceRefGeneratorRefKind kind;
        private final java.lang.String name;
        private final java.lang.String apiVersion;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.kind = software.amazon.jsii.Kernel.get(this, "kind", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.ExternalSecretSpecDataFromSourceRefGeneratorRefKind.class));
            this.name = software.amazon.jsii.Kernel.get(this, "name", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.apiVersion = software.amazon.jsii.Kernel.get(this, "apiVersion", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.kind = java.util.Objects.requireNonNull(builder.kind, "kind is required");
            this.name = java.util.Objects.requireNonNull(builder.name, "name is required");
            this.apiVersion = builder.apiVersion;
        }

        @Override
        public final imports.io.external_secrets.ExternalSecretSpecDataFromSourceRefGeneratorRefKind getKind() {
            return this.kind;
        }

        @Override
        public final java.lang.String getName() {
            return this.name;
        }

        @Override
        public final java.lang.String getApiVersion() {
            return this.apiVersion;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            data.set("kind", om.valueToTree(this.getKind()));
            data.set("name", om.valueToTree(this.getName()));
            if (this.getApiVersion() != null) {
                data.set("apiVersion", om.valueToTree(this.getApiVersion()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secrets.ExternalSecretSpecDataFromSourceRefGeneratorRef"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            ExternalSecretSpecDataFromSourceRefGeneratorRef.Jsii$Proxy that = (ExternalSecretSpecDataFromSourceRefGeneratorRef.Jsii$Proxy) o;

            if (!kind.equals(that.kind)) return false;
            if (!name.equals(that.name)) return false;
            return this.apiVersion != null ? this.apiVersion.equals(that.apiVersion) : that.apiVersion == null;
        }

        @Override
        public final int hashCode() {
            int result = this.kind.hashCode();
            result = 31 * result + (this.name.hashCode());
            result = 31 * result + (this.apiVersion != null ? this.apiVersion.hashCode() : 0);
            return result;
        }
    }
}
