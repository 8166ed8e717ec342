package io.datalayer.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scripts a store's backup and restore Jobs run, read from the classpath exactly as they are in
 * the repository and put into a ConfigMap, so the script the cluster runs is the script the tests
 * run. Every store's ConfigMap also carries {@value #RUNS_LIBRARY}, the store-agnostic runs,
 * manifests, lock and retention both scripts source; it lives beside this class.
 */
public final class BackupScripts {
    /** Where the scripts ConfigMap is mounted in a backup or restore pod. */
    public static final String DIR = "/opt/data-layer";
    /**
     * Store-agnostic runs, manifests, lock and retention, sourced by every store's scripts;
     * {@code sh runs.sh list} lists the runs.
     */
    public static final String RUNS_LIBRARY = "runs.sh";

    private BackupScripts() {
    }

    /**
     * A script exactly as it is in the repository: a classpath resource beside {@code owner}, or at
     * an absolute resource path ({@code /...}).
     */
    public static String read(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the script " + name + " is missing from the classpath beside "
                        + owner.getName() + "; rebuild with mvn compile");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the script " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * A ConfigMap's data: {@value #RUNS_LIBRARY} from this package and each of the store's
     * {@code scripts} from beside {@code owner}, by file name.
     */
    public static Map<String, String> configMapData(Class<?> owner, List<String> scripts) {
        Map<String, String> data = new TreeMap<>();
        data.put(RUNS_LIBRARY, read(BackupScripts.class, RUNS_LIBRARY));
        // Off-site copies run every store's script through it (see Offsite).
        data.put(Offsite.SCRIPT, read(BackupScripts.class, Offsite.SCRIPT));
        // Every store's drill.sh sources it (see RestoreDrill).
        data.put(RestoreDrill.LIBRARY, read(BackupScripts.class, RestoreDrill.LIBRARY));
        for (String name : scripts) {
            if (name.equals(RUNS_LIBRARY) || name.equals(Offsite.SCRIPT) || name.equals(RestoreDrill.LIBRARY)) {
                throw new IllegalArgumentException(name + " is shared by every store and added by BackupScripts;"
                        + " do not list it among " + owner.getSimpleName() + "'s scripts");
            }
            data.put(name, read(owner, name));
        }
        return data;
    }
}
