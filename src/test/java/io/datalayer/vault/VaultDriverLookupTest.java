package io.datalayer.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.secrets.SecretRequirement;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lookup against {@link StandInVault}, a stand-in speaking Vault's KV v2 HTTP API (not Vault). */
class VaultDriverLookupTest {
    private static final SecretRequirement POSTGRES = SecretRequirement.of("postgres", "password").withMinLength(16);

    @TempDir
    Path home;

    private final String password = "pw-" + UUID.randomUUID();
    private StandInVault vault;
    private Fingerprints fingerprints;

    @BeforeEach
    void start() throws Exception {
        vault = StandInVault.http().put("secret/postgres", 3, Map.of("password", password));
        fingerprints = new Fingerprints();
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private VaultDriverLookup lookup(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", StandInVault.TOKEN));
        env.putAll(extra);
        return new VaultDriverLookup(VaultSettings.fromEnvironment(env, home), fingerprints);
    }

    private VaultCheckException failure(SecretRequirement requirement) {
        return failure(lookup(Map.of()), requirement);
    }

    private VaultCheckException failure(VaultDriverLookup lookup, SecretRequirement requirement) {
        VaultCheckException e = assertThrows(VaultCheckException.class, () -> lookup.verify(requirement));
        assertFalse(e.getMessage().contains(password), "message names the value");
        return e;
    }

    @Test
    void verifiesTheCurrentVersionWithTwoReads() {
        VerifiedSecret verified = lookup(Map.of()).verify(POSTGRES);

        assertEquals(new VerifiedSecret(POSTGRES, 3), verified);
        assertEquals(List.of("GET /v1/sys/internal/ui/mounts/secret", "GET /v1/secret/data/postgres"), vault.requests());
    }

    @Test
    void fingerprintsEveryValueItRead() {
        lookup(Map.of()).verify(POSTGRES);

        assertEquals(2, fingerprints.size());
        assertEquals(Optional.of("secret/data/postgres key \"password\""), fingerprints.findIn("x: " + password + "\n"));
    }

    @Test
    void sendsTheNamespace() {
        lookup(Map.of("VAULT_NAMESPACE", "platform")).verify(POSTGRES);

        assertEquals(List.of("platform", "platform"), vault.namespaces());
    }

    @Test
    void readsBelowANestedMount() {
        vault.mount("kv/data-layer", "kv", "2").put("kv/data-layer/postgres", 1, Map.of("password", password));

        lookup(Map.of()).verify(new SecretRequirement("kv/data-layer", "postgres", List.of("password"), 0));

        assertEquals("GET /v1/kv/data-layer/data/postgres", vault.requests().get(1));
    }

    @Test
    void forbiddenPathNamesTheCapability() {
        vault.deny("secret/data/postgres");

        VaultCheckException e = failure(POSTGRES);

        assertEquals(VaultCheckException.Reason.FORBIDDEN, e.reason());
        assertEquals("Vault denied access to secret/data/postgres (HTTP 403): the token's policy needs the \"read\" "
                + "capability on \"secret/data/postgres\"; check the token in VAULT_TOKEN or ~/.vault-token "
                + "(vault token capabilities secret/data/postgres)", e.getMessage());
    }

    @Test
    void wrongTokenIsForbiddenAtTheMountPreflight() {
        VaultCheckException e = failure(lookup(Map.of("VAULT_TOKEN", "s.wrong")), POSTGRES);

        assertEquals("Vault denied access to secret/data/postgres (HTTP 403): the token's policy needs the \"read\" "
                + "capability on \"secret/data/postgres\"; check the token in VAULT_TOKEN or ~/.vault-token "
                + "(vault token capabilities secret/data/postgres); Vault also answers 403 here when no secrets "
                + "engine is mounted at \"secret/\"", e.getMessage());
    }

    @Test
    void missingSecretSaysWhichLayerWritesIt() {
        VaultCheckException e = failure(SecretRequirement.of("redis", "password"));

        assertEquals(VaultCheckException.Reason.NOT_FOUND, e.reason());
        assertEquals("Vault has no secret at secret/data/redis (HTTP 404): the platform layer (L2) writes it; run L2 "
                + "first, or write it with vault kv put -mount=secret redis password=<value>", e.getMessage());
    }

    @Test
    void deletedCurrentVersion() {
        vault.deleted("secret/postgres", 4);

        VaultCheckException e = failure(POSTGRES);

        assertEquals("The current version 4 of secret/data/postgres is deleted: restore it with vault kv undelete "
                + "-mount=secret -versions=4 postgres, or have the platform layer (L2) write a new version", e.getMessage());
    }

    @Test
    void destroyedCurrentVersion() {
        vault.destroyed("secret/postgres", 5);

        VaultCheckException e = failure(POSTGRES);

        assertEquals("The current version 5 of secret/data/postgres is destroyed and cannot be restored: have the "
                + "platform layer (L2) write a new version (vault kv put -mount=secret postgres ...)", e.getMessage());
    }

    @Test
    void sealedVault() {
        vault.sealed(true);

        VaultCheckException e = failure(POSTGRES);

        assertEquals("Vault at " + vault.address() + " is sealed (HTTP 503) while reading secret/data/postgres: "
                + "unseal it (vault operator unseal) and synthesize again", e.getMessage());
    }

    @Test
    void missingKey() {
        VaultCheckException e = failure(SecretRequirement.of("postgres", "password", "replication-password"));

        assertEquals("Vault secret secret/data/postgres (version 3) has no key \"replication-password\": the platform "
                + "layer (L2) writes it; add it with vault kv patch -mount=secret postgres replication-password=<value>",
                e.getMessage());
    }

    @Test
    void emptyKey() {
        vault.put("secret/postgres", 6, Map.of("password", ""));

        VaultCheckException e = failure(POSTGRES);

        assertEquals("Vault secret secret/data/postgres (version 6) has an empty value for key \"password\": write a "
                + "non-empty one with vault kv patch -mount=secret postgres password=<value>", e.getMessage());
    }

    @Test
    void nonStringValue() {
        vault.put("secret/postgres", 7, Map.of("password", 12345678901234567L));

        VaultCheckException e = failure(POSTGRES);

        assertEquals("Vault secret secret/data/postgres (version 7) holds a non-string value for key \"password\": "
                + "write it as a string with vault kv patch -mount=secret postgres password=<value>", e.getMessage());
    }

    @Test
    void tooShortValueDoesNotTellItsLength() {
        vault.put("secret/postgres", 8, Map.of("password", "short-pw"));

        VaultCheckException e = failure(POSTGRES);

        assertEquals("Vault secret secret/data/postgres (version 8): the value of key \"password\" is shorter than "
                + "16 characters: rotate it to a longer value (the platform layer L2 generates it)", e.getMessage());
        assertEquals(0, fingerprints.size());
    }

    @Test
    void kvVersionOneMount() {
        vault.mount("secret", "kv", "1");

        VaultCheckException e = failure(POSTGRES);

        assertEquals(VaultCheckException.Reason.NOT_KV_V2, e.reason());
        assertEquals("Vault mount \"secret/\" is KV version 1, but data-layer and its SecretStore read KV version 2: "
                + "upgrade it with vault kv enable-versioning secret/ (the platform layer L2 owns the mount)", e.getMessage());
        assertEquals(List.of("GET /v1/sys/internal/ui/mounts/secret"), vault.requests());
    }

    @Test
    void kvMountWithoutOptionsIsVersionOne() {
        vault.mount("secret", "kv", null);

        assertEquals(VaultCheckException.Reason.NOT_KV_V2, failure(POSTGRES).reason());
    }

    @Test
    void mountOfAnotherEngine() {
        vault.mount("secret", "database", null);

        assertEquals("Vault mount \"secret/\" is a \"database\" secrets engine, not KV version 2: point the "
                + "requirement at the KV v2 mount (default \"secret\")", failure(POSTGRES).getMessage());
    }

    @Test
    void unreachableVault() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String address = "http://127.0.0.1:" + closedPort;

        VaultCheckException e = failure(lookup(Map.of("VAULT_ADDR", address)), POSTGRES);

        assertEquals(VaultCheckException.Reason.UNREACHABLE, e.reason());
        assertEquals("Vault at " + address + " is unreachable while reading secret/data/postgres: check VAULT_ADDR "
                + "and that Vault is running, or set DATALAYER_VAULT=off to synthesize with unverified references",
                e.getMessage());
    }

    @Test
    void vaultThatDoesNotAnswerInTime() {
        vault.delay(3_000);

        VaultCheckException e = failure(lookup(Map.of("VAULT_CLIENT_TIMEOUT", "1")), POSTGRES);

        assertEquals("Vault at " + vault.address() + " did not send its whole answer within 1 s while reading"
                + " secret/data/postgres (VAULT_CLIENT_TIMEOUT bounds each request from connect to the last byte): check"
                + " VAULT_ADDR and the network path to Vault, or raise VAULT_CLIENT_TIMEOUT", e.getMessage());
    }

    /** A server that sends its headers at once, then the body a byte per second: the case that hung synth. */
    private static final class TricklingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        private final Thread thread = new Thread(this::serve, "trickling-server");

        TricklingServer() throws java.io.IOException {
            thread.setDaemon(true);
            thread.start();
        }

        String address() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (java.net.Socket client = socket.accept()) {
                    java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                            client.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
                    String line;
                    while ((line = in.readLine()) != null && !line.isEmpty()) {
                        // read the request head
                    }
                    java.io.OutputStream out = client.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.flush();
                    for (int i = 0; i < 600; i++) {
                        out.write(' ');
                        out.flush();
                        Thread.sleep(1000);
                    }
                } catch (java.io.IOException | InterruptedException e) {
                    // the client gave up, or the test closed the server
                }
            }
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    @Test
    void aServerThatTricklesItsBodyFailsWithinTheRequestDeadline() throws Exception {
        try (TricklingServer trickling = new TricklingServer()) {
            long start = System.nanoTime();
            VaultCheckException e = failure(lookup(Map.of("VAULT_ADDR", trickling.address(), "VAULT_CLIENT_TIMEOUT", "2")),
                    POSTGRES);
            long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertEquals(VaultCheckException.Reason.TIMEOUT, e.reason());
            assertEquals("Vault at " + trickling.address() + " did not send its whole answer within 2 s while reading"
                    + " secret/data/postgres (VAULT_CLIENT_TIMEOUT bounds each request from connect to the last byte): check"
                    + " VAULT_ADDR and the network path to Vault, or raise VAULT_CLIENT_TIMEOUT", e.getMessage());
            assertTrue(seconds < 6, "gave up after " + seconds + " s");
        }
    }

    @Test
    void theWholeCheckOfASynthHasADeadlineToo() throws Exception {
        try (TricklingServer trickling = new TricklingServer()) {
            long start = System.nanoTime();
            VaultCheckException e = failure(lookup(Map.of("VAULT_ADDR", trickling.address(), "VAULT_CLIENT_TIMEOUT", "30",
                    "DATALAYER_VAULT_DEADLINE", "2")), POSTGRES);
            long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertEquals("the Vault check did not finish within 2 s (DATALAYER_VAULT_DEADLINE, the limit for all Vault"
                    + " requests of one synth); it was reading secret/data/postgres from " + trickling.address() + ": check"
                    + " that Vault answers promptly, or raise DATALAYER_VAULT_DEADLINE", e.getMessage());
            assertTrue(seconds < 6, "gave up after " + seconds + " s");
        }
    }

    /**
     * A plain-HTTP server that answers a TLS handshake the way Go's net/http (Vault's server) does:
     * "HTTP/1.0 400 Bad Request" and "Client sent an HTTP request to an HTTPS server", then closes.
     */
    private static ServerSocket plainHttpAnsweringTls() throws java.io.IOException {
        ServerSocket socket = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try (java.net.Socket client = socket.accept()) {
                    client.getInputStream().read(new byte[5]);
                    client.getOutputStream().write(("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an"
                            + " HTTPS server.\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                    // closed
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return socket;
    }

    @Test
    void httpsAgainstAPlainHttpServerSaysSo() throws Exception {
        ServerSocket plain = plainHttpAnsweringTls();
        String https = "https://127.0.0.1:" + plain.getLocalPort();
        VaultCheckException e = failure(lookup(Map.of("VAULT_ADDR", https)), POSTGRES);
        assertEquals(VaultCheckException.Reason.TLS, e.reason());
        assertEquals("Vault at " + https + " answered the TLS handshake in plain HTTP while reading"
                + " secret/data/postgres: VAULT_ADDR says https:// but that port serves http; use http:// if Vault"
                + " listens without TLS, or point VAULT_ADDR at Vault's TLS listener", e.getMessage());
        plain.close();
    }

    @Test
    void untrustedCertificateIsATlsFailure(@TempDir Path dir) throws Exception {
        SelfSignedTls tls = SelfSignedTls.create(dir);
        try (StandInVault https = StandInVault.https(tls.serverContext)) {
            https.put("secret/postgres", 3, Map.of("password", password));

            VaultCheckException e = failure(lookup(Map.of("VAULT_ADDR", https.address())), POSTGRES);

            assertEquals(VaultCheckException.Reason.TLS, e.reason());
            assertEquals("TLS with Vault at " + https.address() + " failed: the server certificate is not trusted while"
                    + " reading secret/data/postgres: set VAULT_CACERT to the PEM file of the CA that signed Vault's"
                    + " certificate", e.getMessage());
            assertInstanceOf(SSLException.class, e.getCause());
        }
    }

    @Test
    void trustsTheCaFromVaultCacert(@TempDir Path dir) throws Exception {
        SelfSignedTls tls = SelfSignedTls.create(dir);
        try (StandInVault https = StandInVault.https(tls.serverContext)) {
            https.put("secret/postgres", 9, Map.of("password", password));

            VerifiedSecret verified = lookup(Map.of("VAULT_ADDR", https.address(),
                    "VAULT_CACERT", tls.caPem.toString())).verify(POSTGRES);

            assertEquals(9, verified.version());
        }
    }

    @Test
    void aCertificateForAnotherHostIsToldApartFromAnUntrustedOne(@TempDir Path dir) throws Exception {
        SelfSignedTls tls = SelfSignedTls.create(dir); // issued for 127.0.0.1 only
        try (StandInVault https = StandInVault.https(tls.serverContext)) {
            https.put("secret/postgres", 9, Map.of("password", password));
            String byName = https.address().replace("127.0.0.1", "localhost");

            VaultCheckException e = failure(lookup(Map.of("VAULT_ADDR", byName, "VAULT_CACERT", tls.caPem.toString())),
                    POSTGRES);

            assertEquals("TLS with Vault at " + byName + " failed: the server certificate does not name the host of"
                    + " VAULT_ADDR while reading secret/data/postgres: use the host name the certificate was issued for",
                    e.getMessage());
        }
    }

    @Test
    void needsAToken() {
        VaultSettings settings = VaultSettings.fromEnvironment(Map.of("VAULT_ADDR", vault.address()), home);

        VaultCheckException e = assertThrows(VaultCheckException.class,
                () -> new VaultDriverLookup(settings, fingerprints));

        assertEquals("no Vault token for " + vault.address() + ": set VAULT_TOKEN or run vault login (it writes "
                + "~/.vault-token), or set DATALAYER_VAULT=off to synthesize with unverified references", e.getMessage());
    }

    @Test
    void needsAnAddress() {
        VaultSettings settings = VaultSettings.fromEnvironment(Map.of("VAULT_TOKEN", "t"), home);

        VaultCheckException e = assertThrows(VaultCheckException.class,
                () -> new VaultDriverLookup(settings, fingerprints));

        assertEquals("VAULT_ADDR is not set: set it to the Vault that holds the secrets, like "
                + "https://vault.example.org:8200", e.getMessage());
    }

    @Test
    void caFileWithoutPem(@TempDir Path dir) throws Exception {
        Path notPem = java.nio.file.Files.writeString(dir.resolve("ca.txt"), "not a certificate");

        VaultCheckException e = assertThrows(VaultCheckException.class, () -> lookup(Map.of("VAULT_CACERT", notPem.toString())));

        assertEquals("VAULT_CACERT=" + notPem + " holds no PEM certificate: point it at the PEM file of the CA that "
                + "signed Vault's certificate", e.getMessage());
    }

    @Test
    void leavesNoValueInAnyMessageOrCause() {
        vault.put("secret/postgres", 3, Map.of("password", password, "other", password));
        VaultCheckException e = failure(new SecretRequirement("secret", "postgres", List.of("password", "missing"), 0));

        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(password));
        }
        assertTrue(e.getMessage().contains("\"missing\""));
    }

    /** 200 MB announced in Content-Length: refused by its length, before a byte of the body is read. */
    @Test
    void anAnswerAnnouncedLargerThanOneMebibyteIsRefusedUnread() throws Exception {
        vault.oversized(200L * 1024 * 1024, true);

        VaultCheckException e = failure(POSTGRES);

        assertEquals(VaultCheckException.Reason.TOO_LARGE, e.reason());
        assertEquals("Vault at " + vault.address() + " answered secret/data/postgres with 209715200 bytes, more than the"
                + " 1 MiB synth reads (a KV v2 secret's answer is a few KiB): synth stopped reading; check that VAULT_ADDR"
                + " points at Vault (not a proxy or file server) and that the secret holds only its keys", e.getMessage());
        assertTrue(vault.awaitStreamEnd(30), "the stand-in saw the client hang up");
        assertTrue(vault.bytesSent() < 32L * 1024 * 1024, "the client let " + vault.bytesSent() + " bytes through");
    }

    /** 200 MB chunked, no length: refused once the bytes read pass 1 MiB; the rest is never read. */
    @Test
    void anUnannouncedAnswerIsCutOffAtOneMebibyte() throws Exception {
        vault.oversized(200L * 1024 * 1024, false);

        VaultCheckException e = failure(POSTGRES);

        assertEquals(VaultCheckException.Reason.TOO_LARGE, e.reason());
        assertEquals("Vault at " + vault.address() + " answered secret/data/postgres, more than the 1 MiB synth reads"
                + " (a KV v2 secret's answer is a few KiB): synth stopped reading; check that VAULT_ADDR points at Vault"
                + " (not a proxy or file server) and that the secret holds only its keys", e.getMessage());
        assertTrue(vault.awaitStreamEnd(30), "the stand-in saw the client hang up");
        assertTrue(vault.bytesSent() < 32L * 1024 * 1024, "the client let " + vault.bytesSent() + " bytes through");
    }

    /** Headers and one byte, then nothing until the test ends: the request deadline, named as such. */
    @Test
    void aStalledAnswerIsATimeoutNotATooLargeOne() {
        vault.stall();

        VaultCheckException e = failure(lookup(Map.of("VAULT_CLIENT_TIMEOUT", "1")), POSTGRES);

        assertEquals(VaultCheckException.Reason.TIMEOUT, e.reason());
        assertTrue(e.getMessage().startsWith("Vault at " + vault.address() + " did not send its whole answer within 1 s"),
                e.getMessage());
    }

    /**
     * One deadline for the whole synth: two environments' lookups share it, so time spent on the
     * first counts for the second. A clock the stand-in moves 40 s per request, no waiting.
     */
    @Test
    void theSynthDeadlineIsSharedByEveryEnvironment() throws Exception {
        long[] now = {0};
        VaultDeadline deadline = new VaultDeadline(java.time.Duration.ofSeconds(60), () -> now[0]);
        vault.onRequest(() -> now[0] += 40_000_000_000L);
        try (StandInVault dev = StandInVault.http().put("secret/postgres", 1, Map.of("password", password))) {
            VaultSettings prodSettings = VaultSettings.fromEnvironment(Map.of("VAULT_ADDR", vault.address(),
                    "VAULT_TOKEN", StandInVault.TOKEN), home);
            VaultSettings devSettings = VaultSettings.fromEnvironment(Map.of("VAULT_ADDR", dev.address(),
                    "VAULT_TOKEN", StandInVault.TOKEN), home);
            new VaultDriverLookup(prodSettings, fingerprints, deadline).verify(POSTGRES); // 80 s of the clock

            VaultCheckException e = assertThrows(VaultCheckException.class,
                    () -> new VaultDriverLookup(devSettings, fingerprints, deadline).verify(POSTGRES));

            assertEquals("the Vault check did not finish within 60 s (DATALAYER_VAULT_DEADLINE, the limit for all Vault"
                    + " requests of one synth); it was reading secret/data/postgres from " + dev.address() + ": check"
                    + " that Vault answers promptly, or raise DATALAYER_VAULT_DEADLINE", e.getMessage());
            assertEquals(List.of(), dev.requests(), "nothing was sent after the deadline");
        }
    }

    /** Hand-made settings with a control character in the token: refused before sending, the token never quoted. */
    @Test
    void aTokenThatCannotBeAHeaderIsNamedByItsSourceNotQuoted() {
        String token = "s.bell\u0007" + UUID.randomUUID();
        VaultSettings settings = new VaultSettings(VaultMode.REQUIRED, Optional.of(vault.address()), Optional.of(token),
                Optional.empty(), Optional.empty(), java.time.Duration.ofSeconds(5));

        VaultCheckException e = assertThrows(VaultCheckException.class,
                () -> new VaultDriverLookup(settings, fingerprints).verify(POSTGRES));

        assertEquals(VaultCheckException.Reason.SETTINGS, e.reason());
        assertFalse(e.getMessage().contains(token.substring(8)), e.getMessage());
        assertTrue(e.getMessage().contains("VAULT_TOKEN"), e.getMessage());
        assertEquals(List.of(), vault.requests());
    }
}
