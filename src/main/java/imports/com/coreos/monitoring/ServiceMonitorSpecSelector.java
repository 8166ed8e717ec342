package imports.com.coreos.monitoring;

/**
 * Label selector of the Services to scrape.
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-28T02:23:57.895Z")
@software.amazon.jsii.Jsii(module = imports.com.coreos.monitoring.$Module.class, fqn = "comcoreosmonitoring.ServiceMonitorSpecSelector")
@software.amazon.jsii.Jsii.Proxy(ServiceMonitorSpecSelector.Jsii$Proxy.class)
public interface ServiceMonitorSpecSelector extends software.amazon.jsii.JsiiSerializable {

    /**
     */
    default @org.jetbrains.annotations.Nullable java.util.Map<java.lang.String, java.lang.String> getMatchLabels() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link ServiceMonitorSpecSelector}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link ServiceMonitorSpecSelector}
     */
    public static final class Builder implements software.amazon.jsii.Builder<ServiceMonitorSpecSelector> {
        java.util.Map<java.lang.String, java.lang.String> matchLabels;

        /**
         * Sets the value of {@link ServiceMonitorSpecSelector#getMatchLabels}
         * @param matchLabels the value to be set.
         * @return {@code this}
         */
        public Builder matchLabels(java.util.Map<java.lang.String, java.lang.String> matchLabels) {
            this.matchLabels = matchLabels;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link ServiceMonitorSpecSelector}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public ServiceMonitorSpecSelector build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link ServiceMonitorSpecSelector}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements ServiceMonitorSpecSelector {
        private final java.util.Map<java.lang.String, java.lang.String> matchLabels;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.matchLabels = software.amazon.jsii.Kernel.get(this, "matchLabels", software.amazon.jsii.NativeType.mapOf(software.amazon.jsii.NativeType.forClass(java.lang.String.class)));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.matchLabels = builder.matchLabels;
        }

        @Override
        public final java.util.Map<java.lang.String, java.lang.String> getMatchLabels() {
            return this.matchLabels;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            if (this.getMatchLabels() != null) {
                data.set("matchLabels", om.valueToTree(this.getMatchLabels()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("comcoreosmonitoring.ServiceMonitorSpecSelector"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            ServiceMonitorSpecSelector.Jsii$Proxy that = (ServiceMonitorSpecSelector.Jsii$Proxy) o;

            return this.matchLabels != null ? this.matchLabels.equals(that.matchLabels) : that.matchLabels == null;
        }

        @Override
        public final int hashCode() {
            int result = this.matchLabels != null ? this.matchLabels.hashCode() : 0;
            return result;
        }
    }
}
