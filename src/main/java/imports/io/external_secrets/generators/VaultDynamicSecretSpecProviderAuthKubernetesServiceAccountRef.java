package imports.io.external_secrets.generators;

/**
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:53.358Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.generators.$Module.class, fqn = "ioexternal-secretsgenerators.VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef")
@software.amazon.jsii.Jsii.Proxy(VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef.Jsii$Proxy.class)
public interface VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef extends software.amazon.jsii.JsiiSerializable {

    /**
     */
    @org.jetbrains.annotations.NotNull java.lang.String getName();

    /**
     */
    default @org.jetbrains.annotations.Nullable java.util.List<java.lang.String> getAudiences() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef}
     */
    public static final class Builder implements software.amazon.jsii.Builder<VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef> {
        java.lang.String name;
        java.util.List<java.lang.String> audiences;

        /**
         * Sets the value of {@link VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef#getName}
         * @param name the value to be set. This parameter is required.
         * @return {@code this}
         */
        public Builder name(java.lang.String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the value of {@link VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef#getAudiences}
         * @param audiences the value to be set.
         * @return {@code this}
         */
        public Builder audiences(java.util.List<java.lang.String> audiences) {
            this.audiences = audiences;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef {
        private final java.lang.String name;
        private final java.util.List<java.lang.String> audiences;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.name = software.amazon.jsii.Kernel.get(this, "name", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.audiences = software.amazon.jsii.Kernel.get(this, "audiences", software.amazon.jsii.NativeType.listOf(software.amazon.jsii.NativeType.forClass(java.lang.String.class)));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.name = java.util.Objects.requireNonNull(builder.name, "name is required");
            this.audiences = builder.audiences;
        }

        @Override
        public final java.lang.String getName() {
            return this.name;
        }

        @Override
        public final java.util.List<java.lang.String> getAudiences() {
            return this.audiences;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            data.set("name", om.valueToTree(this.getName()));
            if (this.getAudiences() != null) {
                data.set("audiences", om.valueToTree(this.getAudiences()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secretsgenerators.VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef.Jsii$Proxy that = (VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef.Jsii$Proxy) o;

            if (!name.equals(that.name)) return false;
            return this.audiences != null ? this.audiences.equals(that.audiences) : that.audiences == null;
        }

        @Override
        public final int hashCode() {
            int result = this.name.hashCode();
            result = 31 * result + (this.audiences != null ? this.audiences.hashCode() : 0);
            return result;
        }
    }
}
