package io.datalayer.secrets;

import imports.io.external_secrets.ExternalSecretProps;
import imports.io.external_secrets.ExternalSecretSpec;
import imports.io.external_secrets.ExternalSecretSpecDataFrom;
import imports.io.external_secrets.ExternalSecretSpecDataFromSourceRef;
import imports.io.external_secrets.ExternalSecretSpecDataFromSourceRefGeneratorRef;
import imports.io.external_secrets.ExternalSecretSpecDataFromSourceRefGeneratorRefKind;
import imports.io.external_secrets.ExternalSecretSpecTarget;
import imports.io.external_secrets.ExternalSecretSpecTargetCreationPolicy;
import imports.io.external_secrets.ExternalSecretSpecTargetDeletionPolicy;
import imports.io.external_secrets.generators.VaultDynamicSecretProps;
import imports.io.external_secrets.generators.VaultDynamicSecretSpec;
import imports.io.external_secrets.generators.VaultDynamicSecretSpecProvider;
import imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuth;
import imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuthKubernetes;
import imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef;
import imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderCaProvider;
import imports.io.external_secrets.generators.VaultDynamicSecretSpecProviderCaProviderType;
import imports.io.external_secrets.generators.VaultDynamicSecretSpecResultType;
import io.datalayer.kit.Labels;
import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.kube.KubeObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.plus28.k8s.KubeServiceAccountProps;
import org.cdk8s.plus28.k8s.ObjectMeta;
import software.constructs.Construct;

/**
 * Dynamic PostgreSQL credentials for an L4 app, through ESO: a {@code VaultDynamicSecret} generator
 * ({@code generators.external-secrets.io/v1alpha1}) that GETs {@code database/creds/<role>}, and an
 * {@code ExternalSecret} in the app's namespace that writes the generated {@code username} and
 * {@code password} into a Secret, plus the ServiceAccount the generator authenticates as.
 *
 * <p><b>What ESO does not do:</b> it neither renews nor revokes the Vault lease behind the
 * credentials. Each refresh creates a NEW database user; the previous one lives until its lease's
 * TTL runs out (Vault then revokes it), and deleting the ExternalSecret revokes nothing. So set the
 * role's TTL comfortably above {@code refreshInterval}, and make the app re-read the Secret (or
 * restart) on change, or connections fail when the old user expires.
 *
 * <p><b>When the Vault Agent injector is the better choice:</b> when the app must keep one user for
 * long-lived connections (the agent renews the lease up to max TTL), when leases must be revoked as
 * soon as the pod goes away, or when the credentials should never exist as a Kubernetes Secret
 * (the agent writes them to a memory volume in the pod).
 */
public final class DynamicDatabaseCredentials extends KubeConstruct {
    private final DynamicDatabaseCredentialsProps props;
    private final KubeObject generator;
    private final KubeObject externalSecret;

    public DynamicDatabaseCredentials(Construct scope, String id, DynamicDatabaseCredentialsProps props) {
        super(scope, id);
        if (props == null) {
            throw new IllegalArgumentException("DynamicDatabaseCredentials props must not be null;"
                    + " use DynamicDatabaseCredentialsProps.of(namespace, role)");
        }
        this.props = props;
        VaultConnection c = props.connection();
        Map<String, String> labels = new TreeMap<>(Labels.of(props.name(), "database-credentials"));
        labels.put(Labels.LAYER, Labels.APP_LAYER);
        Kube.serviceAccount(this, "service-account", KubeServiceAccountProps.builder()
                .metadata(ObjectMeta.builder().name(c.serviceAccountName()).namespace(props.namespace())
                        .labels(labels).build())
                .automountServiceAccountToken(false)
                .build());
        VaultDynamicSecretSpecProvider.Builder provider = VaultDynamicSecretSpecProvider.builder()
                .server(c.serverWithoutSlash())
                .auth(VaultDynamicSecretSpecProviderAuth.builder()
                        .kubernetes(VaultDynamicSecretSpecProviderAuthKubernetes.builder()
                                .mountPath(c.authMountPath())
                                .role(c.role())
                                .serviceAccountRef(VaultDynamicSecretSpecProviderAuthKubernetesServiceAccountRef.builder()
                                        .name(c.serviceAccountName()).build())
                                .build())
                        .build());
        if (c.vaultNamespace() != null) {
            provider.namespace(c.vaultNamespace());
        }
        if (c.caBundle() != null) {
            provider.caBundle(c.caBundleBase64());
        }
        if (c.caConfigMap() != null) {
            provider.caProvider(VaultDynamicSecretSpecProviderCaProvider.builder()
                    .type(VaultDynamicSecretSpecProviderCaProviderType.CONFIG_MAP)
                    .name(c.caConfigMap()).key(VaultConnection.CA_KEY).build());
        }
        this.generator = Kube.vaultDynamicSecret(this, "generator", VaultDynamicSecretProps.builder()
                .metadata(ApiObjectMetadata.builder().name(props.name()).namespace(props.namespace()).labels(labels).build())
                .spec(VaultDynamicSecretSpec.builder()
                        .path(props.credsPath())
                        .method("GET")
                        .resultType(VaultDynamicSecretSpecResultType.DATA)
                        .provider(provider.build())
                        .build())
                .build());
        this.externalSecret = Kube.externalSecret(this, "external-secret", ExternalSecretProps.builder()
                .metadata(ApiObjectMetadata.builder().name(props.name()).namespace(props.namespace()).labels(labels).build())
                .spec(ExternalSecretSpec.builder()
                        .refreshInterval(props.refreshInterval())
                        .target(ExternalSecretSpecTarget.builder()
                                .name(props.targetSecretName())
                                .creationPolicy(ExternalSecretSpecTargetCreationPolicy.OWNER)
                                // Generated users are worthless once the generator is gone.
                                .deletionPolicy(ExternalSecretSpecTargetDeletionPolicy.DELETE)
                                .build())
                        .dataFrom(List.of(ExternalSecretSpecDataFrom.builder()
                                .sourceRef(ExternalSecretSpecDataFromSourceRef.builder()
                                        .generatorRef(ExternalSecretSpecDataFromSourceRefGeneratorRef.builder()
                                                .apiVersion(Kube.VAULT_DYNAMIC_SECRET_API_VERSION)
                                                .kind(ExternalSecretSpecDataFromSourceRefGeneratorRefKind.VAULT_DYNAMIC_SECRET)
                                                .name(props.name())
                                                .build())
                                        .build())
                                .build()))
                        .build())
                .build());
    }

    /** The effective props, defaults applied. */
    public DynamicDatabaseCredentialsProps props() {
        return props;
    }

    /** The Secret the app mounts; keys {@code username} and {@code password}. */
    public String targetSecretName() {
        return props.targetSecretName();
    }

    public KubeObject generator() {
        return generator;
    }

    public KubeObject apiObject() {
        return externalSecret;
    }
}
