package imports.io.external_secrets;

/**
 * ExternalSecretSpec says which store to read and which Secret to write.
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:50.613Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.$Module.class, fqn = "ioexternal-secrets.ExternalSecretSpec")
@software.amazon.jsii.Jsii.Proxy(ExternalSecretSpec.Jsii$Proxy.class)
public interface ExternalSecretSpec extends software.amazon.jsii.JsiiSerializable {

    /**
     * One entry per key of the target Secret.
     */
    default @org.jetbrains.annotations.Nullable java.util.List<imports.io.external_secrets.ExternalSecretSpecData> getData() {
        return null;
    }

    /**
     * Sources that each produce many keys;
     * <p>
     * data-layer uses generators.
     */
    default @org.jetbrains.annotations.Nullable java.util.List<imports.io.external_secrets.ExternalSecretSpecDataFrom> getDataFrom() {
        return null;
    }

    /**
     * How often ESO re-reads the provider (Go duration, e.g. 1h); 0 reads once.
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getRefreshInterval() {
        return null;
    }

    /**
     * The store to read from;
     * <p>
     * omitted when every entry uses a generator.
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.ExternalSecretSpecSecretStoreRef getSecretStoreRef() {
        return null;
    }

    /**
     * The Kubernetes Secret ESO writes.
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.ExternalSecretSpecTarget getTarget() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link ExternalSecretSpec}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link ExternalSecretSpec}
     */
    public static final class Builder implements software.amazon.jsii.Builder<ExternalSecretSpec> {
        java.util.List<imports.io.external_secrets.ExternalSecretSpecData> data;
        java.util.List<imports.io.external_secrets.ExternalSecretSpecDataFrom> dataFrom;
        java.lang.String refreshInterval;
        imports.io.external_secrets.ExternalSecretSpecSecretStoreRef secretStoreRef;
        imports.io.external_secrets.ExternalSecretSpecTarget target;

        /**
         * Sets the value of {@link ExternalSecretSpec#getData}
         * @param data One entry per key of the target Secret.
         * @return {@code this}
         */
        @SuppressWarnings("unchecked")
        public Builder data(java.util.List<? extends imports.io.external_secrets.ExternalSecretSpecData> data) {
            this.data = (java.util.List<imports.io.external_secrets.ExternalSecretSpecData>)data;
            return this;
        }

        /**
         * Sets the value of {@link ExternalSecretSpec#getDataFrom}
         * @param dataFrom Sources that each produce many keys;.
         *                 data-layer uses generators.
         * @return {@code this}
         */
        @SuppressWarnings("unchecked")
        public Builder dataFrom(java.util.List<? extends imports.io.external_secrets.ExternalSecretSpecDataFrom> dataFrom) {
            this.dataFrom = (java.util.List<imports.io.external_secrets.ExternalSecretSpecDataFrom>)dataFrom;
            return this;
        }

        /**
         * Sets the value of {@link ExternalSecretSpec#getRefreshInterval}
         * @param refreshInterval How often ESO re-reads the provider (Go duration, e.g. 1h); 0 reads once.
         * @return {@code this}
         */
        public Builder refreshInterval(java.lang.String refreshInterval) {
            this.refreshInterval = refreshInterval;
            return this;
        }

        /**
         * Sets the value of {@link ExternalSecretSpec#getSecretStoreRef}
         * @param secretStoreRef The store to read from;.
         *                       omitted when every entry uses a generator.
         * @return {@code this}
         */
        public Builder secretStoreRef(imports.io.external_secrets.ExternalSecretSpecSecretStoreRef secretStoreRef) {
            this.secretStoreRef = secretStoreRef;
            return this;
        }

        /**
         * Sets the value of {@link ExternalSecretSpec#getTarget}
         * @param target The Kubernetes Secret ESO writes.
         * @return {@code this}
         */
        public Builder target(imports.io.external_secrets.ExternalSecretSpecTarget target) {
            this.target = target;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link ExternalSecretSpec}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public ExternalSecretSpec build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link ExternalSecretSpec}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements ExternalSecretSpec {
        private final java.util.List<imports.io.external_secrets.ExternalSecretSpecData> data;
        private final java.util.List<imports.io.external_secrets.ExternalSecretSpecDataFrom> dataFrom;
        private final java.lang.String refreshInterval;
        private final imports.io.external_secrets.ExternalSecretSpecSecretStoreRef secretStoreRef;
        private final imports.io.external_secrets.ExternalSecretSpecTarget target;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.data = software.amazon.jsii.Kernel.get(this, "data", software.amazon.jsii.NativeType.listOf(software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.ExternalSecretSpecData.class)));
            this.dataFrom = software.amazon.jsii.Kernel.get(this, "dataFrom", software.amazon.jsii.NativeType.listOf(software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.ExternalSecretSpecDataFrom.class)));
            this.refreshInterval = software.amazon.jsii.Kernel.get(this, "refreshInterval", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.secretStoreRef = software.amazon.jsii.Kernel.get(this, "secretStoreRef", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.ExternalSecretSpecSecretStoreRef.class));
            this.target = software.amazon.jsii.Kernel.get(this, "target", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.ExternalSecretSpecTarget.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        @SuppressWarnings("unchecked")
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.data = (java.util.List<imports.io.external_secrets.ExternalSecretSpecData>)builder.data;
            this.dataFrom = (java.util.List<imports.io.external_secrets.ExternalSecretSpecDataFrom>)builder.dataFrom;
            this.refreshInterval = builder.refreshInterval;
            this.secretStoreRef = builder.secretStoreRef;
            this.target = builder.target;
        }

        @Override
        public final java.util.List<imports.io.external_secrets.ExternalSecretSpecData> getData() {
            return this.data;
        }

        @Override
        public final java.util.List<imports.io.external_secrets.ExternalSecretSpecDataFrom> getDataFrom() {
            return this.dataFrom;
        }

        @Override
        public final java.lang.String getRefreshInterval() {
            return this.refreshInterval;
        }

        @Override
        public final imports.io.external_secrets.ExternalSecretSpecSecretStoreRef getSecretStoreRef() {
            return this.secretStoreRef;
        }

        @Override
        public final imports.io.external_secrets.ExternalSecretSpecTarget getTarget() {
            return this.target;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            if (this.getData() != null) {
                data.set("data", om.valueToTree(this.getData()));
            }
            if (this.getDataFrom() != null) {
                data.set("dataFrom", om.valueToTree(this.getDataFrom()));
            }
            if (this.getRefreshInterval() != null) {
                data.set("refreshInterval", om.valueToTree(this.getRefreshInterval()));
            }
            if (this.getSecretStoreRef() != null) {
                data.set("secretStoreRef", om.valueToTree(this.getSecretStoreRef()));
            }
            if (this.getTarget() != null) {
                data.set("target", om.valueToTree(this.getTarget()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secrets.ExternalSecretSpec"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            ExternalSecretSpec.Jsii$Proxy that = (ExternalSecretSpec.Jsii$Proxy) o;

            if (this.data != null ? !this.data.equals(that.data) : that.data != null) return false;
            if (this.dataFrom != null ? !this.dataFrom.equals(that.dataFrom) : that.dataFrom != null) return false;
            if (this.refreshInterval != null ? !this.refreshInterval.equals(that.refreshInterval) : that.refreshInterval != null) return false;
            if (this.secretStoreRef != null ? !this.secretStoreRef.equals(that.secretStoreRef) : that.secretStoreRef != null) return false;
            return this.target != null ? this.target.equals(that.target) : that.target == null;
        }

        @Override
        public final int hashCode() {
            int result = this.data != null ? this.data.hashCode() : 0;
            result = 31 * result + (this.dataFrom != null ? this.dataFrom.hashCode() : 0);
            result = 31 * result + (this.refreshInterval != null ? this.refreshInterval.hashCode() : 0);
            result = 31 * result + (this.secretStoreRef != null ? this.secretStoreRef.hashCode() : 0);
            result = 31 * result + (this.target != null ? this.target.hashCode() : 0);
            return result;
        }
    }
}
