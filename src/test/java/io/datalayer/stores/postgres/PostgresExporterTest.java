package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.app.Environments;
import io.datalayer.monitoring.MonitoringProps;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresExporterTest {
    @Test
    void theExporterLogsInAsTheMonitoringRoleWithItsPasswordFromAFile() {
        MonitoringProps monitoring = MonitoringProps.on();
        PostgresMonitoring role = new PostgresMonitoring("metrics_reader", null, null);
        Manifests m = Manifests.of(chart -> {
            PostgresProps props = Environments.prod().store(PostgresStore.class).server();
            new PostgresExporter(chart, "exporter", new Postgres(chart, "postgresql", props, MonitoringRole.of(role, props)),
                    monitoring, role.exporterImage());
        });
        Node exporter = m.get("Deployment", "postgresql-exporter").at("spec.template.spec");
        assertEquals(PostgresMonitoring.EXPORTER_IMAGE, exporter.at("containers[0].image").string());
        assertEquals(65534, ((Number) exporter.at("securityContext.runAsUser").value()).intValue());
        assertEquals(List.of("--web.listen-address=:9187", "--web.telemetry-path=/metrics", "--log.level=info"),
                exporter.at("containers[0].args").list());
        assertEquals("metrics_reader", exporter.at("containers[0].env[1].value").string());
        // The sidecar keeps the same role from the same Secret.
        Node sidecar = m.get("StatefulSet", "postgresql").at("spec.template.spec.containers[1]");
        assertEquals(PasswordSync.CONTAINER, sidecar.at("name").string());
        assertEquals("MONITORING_ROLE", sidecar.at("env[7].name").string());
        assertEquals("metrics_reader", sidecar.at("env[7].value").string());
        assertEquals("postgresql-monitoring", m.get("StatefulSet", "postgresql").at("spec.template.spec.volumes").list().stream()
                .map(Node::of).filter(v -> "monitoring".equals(v.at("name").string())).findFirst().orElseThrow()
                .at("secret.secretName").string());
    }

    @Test
    void aServerWithoutItsMonitoringRoleIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Manifests.of(chart ->
                new PostgresExporter(chart, "exporter", new Postgres(chart, "postgresql", Environments.prod().store(PostgresStore.class).server()),
                        MonitoringProps.on(), PostgresMonitoring.EXPORTER_IMAGE)));
        assertEquals("PostgresExporter needs a Postgres built with its MonitoringRole (the role the exporter logs in as);"
                + " pass MonitoringRole.of(monitoring, props) to Postgres", e.getMessage());
    }
}
