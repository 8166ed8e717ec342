package io.datalayer.stores.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Node;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sidecar as synthesized; PasswordRotationTest runs it against PostgreSQL 18.4. */
class PasswordSyncTest {
    private static Manifests manifests;

    @BeforeAll
    static void synth() {
        manifests = Manifests.of(chart -> new Postgres(chart, "postgresql", Environments.prod().store(PostgresStore.class).server()));
    }

    @Test
    void passwordSyncSidecarRunsTheEmbeddedScriptOnTheServersImage() {
        Node pod = manifests.get("StatefulSet", "postgresql").at("spec.template.spec");
        Node sync = pod.at("containers[1]");
        assertEquals(PasswordSync.CONTAINER, sync.at("name").string());
        assertEquals(pod.at("containers[0].image").string(), sync.at("image").string());
        assertEquals(List.of("/bin/sh", "/opt/data-layer/superuser-sync.sh"), sync.at("command").list());
        assertEquals(PasswordSync.script(), manifests.get("ConfigMap", "postgresql-password-sync").at("data")
                .map().get(PasswordSync.SCRIPT));
        assertEquals(pod.at("containers[0].securityContext").value(), sync.at("securityContext").value());
        assertEquals(Map.of("cpu", "10m", "memory", "16Mi"), sync.at("resources.requests").value());
        assertEquals("64Mi", sync.at("resources.limits.memory").string());
        assertEquals(List.of("/bin/sh", "/opt/data-layer/superuser-sync.sh", "--check"),
                sync.at("livenessProbe.exec.command").list());
        assertEquals(sync.at("livenessProbe").value(), sync.at("readinessProbe").value());
        Map<String, Object> mounts = new TreeMap<>();
        for (Object m : sync.at("volumeMounts").list()) {
            mounts.put(Node.of(m).at("mountPath").string(), Node.of(m).at("readOnly").value());
        }
        assertEquals(Map.of("/opt/data-layer", true, "/etc/postgresql-superuser", true, "/var/run/postgresql", false,
                "/tmp", false), mounts);
        Map<String, Object> env = new TreeMap<>();
        for (Object e : sync.at("env").list()) {
            env.put(Node.of(e).at("name").string(), Node.of(e).at("value").value());
        }
        assertEquals("/etc/postgresql-superuser/password", env.get("POSTGRES_PASSWORD_FILE"));
        assertEquals("/var/run/postgresql", env.get("PGHOST"));
        assertEquals("10", env.get("SYNC_INTERVAL_SECONDS"));
        assertEquals(Integer.toString(PostgresStore.SUPERUSER_SECRET.minLength()), env.get("SYNC_MIN_LENGTH"));
    }

    @Test
    void theScriptNeverPutsThePasswordOnACommandLine() {
        String script = PasswordSync.script();
        // Only builtins (printf, test, case) see the value; psql reads it from stdin.
        assertTrue(script.contains("printf '%s\\n%s\\n' \"$1\" \"$1\" | psql"), script);
        assertTrue(script.contains("-c \"\\\\password \\\"$role\\\"\""), script);
        assertTrue(script.contains("trap 'log \"stopping\"; exit 0' TERM INT"), script);
    }
}
