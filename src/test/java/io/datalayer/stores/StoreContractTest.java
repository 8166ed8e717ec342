package io.datalayer.stores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.config.DataLayerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the {@link Store} contract promises, checked over the sources and every named environment: a
 * store is one unit (one package under {@code stores/}, scripts beside it, a docs page), and nothing
 * shared reaches into a store, so a new store touches no shared file but its entry in
 * {@code Environments}.
 */
class StoreContractTest {
    private static final Path MAIN = Path.of("src/main/java/io/datalayer");
    private static final Pattern STORE_IMPORT = Pattern.compile("(?m)^import (?:static )?io\\.datalayer\\.stores\\.(\\w+)\\.");
    /** The one shared file that names stores: where an environment lists them. */
    private static final Path ENVIRONMENTS = MAIN.resolve("app/Environments.java");

    @Test
    void nothingSharedImportsAStore() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = MAIN.relativize(file);
                String owner = relative.getNameCount() > 2 && relative.getName(0).toString().equals("stores")
                        ? relative.getName(1).toString() : null;
                Matcher m = STORE_IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    boolean ownStore = m.group(1).equals(owner);
                    if (!ownStore && !file.equals(ENVIRONMENTS)) {
                        offenders.add(relative + " imports io.datalayer.stores." + m.group(1));
                    }
                }
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void everyStoreOfEveryEnvironmentHasItsDocsPageAndAUniqueName() {
        for (Map.Entry<String, Supplier<DataLayerConfig>> environment : Environments.all().entrySet()) {
            List<Store> stores = environment.getValue().get().stores();
            assertEquals(stores.size(), stores.stream().map(Store::name).distinct().count(), environment.getKey());
            for (Store store : stores) {
                assertTrue(Files.isRegularFile(Path.of(store.docsPage())),
                        environment.getKey() + ": " + store.name() + " has no docs page " + store.docsPage());
            }
        }
    }

    /** Each store's scripts live beside its package, and the store's package holds its whole Java side. */
    @Test
    void eachStoreIsOnePackageWithItsScriptsBesideIt() {
        TreeSet<String> storePackages = new TreeSet<>();
        for (Supplier<DataLayerConfig> environment : Environments.all().values()) {
            for (Store store : environment.get().stores()) {
                storePackages.add(store.getClass().getPackageName());
            }
        }
        for (String pkg : storePackages) {
            assertTrue(pkg.startsWith("io.datalayer.stores."), pkg);
            Path scripts = Path.of("src/main/resources", pkg.replace('.', '/'));
            assertTrue(Files.isDirectory(scripts), "no scripts folder " + scripts);
            try (Stream<Path> files = Files.list(scripts)) {
                assertTrue(files.anyMatch(f -> f.toString().endsWith(".sh")), "no script in " + scripts);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertEquals(List.of("io.datalayer.stores.clickhouse", "io.datalayer.stores.neo4j", "io.datalayer.stores.postgres", "io.datalayer.stores.redis"),
                List.copyOf(storePackages));
    }
}
