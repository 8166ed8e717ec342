package io.datalayer.stores.postgres;

import static io.datalayer.testing.LayerFixture.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datalayer.gate.Policies;
import io.datalayer.testing.LayerFixture;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresSettingsTest {
    private static List<String> check(LayerFixture f) {
        return lines(PostgresSettings.check(f.manifests()));
    }

    /** The good layer plus a postgresql.conf ConfigMap mounted into the db container. */
    private static LayerFixture withConf(String conf) {
        return withConf(LayerFixture.good(), LayerFixture.ENVIRONMENT, conf);
    }

    /** {@code f} with a postgresql.conf ConfigMap mounted into the db container of {@code environment}. */
    private static LayerFixture withConf(LayerFixture f, String environment, String conf) {
        return f.add(environment, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: db-config, namespace: data}\ndata:\n  postgresql.conf: |\n"
                        + conf.lines().map(l -> "    " + l + "\n").reduce("", String::concat))
                .set(environment, "StatefulSet/db", "spec.template.spec.volumes[1]", Map.of("name", "tmp", "configMap", Map.of("name", "db-config")));
    }

    @Test
    void aServerThatFitsPasses() {
        assertEquals(List.of(), check(withConf("# comment\nshared_buffers = '256MB'\nwork_mem = 4096\nmax_connections = '100'\n")));
        assertEquals(List.of(), check(LayerFixture.good()));
    }

    @Test
    void sharedBuffersAtOrAboveTheMemoryLimitIsRefused() {
        assertEquals(List.of(LayerFixture.FILE + ": StatefulSet/db: postgres-settings: container \"db\" runs with shared_buffers 1GB"
                + " from ConfigMap db-config, not below its memory limit 1Gi; the server would be OOM-killed: lower"
                + " shared_buffers (a quarter of the limit is usual) or raise the limit"), check(withConf("shared_buffers = '1GB'\n")));
        assertEquals(1, check(withConf("shared_buffers = 262144\n")).size(), "262144 blocks of 8 kB are 2 GB");
    }

    @Test
    void aMemorySettingPostgresCannotParseIsRefused() {
        assertEquals(List.of(LayerFixture.EXTRA + ": ConfigMap/db-config: postgres-settings: data.postgresql.conf shared_buffers '128M'"
                + " is not a PostgreSQL memory size, and the server would not start; use a number with B, kB, MB, GB or TB"
                + " (e.g. 128MB)"), check(withConf("shared_buffers = '128M'\n")));
    }

    @Test
    void memoryUnitsAreThoseOfPostgres() {
        assertEquals(Optional.of(BigDecimal.valueOf(128L << 20)), PostgresSettings.bytes("shared_buffers", "128MB"));
        assertEquals(Optional.of(BigDecimal.valueOf(16384L * 8192)), PostgresSettings.bytes("shared_buffers", "16384"));
        assertEquals(Optional.of(BigDecimal.valueOf(4096L * 1024)), PostgresSettings.bytes("work_mem", "4096"));
        assertEquals(Optional.empty(), PostgresSettings.bytes("work_mem", "4mb"));
        assertEquals(Map.of("a", "x'y", "b", "2"), PostgresSettings.settings("a = 'x''y' # note\nb 2\n#c = 3\n"));
    }

    /**
     * dist/dev and dist/prod share the namespace and every name, but each is a cluster of its own:
     * prod's postgresql.conf never runs in dev's smaller pod.
     */
    @Test
    void theOtherEnvironmentsConfigIsNotThisEnvironmentsPods() {
        LayerFixture f = withConf(withConf(LayerFixture.good().withEnvironment("dev"), "dev", "shared_buffers = '64MB'\n")
                .set("dev", "StatefulSet/db", "spec.template.spec.containers[0].resources",
                        Map.of("requests", Map.of("cpu", "100m", "memory", "128Mi"), "limits", Map.of("memory", "256Mi"))),
                LayerFixture.ENVIRONMENT, "shared_buffers = '256MB'\n");
        assertEquals(List.of(), lines(Policies.check(f.manifests(), List.of(PostgresSettings.CHECK))));
    }
}
