package io.datalayer.stores.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.testing.Await;
import io.datalayer.testing.Digests;
import io.datalayer.testing.JobEnv;
import io.datalayer.testing.Manifests;
import io.datalayer.testing.Neo4jServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup.sh, restore.sh and request.sh, the very bytes of the synthesized ConfigMap, run with the
 * env the synthesized manifests give them (the backup and restore CronJobs' containers, and the
 * server container's share from {@link Neo4jBackupChart}'s stand-in StatefulSet; the pod's absolute
 * mount paths mapped onto temporary folders) against the real neo4j-admin of Neo4j 5.26.30
 * (the image folder of {@link Neo4jServer#imageHome()}, its {@code bin/} on PATH) and a graph in an embedded Neo4j ({@link Neo4jGraph}).
 *
 * <p>The supervisor's side of the request protocol is a STAND-IN here ({@link StandInSupervisor}):
 * the real one is neo4j-server's {@code server.sh}. It does what the protocol says (take the oldest
 * request, rename it to taken, run the script with the window as deadline, write the result
 * atomically, remove taken) without a neo4j to stop and start: the graph is stopped throughout.
 */
class Neo4jBackupScriptsTest {
    private static final Map<String, String> POD_PATHS = Map.of(
            "/backups", "backups", "/data", "data", "/conf", "conf", "/backup-scratch", "scratch", "/scripts", "scripts");
    private static Manifests manifests;
    private static Path root;
    private static Path bin;
    private static Path live;
    private static Path goldenRuns;
    private static List<String> expected;
    /** The golden run's backup as the CronJob runs it: request.sh, answered by the stand-in supervisor. */
    private static Run requested;
    private static String supervisorLog;

    @BeforeAll
    static void graphAndOneRun() throws IOException {
        manifests = Neo4jBackupChart.synth(Neo4jBackupChart.props(), false);
        root = Files.createTempDirectory("neo4j-backup-scripts");
        bin = Neo4jServer.imageHome().resolve("bin");
        live = pod("live");
        Neo4jGraph.create(root.resolve("embedded"), live.resolve("data"), 60);
        expected = Neo4jGraph.read(root.resolve("embedded"), live.resolve("data"));
        try (StandInSupervisor supervisor = new StandInSupervisor(live, serverEnv(live))) {
            requested = run(live, "request.sh", JobEnv.of(manifests, "neo4j-backup"), Map.of());
            supervisorLog = supervisor.log();
        }
        assertEquals(0, requested.exit(), requested.output() + supervisorLog);
        goldenRuns = live.resolve("backups/runs");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        delete(root);
    }

    @Test
    void theGoldenRunHoldsBothDatabasesProvenAndChecksummed() throws IOException {
        Path run = onlyRun(goldenRuns);
        String manifest = Files.readString(run.resolve("manifest"));
        assertTrue(manifest.contains("\noutcome complete\n"), manifest);
        assertTrue(manifest.contains("\ndatabase neo4j\n") && manifest.contains("\ndatabase system\n"), manifest);
        for (String db : List.of("neo4j", "system")) {
            Path dump = run.resolve(db + ".dump");
            assertTrue(manifest.contains("\nfile " + db + ".dump " + Files.size(dump) + " " + Digests.sha256(dump) + "\n"), manifest);
            assertTrue(manifest.matches("(?s).*\ndump " + db + " \\d+ record-aligned-1.1 \\d+ \\d+\n.*"), manifest);
        }
        assertEquals(List.of(".lock", ".requests", "runs"), list(live.resolve("backups")));
        assertEquals(List.of(), list(live.resolve("scratch")), "the scratch homes are removed");
    }

    @Test
    void theBackupJobAsksTheSupervisorAndPrintsTheSummaryWithTheDowntime() throws IOException {
        String summary = requested.lines("DATALAYER_BACKUP_SUMMARY ").get(0);
        assertTrue(summary.matches("DATALAYER_BACKUP_SUMMARY \\{\"store\":\"neo4j\",\"run\":\"000001-\\d{8}T\\d{6}Z\","
                + "\"outcome\":\"complete\",\"recorded\":true,\"databases\":2,\"bytes\":\\d+,\"seconds\":\\d+,\"failures\":0,"
                + "\"downtime_seconds\":\\d+}"), summary);
        assertTrue(supervisorLog.contains("took test-pod.request (action backup)"), supervisorLog);
        assertTrue(requested.output().contains("the supervisor took the request: neo4j is stopped for the backup"), requested.output());
        assertEquals(List.of(), list(live.resolve("backups/.requests")), "request.sh removes its files, the supervisor its own");
    }

    @Test
    void requestedRestoreIntoAFreshHomeGivesBackEveryNodeRelationshipIndexConstraintAndUser() throws Exception {
        // A fresh home: the restore loads both databases into a data folder no server ever used.
        Path fresh = pod("fresh");
        copyTree(goldenRuns, fresh.resolve("backups/runs"));
        try (StandInSupervisor supervisor = new StandInSupervisor(fresh, serverEnv(fresh))) {
            Run restore = run(fresh, "request.sh", JobEnv.of(manifests, "neo4j-restore"), Map.of());
            assertEquals(0, restore.exit(), restore.output() + supervisor.log());
            assertTrue(supervisor.log().contains("took test-pod.request (action restore, run )"), supervisor.log());
        }
        assertEquals(expected, Neo4jGraph.read(root.resolve("embedded-fresh"), fresh.resolve("data")));
        assertTrue(expected.contains("user {passwordChangeRequired=false, user=alice}"), String.join("\n", expected));
        assertTrue(expected.stream().anyMatch(l -> l.startsWith("constraint {entityType=NODE, labelsOrTypes=[Person], name=person_email")));
        assertTrue(expected.stream().anyMatch(l -> l.contains("index {entityType=NODE, labelsOrTypes=[City], name=city_location")));
        assertEquals(60 + 20 + 1, expected.stream().filter(l -> l.startsWith("node ")).count());
    }

    @Test
    void restoreKeepsTheDatabasesItReplaces() throws IOException {
        Path pod = pod("replace");
        copyTree(live.resolve("data"), pod.resolve("data"));
        copyTree(goldenRuns, pod.resolve("backups/runs"));
        var dbms = Neo4jGraph.open(root.resolve("embedded-replace"), pod.resolve("data"));
        dbms.database("neo4j").executeTransactionally("CREATE (:Intruder {name: 'written after the backup'})");
        dbms.shutdown();

        Run restore = run(pod, "restore.sh", serverEnv(pod), Map.of("RESTORE_RUN", ""));
        assertEquals(0, restore.exit(), restore.output());
        assertEquals(expected, Neo4jGraph.read(root.resolve("embedded-replace"), pod.resolve("data")));
        List<Path> replaced = glob(pod.resolve("data"), "replaced-");
        assertEquals(1, replaced.size(), restore.output());
        assertEquals(List.of("databases", "transactions"), list(replaced.get(0)));
        assertEquals(List.of("neo4j", "system"), list(replaced.get(0).resolve("databases")));
        // The runbook's way back: the kept folders are a whole store the server opens as it was.
        Path back = pod("back");
        Files.createDirectories(back.resolve("data"));
        copyTree(replaced.get(0), back.resolve("data"));
        List<String> kept = Neo4jGraph.read(root.resolve("embedded-back"), back.resolve("data"));
        assertNotEquals(expected, kept);
        assertTrue(kept.stream().anyMatch(l -> l.contains("[Intruder] {name=String:written after the backup}")), String.join("\n", kept));
        assertTrue(expected.stream().noneMatch(l -> l.contains("Intruder")));
    }

    @Test
    void aRestoreStoppedHalfWayPutsTheLiveDatabasesBack() throws Exception {
        Path pod = pod("stopped");
        copyTree(live.resolve("data"), pod.resolve("data"));
        copyTree(goldenRuns, pod.resolve("backups/runs"));
        Map<String, String> before = tree(pod.resolve("data"));
        Path pause = root.resolve("pause-stopped");
        Process restore = start(pod, "restore.sh", serverEnv(pod),
                Map.of("DATALAYER_TEST_PAUSE_AT", "loaded-neo4j", "DATALAYER_TEST_PAUSE_FILE", pause.toString()));
        Await.until(() -> Files.exists(pause), "restore.sh to pause after loading neo4j over the live folders");
        assertEquals(1, glob(pod.resolve("data"), "replaced-").size(), "the live folders are moved aside at this point");
        // The supervisor's kill at the end of the window: SIGTERM first.
        new ProcessBuilder("kill", "-TERM", Long.toString(restore.pid())).start().waitFor();
        assertTrue(restore.waitFor(60, TimeUnit.SECONDS));
        String out = new String(restore.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(143, restore.exitValue(), out);
        assertTrue(out.contains("rolled the restore back: the data folder holds the databases it held before"), out);
        assertEquals(before, tree(pod.resolve("data")));
        assertEquals(List.of(), glob(pod.resolve("data"), "replaced-"));
    }

    @Test
    void aCorruptDumpIsRefusedBeforeAnythingIsTouched() throws IOException {
        Path pod = pod("corrupt");
        copyTree(live.resolve("data"), pod.resolve("data"));
        copyTree(goldenRuns, pod.resolve("backups/runs"));
        Path run = onlyRun(pod.resolve("backups/runs"));
        Path dump = run.resolve("neo4j.dump");
        byte[] bytes = Files.readAllBytes(dump);
        for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(dump, bytes);
        Map<String, String> before = tree(pod.resolve("data"));

        // First line of defence: the SHA-256 in the manifest.
        Run refused = run(pod, "restore.sh", serverEnv(pod), Map.of());
        assertEquals(1, refused.exit(), refused.output());
        assertTrue(refused.output().contains("refusing to restore: run " + run.getFileName() + " is damaged: neo4j.dump does not"
                + " match its SHA-256 in the manifest. Nothing was touched"), refused.output());
        assertEquals(before, tree(pod.resolve("data")));

        // A manifest that agrees with the damaged bytes (a dump damaged before it was recorded): the load proof refuses it.
        Path manifest = run.resolve("manifest");
        String text = Files.readString(manifest).replaceAll("(?m)^file neo4j\\.dump .*$",
                "file neo4j.dump " + bytes.length + " " + Digests.sha256(bytes));
        Files.writeString(manifest, text);
        Run proof = run(pod, "restore.sh", serverEnv(pod), Map.of());
        assertEquals(1, proof.exit(), proof.output());
        assertTrue(proof.output().matches("(?s).*ERROR: refusing to restore run " + run.getFileName() + ": neo4j\\.dump (does not load into a"
                + " scratch home|declares \\d+ files).*Nothing was touched.*"), proof.output());
        assertEquals(before, tree(pod.resolve("data")));
        assertEquals(List.of(), glob(pod.resolve("data"), "replaced-"));
    }

    @Test
    void restoreRefusesWhileAServerHoldsTheStore() throws IOException {
        Path pod = pod("running");
        copyTree(live.resolve("data"), pod.resolve("data"));
        copyTree(goldenRuns, pod.resolve("backups/runs"));
        var dbms = Neo4jGraph.open(root.resolve("embedded-running"), pod.resolve("data"));
        try {
            Run refused = run(pod, "restore.sh", serverEnv(pod), Map.of());
            assertEquals(1, refused.exit(), refused.output());
            assertTrue(refused.output().contains("database neo4j is in use (Database in use: true): a Neo4j server holds its store"
                    + " lock"), refused.output());
            assertEquals(List.of(), glob(pod.resolve("data"), "replaced-"));
            long people = dbms.database("neo4j").executeTransactionally("MATCH (p:Person {age: 1}) RETURN count(p) AS n",
                    Map.of(), r -> ((Number) r.next().get("n")).longValue());
            assertEquals(1L, people, "the running server still serves its data");
        } finally {
            dbms.shutdown();
        }
    }

    @Test
    void aKilledBackupLeavesEarlierRunsUntouchedAndTheNextOneWorks() throws Exception {
        Path pod = pod("killed");
        copyTree(live.resolve("data"), pod.resolve("data"));
        copyTree(goldenRuns, pod.resolve("backups/runs"));
        Path earlier = onlyRun(pod.resolve("backups/runs"));
        Map<String, String> earlierFiles = tree(earlier);
        Path pause = root.resolve("pause-killed");
        Process backup = start(pod, "backup.sh", serverEnv(pod),
                Map.of("DATALAYER_TEST_PAUSE_AT", "dumped-neo4j", "DATALAYER_TEST_PAUSE_FILE", pause.toString()));
        Await.until(() -> Files.exists(pause), "backup.sh to pause after dumping neo4j");
        backup.destroyForcibly(); // SIGKILL: no trap runs, nothing is cleaned up
        backup.waitFor(30, TimeUnit.SECONDS);
        Files.delete(pause); // releases the pause loop, a child that still holds the volume's lock
        List<Path> runs = glob(pod.resolve("backups/runs"), "");
        assertEquals(2, runs.size());
        Path killed = runs.get(1);
        assertFalse(Files.exists(killed.resolve("manifest")), "a killed run has no manifest and never counts");
        assertEquals(earlierFiles, tree(earlier));

        Run next = run(pod, "backup.sh", serverEnv(pod), Map.of());
        assertEquals(0, next.exit(), next.output());
        assertTrue(next.output().contains("\"outcome\":\"complete\""), next.output());
        assertFalse(Files.exists(killed), "retention removes the killed run once a newer complete run exists");
        assertEquals(earlierFiles, tree(earlier));
        assertEquals(2, glob(pod.resolve("backups/runs"), "").size());
    }

    @Test
    void aRequestNobodyTakesIsWithdrawnAfterTheWindowAndTheMargin() throws IOException {
        Path pod = pod("untaken");
        Map<String, String> operator = Map.of("NEO4J_MAINTENANCE_WINDOW_SECONDS", "1", "NEO4J_REQUEST_MARGIN_SECONDS", "0");
        Run request = run(pod, "request.sh", JobEnv.of(manifests, "neo4j-backup"), operator);
        assertEquals(1, request.exit(), request.output());
        assertTrue(request.output().contains("nobody took the request test-pod within 1s: is the Neo4j server pod running with the"
                + " supervisor (server.sh)? The request was withdrawn"), request.output());
        assertTrue(request.output().contains("DATALAYER_BACKUP_SUMMARY {\"store\":\"neo4j\",\"run\":\"\",\"outcome\":\"failed\""),
                request.output());
        assertEquals(List.of(), list(pod.resolve("backups/.requests")));
    }

    @Test
    void aRequestWithdrawsItselfOnSigtermBeforeTheSupervisorTookIt() throws Exception {
        Path pod = pod("withdrawn");
        Process request = start(pod, "request.sh", JobEnv.of(manifests, "neo4j-backup"), Map.of());
        Path file = pod.resolve("backups/.requests/test-pod.request");
        Await.until(() -> Files.exists(file), "request.sh to write its request");
        assertEquals(List.of("action backup", "id test-pod"), Files.readAllLines(file).subList(0, 2));
        assertTrue(Files.readAllLines(file).get(2).matches("requested \\d+"));
        new ProcessBuilder("kill", "-TERM", Long.toString(request.pid())).start().waitFor();
        assertTrue(request.waitFor(30, TimeUnit.SECONDS));
        String out = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(143, request.exitValue(), out);
        assertTrue(out.contains("withdrew the request test-pod.request; neo4j was not stopped for it"), out);
        assertEquals(List.of(), list(pod.resolve("backups/.requests")));
    }

    // --- the stand-in supervisor -------------------------------------------------------------------

    /**
     * STAND-IN for the supervisor side of the request protocol (neo4j-server's server.sh): polls
     * {@code .requests/} (the real one every NEO4J_MAINTENANCE_POLL_SECONDS), takes the oldest request,
     * renames it to {@code <id>.taken}, runs the script with the request's run as RESTORE_RUN and the
     * window as deadline, writes {@code <id>.result} atomically and removes the taken file.
     */
    static final class StandInSupervisor implements AutoCloseable {
        /** What the supervisor runs for a request. */
        interface Script {
            Run run(Path pod, String action, String run, Map<String, String> env);
        }

        private final Path pod;
        private final Map<String, String> env;
        private final Script script;
        private final StringBuffer log = new StringBuffer();
        private final Thread thread;
        private volatile boolean stop;

        StandInSupervisor(Path pod, Map<String, String> env) {
            this(pod, env, (p, action, run, e) -> Neo4jBackupScriptsTest.run(p, action + ".sh", e,
                    action.equals("restore") ? Map.of("RESTORE_RUN", run) : Map.of()));
        }

        StandInSupervisor(Path pod, Map<String, String> env, Script script) {
            this.pod = pod;
            this.env = env;
            this.script = script;
            this.thread = new Thread(this::loop, "stand-in-supervisor");
            thread.start();
        }

        String log() {
            return log.toString();
        }

        private void loop() {
            Path requests = pod.resolve("backups/.requests");
            while (!stop) {
                try {
                    if (Files.isDirectory(requests)) {
                        try (Stream<Path> s = Files.list(requests)) {
                            for (Path request : s.filter(p -> p.toString().endsWith(".request")).sorted().toList()) {
                                handle(request);
                            }
                        }
                    }
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    log.append("error ").append(e).append('\n');
                }
            }
        }

        private void handle(Path request) throws IOException, InterruptedException {
            String name = request.getFileName().toString();
            String id = name.substring(0, name.length() - ".request".length());
            Map<String, String> fields = new HashMap<>();
            for (String line : Files.readAllLines(request)) {
                int space = line.indexOf(' ');
                fields.put(space < 0 ? line : line.substring(0, space), space < 0 ? "" : line.substring(space + 1));
            }
            Path taken = request.resolveSibling(id + ".taken");
            Files.move(request, taken);
            String action = fields.get("action");
            log.append("took ").append(name).append(" (action ").append(action)
                    .append(action.equals("restore") ? ", run " + fields.getOrDefault("run", "") : "").append(")\n");
            long stopped = System.nanoTime();
            Run script = this.script.run(pod, action, fields.getOrDefault("run", ""), env);
            long downtime = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopped);
            log.append(script.output());
            List<String> summary = script.lines("DATALAYER_BACKUP_SUMMARY ");
            Path tmp = request.resolveSibling(id + ".result.tmp");
            Files.writeString(tmp, "status " + script.exit() + "\ndowntime_seconds " + downtime + "\nsummary "
                    + (summary.isEmpty() ? "" : summary.get(summary.size() - 1)) + "\n");
            Files.move(tmp, request.resolveSibling(id + ".result"), StandardCopyOption.ATOMIC_MOVE);
            Files.delete(taken);
        }

        @Override
        public void close() {
            stop = true;
            try {
                thread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the stand-in supervisor stopped", e);
            }
        }
    }

    // --- running the scripts as the pods do -----------------------------------------------------------

    record Run(int exit, String output) {
        List<String> lines(String prefix) {
            return output.lines().filter(l -> l.startsWith(prefix)).toList();
        }
    }

    /** A pod's folders: the runs claim, the data folder, the conf, the scratch emptyDir, the scripts, /tmp. */
    private static Path pod(String name) throws IOException {
        Path pod = root.resolve(name);
        for (String dir : List.of("backups", "data", "conf", "scratch", "scripts", "tmp")) {
            Files.createDirectories(pod.resolve(dir));
        }
        // The server's conf names its data folder, as neo4j-server's ConfigMap does (/data in the pod).
        // Its JVM line (the ConfigMap has one too, for the OOM exit) is the test's: neo4j-admin's bootloader
        // starts AdminTool's JVM with it, and the client compiler alone (see Neo4jServer's shims) makes each
        // of the dozens of short dumps, loads and infos here about a third cheaper in CPU; the same store work.
        Files.writeString(pod.resolve("conf/neo4j.conf"), "server.directories.data=" + pod.resolve("data") + "\n"
                + "server.directories.logs=" + pod.resolve("tmp") + "\n"
                + "server.jvm.additional=-XX:TieredStopAtLevel=1\nserver.jvm.additional=-XX:+UseSerialGC\n");
        for (Map.Entry<String, Object> script : manifests.get("ConfigMap", "neo4j-backup-scripts").at("data").map().entrySet()) {
            Files.writeString(pod.resolve("scripts").resolve(script.getKey()), (String) script.getValue());
        }
        return pod;
    }

    /** The env of the stand-in server container in the synthesized StatefulSet, its mount paths mapped onto the pod's folders. */
    private static Map<String, String> serverEnv(Path pod) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object e : manifests.get("StatefulSet", "neo4j").at("spec.template.spec.containers[0].env").list()) {
            Map<?, ?> var = (Map<?, ?>) e;
            String value = var.get("value") != null ? (String) var.get("value") : "neo4j-0"; // POD_NAME, downward API
            env.put((String) var.get("name"), mapped(pod, value));
        }
        return env;
    }

    private static String mapped(Path pod, String value) {
        for (Map.Entry<String, String> p : POD_PATHS.entrySet()) {
            if (value.equals(p.getKey()) || value.startsWith(p.getKey() + "/")) {
                return pod.resolve(p.getValue()) + value.substring(p.getKey().length());
            }
        }
        return value;
    }

    private static Run run(Path pod, String script, Map<String, String> env, Map<String, String> extra) {
        try {
            Process p = start(pod, script, env, extra);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Run(p.waitFor(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Process start(Path pod, String script, Map<String, String> env, Map<String, String> extra) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", pod.resolve("scripts").resolve(script).toString())
                .directory(pod.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        env.forEach((k, v) -> pb.environment().put(k, mapped(pod, v)));
        pb.environment().putAll(extra);
        pb.environment().put("PATH", bin + ":/usr/local/bin:/usr/bin:/bin");
        pb.environment().put("TMPDIR", pod.resolve("tmp").toString());
        if (script.equals("backup.sh") || script.equals("restore.sh")) {
            pb.environment().put("NEO4J_CONF", pod.resolve("conf").toString());
        }
        return pb.start();
    }

    // --- files -------------------------------------------------------------------------------------

    private static Path onlyRun(Path runs) throws IOException {
        List<Path> all = glob(runs, "");
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    private static List<Path> glob(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    private static List<String> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every file under dir with its SHA-256 (lock files included: nothing may change them either). */
    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(), Digests.sha256(f));
            }
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

}
