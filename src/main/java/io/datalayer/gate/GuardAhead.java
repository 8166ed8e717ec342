package io.datalayer.gate;

import io.datalayer.output.SynthOutput;
import io.datalayer.vault.Fingerprints;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@link OutputGuard} over each file of the output as soon as it is parsed
 * ({@link io.datalayer.output.ParseAhead}), on one background thread, while the next environment is
 * built (the main thread then mostly waits on the jsii kernel, and the machine has a second core):
 * the guard was the longest step after the last environment's synth. One thread, so every distinct
 * string is decoded and scanned once for the whole output (its memo is that thread's alone).
 * {@link #findings} uses a result only for the very file object the final read keeps (the same
 * bytes, parsed once); any other file, or one whose check failed here, is checked again on the
 * caller's thread, with the same result and the same errors as without this class: the findings of
 * an output are those of its files in file order ({@link OutputGuard#checkFile}).
 */
public final class GuardAhead {
    private final Fingerprints fingerprints;
    private final OutputGuard.Memo memo = new OutputGuard.Memo(); // the background thread's alone
    private final Map<Path, Ahead> started = new ConcurrentHashMap<>();
    // At most one thread, ended after a second without work: a synth that fails before the findings
    // are asked for (a test runs many in one JVM) leaves no thread behind.
    private final ExecutorService thread = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            task -> {
                Thread t = new Thread(task, "guard ahead");
                t.setDaemon(true);
                return t;
            });

    private record Ahead(SynthOutput.File file, CompletableFuture<List<Violation>> findings) {
    }

    public GuardAhead(Fingerprints fingerprints) {
        this.fingerprints = fingerprints;
    }

    /** Starts checking {@code file} in the background. */
    public void file(SynthOutput.File file) {
        started.put(file.path(), new Ahead(file,
                CompletableFuture.supplyAsync(() -> OutputGuard.checkFile(file, fingerprints, memo), thread)));
    }

    /** The guard's findings in {@code output}, as {@link OutputGuard#check} reports them. */
    List<Violation> findings(SynthOutput output) {
        OutputGuard.Memo here = new OutputGuard.Memo();
        List<Violation> out = new java.util.ArrayList<>();
        try {
            for (SynthOutput.File file : output.files()) {
                Ahead ahead = started.get(file.path());
                List<Violation> found = null;
                if (ahead != null && ahead.file() == file) {
                    try {
                        found = ahead.findings().get();
                    } catch (ExecutionException e) {
                        found = null; // checked again below, where its error is reported as without this class
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while the output guard ran", e);
                    }
                }
                out.addAll(found != null ? found : OutputGuard.checkFile(file, fingerprints, here));
            }
        } finally {
            thread.shutdown();
        }
        return List.copyOf(out);
    }
}
