package imports.com.coreos.monitoring;

/**
 * One alerting rule (data-layer writes no recording rules).
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-28T02:23:57.888Z")
@software.amazon.jsii.Jsii(module = imports.com.coreos.monitoring.$Module.class, fqn = "comcoreosmonitoring.PrometheusRuleSpecGroupsRules")
@software.amazon.jsii.Jsii.Proxy(PrometheusRuleSpecGroupsRules.Jsii$Proxy.class)
public interface PrometheusRuleSpecGroupsRules extends software.amazon.jsii.JsiiSerializable {

    /**
     * PromQL expression to evaluate (upstream also takes an integer).
     */
    @org.jetbrains.annotations.NotNull java.lang.String getExpr();

    /**
     * Name of the alert;
     * <p>
     * a valid label value.
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getAlert() {
        return null;
    }

    /**
     * Annotations of the alert (summary, description, runbook_url).
     */
    default @org.jetbrains.annotations.Nullable java.util.Map<java.lang.String, java.lang.String> getAnnotations() {
        return null;
    }

    /**
     * How long the expression must hold before the alert fires.
     */
    default @org.jetbrains.annotations.Nullable java.lang.String getForValue() {
        return null;
    }

    /**
     * Labels added to the alert (severity).
     */
    default @org.jetbrains.annotations.Nullable java.util.Map<java.lang.String, java.lang.String> getLabels() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link PrometheusRuleSpecGroupsRules}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link PrometheusRuleSpecGroupsRules}
     */
    public static final class Builder implements software.amazon.jsii.Builder<PrometheusRuleSpecGroupsRules> {
        java.lang.String expr;
        java.lang.String alert;
        java.util.Map<java.lang.String, java.lang.String> annotations;
        java.lang.String forValue;
        java.util.Map<java.lang.String, java.lang.String> labels;

        /**
         * Sets the value of {@link PrometheusRuleSpecGroupsRules#getExpr}
         * @param expr PromQL expression to evaluate (upstream also takes an integer). This parameter is required.
         * @return {@code this}
         */
        public Builder expr(java.lang.String expr) {
            this.expr = expr;
            return this;
        }

        /**
         * Sets the value of {@link PrometheusRuleSpecGroupsRules#getAlert}
         * @param alert Name of the alert;.
         *              a valid label value.
         * @return {@code this}
         */
        public Builder alert(java.lang.String alert) {
            this.alert = alert;
            return this;
        }

        /**
         * Sets the value of {@link PrometheusRuleSpecGroupsRules#getAnnotations}
         * @param annotations Annotations of the alert (summary, description, runbook_url).
         * @return {@code this}
         */
        public Builder annotations(java.util.Map<java.lang.String, java.lang.String> annotations) {
            this.annotations = annotations;
            return this;
        }

        /**
         * Sets the value of {@link PrometheusRuleSpecGroupsRules#getForValue}
         * @param forValue How long the expression must hold before the alert fires.
         * @return {@code this}
         */
        public Builder forValue(java.lang.String forValue) {
            this.forValue = forValue;
            return this;
        }

        /**
         * Sets the value of {@link PrometheusRuleSpecGroupsRules#getLabels}
         * @param labels Labels added to the alert (severity).
         * @return {@code this}
         */
        public Builder labels(java.util.Map<java.lang.String, java.lang.String> labels) {
            this.labels = labels;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link PrometheusRuleSpecGroupsRules}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public PrometheusRuleSpecGroupsRules build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link PrometheusRuleSpecGroupsRules}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements PrometheusRuleSpecGroupsRules {
        private final java.lang.String expr;
        private final java.lang.String alert;
        private final java.util.Map<java.lang.String, java.lang.String> annotations;
        private final java.lang.String forValue;
        private final java.util.Map<java.lang.String, java.lang.String> labels;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.expr = software.amazon.jsii.Kernel.get(this, "expr", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.alert = software.amazon.jsii.Kernel.get(this, "alert", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.annotations = software.amazon.jsii.Kernel.get(this, "annotations", software.amazon.jsii.NativeType.mapOf(software.amazon.jsii.NativeType.forClass(java.lang.String.class)));
            this.forValue = software.amazon.jsii.Kernel.get(this, "for", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.labels = software.amazon.jsii.Kernel.get(this, "labels", software.amazon.jsii.NativeType.mapOf(software.amazon.jsii.NativeType.forClass(java.lang.String.class)));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.expr = java.util.Objects.requireNonNull(builder.expr, "expr is required");
            this.alert = builder.alert;
            this.annotations = builder.annotations;
            this.forValue = builder.forValue;
            this.labels = builder.labels;
        }

        @Override
        public final java.lang.String getExpr() {
            return this.expr;
        }

        @Override
        public final java.lang.String getAlert() {
            return this.alert;
        }

        @Override
        public final java.util.Map<java.lang.String, java.lang.String> getAnnotations() {
            return this.annotations;
        }

        @Override
        public final java.lang.String getForValue() {
            return this.forValue;
        }

        @Override
        public final java.util.Map<java.lang.String, java.lang.String> getLabels() {
            return this.labels;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            data.set("expr", om.valueToTree(this.getExpr()));
            if (this.getAlert() != null) {
                data.set("alert", om.valueToTree(this.getAlert()));
            }
            if (this.getAnnotations() != null) {
                data.set("annotations", om.valueToTree(this.getAnnotations()));
            }
            if (this.getForValue() != null) {
                data.set("for", om.valueToTree(this.getForValue()));
            }
            if (this.getLabels() != null) {
                data.set("labels", om.valueToTree(this.getLabels()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("comcoreosmonitoring.PrometheusRuleSpecGroupsRules"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            PrometheusRuleSpecGroupsRules.Jsii$Proxy that = (PrometheusRuleSpecGroupsRules.Jsii$Proxy) o;

            if (!expr.equals(that.expr)) return false;
            if (this.alert != null ? !this.alert.equals(that.alert) : that.alert != null) return false;
            if (this.annotations != null ? !this.annotations.equals(that.annotations) : that.annotations != null) return false;
            if (this.forValue != null ? !this.forValue.equals(that.forValue) : that.forValue != null) return false;
            return this.labels != null ? this.labels.equals(that.labels) : that.labels == null;
        }

        @Override
        public final int hashCode() {
            int result = this.expr.hashCode();
            result = 31 * result + (this.alert != null ? this.alert.hashCode() : 0);
            result = 31 * result + (this.annotations != null ? this.annotations.hashCode() : 0);
            result = 31 * result + (this.forValue != null ? this.forValue.hashCode() : 0);
            result = 31 * result + (this.labels != null ? this.labels.hashCode() : 0);
            return result;
        }
    }
}
