package imports.io.external_secrets;

/**
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-28T00:07:24.967Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.ExternalSecretSpecDataRemoteRef")
@software.amazon.jsii.Jsii.Proxy(ExternalSecretSpecDataRemoteRef.Jsii$Proxy.class)
public interface ExternalSecretSpecDataRemoteRef extends software.amazon.jsii.JsiiSerializable {

    /**
     * Secret path below the KV mount, e.g. <code>postgres</code>.
     */
    @org.jetbrains.annotations.NotNull java.lang.String getKey();

    /**
     * How the value is converted;
     * <p>
     * ESO defaults it to Default.
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.ExternalSecretSpecDataRemoteRefConversionStrategy getConversionStrategy() {
        return null;
    }

    /**
     * How the value is decoded;
     * <p>
     * ESO defaults it to None.
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.ExternalSecretSpecDataRemoteRefDecodingStrategy getDecodingStrategy() {
        return null;
    }

    /**
     * Whether provider metadata is fetched;
     * <p>
     * ESO defaults it to None.
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.ExternalSecretSpecDataRemoteRefMetadataPolicy getMetadataPolicy() {
        return null;
    }

    /**
     * Key inside the Vault secret.
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getProperty() {
        return null;
    }

    /**
     * KV v2 version to read;
     * <p>
     * latest when unset.
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getVersion() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link ExternalSecretSpecDataRemoteRef}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link ExternalSecretSpecDataRemoteRef}
     */
    public static final class Builder implements software.amazon.jsii.Builder<ExternalSecretSpecDataRemoteRef> {
        java.lang.String key;
        imports.io.external_secrets.ExternalSecretSpecDataRemoteRefConversionStrategy conversionStrategy;
        imports.io.external_secrets.ExternalSecretSpecDataRemoteRefDecodingStrategy decodingStrategy;
        imports.io.external_secrets.ExternalSecretSpecDataRemoteRefMetadataPolicy metadataPolicy;
        java.lang.String property;
        java.lang.String version;

        /**
         * Sets the value of {@link ExternalSecretSpecDataRemoteRef#getKey}
         * @param key Secret path below the KV mount, e.g. <code>postgres</code>. This parameter is required.
         * @return {@code this}
         */
        public Builder key(java.lang.String key) {
            this.key = key;
            return this;
        }

        /**
         * Sets the value of {@link ExternalSecretSpecDataRemoteRef#getConversionStrategy}
         * @param conversionStrategy How the value is converted;.
         *                           ESO defaults it to Default.
         * @return {@code this}
         */
        public Builder conversionStrategy(imports.io.external_secrets.ExternalSecretSpecDataRemoteRefConversionStrategy conversionStrategy) {
            this.conversionStrategy = conversionStrategy;
            return this;
        }

        /**
         * Sets the value of {@link ExternalSecretSpecDataRemoteRef#getDecodingStrategy}
         * @param decodingStrategy How the value is decoded;.
         *                         ESO defaults it to None.
         * @return {@code this}
         */
        public Builder decodingStrategy(imports.io.external_secrets.ExternalSecretSpecDataRemoteRefDecodingStrategy decodingStrategy) {
            this.decodingStrategy = decodingStrategy;
            return this;
        }

        /**
         * Sets the value of {@link ExternalSecretSpecDataRemoteRef#getMetadataPolicy}
         * @param metadataPolicy Whether provider metadata is fetched;.
         *                       ESO defaults it to None.
         * @return {@code this}
         */
        public Builder metadataPolicy(imports.io.external_secrets.ExternalSecretSpecDataRemoteRefMetadataPolicy metadataPolicy) {
            this.metadataPolicy = metadataPolicy;
            return this;
        }

        /**
         * Sets the value of {@link ExternalSecretSpecDataRemoteRef#getProperty}
         * @param property Key inside the Vault secret.
         * @return {@code this}
         */
        public Builder property(java.lang.String property) {
            this.property = property;
            return this;
        }

        /**
         * Sets the value of {@link ExternalSecretSpecDataRemoteRef#getVersion}
         * @param version KV v2 version to read;.
         *                latest when unset.
         * @return {@code this}
         */
        public Builder version(java.lang.String version) {
            this.version = version;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link ExternalSecretSpecDataRemoteRef}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public ExternalSecretSpecDataRemoteRef build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link ExternalSecretSpecDataRemoteRef}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements ExternalSecretSpecDataRemoteRef {
        private final java.lang.String key;
        private final imports.io.external_secrets.ExternalSecretSpecDataRemoteRefConversionStrategy conversionStrategy;
        private final imports.io.external_secrets.ExternalSecretSpecDataRemoteRefDecodingStrategy decodingStrategy;
        private final imports.io.external_secrets.ExternalSecretSpecDataRemoteRefMetadataPolicy metadataPolicy;
        private final java.lang.String property;
        private final java.lang.String version;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.key = software.amazon.jsii.Kernel.get(this, "key", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.conversionStrategy = software.amazon.jsii.Kernel.get(this, "conversionStrategy", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.ExternalSecretSpecDataRemoteRefConversionStrategy.class));
            this.decodingStrategy = software.amazon.jsii.Kernel.get(this, "decodingStrategy", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.ExternalSecretSpecDataRemoteRefDecodingStrategy.class));
            this.metadataPolicy = software.amazon.jsii.Kernel.get(this, "metadataPolicy", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.ExternalSecretSpecDataRemoteRefMetadataPolicy.class));
            this.property = software.amazon.jsii.Kernel.get(this, "property", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.version = software.amazon.jsii.Kernel.get(this, "version", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.key = java.util.Objects.requireNonNull(builder.key, "key is required");
            this.conversionStrategy = builder.conversionStrategy;
            this.decodingStrategy = builder.decodingStrategy;
            this.metadataPolicy = builder.metadataPolicy;
            this.property = builder.property;
            this.version = builder.version;
        }

        @Override
        public final java.lang.String getKey() {
            return this.key;
        }

        @Override
        public final imports.io.external_secrets.ExternalSecretSpecDataRemoteRefConversionStrategy getConversionStrategy() {
            return this.conversionStrategy;
        }

        @Override
        public final imports.io.external_secrets.ExternalSecretSpecDataRemoteRefDecodingStrategy getDecodingStrategy() {
            return this.decodingStrategy;
        }

        @Override
        public final imports.io.external_secrets.ExternalSecretSpecDataRemoteRefMetadataPolicy getMetadataPolicy() {
            return this.metadataPolicy;
        }

        @Override
        public final java.lang.String getProperty() {
            return this.property;
        }

        @Override
        public final java.lang.String getVersion() {
            return this.version;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            data.set("key", om.valueToTree(this.getKey()));
            if (this.getConversionStrategy() != null) {
                data.set("conversionStrategy", om.valueToTree(this.getConversionStrategy()));
            }
            if (this.getDecodingStrategy() != null) {
                data.set("decodingStrategy", om.valueToTree(this.getDecodingStrategy()));
            }
            if (this.getMetadataPolicy() != null) {
                data.set("metadataPolicy", om.valueToTree(this.getMetadataPolicy()));
            }
            if (this.getProperty() != null) {
                data.set("property", om.valueToTree(this.getProperty()));
            }
            if (this.getVersion() != null) {
                data.set("version", om.valueToTree(this.getVersion()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secrets.ExternalSecretSpecDataRemoteRef"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            ExternalSecretSpecDataRemoteRef.Jsii$Proxy that = (ExternalSecretSpecDataRemoteRef.Jsii$Proxy) o;

            if (!key.equals(that.key)) return false;
            if (this.conversionStrategy != null ? !this.conversionStrategy.equals(that.conversionStrategy) : that.conversionStrategy != null) return false;
            if (this.decodingStrategy != null ? !this.decodingStrategy.equals(that.decodingStrategy) : that.decodingStrategy != null) return false;
            if (this.metadataPolicy != null ? !this.metadataPolicy.equals(that.metadataPolicy) : that.metadataPolicy != null) return false;
            if (this.property != null ? !this.property.equals(that.property) : that.property != null) return false;
            return this.version != null ? this.version.equals(that.version) : that.version == null;
        }

        @Override
        public final int hashCode() {
            int result = this.key.hashCode();
            result = 31 * result + (this.conversionStrategy != null ? this.conversionStrategy.hashCode() : 0);
            result = 31 * result + (this.decodingStrategy != null ? this.decodingStrategy.hashCode() : 0);
            result = 31 * result + (this.metadataPolicy != null ? this.metadataPolicy.hashCode() : 0);
            result = 31 * result + (this.property != null ? this.property.hashCode() : 0);
            result = 31 * result + (this.version != null ? this.version.hashCode() : 0);
            return result;
        }
    }
}
