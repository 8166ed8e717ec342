package io.datalayer.gate;

import io.datalayer.output.SynthOutput;
import io.datalayer.vault.Fingerprints;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;

/**
 * Not a test: the output guard's cost over a synthesized output, for scripts/bench-guard.sh (numbers
 * never in a timed test). Reads and parses {@code <dir>} (dist/), then runs the guard once as
 * bin/app's synth does (no fingerprint: the values are the Vault check process's) and, with
 * {@code --values}, the value rule as the check process does, over fingerprints of a few made-up
 * values. Prints the guard's CPU and wall time on this thread, in a JVM that ran nothing else: its
 * first-use costs count, as they do in a synth.
 */
public final class GuardBench {
    private GuardBench() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "dist");
        boolean values = args.length > 1 && args[1].equals("--values");
        SynthOutput output = SynthOutput.read(dir);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Fingerprints fingerprints = new Fingerprints();
        if (values) {
            fingerprints.record("secret/data/bench key \"a\"", "not-in-the-output-0123456789");
            fingerprints.record("secret/data/bench key \"b\"", "Another value, 42 chars, also absent here");
        }
        com.sun.management.ThreadMXBean allocations = (com.sun.management.ThreadMXBean) threads;
        long allocated = allocations.getCurrentThreadAllocatedBytes();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        List<Violation> findings = values ? OutputGuard.vaultValues(output, fingerprints)
                : OutputGuard.check(output, fingerprints);
        long guardCpu = threads.getCurrentThreadCpuTime() - cpu;
        long guardWall = System.nanoTime() - wall;
        long guardAllocated = allocations.getCurrentThreadAllocatedBytes() - allocated;
        System.gc();
        long retained = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.printf("guard%s cpu_ms=%.1f wall_ms=%.1f allocated_mib=%.1f heap_after_gc_mib=%.1f findings=%d%n",
                values ? "-values" : "", guardCpu / 1e6, guardWall / 1e6, guardAllocated / 1048576.0, retained / 1048576.0,
                findings.size());
        if (findings.hashCode() == 42) {
            System.out.println(output.files().size()); // keeps the output reachable past the collection above
        }
    }
}
