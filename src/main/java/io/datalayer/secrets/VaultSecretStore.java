package io.datalayer.secrets;

import imports.io.external_secrets.SecretStoreProps;
import imports.io.external_secrets.SecretStoreSpec;
import imports.io.external_secrets.SecretStoreSpecProvider;
import imports.io.external_secrets.SecretStoreSpecProviderVault;
import imports.io.external_secrets.SecretStoreSpecProviderVaultAuth;
import imports.io.external_secrets.SecretStoreSpecProviderVaultAuthKubernetes;
import imports.io.external_secrets.SecretStoreSpecProviderVaultAuthKubernetesServiceAccountRef;
import imports.io.external_secrets.SecretStoreSpecProviderVaultCaProvider;
import imports.io.external_secrets.SecretStoreSpecProviderVaultCaProviderType;
import imports.io.external_secrets.SecretStoreSpecProviderVaultVersion;
import io.datalayer.kit.Labels;
import io.datalayer.kit.Namespaces;
import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.kube.KubeObject;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.plus28.k8s.KubeServiceAccountProps;
import org.cdk8s.plus28.k8s.ObjectMeta;
import software.constructs.Construct;

/**
 * The ESO {@code SecretStore} ({@code external-secrets.io/v1}) through which this layer reads Vault
 * KV v2, plus the ServiceAccount it authenticates as. ESO requests that account's tokens through
 * the TokenRequest API, so the account mounts no token into pods. A namespaced store, not a
 * ClusterSecretStore: this layer's Vault role then reaches only this layer's secrets.
 */
public final class VaultSecretStore extends KubeConstruct {
    private final VaultSecretStoreProps props;
    private final String namespace;
    private final KubeObject store;
    private final KubeObject serviceAccount;

    public VaultSecretStore(Construct scope, String id, VaultSecretStoreProps props) {
        super(scope, id);
        if (props == null) {
            throw new IllegalArgumentException("VaultSecretStore props must not be null; use VaultSecretStoreProps.defaults()");
        }
        this.props = props;
        this.namespace = Namespaces.of(this);
        VaultConnection c = props.connection();
        this.serviceAccount = Kube.serviceAccount(this, "service-account", KubeServiceAccountProps.builder()
                .metadata(ObjectMeta.builder().name(c.serviceAccountName()).namespace(namespace)
                        .labels(Labels.of(props.name(), "secret-store")).build())
                .automountServiceAccountToken(false)
                .build());
        SecretStoreSpecProviderVault.Builder vault = SecretStoreSpecProviderVault.builder()
                .server(c.serverWithoutSlash())
                .path(props.kvMount())
                .version(SecretStoreSpecProviderVaultVersion.V2)
                .auth(SecretStoreSpecProviderVaultAuth.builder()
                        .kubernetes(SecretStoreSpecProviderVaultAuthKubernetes.builder()
                                .mountPath(c.authMountPath())
                                .role(c.role())
                                .serviceAccountRef(SecretStoreSpecProviderVaultAuthKubernetesServiceAccountRef.builder()
                                        .name(c.serviceAccountName()).build())
                                .build())
                        .build());
        if (c.vaultNamespace() != null) {
            vault.namespace(c.vaultNamespace());
        }
        if (c.caBundle() != null) {
            vault.caBundle(c.caBundleBase64());
        }
        if (c.caConfigMap() != null) {
            vault.caProvider(SecretStoreSpecProviderVaultCaProvider.builder()
                    .type(SecretStoreSpecProviderVaultCaProviderType.CONFIG_MAP)
                    .name(c.caConfigMap()).key(VaultConnection.CA_KEY).build());
        }
        this.store = Kube.secretStore(this, "store", SecretStoreProps.builder()
                .metadata(ApiObjectMetadata.builder().name(props.name()).namespace(namespace)
                        .labels(Labels.of(props.name(), "secret-store")).build())
                .spec(SecretStoreSpec.builder()
                        .provider(SecretStoreSpecProvider.builder().vault(vault.build()).build())
                        .build())
                .build());
    }

    /** The effective props, defaults applied. */
    public VaultSecretStoreProps props() {
        return props;
    }

    public String name() {
        return props.name();
    }

    /** The chart's namespace, where the store and its ServiceAccount live. */
    public String namespace() {
        return namespace;
    }

    public String kvMount() {
        return props.kvMount();
    }

    public KubeObject apiObject() {
        return store;
    }

    public KubeObject serviceAccount() {
        return serviceAccount;
    }
}
