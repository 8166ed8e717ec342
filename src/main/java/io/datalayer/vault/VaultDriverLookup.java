package io.datalayer.vault;

import io.datalayer.secrets.SecretRequirement;
import io.datalayer.vault.VaultCheckException.Reason;
import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.SslConfig;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * {@link SecretLookup} over {@code io.github.jopenlibs:vault-java-driver}, speaking Vault's KV v2
 * HTTP API. Per requirement it sends two GETs:
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
 * The driver returns 4xx answers without throwing and throws on 5xx and network errors: every
 * status is checked. Values are checked, fingerprinted and dropped inside {@link #verify}: no
 * field holds them and no message names them. The driver never reads the process environment:
 * every setting comes from {@link VaultSettings}.
 */
public final class VaultDriverLookup implements SecretLookup {
    /** Quiets the driver's INFO line per namespaced client; held strongly so the level sticks. */
    private static final java.util.logging.Logger DRIVER_LOG = quietDriverLog();

    private final VaultSettings settings;
    private final String address;
    private final Fingerprints fingerprints;
    private final SslConfig ssl;
    /** When the whole check of this synth must be done (System.nanoTime()). */
    private final long synthDeadline;

    /**
     * @param settings     where Vault is and how to authenticate; needs VAULT_ADDR and a token
     * @param fingerprints where the values read are recorded for the output guard
     */
    public VaultDriverLookup(VaultSettings settings, Fingerprints fingerprints) {
        if (settings == null || fingerprints == null) {
            throw new IllegalArgumentException("VaultDriverLookup settings and fingerprints must not be null");
        }
        this.settings = settings;
        this.address = settings.address().orElseThrow(() -> new VaultCheckException(Reason.SETTINGS,
                "VAULT_ADDR is not set: set it to the Vault that holds the secrets, like https://vault.example.org:8200"));
        if (settings.token().isEmpty()) {
            throw new VaultCheckException(Reason.SETTINGS, "no Vault token for " + address
                    + ": set VAULT_TOKEN or run vault login (it writes ~/.vault-token), or set "
                    + "DATALAYER_VAULT=off to synthesize with unverified references");
        }
        this.fingerprints = fingerprints;
        this.ssl = sslConfig(settings);
        this.synthDeadline = System.nanoTime() + settings.deadline().toNanos();
    }

    @Override
    public VerifiedSecret verify(SecretRequirement requirement) {
        checkMount(requirement);
        return readSecret(requirement);
    }

    private void checkMount(SecretRequirement req) {
        LogicalResponse response = read(req, 1, 0, "sys/internal/ui/mounts/" + req.mount());
        int status = response.getRestResponse().getStatus();
        String mount = "\"" + req.mount() + "/\"";
        switch (status) {
            case 200 -> {
                JsonObject data = response.getDataObject();
                String type = data == null ? "" : data.getString("type", "");
                JsonValue options = data == null ? null : data.get("options");
                String version = options != null && options.isObject()
                        ? options.asObject().getString("version", "1") : "1";
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
        LogicalResponse response = read(req, 2, req.mount().split("/").length, req.mount() + "/" + req.path());
        int status = response.getRestResponse().getStatus();
        Map<String, String> metadata = response.getDataMetadata().getMetadataMap();
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
        checkValues(req, version, response.getDataObject());
        return new VerifiedSecret(req, version);
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
     * is left of the synth's, whichever ends first. The driver's timeouts bound the connect and
     * each wait for bytes, not the whole answer: a server that trickles its body a byte at a time
     * would hold synth forever. So the call runs on a worker thread and is abandoned (interrupted,
     * which makes the JDK's HTTP client cancel the exchange) when the deadline passes.
     */
    private LogicalResponse read(SecretRequirement req, int engineVersion, int prefixDepth, String path) {
        long now = System.nanoTime();
        long left = synthDeadline - now;
        boolean synthBound = left < settings.timeout().toNanos();
        long budget = Math.max(0, Math.min(left, settings.timeout().toNanos()));
        if (budget == 0) {
            throw synthDeadlinePassed(req);
        }
        FutureTask<LogicalResponse> call = new FutureTask<>(() -> {
            VaultConfig config = new VaultConfig()
                    .environmentLoader(new NoEnvironment())
                    .address(address)
                    .token(settings.token().orElseThrow())
                    .engineVersion(engineVersion)
                    .openTimeout(seconds(budget))
                    .readTimeout(seconds(budget))
                    .sslConfig(ssl);
            if (prefixDepth > 0) {
                config.prefixPathDepth(prefixDepth);
            }
            if (settings.namespace().isPresent()) {
                config.nameSpace(settings.namespace().get());
            }
            return Vault.create(config.build()).logical().read(path);
        });
        Thread worker = new Thread(call, "vault-request");
        worker.setDaemon(true); // an abandoned request never keeps the JVM alive
        worker.start();
        try {
            return call.get(budget, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            if (synthBound) {
                throw synthDeadlinePassed(req);
            }
            throw new VaultCheckException(Reason.TIMEOUT, "Vault at " + address + " did not send its whole answer within "
                    + settings.timeout().toSeconds() + " s while reading " + req.apiPath() + " (VAULT_CLIENT_TIMEOUT bounds"
                    + " each request from connect to the last byte): check VAULT_ADDR and the network path to Vault,"
                    + " or raise VAULT_CLIENT_TIMEOUT");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof VaultException ve) {
                throw classify(req, ve);
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new VaultCheckException(Reason.UNEXPECTED, "the Vault driver failed ("
                    + e.getCause().getClass().getSimpleName() + ") while reading " + req.apiPath() + " from " + address);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new VaultCheckException(Reason.TIMEOUT, "interrupted while reading " + req.apiPath() + " from " + address);
        }
    }

    private VaultCheckException synthDeadlinePassed(SecretRequirement req) {
        return new VaultCheckException(Reason.TIMEOUT, "the Vault check did not finish within "
                + settings.deadline().toSeconds() + " s (" + VaultSettings.DEADLINE_VARIABLE + ", the limit for all"
                + " Vault requests of one synth); it was reading " + req.apiPath() + " from " + address
                + ": check that Vault answers promptly, or raise " + VaultSettings.DEADLINE_VARIABLE);
    }

    private static int seconds(long nanos) {
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L));
    }

    private VaultCheckException classify(SecretRequirement req, VaultException e) {
        String at = "Vault at " + address;
        String reading = " while reading " + req.apiPath();
        if (e.getHttpStatusCode() == 503) {
            return new VaultCheckException(Reason.SEALED, at + " is sealed (HTTP 503)" + reading
                    + ": unseal it (vault operator unseal) and synthesize again");
        }
        if (e.getHttpStatusCode() > 0) {
            return unexpected(req, e.getHttpStatusCode());
        }
        // Network-level causes carry no response body, so keeping them as the cause is safe.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException) {
                return new VaultCheckException(Reason.TIMEOUT, at + " did not answer within "
                        + settings.timeout().toSeconds() + " s" + reading + ": check VAULT_ADDR and the network "
                        + "path to Vault, or raise VAULT_CLIENT_TIMEOUT", t);
            }
            if (t instanceof SSLException) {
                return tls(at, reading, t);
            }
            if (t instanceof ConnectException || t instanceof java.nio.channels.UnresolvedAddressException
                    || t instanceof java.net.UnknownHostException) {
                return new VaultCheckException(Reason.UNREACHABLE, at + " is unreachable" + reading
                        + ": check VAULT_ADDR and that Vault is running, or set DATALAYER_VAULT=off to "
                        + "synthesize with unverified references", t);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return new VaultCheckException(Reason.UNREACHABLE, at + " is unreachable" + reading
                        + ": check VAULT_ADDR and that Vault is running, or set DATALAYER_VAULT=off to "
                        + "synthesize with unverified references", t);
            }
        }
        // Anything else may echo a response body: keep only its class name.
        return new VaultCheckException(Reason.UNEXPECTED, "the Vault driver failed (" + e.getClass().getSimpleName()
                + ")" + reading + " from " + address + ": check VAULT_ADDR, VAULT_NAMESPACE and Vault's server log");
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

    private static VaultCheckException forbidden(SecretRequirement req) {
        return new VaultCheckException(Reason.FORBIDDEN, "Vault denied access to " + req.apiPath()
                + " (HTTP 403): the token's policy needs the \"read\" capability on \"" + req.apiPath()
                + "\"; check the token in VAULT_TOKEN or ~/.vault-token (vault token capabilities "
                + req.apiPath() + ")");
    }

    private VaultCheckException unexpected(SecretRequirement req, int status) {
        return new VaultCheckException(Reason.UNEXPECTED, "Vault at " + address + " answered HTTP " + status
                + " while reading " + req.apiPath() + ": check VAULT_ADDR, VAULT_NAMESPACE and Vault's server log");
    }

    private VaultCheckException badAnswer(SecretRequirement req) {
        return new VaultCheckException(Reason.UNEXPECTED, "Vault at " + address + " answered " + req.apiPath()
                + " without KV v2 metadata: check that VAULT_ADDR points at Vault (not a proxy page)");
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

    private static SslConfig sslConfig(VaultSettings settings) {
        try {
            SslConfig ssl = new SslConfig().verify(true);
            if (settings.caCert().isPresent()) {
                String pem = Files.readString(settings.caCert().get(), StandardCharsets.US_ASCII);
                if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                    throw new VaultCheckException(Reason.SETTINGS, "VAULT_CACERT=" + settings.caCert().get()
                            + " holds no PEM certificate: point it at the PEM file of the CA that signed Vault's certificate");
                }
                ssl.pemUTF8(pem);
            } else {
                ssl.trustStore(jdkTrustedCas());
            }
            return ssl.build();
        } catch (IOException | VaultException | GeneralSecurityException e) {
            throw new VaultCheckException(Reason.SETTINGS, "cannot load the CA certificates for Vault ("
                    + e.getClass().getSimpleName() + "): check VAULT_CACERT", e);
        }
    }

    /** The JDK's default trust anchors as a KeyStore: set explicitly so the driver reads no variable. */
    private static KeyStore jdkTrustedCas() throws GeneralSecurityException, IOException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                for (X509Certificate ca : x509.getAcceptedIssuers()) {
                    store.setCertificateEntry("ca-" + n++, ca);
                }
            }
        }
        return store;
    }

    private static java.util.logging.Logger quietDriverLog() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.github.jopenlibs.vault");
        log.setLevel(java.util.logging.Level.WARNING);
        return log;
    }

    /** Keeps the driver from reading VAULT_* variables of the process behind our back. */
    private static final class NoEnvironment extends EnvironmentLoader {
        @Override
        public String loadVariable(String name) {
            return null;
        }
    }
}
