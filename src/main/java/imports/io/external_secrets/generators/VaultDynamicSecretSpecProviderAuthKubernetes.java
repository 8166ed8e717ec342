package imports.io.external_secrets.generators;

/**
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-27T17:54:53.358Z")
@software.amazon.jsii.Jsii(module = imports.io.external_secrets.generators.$Module.class, fqn = "ioexternal-secretsgenerators.VaultDynamicSecretSpecProviderAuthKubernetes")
@software.amazon.jsii.Jsii.Proxy(VaultDynamicSecretSpecProviderAuthKubernetes.Jsii$Proxy.class)
public interface VaultDynamicSecretSpecProviderAuthKubernetes extends software.amazon.jsii.JsiiSerializable {

    /**
     */
    @org.jetbrains.annotations.NotNull java.lang.String getMountPath();

    /**
     */
    @org.jetbrains.annotations.NotNull java.lang.String getRole();

    /**
     */
    default @org.jetbrains.annotations.Nullable imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef getServiceAccountRef() {
        return null;
    }

    /**
     * @return a {@link Builder} of {@link VaultDynamicSecretSpecProviderAuthKubernetes}
     */
    static Builder builder() {
        return new Builder();
    }
    /**
     * A builder for {@link VaultDynamicSecretSpecProviderAuthKubernetes}
     */
    public static final class Builder implements software.amazon.jsii.Builder<VaultDynamicSecretSpecProviderAuthKubernetes> {
        java.lang.String mountPath;
        java.lang.String role;
        imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef serviceAccountRef;

        /**
         * Sets the value of {@link VaultDynamicSecretSpecProviderAuthKubernetes#getMountPath}
         * @param mountPath the value to be set. This parameter is required.
         * @return {@code this}
         */
        public Builder mountPath(java.lang.String mountPath) {
            this.mountPath = mountPath;
            return this;
        }

        /**
         * Sets the value of {@link VaultDynamicSecretSpecProviderAuthKubernetes#getRole}
         * @param role the value to be set. This parameter is required.
         * @return {@code this}
         */
        public Builder role(java.lang.String role) {
            this.role = role;
            return this;
        }

        /**
         * Sets the value of {@link VaultDynamicSecretSpecProviderAuthKubernetes#getServiceAccountRef}
         * @param serviceAccountRef the value to be set.
         * @return {@code this}
         */
        public Builder serviceAccountRef(imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef serviceAccountRef) {
            this.serviceAccountRef = serviceAccountRef;
            return this;
        }

        /**
         * Builds the configured instance.
         * @return a new instance of {@link VaultDynamicSecretSpecProviderAuthKubernetes}
         * @throws NullPointerException if any required attribute was not provided
         */
        @Override
        public VaultDynamicSecretSpecProviderAuthKubernetes build() {
            return new Jsii$Proxy(this);
        }
    }

    /**
     * An implementation for {@link VaultDynamicSecretSpecProviderAuthKubernetes}
     */
    @software.amazon.jsii.Internal
    final class Jsii$Proxy extends software.amazon.jsii.JsiiObject implements VaultDynamicSecretSpecProviderAuthKubernetes {
        private final java.lang.String mountPath;
        private final java.lang.String role;
        private final imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef serviceAccountRef;

        /**
         * Constructor that initializes the object based on values retrieved from the JsiiObject.
         * @param objRef Reference to the JSII managed object.
         */
        protected Jsii$Proxy(final software.amazon.jsii.JsiiObjectRef objRef) {
            super(objRef);
            this.mountPath = software.amazon.jsii.Kernel.get(this, "mountPath", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.role = software.amazon.jsii.Kernel.get(this, "role", software.amazon.jsii.NativeType.forClass(java.lang.String.class));
            this.serviceAccountRef = software.amazon.jsii.Kernel.get(this, "serviceAccountRef", software.amazon.jsii.NativeType.forClass(imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef.class));
        }

        /**
         * Constructor that initializes the object based on literal property values passed by the {@link Builder}.
         */
        protected Jsii$Proxy(final Builder builder) {
            super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
            this.mountPath = java.util.Objects.requireNonNull(builder.mountPath, "mountPath is required");
            this.role = java.util.Objects.requireNonNull(builder.role, "role is required");
            this.serviceAccountRef = builder.serviceAccountRef;
        }

        @Override
        public final java.lang.String getMountPath() {
            return this.mountPath;
        }

        @Override
        public final java.lang.String getRole() {
            return this.role;
        }

        @Override
        public final imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef getServiceAccountRef() {
            return this.serviceAccountRef;
        }

        @Override
        @software.amazon.jsii.Internal
        public com.fasterxml.jackson.databind.JsonNode $jsii$toJson() {
            final com.fasterxml.jackson.databind.ObjectMapper om = software.amazon.jsii.JsiiObjectMapper.INSTANCE;
            final com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

            data.set("mountPath", om.valueToTree(this.getMountPath()));
            data.set("role", om.valueToTree(this.getRole()));
            if (this.getServiceAccountRef() != null) {
                data.set("serviceAccountRef", om.valueToTree(this.getServiceAccountRef()));
            }

            final com.fasterxml.jackson.databind.node.ObjectNode struct = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            struct.set("fqn", om.valueToTree("ioexternal-secretsgenerators.VaultDynamicSecretSpecProviderAuthKubernetes"));
            struct.set("data", data);

            final com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.set("$jsii.struct", struct);

            return obj;
        }

        @Override
        public final boolean equals(final java.lang.Object o) {
            if (this == o) return true;
            if (o == null || getClass() != o.getClass()) return false;

            VaultDynamicSecretSpecProviderAuthKubernetes.Jsii$Proxy that = (VaultDynamicSecretSpecProviderAuthKubernetes.Jsii$Proxy) o;

            if (!mountPath.equals(that.mountPath)) return false;
            if (!role.equals(that.role)) return false;
            return this.serviceAccountRef != null ? this.serviceAccountRef.equals(that.serviceAccountRef) : that.serviceAccountRef == null;
        }

        @Override
        public final int hashCode() {
            int result = this.mountPath.hashCode();
            result = 31 * result + (this.role.hashCode());
            result = 31 * result + (this.serviceAccountRef != null ? this.serviceAccountRef.hashCode() : 0);
            return result;
        }
    }
}
