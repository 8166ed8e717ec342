package io.datalayer.stores.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.kit.Resources;
import io.datalayer.kit.Storage;
import io.datalayer.secrets.SecretRequirement;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class Neo4jPropsTest {
    private static Neo4jProps.Builder valid() {
        return Neo4jProps.builder().storage(Storage.of("10Gi", "local-path")).resources(new Resources("100m", "1Gi", "1", "1Gi"));
    }

    private static String error(UnaryOperator<Neo4jProps.Builder> change) {
        return assertThrows(IllegalArgumentException.class, () -> change.apply(valid()).build()).getMessage();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Neo4jProps p = valid().build();
        assertEquals("neo4j", p.name());
        assertEquals("neo4j:5.26.30-community", p.image());
        assertEquals(7474, p.uid());
        assertEquals(7687, p.boltPort());
        assertEquals(7474, p.httpPort());
        assertEquals(40, p.heapPercent());
        assertEquals(30, p.pageCachePercent());
        assertEquals(409, p.heapMib());
        assertEquals(307, p.pageCacheMib());
        assertEquals("secret/data/neo4j", p.adminSecret().apiPath());
        assertEquals("secret/data/neo4j-app", p.appSecret().apiPath());
        assertEquals("app", p.appUser());
        assertEquals(16, p.passwordMinLength());
        assertEquals(120, p.terminationGracePeriodSeconds());
        assertEquals(600, p.startTimeoutSeconds());
        assertEquals(10, p.maintenancePollSeconds());
        assertEquals(3600, p.maintenanceWindowSeconds());
        assertEquals(p, p.toBuilder().build());
    }

    @Test
    void theImageVersionIsTheOneTheTestsRun() {
        assertEquals("neo4j:" + io.datalayer.testing.Neo4jServer.version() + "-community", Neo4jProps.DEFAULT_IMAGE);
    }

    @Test
    void memorySharesAreChecked() {
        assertEquals("Neo4jProps.heapPercent 75 is outside 10 to 70; the heap needs a share of the memory limit and must"
                + " leave room for the page cache and off-heap memory", error(b -> b.heapPercent(75)));
        assertEquals("Neo4jProps.pageCachePercent 2 is outside 5 to 70", error(b -> b.pageCachePercent(2)));
        assertEquals("Neo4jProps.heapPercent 50 + pageCachePercent 40 is above 80% of the memory limit; the JVM's off-heap"
                + " memory (Netty buffers, metaspace, threads) needs the rest, or the kernel kills the server at the limit",
                error(b -> b.heapPercent(50).pageCachePercent(40)));
        assertEquals("Neo4jProps.resources.memoryLimit \"512Mi\" gives a heap of 204 MiB at heapPercent 40; Neo4j needs at"
                + " least 256 MiB: raise the memory limit or heapPercent",
                error(b -> b.resources(new Resources("100m", "512Mi", "1", "512Mi"))));
        assertEquals("Neo4jProps.resources.memoryLimit \"2e9\" is not a memory size this setting can be derived from; use"
                + " bytes with a suffix Ki, Mi, Gi, Ti, k, M, G or T, e.g. 512Mi",
                error(b -> b.resources(new Resources("100m", "1Gi", "1", "2e9"))));
    }

    @Test
    void secretsAndUsersAreChecked() {
        assertEquals("Neo4jProps.appSecret secret/data/neo4j is the path of adminSecret; give the app user a path of its own"
                + " (KV v2 policies grant whole paths, so L4 apps would read the admin password)",
                error(b -> b.appSecret(SecretRequirement.of("neo4j", "password"))));
        assertEquals("Neo4jProps.adminSecret secret/data/neo4j lacks the key \"admin-password\"; its keys are [password] and"
                + " the construct mounts \"admin-password\", so add it", error(b -> b.adminSecret(SecretRequirement.of("neo4j", "password"))));
        assertEquals("Neo4jProps.appUser \"neo4j\" is not a plain user name other than neo4j; use lowercase letters, digits"
                + " and '_', starting with a letter", error(b -> b.appUser("neo4j")));
        assertEquals("Neo4jProps.appUser \"App-1\" is not a plain user name other than neo4j; use lowercase letters, digits"
                + " and '_', starting with a letter", error(b -> b.appUser("App-1")));
    }

    @Test
    void portsStorageAndTimesAreChecked() {
        assertEquals("Neo4jProps.httpPort 7687 is the Bolt port; give HTTP a port of its own", error(b -> b.httpPort(7687)));
        assertEquals("Neo4jProps.storage.accessMode \"ReadWriteMany\" is not a volume access mode for a server's data; use"
                + " ReadWriteOnce or ReadWriteOncePod", error(b -> b.storage(new Storage("1Gi", "nfs", "ReadWriteMany"))));
        assertEquals("Neo4jProps.storage is not set; give size, storage class and access mode (the environment sets them, see"
                + " Environments)",
                error(b -> b.storage(null)));
        assertEquals("Neo4jProps.resources is not set; give CPU and memory requests and limits (the environment sets them,"
                + " see Environments)", error(b -> b.resources(null)));
        assertEquals("Neo4jProps.maintenanceWindowSeconds 30 is below the minimum; use 60 or more", error(b -> b.maintenanceWindowSeconds(30)));
        assertEquals("Neo4jProps.image \"neo4j:latest\" uses the moving tag latest; pin an exact version (major.minor,"
                + " e.g. neo4j:1.2) or a digest", error(b -> b.image("neo4j:latest")));
    }
}
