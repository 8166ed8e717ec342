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
    private volatile boolean sealed;
    private volatile long delayMillis;

    private StandInVault(HttpServer server) {
        this.server = server;
        mounts.put("secret", new Mount("kv", "2"));
        server.createContext("/", this::handle);
        server.start();
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
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            String ns = exchange.getRequestHeaders().getFirst("X-Vault-Namespace");
            namespaces.add(ns == null ? "" : ns);
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
            if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Vault-Token"))) {
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
