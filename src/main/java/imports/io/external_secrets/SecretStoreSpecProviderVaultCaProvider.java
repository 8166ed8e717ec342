package imports.io.external_secrets;

/**
 * Where to read the CA bundle from, instead of caBundle.
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:50.620Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.SecretStoreSpecProviderVaultCaProvider")
@software.amazon.jsii.Jsii.Proxy(SecretStoreSpecProviderVaultCaProvider.Jsii$Proxy.class)
public interface SecretStoreSpecProviderVaultCaProvider extends software.amazon.jsii.JsiiSerializable {

    /**
     */
    @org.jetbrains.annotations.NotNull java.lang.String getName();

    /**
     */
    @org.jetbrains.annotations.NotNull imports.io.external_secrets.SecretStoreSpecProviderVaultCaProviderType getType();

    /**
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getKey() {
        return null;
    }

    /**
     * Only for ClusterSecretStore;
     * <p>
     * must be empty on a SecretStore.
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getNamespace() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link SecretStoreSpecProviderVaultCaProvider}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link SecretStoreSpecProviderVaultCaProvider}
     */
    public static final class Builder implements software.amazon.jsii.Builder<SecretStoreSpecProviderVaultCaProvider> {
        java.lang.String name;
        imports.io.external_secrets.SecretStoreSpecProviderVaultCaProviderType type;
        java.lang.String key;
        java.lang.String namespace;

        /**
         * Sets the value of {@link SecretStoreSpecProviderVaultCaProvider#getName}
         * @param name the value to be set. This parameter is required.
         * @return {@code this}
         */
        public Builder name(java.lang.String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the value of {@link SecretStoreSpecProviderVaultCaProvider#getType}
         * @param type the value to be set. This parameter is required.
         * @return {@code this}
         */
        public Builder type(imports.io.external_secrets.SecretStoreSpecProviderVaultCaProviderType type) {
            this.type = type;
            return this;
        }

        /**
         * Sets the value of {@link SecretStoreSpecProviderVaultCaProvider#getKey}
         * @param key the value to be set.
         * @return {@code this}
         */
        public Builder key(java.lang.String key) {
            this.key = key;
            return this;
        }

        /**
         * Sets the value of {@link SecretStoreSpecProviderVaultCaProvider#getNamespace}
         * @param namespace Only for ClusterSecretStore;.
         *                  must be empty on a SecretStore.
         * @return {@code this}
         */
        public Builder namespace(java.lang.String namespace) {
            this.namespace = namespace;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link SecretStoreSpecProviderVaultCaProvider}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public SecretStoreSpecProviderVaultCaProvider build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link SecretStoreSpecProviderVaultCaProvider}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements SecretStoreSpecProviderVaultCaProvider {
        private final java.lang.String name;
        private final imports.io.external_secrets.SecretStoreSpecProviderVaultCaProviderType type;
        private final java.lang.String key;
        private final java.lang.String namespace;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.name = software.amazon.jsii.Kernel.get(this, "name", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.type = software.amazon.jsii.Kernel.get(this, "type", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.SecretStoreSpecProviderVaultCaProviderType.class));
            this.key = software.amazon.jsii.Kernel.get(this, "key", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.namespace = software.amazon.jsii.Kernel.get(this, "namespace", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.name = java.util.Objects.requireNonNull(builder.name, "name is required");
            this.type = java.util.Objects.requireNonNull(builder.type, "type is required");
            this.key = builder.key;
            this.namespace = builder.namespace;
        }

        @Override
        public final java.lang.String getName() {
            return this.name;
        }

        @Override
        public final imports.io.external_secrets.SecretStoreSpecProviderVaultCaProviderType getType() {
            return this.type;
        }

        @Override
        public final java.lang.String getKey() {
            return this.key;
        }

        @Override
        public final java.lang.String getNamespace() {
            return this.namespace;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            data.set("name", om.valueToTree(this.getName()));
            data.set("type", om.valueToTree(this.getType()));
            if (this.getKey() != null) {
                data.set("key", om.valueToTree(this.getKey()));
            }
            if (this.getNamespace() != null) {
                data.set("namespace", om.valueToTree(this.getNamespace()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secrets.SecretStoreSpecProviderVaultCaProvider"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            SecretStoreSpecProviderVaultCaProvider.Jsii$Proxy that = (SecretStoreSpecProviderVaultCaProvider.Jsii$Proxy) o;

            if (!name.equals(that.name)) return false;
            if (!type.equals(that.type)) return false;
            if (this.key != null ? !this.key.equals(that.key) : that.key != null) return false;
            return this.namespace != null ? this.namespace.equals(that.namespace) : that.namespace == null;
        }

        @Override
        public final int hashCode() {
            int result = this.name.hashCode();
            result = 31 * result + (this.type.hashCode());
            result = 31 * result + (this.key != null ? this.key.hashCode() : 0);
            result = 31 * result + (this.namespace != null ? this.namespace.hashCode() : 0);
            return result;
        }
    }
}
