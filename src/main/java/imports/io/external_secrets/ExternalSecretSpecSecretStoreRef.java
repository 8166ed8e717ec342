package imports.io.external_secrets;

/**
 * The store to read from;
 * <p>
 * omitted when every entry uses a generator.
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:50.616Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.ExternalSecretSpecSecretStoreRef")
@software.amazon.jsii.Jsii.Proxy(ExternalSecretSpecSecretStoreRef.Jsii$Proxy.class)
public interface ExternalSecretSpecSecretStoreRef extends software.amazon.jsii.JsiiSerializable {

    /**
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.ExternalSecretSpecSecretStoreRefKind getKind() {
        return null;
    }

    /**
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getName() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link ExternalSecretSpecSecretStoreRef}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link ExternalSecretSpecSecretStoreRef}
     */
    public static final class Builder implements software.amazon.jsii.Builder<ExternalSecretSpecSecretStoreRef> {
        imports.io.external_secrets.ExternalSecretSpecSecretStoreRefKind kind;
        java.lang.String name;

        /**
         * Sets the value of {@link ExternalSecretSpecSecretStoreRef#getKind}
         * @param kind the value to be set.
         * @return {@code this}
         */
        public Builder kind(imports.io.external_secrets.ExternalSecretSpecSecretStoreRefKind kind) {
            this.kind = kind;
            return this;
        }

        /**
         * Sets the value of {@link ExternalSecretSpecSecretStoreRef#getName}
         * @param name the value to be set.
         * @return {@code this}
         */
        public Builder name(java.lang.String name) {
            this.name = name;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link ExternalSecretSpecSecretStoreRef}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public ExternalSecretSpecSecretStoreRef build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link ExternalSecretSpecSecretStoreRef}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements ExternalSecretSpecSecretStoreRef {
        private final imports.io.external_secrets.ExternalSecretSpecSecretStoreRefKind kind;
        private final java.lang.String name;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.kind = software.amazon.jsii.Kernel.get(this, "kind", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.ExternalSecretSpecSecretStoreRefKind.class));
            this.name = software.amazon.jsii.Kernel.get(this, "name", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.kind = builder.kind;
            this.name = builder.name;
        }

        @Override
        public final imports.io.external_secrets.ExternalSecretSpecSecretStoreRefKind getKind() {
            return this.kind;
        }

        @Override
        public final java.lang.String getName() {
            return this.name;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            if (this.getKind() != null) {
                data.set("kind", om.valueToTree(this.getKind()));
            }
            if (this.getName() != null) {
                data.set("name", om.valueToTree(this.getName()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secrets.ExternalSecretSpecSecretStoreRef"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            ExternalSecretSpecSecretStoreRef.Jsii$Proxy that = (ExternalSecretSpecSecretStoreRef.Jsii$Proxy) o;

            if (this.kind != null ? !this.kind.equals(that.kind) : that.kind != null) return false;
            return this.name != null ? this.name.equals(that.name) : that.name == null;
        }

        @Override
        public final int hashCode() {
            int result = this.kind != null ? this.kind.hashCode() : 0;
            result = 31 * result + (this.name != null ? this.name.hashCode() : 0);
            return result;
        }
    }
}
