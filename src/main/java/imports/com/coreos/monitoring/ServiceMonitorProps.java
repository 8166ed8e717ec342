package imports.com.coreos.monitoring;

/**
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-28T02:23:57.891Z")
@software.amazon.jsii.Jsii(module = imports.com.coreos.monitoring.$Module.class, fqn = "comcoreosmonitoring.ServiceMonitorProps")
@software.amazon.jsii.Jsii.Proxy(ServiceMonitorProps.Jsii$Proxy.class)
public interface ServiceMonitorProps extends software.amazon.jsii.JsiiSerializable {

    /**
     * Which Services Prometheus scrapes, and how.
     */
    @org.jetbrains.annotations.NotNull imports.com.coreos.monitoring.ServiceMonitorSpec getSpec();

    /**
     */
    default @org.jetbrains.annotations.Nullable org.cdk8s.ApiObjectMetadata getMetadata() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link ServiceMonitorProps}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link ServiceMonitorProps}
     */
    public static final class Builder implements software.amazon.jsii.Builder<ServiceMonitorProps> {
        imports.com.coreos.monitoring.ServiceMonitorSpec spec;
        org.cdk8s.ApiObjectMetadata metadata;

        /**
         * Sets the value of {@link ServiceMonitorProps#getSpec}
         * @param spec Which Services Prometheus scrapes, and how. This parameter is required.
         * @return {@code this}
         */
        public Builder spec(imports.com.coreos.monitoring.ServiceMonitorSpec spec) {
            this.spec = spec;
            return this;
        }

        /**
         * Sets the value of {@link ServiceMonitorProps#getMetadata}
         * @param metadata the value to be set.
         * @return {@code this}
         */
        public Builder metadata(org.cdk8s.ApiObjectMetadata metadata) {
            this.metadata = metadata;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link ServiceMonitorProps}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public ServiceMonitorProps build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link ServiceMonitorProps}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements ServiceMonitorProps {
        private final imports.com.coreos.monitoring.ServiceMonitorSpec spec;
        private final org.cdk8s.ApiObjectMetadata metadata;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.spec = software.amazon.jsii.Kernel.get(this, "spec", software.amazon.jsii.NativeType.forClass(imports.com.coreos.monitoring.ServiceMonitorSpec.class));
            this.metadata = software.amazon.jsii.Kernel.get(this, "metadata", software.amazon.jsii.NativeType.forClass(org.cdk8s.ApiObjectMetadata.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.spec = java.util.Objects.requireNonNull(builder.spec, "spec is required");
            this.metadata = builder.metadata;
        }

        @Override
        public final imports.com.coreos.monitoring.ServiceMonitorSpec getSpec() {
            return this.spec;
        }

        @Override
        public final org.cdk8s.ApiObjectMetadata getMetadata() {
            return this.metadata;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            data.set("spec", om.valueToTree(this.getSpec()));
            if (this.getMetadata() != null) {
                data.set("metadata", om.valueToTree(this.getMetadata()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("comcoreosmonitoring.ServiceMonitorProps"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            ServiceMonitorProps.Jsii$Proxy that = (ServiceMonitorProps.Jsii$Proxy) o;

            if (!spec.equals(that.spec)) return false;
            return this.metadata != null ? this.metadata.equals(that.metadata) : that.metadata == null;
        }

        @Override
        public final int hashCode() {
            int result = this.spec.hashCode();
            result = 31 * result + (this.metadata != null ? this.metadata.hashCode() : 0);
            return result;
        }
    }
}
