package io.datalayer.output;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Parses an environment's output on a background thread as soon as it is written, while the next
 * environment's charts are built (the main thread then mostly waits on the jsii kernel, and the
 * machine has a second core), so the one parse of the whole output ({@link SynthOutput#read(Path,
 * ParseAhead)}) finds most files parsed. It uses a parse only for the very bytes it reads itself:
 * a file changed since, or one whose early parse failed, is read and parsed again, with the same
 * result and the same errors as without this class.
 */
public final class ParseAhead {
    /** Parses nothing ahead. */
    public static final ParseAhead NONE = new ParseAhead();

    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Map<Path, SynthOutput.File> parsed = new ConcurrentHashMap<>();
    private final Consumer<SynthOutput.File> onParsed;

    public ParseAhead() {
        this(file -> { });
    }

    /**
     * Hands each file parsed ahead to {@code onParsed} (on the parsing thread; it must return at once:
     * the gate's {@code GuardAhead} starts its check of the file on a thread of its own).
     */
    public ParseAhead(Consumer<SynthOutput.File> onParsed) {
        this.onParsed = onParsed;
    }

    /** Starts parsing the synth files of {@code dir/folder}, keyed by their path relative to {@code dir}. */
    public void folder(Path dir, String folder) {
        Thread thread = new Thread(() -> {
            try {
                for (Path inFolder : OutputLayout.files(dir.resolve(folder))) {
                    Path relative = Path.of(folder).resolve(inFolder);
                    SynthOutput.File file = SynthOutput.parse(relative, Files.readAllBytes(dir.resolve(relative)));
                    parsed.put(relative, file);
                    onParsed.accept(file);
                }
            } catch (Exception e) {
                // the final read parses this folder again and reports what is wrong with it
            }
        }, "parse ahead " + folder);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /** What was parsed ahead, once every parse has ended. */
    Map<Path, SynthOutput.File> parsed() {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true; // the parses are short: wait on, then pass the interrupt on
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return Map.copyOf(parsed);
    }
}
