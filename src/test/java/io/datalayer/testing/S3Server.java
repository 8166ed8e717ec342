package io.datalayer.testing;

import io.datalayer.backup.OffsiteProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 API server for the tests: S3Proxy (the S3 REST API, AWS signatures V2 and V4) in this
 * JVM, over jclouds' filesystem backend, so every object is a plain file under {@link #root()} that a
 * test can read (is anything in plain text?) or damage. One bucket is created; the platform creates
 * the bucket in real life, and the copy jobs never create one.
 */
public final class S3Server implements AutoCloseable {
    public static final String REGION = "us-east-1";
    /**
     * jclouds logs a stack trace through java.util.logging for every upload a test cuts off on
     * purpose; held here so the logger (and its level) is not garbage-collected.
     */
    private static final java.util.logging.Logger JCLOUDS = java.util.logging.Logger.getLogger("org.jclouds");

    static {
        JCLOUDS.setLevel(java.util.logging.Level.OFF);
    }

    private final Path root;
    private final String bucket;
    private final String accessKey;
    private final String secretKey;
    private final S3Proxy proxy;
    private final BlobStoreContext context;

    private S3Server(Path root, String bucket, String accessKey, String secretKey) throws Exception {
        this.root = root;
        this.bucket = bucket;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", root.toString());
        this.context = ContextBuilder.newBuilder("filesystem").overrides(properties).build(BlobStoreContext.class);
        BlobStore store = context.getBlobStore();
        store.createContainerInLocation(null, bucket);
        this.proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(20);
        }
    }

    /** Starts a server with one bucket, storing objects under {@code root}. */
    public static S3Server start(Path root, String bucket, String accessKey, String secretKey) {
        try {
            Files.createDirectories(root);
            return new S3Server(root, bucket, accessKey, secretKey);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy: " + e, e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public String bucket() {
        return bucket;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** The folder holding the bucket's objects as files. */
    public Path bucketRoot() {
        return root.resolve(bucket);
    }

    public Path root() {
        return root;
    }

    /** Every object's key in the bucket, sorted. */
    public List<String> keys() {
        Path b = bucketRoot();
        if (!Files.isDirectory(b)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(b)) {
            return all.filter(Files::isRegularFile).map(p -> b.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The off-site Secret's files as a pod mounts them (one read-only file per key of
     * {@link OffsiteProps#KEYS}) for this server, written into {@code dir}; returns {@code dir}.
     */
    public Path writeOffsiteSecret(Path dir, String cryptPassword, String cryptSalt) {
        Map<String, String> values = Map.of("bucket", bucket, "endpoint", endpoint(), "region", REGION,
                "access-key-id", accessKey, "secret-access-key", secretKey, "crypt-password", cryptPassword, "crypt-salt", cryptSalt);
        try {
            Files.createDirectories(dir);
            for (String key : OffsiteProps.KEYS) {
                Files.writeString(dir.resolve(key), values.get(key), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(dir.resolve(key), PosixFilePermissions.fromString("r--------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** The files of the bucket whose bytes hold any of {@code texts} in plain text (ISO-8859-1), sorted. */
    public List<Path> filesHolding(String... texts) {
        Path b = bucketRoot();
        if (!Files.isDirectory(b)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(b)) {
            List<Path> out = new ArrayList<>();
            for (Path f : all.filter(Files::isRegularFile).sorted().toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                if (Stream.of(texts).anyMatch(text::contains)) {
                    out.add(f);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy: " + e, e);
        } finally {
            context.close();
        }
    }
}
