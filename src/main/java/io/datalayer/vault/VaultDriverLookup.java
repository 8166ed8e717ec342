package io.datalayer.vault;

import io.datalayer.secrets.SecretRequirement;
import io.datalayer.vault.VaultCheckException.Reason;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@link SecretLookup} speaking Vault's KV v2 HTTP API over the JDK's HTTP client (JSON read with
 * {@code io.github.jopenlibs:vault-java-driver}'s parser). Per requirement it sends two GETs:
 * <ol>
 *   <li>{@code /v1/sys/internal/ui/mounts/<mount>}: the mount's type and KV version. This is the
 *       preflight Vault's own CLI makes before {@code vault kv get}; Vault answers it for any token
 *       with a capability on a path in the mount, so the least-privilege build token (read on
 *       {@code secret/data/postgres}) suffices. {@code GET /v1/sys/mounts} would need read on
 *       {@code sys/mounts}, which a build token should not hold.</li>
 *   <li>{@code /v1/<mount>/data/<path>}: the current version, with its metadata. Vault answers a
 *       deleted or destroyed current version with 404 plus that metadata, so a 404 is told apart
 *       from a missing secret.</li>
 * </ol>
 * Every answer is bounded: at most {@link #MAX_ANSWER} bytes are read (a larger one is refused, by
 * its announced length or as it arrives), within {@code VAULT_CLIENT_TIMEOUT} from connect to the
 * last byte and within what is left of the synth's one {@link VaultDeadline}. Values are checked,
 * fingerprinted and dropped inside {@link #verify}: no field holds them and no message names them.
 * Nothing here reads the process environment: every setting comes from {@link VaultSettings}.
 */
public final class VaultDriverLookup implements SecretLookup {
    /** The largest answer read: a KV v2 secret's answer is a few KiB; anything near this is not one. */
    public static final int MAX_ANSWER = 1024 * 1024;

    private final VaultSettings settings;
    private final String address;
    private final Fingerprints fingerprints;
    private final HttpClient client;
    private final VaultDeadline deadline;

    /**
     * @param settings     where Vault is and how to authenticate; needs VAULT_ADDR and a token
     * @param fingerprints where the values read are recorded for the output guard
     */
    public VaultDriverLookup(VaultSettings settings, Fingerprints fingerprints) {
        this(settings, fingerprints, new VaultDeadline(settings == null ? VaultSettings.DEFAULT_DEADLINE : settings.deadline()));
    }

    /**
     * @param settings     where Vault is and how to authenticate; needs VAULT_ADDR and a token
     * @param fingerprints where the values read are recorded for the output guard
     * @param deadline     the synth's one deadline, shared by the lookups of every environment
     */
    public VaultDriverLookup(VaultSettings settings, Fingerprints fingerprints, VaultDeadline deadline) {
        if (settings == null || fingerprints == null || deadline == null) {
            throw new IllegalArgumentException("VaultDriverLookup settings, fingerprints and deadline must not be null");
        }
        this.settings = settings;
        this.address = settings.address().orElseThrow(() -> new VaultCheckException(Reason.SETTINGS,
                settings.addressVariable() + " is not set: set it to the Vault that holds the secrets, like https://vault.example.org:8200"));
        if (settings.token().isEmpty()) {
            throw new VaultCheckException(Reason.SETTINGS, VaultSettings.TOKEN_VARIABLE.equals(settings.tokenSource())
                    ? "no Vault token for " + address + ": set VAULT_TOKEN or run vault login (it writes "
                    + "~/.vault-token), or set DATALAYER_VAULT=off to synthesize with unverified references"
                    : "no Vault token for " + address + " (" + settings.addressVariable() + "): set "
                    + settings.tokenSource() + "; a token goes only to the Vault it belongs to, so VAULT_TOKEN and"
                    + " ~/.vault-token (VAULT_ADDR's) are never sent to " + settings.addressVariable());
        }
        this.fingerprints = fingerprints;
        this.deadline = deadline;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(settings.timeout())
                .sslContext(sslContext(settings)).build();
    }

    @Override
    public VerifiedSecret verify(SecretRequirement requirement) {
        checkMount(requirement);
        return readSecret(requirement);
    }

    /** An answer: its status and its JSON body (null when it had none or it was not JSON). */
    private record Answer(int status, JsonObject body) {
        /** The envelope's {@code data} object, or null. */
        JsonObject data() {
            JsonValue data = body == null ? null : body.get("data");
            return data != null && data.isObject() ? data.asObject() : null;
        }
    }

    private void checkMount(SecretRequirement req) {
        Answer response = read(req, "sys/internal/ui/mounts/" + req.mount());
        int status = response.status();
        String mount = "\"" + req.mount() + "/\"";
        switch (status) {
            case 200 -> {
                JsonObject data = response.data();
                if (data == null) {
                    throw badAnswer(req);
                }
                String type = string(data.get("type"), "");
                JsonValue options = data.get("options");
                String version = options != null && options.isObject()
                        ? string(options.asObject().get("version"), "1") : "1";
                if (!"kv".equals(type)) {
                    throw new VaultCheckException(Reason.NOT_KV_V2, "Vault mount " + mount + " is a \"" + type
                            + "\" secrets engine, not KV version 2: point the requirement at the KV v2 mount "
                            + "(default \"" + SecretRequirement.DEFAULT_MOUNT + "\")");
                }
                if (!"2".equals(version)) {
                    throw new VaultCheckException(Reason.NOT_KV_V2, "Vault mount " + mount + " is KV version "
                            + version + ", but data-layer and its SecretStore read KV version 2: upgrade it with "
                            + "vault kv enable-versioning " + req.mount() + "/ (the platform layer L2 owns the mount)");
                }
            }
            case 403 -> throw new VaultCheckException(Reason.FORBIDDEN, forbidden(req).getMessage()
                    + "; Vault also answers 403 here when no secrets engine is mounted at " + mount);
            case 400, 404 -> throw new VaultCheckException(Reason.NO_MOUNT, "Vault has no secrets engine mounted at "
                    + mount + " (HTTP " + status + "): the platform layer (L2) enables it; check the requirement's "
                    + "mount, or enable it with vault secrets enable -path=" + req.mount() + " kv-v2");
            default -> throw unexpected(req, status);
        }
    }

    private VerifiedSecret readSecret(SecretRequirement req) {
        Answer response = read(req, req.mount() + "/data/" + req.path());
        int status = response.status();
        JsonObject data = response.data();
        JsonValue meta = data == null ? null : data.get("metadata");
        Map<String, String> metadata = new HashMap<>();
        if (meta != null && meta.isObject()) {
            for (JsonObject.Member m : meta.asObject()) {
                metadata.put(m.getName(), string(m.getValue(), ""));
            }
        }
        switch (status) {
            case 200, 404 -> {
                if (status == 404 && !metadata.containsKey("version")) {
                    throw new VaultCheckException(Reason.NOT_FOUND, "Vault has no secret at " + req.apiPath()
                            + " (HTTP 404): the platform layer (L2) writes it; run L2 first, or write it with "
                            + "vault kv put -mount=" + req.mount() + " " + req.path() + " " + placeholders(req));
                }
            }
            case 403 -> throw forbidden(req);
            default -> throw unexpected(req, status);
        }
        long version = parseVersion(req, metadata.get("version"));
        if ("true".equals(metadata.get("destroyed"))) {
            throw new VaultCheckException(Reason.DESTROYED, "The current version " + version + " of "
                    + req.apiPath() + " is destroyed and cannot be restored: have the platform layer (L2) "
                    + "write a new version (vault kv put -mount=" + req.mount() + " " + req.path() + " ...)");
        }
        String deletionTime = metadata.getOrDefault("deletion_time", "");
        if (status == 404 || !deletionTime.isEmpty()) {
            throw new VaultCheckException(Reason.DELETED, "The current version " + version + " of "
                    + req.apiPath() + " is deleted: restore it with vault kv undelete -mount=" + req.mount()
                    + " -versions=" + version + " " + req.path() + ", or have the platform layer (L2) write a new version");
        }
        JsonValue values = data.get("data");
        checkValues(req, version, values != null && values.isObject() ? values.asObject() : null);
        return new VerifiedSecret(req, version);
    }

    /** A JSON scalar as text (a string's content, a number's or boolean's literal); {@code otherwise} for null or absent. */
    private static String string(JsonValue value, String otherwise) {
        if (value == null || value.isNull()) {
            return otherwise;
        }
        return value.isString() ? value.asString() : value.toString();
    }

    /** Checks every key; values stay in locals of this method and are only fingerprinted. */
    private void checkValues(SecretRequirement req, long version, JsonObject data) {
        String secret = "Vault secret " + req.apiPath() + " (version " + version + ")";
        String patch = "vault kv patch -mount=" + req.mount() + " " + req.path() + " ";
        for (String key : req.keys()) {
            JsonValue value = data == null ? null : data.get(key);
            if (value == null || value.isNull()) {
                throw new VaultCheckException(Reason.MISSING_KEY, secret + " has no key \"" + key
                        + "\": the platform layer (L2) writes it; add it with " + patch + key + "=<value>");
            }
            if (!value.isString()) {
                throw new VaultCheckException(Reason.NOT_A_STRING, secret + " holds a non-string value for key \""
                        + key + "\": write it as a string with " + patch + key + "=<value>");
            }
            if (value.asString().isEmpty()) {
                throw new VaultCheckException(Reason.EMPTY_KEY, secret + " has an empty value for key \"" + key
                        + "\": write a non-empty one with " + patch + key + "=<value>");
            }
            if (value.asString().length() < req.minLength()) {
                throw new VaultCheckException(Reason.TOO_SHORT, secret + ": the value of key \"" + key
                        + "\" is shorter than " + req.minLength() + " characters: rotate it to a longer value "
                        + "(the platform layer L2 generates it)");
            }
        }
        for (String key : req.keys().stream().filter(req::isSecret).toList()) {
            fingerprints.record(req.apiPath() + " key \"" + key + "\"", data.get(key).asString());
        }
    }

    /**
     * One GET under one overall deadline: the request's own ({@code VAULT_CLIENT_TIMEOUT}) or what
     * is left of the synth's ({@code DATALAYER_VAULT_DEADLINE}), whichever ends first, from connect to
     * the last byte of the body (a server that trickles its body a byte at a time is cut off), and
     * at most {@link #MAX_ANSWER} bytes read.
     */
    private Answer read(SecretRequirement req, String path) {
        long left = deadline.remainingNanos();
        boolean synthBound = left < settings.timeout().toNanos();
        long budget = Math.min(left, settings.timeout().toNanos());
        if (budget <= 0) {
            throw synthDeadlinePassed(req);
        }
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(address + "/v1/" + path))
                    .timeout(Duration.ofNanos(budget)).header("X-Vault-Token", settings.token().orElseThrow())
                    .header("X-Vault-Request", "true").GET();
            settings.namespace().ifPresent(ns -> builder.header("X-Vault-Namespace", ns));
            request = builder.build();
        } catch (IllegalArgumentException e) {
            // The JDK's message quotes the header's value: never kept.
            throw new VaultCheckException(Reason.SETTINGS, "the Vault token from " + settings.tokenSource() + " or"
                    + " VAULT_NAMESPACE cannot be sent as an HTTP header (a control, space or non-ASCII character):"
                    + " set " + settings.tokenSource() + " to the token alone");
        }
        CompletableFuture<HttpResponse<byte[]>> call = client.sendAsync(request, info -> new Bounded(
                info.headers().firstValueAsLong("Content-Length").orElse(-1)));
        try {
            HttpResponse<byte[]> response = call.get(budget, TimeUnit.NANOSECONDS);
            return new Answer(response.statusCode(), json(response.body()));
        } catch (TimeoutException e) {
            call.cancel(true);
            if (synthBound) {
                throw synthDeadlinePassed(req);
            }
            throw requestTimedOut(req, null);
        } catch (ExecutionException e) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof TooLarge large) {
                    throw tooLarge(req, large.announced);
                }
            }
            // The HTTP client's own timeout is the same budget as the wait above: whichever of the two
            // fires first, it is the same bound (the synth's deadline or VAULT_CLIENT_TIMEOUT), with the
            // same message; which one fired first depended on the scheduler.
            if (timedOut(e.getCause())) {
                throw synthBound ? synthDeadlinePassed(req) : requestTimedOut(req, e.getCause());
            }
            throw classify(req, e.getCause());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new VaultCheckException(Reason.TIMEOUT, "interrupted while reading " + req.apiPath() + " from " + address);
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The body as a JSON object; null when it is none (an empty or non-JSON body, a JSON array). */
    private static JsonObject json(byte[] body) {
        try {
            JsonValue value = Json.parse(new String(body, StandardCharsets.UTF_8));
            return value.isObject() ? value.asObject() : null;
        } catch (RuntimeException e) {
            return null; // the parser's message may quote the body: dropped
        }
    }

    /** An answer larger than {@link #MAX_ANSWER}: announced so ({@code announced} bytes), or found while reading (-1). */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        private final long announced;

        TooLarge(long announced) {
            super("answer larger than " + MAX_ANSWER + " bytes");
            this.announced = announced;
        }
    }

    /**
     * Collects a body of at most {@link #MAX_ANSWER} bytes, one chunk requested at a time; refuses a
     * larger one as soon as its length is announced or its bytes pass the limit, and cancels the
     * exchange so nothing more is read.
     */
    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final long announced;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Bounded(long announced) {
            this.announced = announced;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (announced > MAX_ANSWER) {
                s.cancel();
                body.completeExceptionally(new TooLarge(announced));
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (bytes.size() + (long) item.remaining() > MAX_ANSWER) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLarge(-1));
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }

    private VaultCheckException tooLarge(SecretRequirement req, long announced) {
        return new VaultCheckException(Reason.TOO_LARGE, "Vault at " + address + " answered " + req.apiPath()
                + (announced > 0 ? " with " + announced + " bytes" : "") + ", more than the " + (MAX_ANSWER / 1024 / 1024)
                + " MiB synth reads (a KV v2 secret's answer is a few KiB): synth stopped reading; check that "
                + settings.addressVariable() + " points at Vault (not a proxy or file server) and that the secret holds"
                + " only its keys");
    }

    /** VAULT_CLIENT_TIMEOUT ran out on one request; {@code cause}, when not null, is network-level (no body). */
    private VaultCheckException requestTimedOut(SecretRequirement req, Throwable cause) {
        return new VaultCheckException(Reason.TIMEOUT, "Vault at " + address + " did not send its whole answer within "
                + settings.timeout().toSeconds() + " s while reading " + req.apiPath() + " (VAULT_CLIENT_TIMEOUT bounds"
                + " each request from connect to the last byte): check " + settings.addressVariable()
                + " and the network path to Vault, or raise VAULT_CLIENT_TIMEOUT", cause);
    }

    private VaultCheckException synthDeadlinePassed(SecretRequirement req) {
        return new VaultCheckException(Reason.TIMEOUT, "the Vault check did not finish within "
                + deadline.duration().toSeconds() + " s (" + VaultSettings.DEADLINE_VARIABLE + ", the limit for all"
                + " Vault requests of one synth); it was reading " + req.apiPath() + " from " + address
                + ": check that Vault answers promptly, or raise " + VaultSettings.DEADLINE_VARIABLE);
    }

    private VaultCheckException classify(SecretRequirement req, Throwable e) {
        String at = "Vault at " + address;
        String reading = " while reading " + req.apiPath();
        // Network-level causes carry no response body, so keeping them as the cause is safe.
        for (Throwable t = e; t != null; t = t.getCause()) {
            // A timeout never gets here: lookup reports it as the bound that ran out.
            if (t instanceof SSLException) {
                return tls(at, reading, t);
            }
            if (t instanceof ConnectException || t instanceof java.nio.channels.UnresolvedAddressException
                    || t instanceof java.net.UnknownHostException) {
                return new VaultCheckException(Reason.UNREACHABLE, at + " is unreachable" + reading
                        + ": check " + settings.addressVariable() + " and that Vault is running, or set DATALAYER_VAULT=off to "
                        + "synthesize with unverified references", t);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return new VaultCheckException(Reason.UNREACHABLE, at + " is unreachable" + reading
                        + ": check " + settings.addressVariable() + " and that Vault is running, or set DATALAYER_VAULT=off to "
                        + "synthesize with unverified references", t);
            }
        }
        // Anything else may echo what was sent or received: keep only its class name.
        return new VaultCheckException(Reason.UNEXPECTED, "the HTTP request to Vault failed (" + e.getClass().getSimpleName()
                + ")" + reading + " from " + address + ": check " + settings.addressVariable() + ", VAULT_NAMESPACE and Vault's server log");
    }

    /** Tells a plain-HTTP server, an untrusted certificate and a host mismatch apart. */
    private VaultCheckException tls(String at, String reading, Throwable ssl) {
        String messages = "";
        boolean untrusted = false;
        for (Throwable t = ssl; t != null; t = t.getCause()) {
            messages += " " + t.getMessage();
            untrusted |= t instanceof java.security.cert.CertPathBuilderException
                    || t instanceof java.security.cert.CertPathValidatorException;
        }
        if (messages.contains("Unsupported or unrecognized SSL message") || messages.contains("plaintext connection")) {
            return new VaultCheckException(Reason.TLS, at + " answered the TLS handshake in plain HTTP" + reading
                    + ": VAULT_ADDR says https:// but that port serves http; use http:// if Vault listens without TLS,"
                    + " or point VAULT_ADDR at Vault's TLS listener", ssl);
        }
        // The JDK's wording: "No subject alternative names/DNS name matching ...", "No name matching ... found".
        if (messages.contains("No subject alternative") || messages.contains("No name matching") || messages.contains("doesn't match")
                || messages.contains("does not match")) {
            return new VaultCheckException(Reason.TLS, "TLS with " + at + " failed: the server certificate does not"
                    + " name the host of VAULT_ADDR" + reading + ": use the host name the certificate was issued for", ssl);
        }
        if (untrusted || messages.contains("PKIX path") || messages.contains("unable to find valid certification path")) {
            return new VaultCheckException(Reason.TLS, "TLS with " + at + " failed: the server certificate is not"
                    + " trusted" + reading + ": set VAULT_CACERT to the PEM file of the CA that signed Vault's certificate", ssl);
        }
        return new VaultCheckException(Reason.TLS, "TLS with " + at + " failed (" + ssl.getClass().getSimpleName()
                + ": " + ssl.getMessage() + ")" + reading + ": check that VAULT_ADDR points at Vault's TLS listener", ssl);
    }

    private VaultCheckException forbidden(SecretRequirement req) {
        String token = VaultSettings.TOKEN_VARIABLE.equals(settings.tokenSource()) ? "VAULT_TOKEN or ~/.vault-token"
                : settings.tokenSource();
        return new VaultCheckException(Reason.FORBIDDEN, "Vault denied access to " + req.apiPath()
                + " (HTTP 403): the token's policy needs the \"read\" capability on \"" + req.apiPath()
                + "\"; check the token in " + token + " (vault token capabilities " + req.apiPath() + ")");
    }

    private VaultCheckException unexpected(SecretRequirement req, int status) {
        if (status == 503) {
            return new VaultCheckException(Reason.SEALED, "Vault at " + address + " is sealed (HTTP 503) while reading "
                    + req.apiPath() + ": unseal it (vault operator unseal) and synthesize again");
        }
        return new VaultCheckException(Reason.UNEXPECTED, "Vault at " + address + " answered HTTP " + status
                + " while reading " + req.apiPath() + ": check " + settings.addressVariable()
                + ", VAULT_NAMESPACE and Vault's server log");
    }

    private VaultCheckException badAnswer(SecretRequirement req) {
        return new VaultCheckException(Reason.UNEXPECTED, "Vault at " + address + " answered " + req.apiPath()
                + " without KV v2 metadata: check that " + settings.addressVariable() + " points at Vault (not a proxy page)");
    }

    private long parseVersion(SecretRequirement req, String version) {
        try {
            long parsed = version == null ? 0 : Long.parseLong(version);
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw badAnswer(req);
    }

    private static String placeholders(SecretRequirement req) {
        StringBuilder sb = new StringBuilder();
        for (String key : req.keys()) {
            sb.append(sb.length() == 0 ? "" : " ").append(key).append("=<value>");
        }
        return sb.toString();
    }

    /** TLS trusting the CA of VAULT_CACERT, else the JDK's trusted CAs; the host name is always verified. */
    private static SSLContext sslContext(VaultSettings settings) {
        try {
            if (settings.caCert().isEmpty()) {
                return SSLContext.getDefault();
            }
            byte[] pem = Files.readAllBytes(settings.caCert().get());
            if (!new String(pem, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
                throw new VaultCheckException(Reason.SETTINGS, "VAULT_CACERT=" + settings.caCert().get()
                        + " holds no PEM certificate: point it at the PEM file of the CA that signed Vault's certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                store.setCertificateEntry("ca-" + n++, ca);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new VaultCheckException(Reason.SETTINGS, "cannot load the CA certificates for Vault ("
                    + e.getClass().getSimpleName() + "): check VAULT_CACERT", e);
        }
    }
}
