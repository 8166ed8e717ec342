package io.datalayer.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.app.DataLayerChart;
import io.datalayer.app.Environments;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cdk8s.App;
import org.junit.jupiter.api.Test;

class GitOpsTest {
    private static final Manifests PROD = prod();

    private static Manifests prod() {
        App app = new App();
        new DataLayerChart(app, Environments.prod());
        return Manifests.of(app);
    }

    private static Map<String, Object> annotations(String kind, String name) {
        return PROD.get(kind, name).at("metadata.annotations").map();
    }

    @Test
    void wavesOrderTheEnvironmentAsArgoCdMustApplyIt() {
        Map<String, String> waves = new LinkedHashMap<>();
        for (Map<String, Object> o : PROD.objects()) {
            Node n = Node.of(o);
            waves.put(o.get("kind") + "/" + n.at("metadata.name").string(),
                    (String) n.at("metadata.annotations").map().get(GitOps.SYNC_WAVE));
        }
        assertEquals("-1", waves.get("Namespace/data"));
        for (String first : List.of("ServiceAccount/vault-secret-store", "SecretStore/vault", "ServiceAccount/postgresql",
                "NetworkPolicy/default-deny", "NetworkPolicy/postgresql-ingress")) {
            assertEquals("0", waves.get(first), first);
        }
        for (String second : List.of("ExternalSecret/postgresql-superuser", "ConfigMap/postgresql-config",
                "Service/postgresql", "Service/postgresql-headless", "PersistentVolumeClaim/postgresql-backups",
                "ConfigMap/postgresql-backup-scripts")) {
            assertEquals("1", waves.get(second), second);
        }
        assertEquals("2", waves.get("StatefulSet/postgresql"));
        assertEquals("3", waves.get("CronJob/postgresql-backup"));
        assertEquals("3", waves.get("CronJob/postgresql-restore"));
        assertEquals(PROD.objects().size(), waves.values().stream().filter(w -> w != null).count(), "every object has a wave");
    }

    @Test
    void whatHoldsDataIsNeverPrunedOrDeleted() {
        for (List<String> object : List.of(List.of("Namespace", "data"), List.of("StatefulSet", "postgresql"),
                List.of("PersistentVolumeClaim", "postgresql-backups"))) {
            Map<String, Object> a = annotations(object.get(0), object.get(1));
            assertEquals("Prune=false,Delete=false", a.get(GitOps.SYNC_OPTIONS), object.toString());
            assertEquals("disabled", a.get(GitOps.FLUX_PRUNE), object.toString());
        }
        assertEquals(null, annotations("ConfigMap", "postgresql-config").get(GitOps.FLUX_PRUNE));
        assertEquals(null, annotations("CronJob", "postgresql-backup").get(GitOps.SYNC_OPTIONS));
    }

    @Test
    void customResourcesSkipTheDryRunWhileTheirCrdsAreMissing() {
        assertEquals("SkipDryRunOnMissingResource=true", annotations("SecretStore", "vault").get(GitOps.SYNC_OPTIONS));
        assertEquals("SkipDryRunOnMissingResource=true",
                annotations("ExternalSecret", "postgresql-superuser").get(GitOps.SYNC_OPTIONS));
        assertEquals(null, annotations("Service", "postgresql").get(GitOps.SYNC_OPTIONS));
    }

    @Test
    void aKindWithoutAWaveFailsSynth() {
        assertEquals("DaemonSet/web has no Argo CD sync wave; add its kind to GitOps.WAVES (before the workloads that"
                + " read it, after what it reads)", assertThrows(IllegalStateException.class,
                () -> GitOps.annotate("DaemonSet", "web", "apps/v1", (key, value) -> { })).getMessage());
    }
}
