package imports.com.coreos.monitoring;

/**
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-28T02:23:57.892Z")
@software.amazon.jsii.Jsii(module = imports.com.coreos.monitoring.$Module.class, fqn = "comcoreosmonitoring.ServiceMonitorSpecEndpoints")
@software.amazon.jsii.Jsii.Proxy(ServiceMonitorSpecEndpoints.Jsii$Proxy.class)
public interface ServiceMonitorSpecEndpoints extends software.amazon.jsii.JsiiSerializable {

    /**
     * Keep the scraped target's labels on conflict.
     */
    default @org.jetbrains.annotations.Nullable java.lang.Boolean getHonorLabels() {
        return null;
    }

    /**
     * Scrape interval;
     * <p>
     * default the Prometheus' own.
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getInterval() {
        return null;
    }

    /**
     * HTTP path of the metrics;
     * <p>
     * default /metrics.
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getPath() {
        return null;
    }

    /**
     * Name of the Service port.
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getPort() {
        return null;
    }

    /**
     * HTTP scheme of the scrape.
     */
    default @org.jetbrains.annotations.Nullable imports.com.coreos.monitoring.ServiceMonitorSpecEndpointsScheme getScheme() {
        return null;
    }

    /**
     * Timeout of each scrape;
     * <p>
     * must not exceed the interval.
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getScrapeTimeout() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link ServiceMonitorSpecEndpoints}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link ServiceMonitorSpecEndpoints}
     */
    public static final class Builder implements software.amazon.jsii.Builder<ServiceMonitorSpecEndpoints> {
        java.lang.Boolean honorLabels;
        java.lang.String interval;
        java.lang.String path;
        java.lang.String port;
        imports.com.coreos.monitoring.ServiceMonitorSpecEndpointsScheme scheme;
        java.lang.String scrapeTimeout;

        /**
         * Sets the value of {@link ServiceMonitorSpecEndpoints#getHonorLabels}
         * @param honorLabels Keep the scraped target's labels on conflict.
         * @return {@code this}
         */
        public Builder honorLabels(java.lang.Boolean honorLabels) {
            this.honorLabels = honorLabels;
            return this;
        }

        /**
         * Sets the value of {@link ServiceMonitorSpecEndpoints#getInterval}
         * @param interval Scrape interval;.
         *                 default the Prometheus' own.
         * @return {@code this}
         */
        public Builder interval(java.lang.String interval) {
            this.interval = interval;
            return this;
        }

        /**
         * Sets the value of {@link ServiceMonitorSpecEndpoints#getPath}
         * @param path HTTP path of the metrics;.
         *             default /metrics.
         * @return {@code this}
         */
        public Builder path(java.lang.String path) {
            this.path = path;
            return this;
        }

        /**
         * Sets the value of {@link ServiceMonitorSpecEndpoints#getPort}
         * @param port Name of the Service port.
         * @return {@code this}
         */
        public Builder port(java.lang.String port) {
            this.port = port;
            return this;
        }

        /**
         * Sets the value of {@link ServiceMonitorSpecEndpoints#getScheme}
         * @param scheme HTTP scheme of the scrape.
         * @return {@code this}
         */
        public Builder scheme(imports.com.coreos.monitoring.ServiceMonitorSpecEndpointsScheme scheme) {
            this.scheme = scheme;
            return this;
        }

        /**
         * Sets the value of {@link ServiceMonitorSpecEndpoints#getScrapeTimeout}
         * @param scrapeTimeout Timeout of each scrape;.
         *                      must not exceed the interval.
         * @return {@code this}
         */
        public Builder scrapeTimeout(java.lang.String scrapeTimeout) {
            this.scrapeTimeout = scrapeTimeout;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link ServiceMonitorSpecEndpoints}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public ServiceMonitorSpecEndpoints build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link ServiceMonitorSpecEndpoints}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements ServiceMonitorSpecEndpoints {
        private final java.lang.Boolean honorLabels;
        private final java.lang.String interval;
        private final java.lang.String path;
        private final java.lang.String port;
        private final imports.com.coreos.monitoring.ServiceMonitorSpecEndpointsScheme scheme;
        private final java.lang.String scrapeTimeout;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.honorLabels = software.amazon.jsii.Kernel.get(this, "honorLabels", software.amazon.jsii.NativeType.forClass(java.lang.Boolean.class));
            this.interval = software.amazon.jsii.Kernel.get(this, "interval", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.path = software.amazon.jsii.Kernel.get(this, "path", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.port = software.amazon.jsii.Kernel.get(this, "port", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.scheme = software.amazon.jsii.Kernel.get(this, "scheme", software.amazon.jsii.NativeType.forClass(imports.com.coreos.monitoring.ServiceMonitorSpecEndpointsScheme.class));
            this.scrapeTimeout = software.amazon.jsii.Kernel.get(this, "scrapeTimeout", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.honorLabels = builder.honorLabels;
            this.interval = builder.interval;
            this.path = builder.path;
            this.port = builder.port;
            this.scheme = builder.scheme;
            this.scrapeTimeout = builder.scrapeTimeout;
        }

        @Override
        public final java.lang.Boolean getHonorLabels() {
            return this.honorLabels;
        }

        @Override
        public final java.lang.String getInterval() {
            return this.interval;
        }

        @Override
        public final java.lang.String getPath() {
            return this.path;
        }

        @Override
        public final java.lang.String getPort() {
            return this.port;
        }

        @Override
        public final imports.com.coreos.monitoring.ServiceMonitorSpecEndpointsScheme getScheme() {
            return this.scheme;
        }

        @Override
        public final java.lang.String getScrapeTimeout() {
            return this.scrapeTimeout;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            if (this.getHonorLabels() != null) {
                data.set("honorLabels", om.valueToTree(this.getHonorLabels()));
            }
            if (this.getInterval() != null) {
                data.set("interval", om.valueToTree(this.getInterval()));
            }
            if (this.getPath() != null) {
                data.set("path", om.valueToTree(this.getPath()));
            }
            if (this.getPort() != null) {
                data.set("port", om.valueToTree(this.getPort()));
            }
            if (this.getScheme() != null) {
                data.set("scheme", om.valueToTree(this.getScheme()));
            }
            if (this.getScrapeTimeout() != null) {
                data.set("scrapeTimeout", om.valueToTree(this.getScrapeTimeout()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("comcoreosmonitoring.ServiceMonitorSpecEndpoints"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            ServiceMonitorSpecEndpoints.Jsii$Proxy that = (ServiceMonitorSpecEndpoints.Jsii$Proxy) o;

            if (this.honorLabels != null ? !this.honorLabels.equals(that.honorLabels) : that.honorLabels != null) return false;
            if (this.interval != null ? !this.interval.equals(that.interval) : that.interval != null) return false;
            if (this.path != null ? !this.path.equals(that.path) : that.path != null) return false;
            if (this.port != null ? !this.port.equals(that.port) : that.port != null) return false;
            if (this.scheme != null ? !this.scheme.equals(that.scheme) : that.scheme != null) return false;
            return this.scrapeTimeout != null ? this.scrapeTimeout.equals(that.scrapeTimeout) : that.scrapeTimeout == null;
        }

        @Override
        public final int hashCode() {
            int result = this.honorLabels != null ? this.honorLabels.hashCode() : 0;
            result = 31 * result + (this.interval != null ? this.interval.hashCode() : 0);
            result = 31 * result + (this.path != null ? this.path.hashCode() : 0);
            result = 31 * result + (this.port != null ? this.port.hashCode() : 0);
            result = 31 * result + (this.scheme != null ? this.scheme.hashCode() : 0);
            result = 31 * result + (this.scrapeTimeout != null ? this.scrapeTimeout.hashCode() : 0);
            return result;
        }
    }
}
