package imports.io.external_secrets;

/**
 * The provider to use;
 * <p>
 * data-layer only configures <code>vault</code>.
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:50.619Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.SecretStoreSpecProvider")
@software.amazon.jsii.Jsii.Proxy(SecretStoreSpecProvider.Jsii$Proxy.class)
public interface SecretStoreSpecProvider extends software.amazon.jsii.JsiiSerializable {

    /**
     * VaultProvider configures a HashiCorp Vault (or OpenBao) KV store.
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.SecretStoreSpecProviderVault getVault() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link SecretStoreSpecProvider}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link SecretStoreSpecProvider}
     */
    public static final class Builder implements software.amazon.jsii.Builder<SecretStoreSpecProvider> {
        imports.io.external_secrets.SecretStoreSpecProviderVault vault;

        /**
         * Sets the value of {@link SecretStoreSpecProvider#getVault}
         * @param vault VaultProvider configures a HashiCorp Vault (or OpenBao) KV store.
         * @return {@code this}
         */
        public Builder vault(imports.io.external_secrets.SecretStoreSpecProviderVault vault) {
            this.vault = vault;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link SecretStoreSpecProvider}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public SecretStoreSpecProvider build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link SecretStoreSpecProvider}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements SecretStoreSpecProvider {
        private final imports.io.external_secrets.SecretStoreSpecProviderVault vault;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.vault = software.amazon.jsii.Kernel.get(this, "vault", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.SecretStoreSpecProviderVault.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.vault = builder.vault;
        }

        @Override
        public final imports.io.external_secrets.SecretStoreSpecProviderVault getVault() {
            return this.vault;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            if (this.getVault() != null) {
                data.set("vault", om.valueToTree(this.getVault()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secrets.SecretStoreSpecProvider"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            SecretStoreSpecProvider.Jsii$Proxy that = (SecretStoreSpecProvider.Jsii$Proxy) o;

            return this.vault != null ? this.vault.equals(that.vault) : that.vault == null;
        }

        @Override
        public final int hashCode() {
            int result = this.vault != null ? this.vault.hashCode() : 0;
            return result;
        }
    }
}
