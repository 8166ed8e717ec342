package imports.com.coreos.monitoring;

/**
 * Which Services Prometheus scrapes, and how.
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-28T02:23:57.891Z")
@software.amazon.jsii.Jsii(module = imports.com.coreos.monitoring.$Module.class, fqn = "comcoreosmonitoring.ServiceMonitorSpec")
@software.amazon.jsii.Jsii.Proxy(ServiceMonitorSpec.Jsii$Proxy.class)
public interface ServiceMonitorSpec extends software.amazon.jsii.JsiiSerializable {

    /**
     * The Service ports to scrape.
     */
    @org.jetbrains.annotations.NotNull java.util.List<imports.com.coreos.monitoring.ServiceMonitorSpecEndpoints> getEndpoints();

    /**
     * Label selector of the Services to scrape.
     */
    @org.jetbrains.annotations.NotNull imports.com.coreos.monitoring.ServiceMonitorSpecSelector getSelector();

    /**
     * The Service label whose value becomes the <code>job</code> label.
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getJobLabel() {
        return null;
    }

    /**
     * The namespaces to look for Services in.
     */
    default @org.jetbrains.annotations.Nullable imports.com.coreos.monitoring.ServiceMonitorSpecNamespaceSelector getNamespaceSelector() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link ServiceMonitorSpec}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link ServiceMonitorSpec}
     */
    public static final class Builder implements software.amazon.jsii.Builder<ServiceMonitorSpec> {
        java.util.List<imports.com.coreos.monitoring.ServiceMonitorSpecEndpoints> endpoints;
        imports.com.coreos.monitoring.ServiceMonitorSpecSelector selector;
        java.lang.String jobLabel;
        imports.com.coreos.monitoring.ServiceMonitorSpecNamespaceSelector namespaceSelector;

        /**
         * Sets the value of {@link ServiceMonitorSpec#getEndpoints}
         * @param endpoints The Service ports to scrape. This parameter is required.
         * @return {@code this}
         */
        @SuppressWarnings("unchecked")
        public Builder endpoints(java.util.List<? extends imports.com.coreos.monitoring.ServiceMonitorSpecEndpoints> endpoints) {
            this.endpoints = (java.util.List<imports.com.coreos.monitoring.ServiceMonitorSpecEndpoints>)endpoints;
            return this;
        }

        /**
         * Sets the value of {@link ServiceMonitorSpec#getSelector}
         * @param selector Label selector of the Services to scrape. This parameter is required.
         * @return {@code this}
         */
        public Builder selector(imports.com.coreos.monitoring.ServiceMonitorSpecSelector selector) {
            this.selector = selector;
            return this;
        }

        /**
         * Sets the value of {@link ServiceMonitorSpec#getJobLabel}
         * @param jobLabel The Service label whose value becomes the <code>job</code> label.
         * @return {@code this}
         */
        public Builder jobLabel(java.lang.String jobLabel) {
            this.jobLabel = jobLabel;
            return this;
        }

        /**
         * Sets the value of {@link ServiceMonitorSpec#getNamespaceSelector}
         * @param namespaceSelector The namespaces to look for Services in.
         * @return {@code this}
         */
        public Builder namespaceSelector(imports.com.coreos.monitoring.ServiceMonitorSpecNamespaceSelector namespaceSelector) {
            this.namespaceSelector = namespaceSelector;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link ServiceMonitorSpec}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public ServiceMonitorSpec build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link ServiceMonitorSpec}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements ServiceMonitorSpec {
        private final java.util.List<imports.com.coreos.monitoring.ServiceMonitorSpecEndpoints> endpoints;
        private final imports.com.coreos.monitoring.ServiceMonitorSpecSelector selector;
        private final java.lang.String jobLabel;
        private final imports.com.coreos.monitoring.ServiceMonitorSpecNamespaceSelector namespaceSelector;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.endpoints = software.amazon.jsii.Kernel.get(this, "endpoints", software.amazon.jsii.NativeType.listOf(software.amazon.jsii.NativeType.forClass(imports.com.coreos.monitoring.ServiceMonitorSpecEndpoints.class)));
            this.selector = software.amazon.jsii.Kernel.get(this, "selector", software.amazon.jsii.NativeType.forClass(imports.com.coreos.monitoring.ServiceMonitorSpecSelector.class));
            this.jobLabel = software.amazon.jsii.Kernel.get(this, "jobLabel", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.namespaceSelector = software.amazon.jsii.Kernel.get(this, "namespaceSelector", software.amazon.jsii.NativeType.forClass(imports.com.coreos.monitoring.ServiceMonitorSpecNamespaceSelector.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        @SuppressWarnings("unchecked")
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.endpoints = (java.util.List<imports.com.coreos.monitoring.ServiceMonitorSpecEndpoints>)java.util.Objects.requireNonNull(builder.endpoints, "endpoints is required");
            this.selector = java.util.Objects.requireNonNull(builder.selector, "selector is required");
            this.jobLabel = builder.jobLabel;
            this.namespaceSelector = builder.namespaceSelector;
        }

        @Override
        public final java.util.List<imports.com.coreos.monitoring.ServiceMonitorSpecEndpoints> getEndpoints() {
            return this.endpoints;
        }

        @Override
        public final imports.com.coreos.monitoring.ServiceMonitorSpecSelector getSelector() {
            return this.selector;
        }

        @Override
        public final java.lang.String getJobLabel() {
            return this.jobLabel;
        }

        @Override
        public final imports.com.coreos.monitoring.ServiceMonitorSpecNamespaceSelector getNamespaceSelector() {
            return this.namespaceSelector;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            data.set("endpoints", om.valueToTree(this.getEndpoints()));
            data.set("selector", om.valueToTree(this.getSelector()));
            if (this.getJobLabel() != null) {
                data.set("jobLabel", om.valueToTree(this.getJobLabel()));
            }
            if (this.getNamespaceSelector() != null) {
                data.set("namespaceSelector", om.valueToTree(this.getNamespaceSelector()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("comcoreosmonitoring.ServiceMonitorSpec"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            ServiceMonitorSpec.Jsii$Proxy that = (ServiceMonitorSpec.Jsii$Proxy) o;

            if (!endpoints.equals(that.endpoints)) return false;
            if (!selector.equals(that.selector)) return false;
            if (this.jobLabel != null ? !this.jobLabel.equals(that.jobLabel) : that.jobLabel != null) return false;
            return this.namespaceSelector != null ? this.namespaceSelector.equals(that.namespaceSelector) : that.namespaceSelector == null;
        }

        @Override
        public final int hashCode() {
            int result = this.endpoints.hashCode();
            result = 31 * result + (this.selector.hashCode());
            result = 31 * result + (this.jobLabel != null ? this.jobLabel.hashCode() : 0);
            result = 31 * result + (this.namespaceSelector != null ? this.namespaceSelector.hashCode() : 0);
            return result;
        }
    }
}
