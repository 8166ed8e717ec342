package io.datalayer.gitops;

import io.datalayer.kube.KubeChart;
import io.datalayer.kube.KubeObject;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What Argo CD and Flux need to apply an environment in order and never delete data, written onto
 * every object of a chart in one pass, by kind, so a new store inherits it:
 *
 * <ul>
 *   <li>{@value #SYNC_WAVE}: the Namespace first, then the identities, policies and the SecretStore,
 *       then what the workloads read (ExternalSecrets, ConfigMaps, Services, claims), then the
 *       StatefulSets, then the CronJobs and exporters that connect to them, with the PrometheusRule
 *       and ServiceMonitors;</li>
 *   <li>{@value #SYNC_OPTIONS} {@code Prune=false,Delete=false} and Flux's {@value #FLUX_PRUNE}
 *       {@code disabled} on what holds data (the Namespace, claims, StatefulSets whose claim
 *       templates hold the database): removing one from dist/ or deleting the Application leaves it;</li>
 *   <li>{@code SkipDryRunOnMissingResource=true} on custom resources, so a first sync does not fail
 *       its dry run while ESO's (or prometheus-operator's) CRDs are still being installed.</li>
 * </ul>
 * A kind without a wave fails synth: a new kind needs a decision on where it goes.
 */
public final class GitOps {
    public static final String SYNC_WAVE = "argocd.argoproj.io/sync-wave";
    public static final String SYNC_OPTIONS = "argocd.argoproj.io/sync-options";
    public static final String FLUX_PRUNE = "kustomize.toolkit.fluxcd.io/prune";

    /** Argo CD sync wave of each kind this layer emits. */
    static final Map<String, Integer> WAVES = Map.ofEntries(
            Map.entry("Namespace", -1),
            Map.entry("ServiceAccount", 0),
            Map.entry("NetworkPolicy", 0),
            Map.entry("SecretStore", 0),
            Map.entry("ExternalSecret", 1),
            Map.entry("ConfigMap", 1),
            Map.entry("Service", 1),
            Map.entry("PersistentVolumeClaim", 1),
            Map.entry("StatefulSet", 2),
            Map.entry("PodDisruptionBudget", 2),
            Map.entry("CronJob", 3),
            // The exporter connects to the server; prometheus-operator's objects point at it.
            Map.entry("Deployment", 3),
            Map.entry("ServiceMonitor", 3),
            Map.entry("PrometheusRule", 3));
    /** Kinds whose deletion loses data: never pruned, never deleted with the Application. */
    static final Set<String> HOLDS_DATA = Set.of("Namespace", "PersistentVolumeClaim", "StatefulSet");
    /** API groups of Kubernetes itself; anything else is a custom resource. */
    static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "networking.k8s.io", "policy",
            "rbac.authorization.k8s.io", "storage.k8s.io", "autoscaling");

    private GitOps() {
    }

    /** Annotates every object of {@code chart}. */
    public static void annotate(KubeChart chart) {
        for (KubeObject object : chart.objects()) {
            annotate(object.kind(), object.name(), object.apiVersion(), object::addAnnotation);
        }
    }

    static void annotate(String kind, String name, String apiVersion, BiConsumer<String, String> metadata) {
        Integer wave = WAVES.get(kind);
        if (wave == null) {
            throw new IllegalStateException(kind + "/" + name + " has no Argo CD sync wave; add its kind to"
                    + " GitOps.WAVES (before the workloads that read it, after what it reads)");
        }
        metadata.accept(SYNC_WAVE, Integer.toString(wave));
        if (HOLDS_DATA.contains(kind)) {
            metadata.accept(SYNC_OPTIONS, "Prune=false,Delete=false");
            metadata.accept(FLUX_PRUNE, "disabled");
        } else if (!BUILT_IN_GROUPS.contains(group(apiVersion))) {
            metadata.accept(SYNC_OPTIONS, "SkipDryRunOnMissingResource=true");
        }
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
