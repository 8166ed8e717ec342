package io.datalayer.stores.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.kit.ConfigFiles;
import io.datalayer.monitoring.MonitoringProps;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisExporterTest {
    private static Manifests synth(RedisMonitoring user) {
        return Manifests.of(chart -> {
            RedisProps props = Environments.prod().store(RedisStore.class).server();
            new RedisExporter(chart, "exporter", new Redis(chart, "redis", props, RedisMonitoringUser.of(user, props)),
                    MonitoringProps.on(), user.exporterImage());
        });
    }

    @Test
    void theExporterLogsInAsItsAclUserWithThePasswordFileRenderedBesideIt() {
        Manifests m = synth(new RedisMonitoring("metrics", null, null));
        Node pod = m.get("Deployment", "redis-exporter").at("spec.template.spec");
        assertEquals(RedisMonitoring.EXPORTER_IMAGE, pod.at("containers[0].image").string());
        assertEquals(59000, ((Number) pod.at("securityContext.runAsUser").value()).intValue());
        assertEquals("--redis.user=metrics", pod.at("containers[0].args[1]").string());
        assertEquals(List.of(RedisExporter.INIT_CONTAINER), pod.at("initContainers").list().stream()
                .map(c -> Node.of(c).at("name").string()).toList());
        assertEquals(List.of("exporter", RedisExporter.SIDECAR), pod.at("containers").list().stream()
                .map(c -> Node.of(c).at("name").string()).toList());
        // The exporter reads the rendered file, read-only; only the companions mount the Secret.
        assertEquals("[{mountPath=/run/redis-exporter, name=password-file, readOnly=true}]",
                pod.at("containers[0].volumeMounts").list().toString());
        assertTrue(pod.at("containers[1].volumeMounts").list().toString().contains("mountPath=/etc/redis-monitoring"));
        assertEquals("redis://metrics@redis.data.svc.cluster.local:6379 redis://redis.data.svc.cluster.local:6379",
                pod.at("containers[1].env[3].value").string());
        // The server renders the same user from the same Secret, with only the scrape's commands.
        String rules = m.get("ConfigMap", "redis-acl-sync").at("data.acl-rules").string();
        assertTrue(rules.contains("\nmetrics 16 /etc/redis-monitoring/password on resetpass resetkeys resetchannels -@all +info"
                + " +config|get +latency|latest +latency|histogram +slowlog|len +ping +client|setname\n"), rules);
        assertEquals("redis-monitoring", m.get("StatefulSet", "redis").at("spec.template.spec.volumes").list().stream()
                .map(Node::of).filter(v -> "monitoring-user".equals(v.at("name").string())).findFirst().orElseThrow()
                .at("secret.secretName").string());
        assertEquals(RedisExporter.script(), m.get("ConfigMap", "redis-exporter-scripts").at("data").map().get("exporter-auth.sh"));
        // Kubernetes rolls a pod on a template change only: the script's hash is in the template.
        assertEquals(ConfigFiles.sha256(RedisExporter.script()), m.get("Deployment", "redis-exporter")
                .at("spec.template.metadata.annotations").map().get(ConfigFiles.HASH_ANNOTATION));
    }

    @Test
    void withoutMonitoringTheServerHasNoMonitoringUser() {
        Manifests m = Manifests.of(chart -> new Redis(chart, "redis", Environments.prod().store(RedisStore.class).server()));
        assertFalse(m.get("ConfigMap", "redis-acl-sync").at("data.acl-rules").string().contains("monitoring"));
        assertFalse(m.get("StatefulSet", "redis").at("spec.template.spec.volumes").list().toString().contains("monitoring"));
    }

    @Test
    void aServerWithoutItsMonitoringUserIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Manifests.of(chart ->
                new RedisExporter(chart, "exporter", new Redis(chart, "redis", Environments.prod().store(RedisStore.class).server()), MonitoringProps.on(),
                        RedisMonitoring.EXPORTER_IMAGE)));
        assertEquals("RedisExporter needs a Redis built with its RedisMonitoringUser (the ACL user the exporter logs in as);"
                + " pass RedisMonitoringUser.of(monitoring, props) to Redis", e.getMessage());
    }

    @Test
    void theMonitoringUserCannotBeOneOfTheServersOwnUsers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                RedisMonitoringUser.of(new RedisMonitoring("admin", null, null), Environments.prod().store(RedisStore.class).server()));
        assertEquals("RedisMonitoringUser.user \"admin\" is one of the server's own users [admin, app, backup, default];"
                + " give the exporter a user of its own (RedisMonitoring.user)", e.getMessage());
    }
}
