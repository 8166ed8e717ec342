package imports.com.coreos.monitoring;

/**
 * A list of rules evaluated in sequence.
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-28T02:23:57.888Z")
@software.amazon.jsii.Jsii(module = imports.com.coreos.monitoring.$Module.class, fqn = "comcoreosmonitoring.PrometheusRuleSpecGroups")
@software.amazon.jsii.Jsii.Proxy(PrometheusRuleSpecGroups.Jsii$Proxy.class)
public interface PrometheusRuleSpecGroups extends software.amazon.jsii.JsiiSerializable {

    /**
     * Name of the rule group.
     */
    @org.jetbrains.annotations.NotNull java.lang.String getName();

    /**
     * How often the group's rules are evaluated.
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getInterval() {
        return null;
    }

    /**
     * Alerting and recording rules.
     */
    default @org.jetbrains.annotations.Nullable java.util.List<imports.com.coreos.monitoring.PrometheusRuleSpecGroupsRules> getRules() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link PrometheusRuleSpecGroups}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link PrometheusRuleSpecGroups}
     */
    public static final class Builder implements software.amazon.jsii.Builder<PrometheusRuleSpecGroups> {
        java.lang.String name;
        java.lang.String interval;
        java.util.List<imports.com.coreos.monitoring.PrometheusRuleSpecGroupsRules> rules;

        /**
         * Sets the value of {@link PrometheusRuleSpecGroups#getName}
         * @param name Name of the rule group. This parameter is required.
         * @return {@code this}
         */
        public Builder name(java.lang.String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the value of {@link PrometheusRuleSpecGroups#getInterval}
         * @param interval How often the group's rules are evaluated.
         * @return {@code this}
         */
        public Builder interval(java.lang.String interval) {
            this.interval = interval;
            return this;
        }

        /**
         * Sets the value of {@link PrometheusRuleSpecGroups#getRules}
         * @param rules Alerting and recording rules.
         * @return {@code this}
         */
        @SuppressWarnings("unchecked")
        public Builder rules(java.util.List<? extends imports.com.coreos.monitoring.PrometheusRuleSpecGroupsRules> rules) {
            this.rules = (java.util.List<imports.com.coreos.monitoring.PrometheusRuleSpecGroupsRules>)rules;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link PrometheusRuleSpecGroups}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public PrometheusRuleSpecGroups build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link PrometheusRuleSpecGroups}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements PrometheusRuleSpecGroups {
        private final java.lang.String name;
        private final java.lang.String interval;
        private final java.util.List<imports.com.coreos.monitoring.PrometheusRuleSpecGroupsRules> rules;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.name = software.amazon.jsii.Kernel.get(this, "name", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.interval = software.amazon.jsii.Kernel.get(this, "interval", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.rules = software.amazon.jsii.Kernel.get(this, "rules", software.amazon.jsii.NativeType.listOf(software.amazon.jsii.NativeType.forClass(imports.com.coreos.monitoring.PrometheusRuleSpecGroupsRules.class)));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        @SuppressWarnings("unchecked")
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.name = java.util.Objects.requireNonNull(builder.name, "name is required");
            this.interval = builder.interval;
            this.rules = (java.util.List<imports.com.coreos.monitoring.PrometheusRuleSpecGroupsRules>)builder.rules;
        }

        @Override
        public final java.lang.String getName() {
            return this.name;
        }

        @Override
        public final java.lang.String getInterval() {
            return this.interval;
        }

        @Override
        public final java.util.List<imports.com.coreos.monitoring.PrometheusRuleSpecGroupsRules> getRules() {
            return this.rules;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            data.set("name", om.valueToTree(this.getName()));
            if (this.getInterval() != null) {
                data.set("interval", om.valueToTree(this.getInterval()));
            }
            if (this.getRules() != null) {
                data.set("rules", om.valueToTree(this.getRules()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("comcoreosmonitoring.PrometheusRuleSpecGroups"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            PrometheusRuleSpecGroups.Jsii$Proxy that = (PrometheusRuleSpecGroups.Jsii$Proxy) o;

            if (!name.equals(that.name)) return false;
            if (this.interval != null ? !this.interval.equals(that.interval) : that.interval != null) return false;
            return this.rules != null ? this.rules.equals(that.rules) : that.rules == null;
        }

        @Override
        public final int hashCode() {
            int result = this.name.hashCode();
            result = 31 * result + (this.interval != null ? this.interval.hashCode() : 0);
            result = 31 * result + (this.rules != null ? this.rules.hashCode() : 0);
            return result;
        }
    }
}
