package io.datalayer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import au.com.origin.snapshots.Expect;
import au.com.origin.snapshots.annotations.UseSnapshotConfig;
import au.com.origin.snapshots.junit5.SnapshotExtension;
import io.datalayer.app.Environments;
import io.datalayer.monitoring.Alerts;
import io.datalayer.secrets.VaultSecretStore;
import io.datalayer.stores.postgres.Postgres;
import io.datalayer.stores.postgres.PostgresStore;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import io.datalayer.testing.SnapshotSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The drill CronJob every store gets from {@link RestoreDrill}: what keeps it away from the live data
 * (runs claim read-only, no client label of the store, only the off-site label), its bounds (the
 * emptyDir and the ephemeral storage), its command through offsite.sh or not, and the suspended form.
 * Snapshots for prod (off-site on) and a suspended drill without off-site copies.
 */
@ExtendWith(SnapshotExtension.class)
@UseSnapshotConfig(SnapshotSettings.class)
class RestoreDrillTest {
    private static final PostgresStore PROD = Environments.prod().store(PostgresStore.class);
    private Expect expect;

    private static Manifests synth(DrillSettings drill, boolean offsite, AtomicReference<Optional<Alerts.Drill>> watched) {
        return Manifests.of(chart -> {
            Postgres postgres = new Postgres(chart, "postgresql", PROD.server());
            Offsite copies = offsite ? new Offsite(chart, "offsite",
                    new VaultSecretStore(chart, "vault", Environments.prod().secretStore()), Environments.prod().offsite()) : null;
            RestoreDrill d = new RestoreDrill(chart, "drill", postgres.names(), PostgresStore.NAME, PROD.server().image(),
                    PROD.server().uid(), drill, PROD.backup(), "drill.sh", copies);
            watched.set(d.watched());
        });
    }

    /** The drill CronJob's own YAML document, as it is written to dist/. */
    private static String cronJobYaml(Manifests m) {
        for (String doc : m.yaml().split("\n---\n")) {
            if (doc.contains("kind: CronJob") && doc.contains("name: postgresql-drill\n")) {
                return doc;
            }
        }
        throw new AssertionError("no CronJob postgresql-drill in:\n" + m.yaml());
    }

    private static Node pod(Manifests m) {
        return m.get("CronJob", "postgresql-drill").at("spec.jobTemplate.spec.template");
    }

    @Test
    void prodDrillsTheOffsiteCopyWithTheRunsReadOnlyAndNoWayToTheLiveServer() {
        AtomicReference<Optional<Alerts.Drill>> watched = new AtomicReference<>();
        Manifests m = synth(PROD.drill(), true, watched);
        Node pod = pod(m);
        Node container = pod.at("spec.containers[0]");
        assertEquals(List.of("/bin/sh", "/opt/data-layer/offsite.sh", "drill", "/opt/data-layer/drill.sh"), container.at("command").list());
        assertEquals("postgres:18.4", container.at("image").string());
        // Only the off-site client label: the store's NetworkPolicies admit none of the drill's traffic.
        Map<String, Object> labels = pod.at("metadata.labels").map();
        assertEquals("true", labels.get(Offsite.CLIENT_LABEL));
        assertFalse(labels.keySet().stream().anyMatch(k -> k.contains("client") && !k.equals(Offsite.CLIENT_LABEL)), labels.toString());
        boolean claimSeen = false;
        for (Object v : pod.at("spec.volumes").list()) {
            Node volume = Node.of(v);
            if ("dumps".equals(volume.at("name").string())) {
                assertEquals("postgresql-backups", volume.at("persistentVolumeClaim.claimName").string());
                assertEquals(true, volume.at("persistentVolumeClaim.readOnly").value());
                claimSeen = true;
            }
            if ("drill-data".equals(volume.at("name").string())) {
                assertEquals("20Gi", volume.at("emptyDir.sizeLimit").string());
            }
        }
        assertTrue(claimSeen);
        for (Object mount : container.at("volumeMounts").list()) {
            if ("dumps".equals(Node.of(mount).at("name").string())) {
                assertEquals(true, Node.of(mount).at("readOnly").value());
            }
        }
        assertEquals("20736Mi", container.at("resources.limits.ephemeral-storage").string());
        assertEquals("20736Mi", container.at("resources.requests.ephemeral-storage").string());
        assertEquals(true, container.at("securityContext.readOnlyRootFilesystem").value());
        assertEquals("45 5 * * *", m.get("CronJob", "postgresql-drill").at("spec.schedule").string());
        assertEquals(0, m.get("CronJob", "postgresql-drill").at("spec.jobTemplate.spec.backoffLimit").value());
        assertEquals(Optional.of(new Alerts.Drill("postgresql", "postgresql-drill", 26, 120)), watched.get());
        expect.scenario("prod").toMatchSnapshot(cronJobYaml(m));
    }

    @Test
    void aDrillThatIsNotScheduledIsSuspendedAndWatchedByNoAlert() {
        AtomicReference<Optional<Alerts.Drill>> watched = new AtomicReference<>();
        Manifests m = synth(PROD.drill().toBuilder().scheduled(false).dataSize("5Gi").build(), false, watched);
        assertEquals(true, m.get("CronJob", "postgresql-drill").at("spec.suspend").value());
        Node container = pod(m).at("spec.containers[0]");
        assertEquals(List.of("/bin/sh", "/opt/data-layer/drill.sh"), container.at("command").list());
        assertEquals(Map.of("app.kubernetes.io/component", "drill", "app.kubernetes.io/instance", "postgresql-drill",
                "app.kubernetes.io/managed-by", "cdk8s", "app.kubernetes.io/name", "postgresql-drill",
                "app.kubernetes.io/part-of", "data-layer", "platform/layer", "l3"), pod(m).at("metadata.labels").map());
        assertEquals("5376Mi", container.at("resources.limits.ephemeral-storage").string());
        assertEquals(Optional.empty(), watched.get());
        expect.scenario("suspended").toMatchSnapshot(cronJobYaml(m));
    }

    @Test
    void aDrillSetToStartBeforeTheBackupCouldHaveEndedIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> synth(PROD.drill().toBuilder().schedule("0 3 * * *").build(), false, new AtomicReference<>()));
        assertTrue(e.getMessage().startsWith("DrillSettings(postgresql-drill).schedule \"0 3 * * *\" starts 30 minutes after"
                + " the backup"), e.getMessage());
    }
}
