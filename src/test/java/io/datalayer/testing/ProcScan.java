package io.datalayer.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Reads every process's command line and environment, over and over, looking for values (a
 * password must never be in either: any process of the same uid, and {@code ps} for the command
 * line, can read them). Start it before the work, stop it after, assert no findings.
 */
public final class ProcScan {
    private final List<byte[]> needles;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<String> findings = new ConcurrentLinkedQueue<>();
    private volatile int rounds;
    private Thread thread;

    public static ProcScan start(String... values) {
        List<byte[]> needles = new ArrayList<>();
        for (String v : values) {
            needles.add(v.getBytes(StandardCharsets.UTF_8));
        }
        ProcScan scan = new ProcScan(needles);
        scan.thread = new Thread(scan::loop, "proc-scan");
        scan.thread.setDaemon(true);
        scan.thread.start();
        return scan;
    }

    private ProcScan(List<byte[]> needles) {
        this.needles = needles;
    }

    private void loop() {
        while (running.get()) {
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    for (String file : List.of("cmdline", "environ")) {
                        try {
                            byte[] data = Files.readAllBytes(proc.resolve(file));
                            for (byte[] needle : needles) {
                                if (contains(data, needle)) {
                                    findings.add(proc + "/" + file + ": " + Files.readString(proc.resolve("comm")).strip());
                                }
                            }
                        } catch (IOException | RuntimeException gone) {
                            // the process ended between listing and reading
                        }
                    }
                }
            } catch (IOException e) {
                findings.add("cannot list /proc: " + e);
            }
            rounds++;
        }
    }

    private static boolean contains(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    public void stop() {
        running.set(false);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where a value was seen: {@code /proc/<pid>/<file>: <command name>}. */
    public List<String> findings() {
        return new ArrayList<>(findings);
    }

    public int rounds() {
        return rounds;
    }
}
