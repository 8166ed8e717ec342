// The layer-wide constructs of the JavaScript peer: io.datalayer.namespace.DataNamespace, the Vault
// SecretStore and ExternalSecrets of io.datalayer.secrets, and io.datalayer.gitops.GitOps.
'use strict';
const { ApiObject, Chart, JsonPatch } = require('cdk8s');
const { Construct } = require('constructs');
const { k8s } = require('cdk8s-plus-28');
const { eso } = require('./imports');
const { labelsOf, layerLabels, namespaceOf } = require('./kit');

/** The namespace with Pod Security restricted, and a default-deny policy. */
class DataNamespace extends Construct {
  constructor(scope, id, props) {
    super(scope, id);
    const labels = { ...layerLabels(), 'kubernetes.io/metadata.name': props.name };
    for (const mode of ['enforce', 'audit', 'warn']) {
      labels[`pod-security.kubernetes.io/${mode}`] = 'restricted';
      labels[`pod-security.kubernetes.io/${mode}-version`] = props.podSecurityVersion;
    }
    const namespace = new k8s.KubeNamespace(this, 'namespace', { metadata: { name: props.name, labels } });
    // A chart's namespace is written into every object, this cluster-scoped one included.
    if (Chart.of(this).namespace) namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    new k8s.KubeNetworkPolicy(this, 'default-deny', {
      metadata: { name: 'default-deny', namespace: props.name, labels: layerLabels() },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
  }
}

/** The ESO SecretStore for Vault KV v2 and the ServiceAccount it authenticates as. */
class VaultSecretStore extends Construct {
  constructor(scope, id, props) {
    super(scope, id);
    this.name = props.name;
    this.kvMount = props.kvMount;
    this.namespace = namespaceOf(this);
    const c = props.connection;
    const labels = labelsOf(props.name, 'secret-store');
    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: c.serviceAccountName, namespace: this.namespace, labels }, automountServiceAccountToken: false,
    });
    new eso.SecretStore(this, 'store', {
      metadata: { name: props.name, namespace: this.namespace, labels },
      spec: {
        provider: {
          vault: {
            server: c.server.replace(/\/$/, ''), path: props.kvMount, version: eso.SecretStoreSpecProviderVaultVersion.V2,
            auth: { kubernetes: { mountPath: c.authMountPath, role: c.role, serviceAccountRef: { name: c.serviceAccountName } } },
          },
        },
      },
    });
  }
}

/** An ESO ExternalSecret copying the keys of a Vault KV v2 secret into a Secret. */
class VaultExternalSecret extends Construct {
  constructor(scope, id, store, requirement, targetSecretName) {
    super(scope, id);
    this.requirement = requirement;
    // The three strategies as ESO's CRD defaults them.
    const data = requirement.keys.map((key) => ({
      secretKey: key,
      remoteRef: {
        key: requirement.path, property: key,
        conversionStrategy: eso.ExternalSecretSpecDataRemoteRefConversionStrategy.DEFAULT,
        decodingStrategy: eso.ExternalSecretSpecDataRemoteRefDecodingStrategy.NONE,
        metadataPolicy: eso.ExternalSecretSpecDataRemoteRefMetadataPolicy.NONE,
      },
    }));
    new eso.ExternalSecret(this, 'external-secret', {
      metadata: { name: targetSecretName, namespace: store.namespace, labels: labelsOf(targetSecretName, 'secret') },
      spec: {
        secretStoreRef: { name: store.name, kind: eso.ExternalSecretSpecSecretStoreRefKind.SECRET_STORE },
        refreshInterval: '1h',
        target: {
          name: targetSecretName,
          creationPolicy: eso.ExternalSecretSpecTargetCreationPolicy.OWNER,
          deletionPolicy: eso.ExternalSecretSpecTargetDeletionPolicy.RETAIN,
        },
        data,
      },
    });
  }
}

/** A Vault secret's path below the KV mount, its keys and the HTTP API path (SecretRequirement). */
const requirement = (secretPath, ...keys) => ({ mount: 'secret', path: secretPath, keys, apiPath: `secret/data/${secretPath}` });
/** The requirement with the shortest value each of its keys may hold (SecretRequirement.minLength). */
const withMinLength = (req, minLength) => ({ ...req, minLength });

// --- GitOps: Argo CD and Flux annotations on every object, by kind --------------------------------
const WAVES = {
  Namespace: -1, ServiceAccount: 0, NetworkPolicy: 0, SecretStore: 0, ExternalSecret: 1, ConfigMap: 1, Service: 1,
  PersistentVolumeClaim: 1, StatefulSet: 2, PodDisruptionBudget: 2, CronJob: 3, Deployment: 3, ServiceMonitor: 3,
  PrometheusRule: 3,
};
const HOLDS_DATA = new Set(['Namespace', 'PersistentVolumeClaim', 'StatefulSet']);
const BUILT_IN_GROUPS = new Set(['', 'apps', 'batch', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io',
  'storage.k8s.io', 'autoscaling']);

function gitOps(scope) {
  for (const child of scope.node.findAll()) {
    if (!(child instanceof ApiObject)) continue;
    const wave = WAVES[child.kind];
    if (wave === undefined) throw new Error(`${child.kind}/${child.name} has no Argo CD sync wave; add it to WAVES`);
    const { metadata } = child;
    metadata.addAnnotation('argocd.argoproj.io/sync-wave', String(wave));
    const slash = child.apiVersion.indexOf('/');
    if (HOLDS_DATA.has(child.kind)) {
      metadata.addAnnotation('argocd.argoproj.io/sync-options', 'Prune=false,Delete=false');
      metadata.addAnnotation('kustomize.toolkit.fluxcd.io/prune', 'disabled');
    } else if (!BUILT_IN_GROUPS.has(slash < 0 ? '' : child.apiVersion.substring(0, slash))) {
      metadata.addAnnotation('argocd.argoproj.io/sync-options', 'SkipDryRunOnMissingResource=true');
    }
  }
}

module.exports = { DataNamespace, VaultExternalSecret, VaultSecretStore, gitOps, requirement, withMinLength };
