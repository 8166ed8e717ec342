package io.datalayer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox must bite: only the pod's writable mounts take writes, as the pod's uid, nothing else. */
class PodSandboxTest {
    private static final String POD = """
            securityContext: {runAsUser: 999, runAsGroup: 999, fsGroup: 999}
            containers:
            - name: app
              env: [{name: GREETING, value: hello}]
              volumeMounts:
              - {name: work, mountPath: /var/lib/app}
              - {name: config, mountPath: /etc/app-config, readOnly: true}
            volumes:
            - {name: work, emptyDir: {}}
            - {name: config, configMap: {name: x}}
            """;

    @TempDir
    Path tmp;

    private PostgresServer.Result run(String script) throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("file"), "from the ConfigMap\n");
        for (Path p : List.of(tmp, work, config)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        PodSandbox sandbox = new PodSandbox(Node.of(Manifests.parse(POD).get(0)), Map.of("work", work, "config", config),
                Map.of(), Map.of("PATH", "/usr/bin:/bin"), tmp.resolve("support"));
        return PostgresServer.run(sandbox.command("app", List.of("/bin/sh", "-c", script), Map.of()));
    }

    @Test
    void runsAsThePodsUidWithTheContainersEnvironment() throws IOException {
        PostgresServer.Result r = run("id -u; id -G; id -un; echo \"$GREETING\"; cat /etc/app-config/file; grep CapEff /proc/self/status");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(List.of("999", "999", "postgres", "hello", "from the ConfigMap", "CapEff:\t0000000000000000"),
                r.output().lines().toList());
    }

    @Test
    void onlyWritableMountsTakeWrites() throws IOException {
        assertEquals(0, run("echo x > /var/lib/app/written").exitCode());
        assertTrue(Files.exists(tmp.resolve("work/written")));
        for (String path : List.of("/etc/app-config/new", "/tmp/x", "/var/lib/other", "/usr/local/x", "/var/tmp/x", "/x")) {
            PostgresServer.Result r = run("echo x > " + path);
            assertNotEquals(0, r.exitCode(), path);
            assertTrue(r.output().contains("Read-only file system"), path + ": " + r.output());
        }
    }

    @Test
    void theTestMayNotInventVariables() {
        AssertionError e = assertThrows(AssertionError.class, () -> new PodSandbox(
                Node.of(Manifests.parse(POD).get(0)), Map.of("work", tmp, "config", tmp), Map.of(), Map.of(), tmp.resolve("s"))
                .command("app", List.of("true"), Map.of("PGPORT", "1")));
        assertEquals("container app does not set PGPORT; the test may not invent it", e.getMessage());
    }
}
