package io.datalayer.vault;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A stand-in for Vault in tests: a small HTTP(S) server on 127.0.0.1 and an ephemeral port that
 * speaks the part of Vault's documented HTTP API the lookup uses: KV v2 reads
 * ({@code GET /v1/<mount>/data/<path>}, with the 404-plus-metadata answer for deleted or destroyed
 * versions), the mount preflight ({@code GET /v1/sys/internal/ui/mounts/<mount>}), 403 for a wrong
 * token or a path outside its policy, and 503 while sealed. It is NOT Vault: no policies beyond
 * one token and a set of readable paths, no versions history, no writes.
 */
public final class StandInVault implements AutoCloseable {
    public static final String TOKEN = "s.stand-in-token";

    static {
        // The JDK's server writes a response's headers and body in two small segments; with Nagle on,
        // a client that delays its ACK waits about 40 ms per request (the JDK's HttpClient does), which
        // a real Vault (Go, TCP_NODELAY) never costs. Read once, when the first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private record Mount(String type, String version) {
    }

    private record Secret(long version, Map<String, Object> data, String deletionTime, boolean destroyed) {
    }

    private final HttpServer server;
    private final Map<String, Mount> mounts = new ConcurrentHashMap<>();
    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
    private final List<String> denied = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> namespaces = new CopyOnWriteArrayList<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private volatile String token = TOKEN;
    private volatile boolean sealed;
    private volatile long delayMillis;
    private volatile long oversized = -1;
    private volatile boolean announceSize;
    private volatile boolean stall;
    private volatile Runnable onRequest = () -> { };
    private final java.util.concurrent.atomic.AtomicLong bytesSent = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch streamed = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.ExecutorService handlers = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stand-in-vault");
        t.setDaemon(true);
        return t;
    });

    private StandInVault(HttpServer server) {
        this.server = server;
        mounts.put("secret", new Mount("kv", "2"));
        server.createContext("/", this::handle);
        server.setExecutor(handlers); // a stalled answer must not hold the others
        server.start();
    }

    /** The token this Vault accepts (default {@link #TOKEN}); any other gets 403. */
    public StandInVault token(String accepted) {
        token = accepted;
        return this;
    }

    /** X-Vault-Token headers seen, one per request ("" when absent): which token reached this Vault. */
    public List<String> tokens() {
        return List.copyOf(tokens);
    }

    /**
     * Answers every KV read with a 200 whose body runs {@code bytes} long (a JSON object whose value
     * never ends), streamed in 64 KiB writes as the client reads; with {@code announce} its length is
     * in Content-Length, else it is chunked.
     */
    public StandInVault oversized(long bytes, boolean announce) {
        oversized = bytes;
        announceSize = announce;
        return this;
    }

    /** Bytes of the oversized body written before the client stopped reading (after {@link #awaitStreamEnd}). */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Waits until the oversized body's stream ended (sent whole, or the client hung up). */
    public boolean awaitStreamEnd(long seconds) throws InterruptedException {
        return streamed.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Answers every KV read with its headers and a first byte, then sends nothing more until closed. */
    public StandInVault stall() {
        stall = true;
        return this;
    }

    /** Runs before each request is answered (e.g. a test that kills the client there). */
    public StandInVault onRequest(Runnable hook) {
        onRequest = hook;
        return this;
    }

    /** Plain HTTP. */
    public static StandInVault http() throws IOException {
        return new StandInVault(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    /** HTTPS with the given server context (e.g. a self-signed certificate). */
    static StandInVault https(SSLContext context) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new StandInVault(server);
    }

    public String address() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    StandInVault mount(String path, String type, String kvVersion) {
        mounts.put(path, new Mount(type, kvVersion));
        return this;
    }

    public StandInVault put(String mountAndPath, long version, Map<String, Object> data) {
        secrets.put(mountAndPath, new Secret(version, Map.copyOf(data), "", false));
        return this;
    }

    StandInVault deleted(String mountAndPath, long version) {
        secrets.put(mountAndPath, new Secret(version, Map.of(), "2026-11-27T10:00:00.000000Z", false));
        return this;
    }

    StandInVault destroyed(String mountAndPath, long version) {
        secrets.put(mountAndPath, new Secret(version, Map.of(), "", true));
        return this;
    }

    /** The token's policy does not cover this API path (e.g. {@code secret/data/postgres}). */
    public StandInVault deny(String apiPath) {
        denied.add(apiPath);
        return this;
    }

    StandInVault sealed(boolean value) {
        sealed = value;
        return this;
    }

    /** Answers every request only after this delay (to provoke client timeouts). */
    StandInVault delay(long millis) {
        delayMillis = millis;
        return this;
    }

    /** Request lines seen, like {@code GET /v1/secret/data/postgres}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** X-Vault-Namespace headers seen (empty string when absent). */
    List<String> namespaces() {
        return List.copyOf(namespaces);
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            String ns = exchange.getRequestHeaders().getFirst("X-Vault-Namespace");
            namespaces.add(ns == null ? "" : ns);
            String sent = exchange.getRequestHeaders().getFirst("X-Vault-Token");
            tokens.add(sent == null ? "" : sent);
            onRequest.run();
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (sealed) {
                send(exchange, 503, errors("Vault is sealed"));
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod()) || !path.startsWith("/v1/")) {
                send(exchange, 405, errors("unsupported by the stand-in"));
                return;
            }
            String apiPath = path.substring("/v1/".length());
            if (!token.equals(sent)) {
                send(exchange, 403, errors("permission denied"));
                return;
            }
            if (apiPath.startsWith("sys/internal/ui/mounts/")) {
                mountInfo(exchange, apiPath.substring("sys/internal/ui/mounts/".length()));
            } else {
                kvRead(exchange, apiPath);
            }
        }
    }

    private void mountInfo(HttpExchange exchange, String mount) throws IOException {
        Mount m = mounts.get(mount);
        // Vault answers 403 for unknown mounts so the endpoint cannot be used to list mounts.
        if (m == null) {
            send(exchange, 403, errors("permission denied"));
            return;
        }
        JsonObject data = new JsonObject().add("type", m.type()).add("path", mount + "/")
                .add("description", "").add("local", false).add("seal_wrap", false);
        data.add("options", m.version() == null ? Json.NULL : new JsonObject().add("version", m.version()));
        send(exchange, 200, envelope(data));
    }

    private void kvRead(HttpExchange exchange, String apiPath) throws IOException {
        if (oversized >= 0) {
            streamOversized(exchange);
            return;
        }
        if (stall) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 100_000);
            exchange.getResponseBody().write('{');
            exchange.getResponseBody().flush();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (denied.contains(apiPath)) {
            send(exchange, 403, errors("1 error occurred:\n\t* permission denied\n\n"));
            return;
        }
        int marker = apiPath.indexOf("/data/");
        String key = marker < 0 ? apiPath : apiPath.substring(0, marker) + "/" + apiPath.substring(marker + 6);
        Secret secret = secrets.get(key);
        if (secret == null || marker < 0) {
            send(exchange, 404, new JsonObject().add("errors", Json.array()).toString());
            return;
        }
        JsonObject metadata = new JsonObject().add("created_time", "2026-11-27T09:00:00.000000Z")
                .add("custom_metadata", Json.NULL).add("deletion_time", secret.deletionTime())
                .add("destroyed", secret.destroyed()).add("version", secret.version());
        boolean gone = secret.destroyed() || !secret.deletionTime().isEmpty();
        JsonObject values = new JsonObject();
        secret.data().forEach((k, v) -> values.add(k, v instanceof Number n ? Json.value(n.longValue())
                : v == null ? Json.NULL : Json.value(v.toString())));
        JsonObject data = new JsonObject().add("data", gone ? Json.NULL : values).add("metadata", metadata);
        send(exchange, gone ? 404 : 200, envelope(data));
    }

    private void streamOversized(HttpExchange exchange) {
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, announceSize ? oversized : 0);
            OutputStream out = exchange.getResponseBody();
            byte[] start = "{\"data\":{\"data\":{\"password\":\"".getBytes(StandardCharsets.US_ASCII);
            out.write(start);
            bytesSent.addAndGet(start.length);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            long left = oversized - start.length;
            while (left > 0) {
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                bytesSent.addAndGet(n);
                left -= n;
            }
            out.close();
        } catch (IOException e) {
            // the client hung up: what bytesSent() counts is what it let through
        } finally {
            streamed.countDown();
        }
    }

    private static String envelope(JsonObject data) {
        return new JsonObject().add("request_id", "00000000-0000-0000-0000-000000000000").add("lease_id", "")
                .add("renewable", false).add("lease_duration", 0).add("data", data)
                .add("wrap_info", Json.NULL).add("warnings", Json.NULL).add("auth", Json.NULL).toString();
    }

    private static String errors(String message) {
        return new JsonObject().add("errors", Json.array(message)).toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
