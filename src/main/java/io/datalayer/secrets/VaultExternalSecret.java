package io.datalayer.secrets;

import imports.io.external_secrets.ExternalSecretProps;
import imports.io.external_secrets.ExternalSecretSpec;
import imports.io.external_secrets.ExternalSecretSpecData;
import imports.io.external_secrets.ExternalSecretSpecDataRemoteRef;
import imports.io.external_secrets.ExternalSecretSpecDataRemoteRefConversionStrategy;
import imports.io.external_secrets.ExternalSecretSpecDataRemoteRefDecodingStrategy;
import imports.io.external_secrets.ExternalSecretSpecDataRemoteRefMetadataPolicy;
import imports.io.external_secrets.ExternalSecretSpecSecretStoreRef;
import imports.io.external_secrets.ExternalSecretSpecSecretStoreRefKind;
import imports.io.external_secrets.ExternalSecretSpecTarget;
import io.datalayer.kit.Labels;
import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.cdk8s.ApiObjectMetadata;
import software.constructs.Construct;

/**
 * An ESO {@code ExternalSecret} ({@code external-secrets.io/v1}) that copies a Vault KV v2 secret
 * into a Kubernetes Secret: one {@code data} entry per required key, with
 * {@code remoteRef.key} the path below the store's mount (e.g. {@code postgres}, never
 * {@code secret/data/postgres}) and {@code remoteRef.property} the key. Consumers take the Secret's
 * name and keys from {@link #targetSecretName()} and {@link #keys()}, so they come from one place.
 */
public final class VaultExternalSecret extends KubeConstruct {
    private final VaultExternalSecretProps props;
    private final VaultSecretStore store;
    private final KubeObject externalSecret;
    private Long pinned;

    /**
     * @param store the store to read through; it must be in the same namespace and read the
     *              requirement's mount
     */
    public VaultExternalSecret(Construct scope, String id, VaultSecretStore store, VaultExternalSecretProps props) {
        super(scope, id);
        if (store == null || props == null) {
            throw new IllegalArgumentException("VaultExternalSecret needs a store and props");
        }
        if (!store.kvMount().equals(props.requirement().mount())) {
            throw new IllegalArgumentException("VaultExternalSecretProps.requirement mount \"" + props.requirement().mount()
                    + "\" differs from the mount \"" + store.kvMount() + "\" of SecretStore \"" + store.name()
                    + "\"; ESO reads remoteRef.key below the store's mount, so use a store for that mount");
        }
        this.props = props;
        this.store = store;
        this.externalSecret = Kube.externalSecret(this, "external-secret", ExternalSecretProps.builder()
                .metadata(ApiObjectMetadata.builder().name(props.name()).namespace(store.namespace())
                        .labels(Labels.of(props.name(), "secret")).build())
                .spec(spec(props.pinnedVersion()))
                .build());
    }

    /** The spec, every key at {@code version} (the latest when null). */
    private ExternalSecretSpec spec(Long version) {
        List<ExternalSecretSpecData> data = new ArrayList<>();
        for (String key : props.requirement().keys()) {
            // The three strategies are what ESO's CRD defaults them to; written out, the live object
            // equals dist/ and Argo CD does not show every ExternalSecret as out of sync.
            ExternalSecretSpecDataRemoteRef.Builder ref = ExternalSecretSpecDataRemoteRef.builder()
                    .key(props.requirement().path())
                    .property(key)
                    .conversionStrategy(ExternalSecretSpecDataRemoteRefConversionStrategy.DEFAULT)
                    .decodingStrategy(ExternalSecretSpecDataRemoteRefDecodingStrategy.NONE)
                    .metadataPolicy(ExternalSecretSpecDataRemoteRefMetadataPolicy.NONE);
            if (version != null) {
                ref.version(String.valueOf(version));
            }
            data.add(ExternalSecretSpecData.builder().secretKey(key).remoteRef(ref.build()).build());
        }
        return ExternalSecretSpec.builder()
                .secretStoreRef(ExternalSecretSpecSecretStoreRef.builder()
                        .name(store.name()).kind(ExternalSecretSpecSecretStoreRefKind.SECRET_STORE).build())
                .refreshInterval(props.refreshInterval())
                .target(ExternalSecretSpecTarget.builder()
                        .name(props.targetSecretName())
                        .creationPolicy(props.creationPolicy())
                        .deletionPolicy(props.deletionPolicy())
                        .build())
                .data(data)
                .build();
    }

    /**
     * Pins every key to a KV v2 version after construction: the build-time check reads the
     * requirements from the chart first and only then knows the versions.
     */
    public void pin(long version) {
        if (version < 1) {
            throw new IllegalArgumentException("VaultExternalSecret \"" + props.name() + "\" cannot pin version " + version
                    + "; KV v2 versions start at 1");
        }
        if (props.pinnedVersion() != null || pinned != null) {
            throw new IllegalStateException("VaultExternalSecret \"" + props.name() + "\" is already pinned to version "
                    + (pinned != null ? pinned : props.pinnedVersion()) + "; pin it once");
        }
        pinned = version;
        externalSecret.jsonPatchAdd("/spec", Kube.json(spec(version))); // version in its place among remoteRef's fields
    }

    /** The KV v2 version every key is pinned to; empty when it follows the latest version. */
    public OptionalLong pinnedVersion() {
        Long v = pinned != null ? pinned : props.pinnedVersion();
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** The effective props, defaults applied. */
    public VaultExternalSecretProps props() {
        return props;
    }

    /** The Kubernetes Secret ESO writes. */
    public String targetSecretName() {
        return props.targetSecretName();
    }

    /** The keys of that Secret (the requirement's keys). */
    public List<String> keys() {
        return props.requirement().keys();
    }

    /** A key of the target Secret, checked to exist. */
    public String key(String key) {
        if (!keys().contains(key)) {
            throw new IllegalArgumentException("Secret \"" + targetSecretName() + "\" has no key \"" + key
                    + "\"; its keys are " + keys() + " (add it to the SecretRequirement)");
        }
        return key;
    }

    public KubeObject apiObject() {
        return externalSecret;
    }
}
