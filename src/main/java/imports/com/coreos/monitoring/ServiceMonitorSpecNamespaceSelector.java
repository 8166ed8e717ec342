package imports.com.coreos.monitoring;

/**
 * The namespaces to look for Services in.
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-28T02:23:57.895Z")
@software.amazon.jsii.Jsii(module = imports.com.coreos.monitoring.$Module.class, fqn = "comcoreosmonitoring.ServiceMonitorSpecNamespaceSelector")
@software.amazon.jsii.Jsii.Proxy(ServiceMonitorSpecNamespaceSelector.Jsii$Proxy.class)
public interface ServiceMonitorSpecNamespaceSelector extends software.amazon.jsii.JsiiSerializable {

    /**
     * Namespace names.
     */
    default @org.jetbrains.annotations.Nullable java.util.List<java.lang.String> getMatchNames() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link ServiceMonitorSpecNamespaceSelector}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link ServiceMonitorSpecNamespaceSelector}
     */
    public static final class Builder implements software.amazon.jsii.Builder<ServiceMonitorSpecNamespaceSelector> {
        java.util.List<java.lang.String> matchNames;

        /**
         * Sets the value of {@link ServiceMonitorSpecNamespaceSelector#getMatchNames}
         * @param matchNames Namespace names.
         * @return {@code this}
         */
        public Builder matchNames(java.util.List<java.lang.String> matchNames) {
            this.matchNames = matchNames;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link ServiceMonitorSpecNamespaceSelector}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public ServiceMonitorSpecNamespaceSelector build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link ServiceMonitorSpecNamespaceSelector}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements ServiceMonitorSpecNamespaceSelector {
        private final java.util.List<java.lang.String> matchNames;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.matchNames = software.amazon.jsii.Kernel.get(this, "matchNames", software.amazon.jsii.NativeType.listOf(software.amazon.jsii.NativeType.forClass(java.lang.String.class)));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.matchNames = builder.matchNames;
        }

        @Override
        public final java.util.List<java.lang.String> getMatchNames() {
            return this.matchNames;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            if (this.getMatchNames() != null) {
                data.set("matchNames", om.valueToTree(this.getMatchNames()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("comcoreosmonitoring.ServiceMonitorSpecNamespaceSelector"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            ServiceMonitorSpecNamespaceSelector.Jsii$Proxy that = (ServiceMonitorSpecNamespaceSelector.Jsii$Proxy) o;

            return this.matchNames != null ? this.matchNames.equals(that.matchNames) : that.matchNames == null;
        }

        @Override
        public final int hashCode() {
            int result = this.matchNames != null ? this.matchNames.hashCode() : 0;
            return result;
        }
    }
}
