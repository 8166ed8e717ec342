package imports.io.external_secrets;

/**
 * The Kubernetes Secret ESO writes.
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:50.616Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.ExternalSecretSpecTarget")
@software.amazon.jsii.Jsii.Proxy(ExternalSecretSpecTarget.Jsii$Proxy.class)
public interface ExternalSecretSpecTarget extends software.amazon.jsii.JsiiSerializable {

    /**
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.ExternalSecretSpecTargetCreationPolicy getCreationPolicy() {
        return null;
    }

    /**
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.ExternalSecretSpecTargetDeletionPolicy getDeletionPolicy() {
        return null;
    }

    /**
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getName() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link ExternalSecretSpecTarget}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link ExternalSecretSpecTarget}
     */
    public static final class Builder implements software.amazon.jsii.Builder<ExternalSecretSpecTarget> {
        imports.io.external_secrets.ExternalSecretSpecTargetCreationPolicy creationPolicy;
        imports.io.external_secrets.ExternalSecretSpecTargetDeletionPolicy deletionPolicy;
        java.lang.String name;

        /**
         * Sets the value of {@link ExternalSecretSpecTarget#getCreationPolicy}
         * @param creationPolicy the value to be set.
         * @return {@code this}
         */
        public Builder creationPolicy(imports.io.external_secrets.ExternalSecretSpecTargetCreationPolicy creationPolicy) {
            this.creationPolicy = creationPolicy;
            return this;
        }

        /**
         * Sets the value of {@link ExternalSecretSpecTarget#getDeletionPolicy}
         * @param deletionPolicy the value to be set.
         * @return {@code this}
         */
        public Builder deletionPolicy(imports.io.external_secrets.ExternalSecretSpecTargetDeletionPolicy deletionPolicy) {
            this.deletionPolicy = deletionPolicy;
            return this;
        }

        /**
         * Sets the value of {@link ExternalSecretSpecTarget#getName}
         * @param name the value to be set.
         * @return {@code this}
         */
        public Builder name(java.lang.String name) {
            this.name = name;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link ExternalSecretSpecTarget}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public ExternalSecretSpecTarget build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link ExternalSecretSpecTarget}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements ExternalSecretSpecTarget {
        private final imports.io.external_secrets.ExternalSecretSpecTargetCreationPolicy creationPolicy;
        private final imports.io.external_secrets.ExternalSecretSpecTargetDeletionPolicy deletionPolicy;
        private final java.lang.String name;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.creationPolicy = software.amazon.jsii.Kernel.get(this, "creationPolicy", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.ExternalSecretSpecTargetCreationPolicy.class));
            this.deletionPolicy = software.amazon.jsii.Kernel.get(this, "deletionPolicy", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.ExternalSecretSpecTargetDeletionPolicy.class));
            this.name = software.amazon.jsii.Kernel.get(this, "name", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.creationPolicy = builder.creationPolicy;
            this.deletionPolicy = builder.deletionPolicy;
            this.name = builder.name;
        }

        @Override
        public final imports.io.external_secrets.ExternalSecretSpecTargetCreationPolicy getCreationPolicy() {
            return this.creationPolicy;
        }

        @Override
        public final imports.io.external_secrets.ExternalSecretSpecTargetDeletionPolicy getDeletionPolicy() {
            return this.deletionPolicy;
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

            if (this.getCreationPolicy() != null) {
                data.set("creationPolicy", om.valueToTree(this.getCreationPolicy()));
            }
            if (this.getDeletionPolicy() != null) {
                data.set("deletionPolicy", om.valueToTree(this.getDeletionPolicy()));
            }
            if (this.getName() != null) {
                data.set("name", om.valueToTree(this.getName()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secrets.ExternalSecretSpecTarget"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            ExternalSecretSpecTarget.Jsii$Proxy that = (ExternalSecretSpecTarget.Jsii$Proxy) o;

            if (this.creationPolicy != null ? !this.creationPolicy.equals(that.creationPolicy) : that.creationPolicy != null) return false;
            if (this.deletionPolicy != null ? !this.deletionPolicy.equals(that.deletionPolicy) : that.deletionPolicy != null) return false;
            return this.name != null ? this.name.equals(that.name) : that.name == null;
        }

        @Override
        public final int hashCode() {
            int result = this.creationPolicy != null ? this.creationPolicy.hashCode() : 0;
            result = 31 * result + (this.deletionPolicy != null ? this.deletionPolicy.hashCode() : 0);
            result = 31 * result + (this.name != null ? this.name.hashCode() : 0);
            return result;
        }
    }
}
