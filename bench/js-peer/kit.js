// The store kit of the JavaScript peer: what io.datalayer.kit gives every construct of the Java app
// (labels, names, mounts and their volumes, pods, the two Services, the StatefulSet, the budget, the
// network policies), on cdk8s-plus-28's Kubernetes 1.28 types as the Java code uses them.
// Validation of props is the Java app's; the peer only builds what valid props build.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { Chart } = require('cdk8s');
const { Construct } = require('constructs');
const { k8s } = require('cdk8s-plus-28');

/** src/main/resources/io/datalayer: the scripts the Java app embeds, read here from the same files (readScript). */
const RESOURCES = path.resolve(__dirname, '..', '..', 'src', 'main', 'resources', 'io', 'datalayer');

// --- KubeValues: each quantity and int-or-string made once and shared ------------------------
const quantities = new Map();
const intOrStrings = new Map();
function quantity(value) {
  if (!quantities.has(value)) quantities.set(value, k8s.Quantity.fromString(value));
  return quantities.get(value);
}
function intOrString(value) {
  if (!intOrStrings.has(value)) {
    intOrStrings.set(value, typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value));
  }
  return intOrStrings.get(value);
}

// --- Labels -------------------------------------------------------------------------------------
const NAME = 'app.kubernetes.io/name';
const LAYER = 'platform/layer';
const APP_LAYER = 'l4';
const layerLabels = () => ({ 'app.kubernetes.io/part-of': 'data-layer', 'app.kubernetes.io/managed-by': 'cdk8s', [LAYER]: 'l3' });
const selectorLabels = (name) => ({ [NAME]: name, 'app.kubernetes.io/instance': name });
const labelsOf = (name, component) => ({ ...selectorLabels(name), 'app.kubernetes.io/component': component, ...layerLabels() });

/** The namespace of the chart a construct belongs to (Namespaces.of). */
const namespaceOf = (scope) => Chart.of(scope).namespace;

// --- StoreNames -----------------------------------------------------------------------------------
class StoreNames {
  constructor(name, namespace) {
    this.name = name;
    this.namespace = namespace;
  }
  headless() { return `${this.name}-headless`; }
  config() { return `${this.name}-config`; }
  ingressPolicy() { return `${this.name}-ingress`; }
  clientEgressPolicy() { return `${this.name}-client-egress`; }
  host() { return `${this.name}.${this.namespace}.svc.cluster.local`; }
  selectorLabels() { return selectorLabels(this.name); }
  selector() { return { matchLabels: this.selectorLabels() }; }
  meta(objectName, labels) { return { name: objectName, namespace: this.namespace, labels }; }
}

// --- ConfigFiles ------------------------------------------------------------------------------------
/**
 * A script exactly as it is in the repository: src/main/resources/io/datalayer/<dir>/<name>, dir being
 * 'backup' for the shared ones and a store's scriptsDir (the one constant in its file) for its own.
 */
const readScript = (dir, name) => fs.readFileSync(path.join(RESOURCES, dir, name), 'utf8');
/** SHA-256 over the files in order, each ended by a NUL. */
function sha256(...files) {
  const digest = crypto.createHash('sha256');
  for (const file of files) {
    digest.update(file, 'utf8');
    digest.update(Buffer.from([0]));
  }
  return digest.digest('hex');
}

// --- Resources and Storage ----------------------------------------------------------------------
/** Resources as [cpuRequest, memoryRequest, cpuLimit, memoryLimit]: the container's resources field. */
const requirements = ([cpuRequest, memoryRequest, cpuLimit, memoryLimit]) => ({
  requests: { cpu: quantity(cpuRequest), memory: quantity(memoryRequest) },
  limits: { cpu: quantity(cpuLimit), memory: quantity(memoryLimit) },
});
const UNITS = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12, '': 1 };
/** The memory limit in bytes (Resources.memoryLimitBytes). */
function memoryLimitBytes(resources) {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(resources[3]);
  return Math.trunc(Number(m[1]) * UNITS[m[2] || '']);
}
/** Storage as { size, storageClass, accessMode }: the claim spec. */
const claimSpec = (storage) => ({
  accessModes: [storage.accessMode], storageClassName: storage.storageClass, volumeMode: 'Filesystem',
  resources: { requests: { storage: quantity(storage.size) } },
});
const storage = (size, storageClass) => ({ size, storageClass, accessMode: 'ReadWriteOnce' });

// --- RestrictedPod and Pods -------------------------------------------------------------------------
const podSecurityContext = (uid, gid) => ({
  runAsNonRoot: true, runAsUser: uid, runAsGroup: gid, fsGroup: gid, fsGroupChangePolicy: 'OnRootMismatch',
  seccompProfile: { type: 'RuntimeDefault' },
});
const containerSecurityContext = () => ({
  runAsNonRoot: true, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
});
const env = (name, value) => ({ name, value });
const serviceAccount = (scope, id, metadata) => new k8s.KubeServiceAccount(scope, id, { metadata, automountServiceAccountToken: false });
const serverPod = (serviceAccountName, uid, terminationGracePeriodSeconds, initContainers, containers, volumes) => ({
  initContainers: initContainers.length ? initContainers : undefined, serviceAccountName, automountServiceAccountToken: false,
  enableServiceLinks: false, terminationGracePeriodSeconds, securityContext: podSecurityContext(uid, uid), containers, volumes,
});
const jobPod = (uid, terminationGracePeriodSeconds, initContainers, containers, volumes) => ({
  initContainers: initContainers.length ? initContainers : undefined, restartPolicy: 'Never', terminationGracePeriodSeconds,
  automountServiceAccountToken: false, enableServiceLinks: false, securityContext: podSecurityContext(uid, uid), containers, volumes,
});
const execProbe = (command, periodSeconds, timeoutSeconds, failureThreshold) => ({
  exec: { command }, periodSeconds, timeoutSeconds, failureThreshold,
});

// --- Mount and PodVolumes -------------------------------------------------------------------------
/** A mount carrying its volume (null for a StatefulSet's claim template). */
class Mount {
  constructor(volumeName, mountPath, readOnly, volume, source) {
    Object.assign(this, { volumeName, mountPath, readOnly, volume, source });
  }
  static claimTemplate(name, mountPath) { return new Mount(name, mountPath, false, null, 'claim template'); }
  static claim(name, claimName, mountPath, readOnly = false) {
    if (readOnly) {
      return new Mount(name, mountPath, true, { name, persistentVolumeClaim: { claimName, readOnly: true } }, `claim ${claimName} read-only`);
    }
    return new Mount(name, mountPath, false, { name, persistentVolumeClaim: { claimName } }, `claim ${claimName}`);
  }
  static configMap(name, configMapName, mountPath) {
    return new Mount(name, mountPath, true, { name, configMap: { name: configMapName, defaultMode: 0o444 } }, `configMap ${configMapName}`);
  }
  static secretKey(name, secretName, key, file, mountPath) {
    return new Mount(name, mountPath, true, { name, secret: { secretName, items: [{ key, path: file }], defaultMode: 0o440 } },
      `secret ${secretName} key ${key} as ${file}`);
  }
  static secret(name, secretName, mountPath) {
    return new Mount(name, mountPath, true, { name, secret: { secretName, defaultMode: 0o440 } }, `secret ${secretName}`);
  }
  static secretKeys(name, secretName, keys, mountPath) {
    return new Mount(name, mountPath, true,
      { name, secret: { secretName, items: keys.map((key) => ({ key, path: key })), defaultMode: 0o440 } },
      `secret ${secretName} keys ${keys.join(',')}`);
  }
  static emptyDir(name, mountPath, sizeLimit) {
    return new Mount(name, mountPath, false, { name, emptyDir: { sizeLimit: quantity(sizeLimit) } }, `emptyDir ${sizeLimit}`);
  }
  static memory(name, mountPath, sizeLimit) {
    return new Mount(name, mountPath, false, { name, emptyDir: { medium: 'Memory', sizeLimit: quantity(sizeLimit) } }, `memory ${sizeLimit}`);
  }
  at(otherPath, otherReadOnly) { return new Mount(this.volumeName, otherPath, otherReadOnly, this.volume, this.source); }
  volumeMount() { return { name: this.volumeName, mountPath: this.mountPath, readOnly: this.readOnly }; }
}

/** The volumes of one pod, in the order they were first mounted. */
class PodVolumes {
  constructor() {
    this.byName = new Map();
    this.templates = new Set();
  }
  mount(...mounts) {
    return mounts.flat().map((m) => {
      if (m.volume === null) {
        if (this.byName.has(m.volumeName)) throw clash(m.volumeName);
        this.templates.add(m.volumeName);
      } else {
        const known = this.byName.get(m.volumeName);
        if (this.templates.has(m.volumeName) || (known && known.source !== m.source)) throw clash(m.volumeName);
        if (!known) this.byName.set(m.volumeName, m);
      }
      return m.volumeMount();
    });
  }
  volumes() { return [...this.byName.values()].map((m) => m.volume); }
}
const clash = (name) => new Error(`volume "${name}" is mounted with two different sources; give each volume its own name`);

// --- Peer and NetworkAccess -------------------------------------------------------------------------
const NAMESPACE_NAME = 'kubernetes.io/metadata.name';
class Peer {
  constructor(namespaceLabels, podLabels) {
    this.namespaceLabels = namespaceLabels;
    this.podLabels = podLabels;
  }
  static podsIn(namespace, labels) { return new Peer({ [NAMESPACE_NAME]: namespace }, labels); }
  static namespacesLabelled(labels) { return new Peer(labels, null); }
  static podsLabelled(labels) { return new Peer(null, labels); }
  policyPeer() {
    return {
      namespaceSelector: this.namespaceLabels ? { matchLabels: this.namespaceLabels } : undefined,
      podSelector: this.podLabels ? { matchLabels: this.podLabels } : undefined,
    };
  }
}
const CLUSTER_DNS = Peer.podsIn('kube-system', { 'k8s-app': 'kube-dns' });
const tcp = (port) => ({ protocol: 'TCP', port: intOrString(port) });
const dnsEgress = () => ({ to: [CLUSTER_DNS.policyPeer()], ports: [{ protocol: 'UDP', port: intOrString(53) }, tcp(53)] });

/** Ingress to a store's port from the peers and its client pods; egress of the client pods to it and DNS. */
class NetworkAccess extends Construct {
  /** port: one port, or a list of them (ClickHouse: native and HTTP). */
  constructor(scope, id, names, port, clientLabel, peers, labels) {
    super(scope, id);
    const ports = [port].flat().map(tcp);
    this.clientLabels = { [clientLabel]: 'true' };
    const from = [...peers, Peer.podsLabelled(this.clientLabels)].map((p) => p.policyPeer());
    new k8s.KubeNetworkPolicy(this, 'ingress', {
      metadata: names.meta(names.ingressPolicy(), labels),
      spec: { podSelector: names.selector(), policyTypes: ['Ingress'], ingress: [{ from, ports }] },
    });
    new k8s.KubeNetworkPolicy(this, 'client-egress', {
      metadata: names.meta(names.clientEgressPolicy(), labels),
      spec: {
        podSelector: { matchLabels: this.clientLabels }, policyTypes: ['Egress'],
        egress: [{ to: [{ podSelector: names.selector() }], ports }, dnsEgress()],
      },
    });
  }
}

// --- ScriptSidecar: one script as init container (--once) and sidecar loop with --check probes --------
class ScriptSidecar {
  constructor(image, scriptPath, envs) { Object.assign(this, { image, scriptPath, envs }); }
  initContainer(name, volumes, mounts) { return this.base(name, ['/bin/sh', this.scriptPath, '--once'], volumes.mount(mounts)); }
  sidecar(name, volumes, mounts, tmpVolume) {
    const alive = execProbe(['/bin/sh', this.scriptPath, '--check'], 30, 5, 3);
    return {
      ...this.base(name, ['/bin/sh', this.scriptPath], volumes.mount(...mounts, Mount.emptyDir(tmpVolume, '/tmp', '1Mi'))),
      readinessProbe: alive, livenessProbe: alive,
    };
  }
  base(name, command, volumeMounts) {
    return {
      name, image: this.image, imagePullPolicy: 'IfNotPresent', command, env: this.envs,
      resources: requirements(['10m', '16Mi', '100m', '64Mi']), securityContext: containerSecurityContext(), volumeMounts,
    };
  }
}

// --- ServicePair, ServerStatefulSet, SingleServerBudget ---------------------------------------------
class ServicePair extends Construct {
  /** portName and port, or a list of [name, port] pairs and no port (ClickHouse: native and HTTP). */
  constructor(scope, id, names, portName, port, labels) {
    super(scope, id);
    const pairs = Array.isArray(portName) ? portName : [[portName, port]];
    const ports = pairs.map(([name, number]) => ({ name, port: number, targetPort: intOrString(name), protocol: 'TCP' }));
    new k8s.KubeService(this, 'headless', {
      metadata: names.meta(names.headless(), labels),
      spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector: names.selectorLabels(), ports },
    });
    new k8s.KubeService(this, 'service', {
      metadata: names.meta(names.name, labels), spec: { type: 'ClusterIP', selector: names.selectorLabels(), ports },
    });
  }
}

// apiVersion and kind written into each claim template, as the API server does (argoproj/argo-cd#11143).
class ClaimTemplatesWithKind extends k8s.KubeStatefulSet {
  toJson() {
    const json = super.toJson();
    json.spec.volumeClaimTemplates = json.spec.volumeClaimTemplates
      .map((template) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', ...template }));
    return json;
  }
}
const DATA_VOLUME = 'data';
class ServerStatefulSet extends Construct {
  constructor(scope, id, names, labels, store, podAnnotations, pod) {
    super(scope, id);
    new ClaimTemplatesWithKind(this, 'statefulset', {
      metadata: names.meta(names.name, labels),
      spec: {
        replicas: 1, serviceName: names.headless(), podManagementPolicy: 'OrderedReady', selector: names.selector(),
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        volumeClaimTemplates: [{ metadata: { name: DATA_VOLUME, labels: names.selectorLabels() }, spec: claimSpec(store) }],
        template: { metadata: { labels, annotations: podAnnotations }, spec: pod },
      },
    });
  }
}

class SingleServerBudget extends Construct {
  constructor(scope, id, names, labels) {
    super(scope, id);
    new k8s.KubePodDisruptionBudget(this, 'budget', {
      metadata: names.meta(names.name, labels),
      spec: { minAvailable: intOrString(1), unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: names.selector() },
    });
  }
}

module.exports = {
  APP_LAYER, DATA_VOLUME, LAYER, Mount, NAME, NetworkAccess, Peer, PodVolumes, ScriptSidecar, ServerStatefulSet, ServicePair,
  SingleServerBudget, StoreNames, claimSpec, containerSecurityContext, dnsEgress, env, execProbe, intOrString, jobPod,
  labelsOf, layerLabels, memoryLimitBytes, namespaceOf, quantity, readScript, requirements, selectorLabels,
  serverPod, serviceAccount, sha256, storage, tcp,
};
