package io.datalayer.gate;

import static io.datalayer.gate.GuardCases.configMap;
import static io.datalayer.gate.GuardCases.objects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.output.SynthOutput;
import io.datalayer.validation.FreshSynth;
import io.datalayer.vault.Fingerprints;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard against the leak probes that reached dist/ before it parsed what it checks: one case
 * per encoding the review used, each asserting the finding (file, object, field path, rule) and
 * that no message holds the value.
 */
class OutputGuardTest {
    private static final String VALUE = "a-unique-password-value";
    private static final String LABEL = "secret/data/postgres key \"password\"";
    private static final String FIX = "; secret values reach the cluster through an ExternalSecret: find what copies it"
            + " into a manifest";

    private static Fingerprints seen(String value) {
        Fingerprints f = new Fingerprints();
        f.record(LABEL, value);
        return f;
    }

    private static List<String> check(SynthOutput output, Fingerprints f) {
        List<Violation> found = OutputGuard.check(output, f);
        return found.stream().map(Violation::toString).toList();
    }

    private static List<String> probe(Map<String, Object> data, String field) {
        List<String> found = check(objects(List.of(configMap("probe", field, data))), seen(VALUE));
        assertFalse(String.join("\n", found).contains(VALUE), "a message named the value");
        return found;
    }

    private static String leak(String path, String how) {
        return "a.k8s.yaml: ConfigMap/probe: vault-value: " + path + " holds the value of " + LABEL + " read from Vault"
                + how + FIX;
    }

    @Test
    void cleanOutputAndTheRealSynthPass() {
        assertEquals(List.of(), check(objects(List.of(configMap("probe", "data", Map.of("a", "b")))), seen(VALUE)));
        assertEquals(List.of(), OutputGuard.check(SynthOutput.read(FreshSynth.dir()), seen(VALUE)));
        assertEquals(List.of(), OutputGuard.check(SynthOutput.read(FreshSynth.dir()), new Fingerprints()));
    }

    @Test
    void theBareValueAndTheValueInsideALongerString() {
        assertEquals(List.of(leak("data.p", "")), probe(Map.of("p", VALUE), "data"));
        assertEquals(List.of(leak("data.conf", "")), probe(Map.of("conf", "application_name = 'x" + VALUE + "y'\n"), "data"));
    }

    @Test
    void binaryDataHoldingBase64OfAPasswordLine() {
        String b64 = Base64.getEncoder().encodeToString(("password: " + VALUE + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(leak("binaryData.p", " (base64-decoded)")), probe(Map.of("p", b64), "binaryData"));
    }

    @Test
    void hex() {
        String hex = HexFormat.of().formatHex(("pw=" + VALUE).getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(leak("data.p", " (hex-decoded)")), probe(Map.of("p", hex), "data"));
        assertEquals(List.of(leak("data.p", " (hex-decoded)")), probe(Map.of("p", "0x" + hex.toUpperCase()), "data"));
    }

    @Test
    void unpaddedBase64Url() {
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(("\u00ff\u00fe" + VALUE).getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(leak("data.p", " (base64-decoded)")), probe(Map.of("p", "token " + url + " end"), "data"));
    }

    @Test
    void theValueSplitOverTwoKeys() {
        int half = VALUE.length() / 2;
        assertEquals(List.of("a.k8s.yaml: ConfigMap/probe: vault-value: data holds a value read from Vault split over its"
                + " entries" + FIX), probe(Map.of("a", VALUE.substring(0, half), "b", VALUE.substring(half)), "data"));
        assertEquals(List.of("a.k8s.yaml: ConfigMap/probe: vault-value: data holds a value read from Vault split over its"
                + " entries" + FIX), probe(Map.of("b", VALUE.substring(0, half), "a", VALUE.substring(half)), "data"));
    }

    @Test
    void urlEncodedInsideADsn() {
        String value = "p@ss:w/rd?" + VALUE + " &=%";
        String dsn = "postgres://app:" + URLEncoder.encode(value, StandardCharsets.UTF_8) + "@db:5432/app";
        List<String> found = check(objects(List.of(configMap("probe", "data", Map.of("url", dsn)))), seen(value));
        assertEquals(List.of(leak("data.url", " (URL-decoded)")), found);
    }

    @ParameterizedTest
    @ValueSource(strings = {"quote\"in-the-middle-1", "back\\slash\\value-2", "control\u0001\u0007char-3",
        "tab\tand\nnewline-4", "non-ascii-\u00e9\u00df\u4e2d\ud83d\udd11-5"})
    void valuesThatYamlWritesEscaped(String value) {
        SynthOutput output = objects(List.of(configMap("probe", "data", Map.of("p", "x" + value + "y"))));
        String text = new String(output.files().get(0).bytes(), StandardCharsets.UTF_8);
        assertFalse(text.contains(value), "the serializer escaped the value, so a text scan would miss it");
        assertEquals(List.of(leak("data.p", "")), check(output, seen(value)));
    }

    @Test
    void anEscapedJsonDocumentInsideAConfigMap() {
        String value = "json\"needs\\escapes-6";
        String json = "{\"password\": \"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        assertEquals(List.of(leak("data.config.json", " (unescaped)")),
                check(objects(List.of(configMap("probe", "data", Map.of("config.json", json)))), seen(value)));
    }

    @Test
    void base64OfUrlEncodingNestsTwoDecodings() {
        String value = "p@ss/w0rd?&" + VALUE;
        String inner = URLEncoder.encode(value, StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(inner.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(leak("data.p", " (URL-decoded of base64-decoded)")),
                check(objects(List.of(configMap("probe", "data", Map.of("p", b64)))), seen(value)));
    }

    @Test
    void aYamlCommentIsCheckedToo() {
        SynthOutput output = GuardCases.file("a.k8s.yaml", "# " + VALUE + "\nkind: ConfigMap\nmetadata: {name: x}\n");
        assertEquals(List.of("a.k8s.yaml: (file text): vault-value: the file holds the value of " + LABEL
                + " outside any object (a comment?)" + FIX), check(output, seen(VALUE)));
    }

    @Test
    void aLiteralInAnExternalSecretTemplate() {
        Map<String, Object> es = Map.of("apiVersion", "external-secrets.io/v1", "kind", "ExternalSecret",
                "metadata", Map.of("name", "pg", "namespace", "data"),
                "spec", Map.of("target", Map.of("template", Map.of("data", Map.of(
                        "password", "hunter2hunter2", "url", "postgres://app:{{ .password }}@db/app")))));
        assertEquals(List.of("a.k8s.yaml: ExternalSecret/pg: external-secret-template-literal: spec.target.template.data"
                + ".password is a literal; the template's output becomes the Secret's data, so take every value from the"
                + " secret ({{ .key }}) and keep literals out"), check(objects(List.of(es)), new Fingerprints()));
    }

    @Test
    void withoutVaultACredentialNamedKeyWithALiteralIsRefused() {
        List<String> found = check(objects(List.of(configMap("probe", "data", Map.of("password", "hunter2hunter2",
                "db.api_key", "k-123", "notes", "a password is read from a file")))), new Fingerprints());
        assertEquals(List.of(
                "a.k8s.yaml: ConfigMap/probe: credential-literal: data.db.api_key is a credential-named key with a literal"
                        + " value; reference a Secret that ESO writes instead",
                "a.k8s.yaml: ConfigMap/probe: credential-literal: data.password is a credential-named key with a literal"
                        + " value; reference a Secret that ESO writes instead"), found.stream().sorted().toList());
    }

    @Test
    void credentialNamedKeysThatNameAFileAHashOrALengthAreNotCredentials() {
        assertEquals(List.of(), check(objects(List.of(configMap("probe", "data", Map.of("password-file", "admin-password",
                "password_sha256_hex", "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
                "password-min-length", "16")))), new Fingerprints()));
        assertEquals(List.of("a.k8s.yaml: ConfigMap/probe: credential-literal: data.crypt-password is a credential-named key"
                + " with a literal value; reference a Secret that ESO writes instead"),
                check(objects(List.of(configMap("probe", "data", Map.of("crypt-password", "hunter2hunter2")))), new Fingerprints()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "postgres://app:hunter2@db:5432/app|a URL with a password (user:password@)",
        "host=db user=app password=hunter2 dbname=app|a password setting (password=...)",
        "client_secret: s3cr3t-value|a password setting (password=...)",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n|a PEM private key",
        "id AKIAIOSFODNN7EXAMPLE|an AWS access key id",
        "hvs.CAESIJ0123456789abcdefghijklmnop|a Vault token",
        "ghp_0123456789abcdefghijklmnopqrstuvwxyz|a GitHub token",
        "xoxb-1234567890-abcdefghij|a Slack token",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc|a JSON Web Token"})
    void withoutVaultCredentialShapesAreRefused(String probe) {
        String value = probe.substring(0, probe.lastIndexOf('|'));
        String shape = probe.substring(probe.lastIndexOf('|') + 1);
        List<String> found = check(objects(List.of(configMap("probe", "data", Map.of("conf", value)))), new Fingerprints());
        assertEquals(List.of("a.k8s.yaml: ConfigMap/probe: credential-literal: data.conf holds " + shape
                + "; credentials reach the cluster through an ExternalSecret, never as a literal in dist/"), found);
        String b64 = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("a.k8s.yaml: ConfigMap/probe: credential-literal: binaryData.conf holds " + shape
                + " (base64-decoded); credentials reach the cluster through an ExternalSecret, never as a literal in dist/"),
                check(objects(List.of(configMap("probe", "binaryData", Map.of("conf", b64)))), new Fingerprints()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"password=$(cat \"$POSTGRES_PASSWORD_FILE\")", "postgres://app:${PASSWORD}@db/app",
        "password_encryption = 'scram-sha-256'", "vault kv put -mount=secret postgres password=<value>",
        "token: \"\"", "secretName: postgresql-superuser", "automountServiceAccountToken: false"})
    void referencesAndPlaceholdersAreNotLiterals(String text) {
        assertEquals(List.of(), check(objects(List.of(configMap("probe", "data", Map.of("conf", text)))), new Fingerprints()));
    }

    @Test
    void findingsNeverHoldTheValueAndOneValueIsReportedOncePerObject() {
        String b64 = Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_8));
        List<String> found = probe(Map.of("a", VALUE, "b", b64, "c", HexFormat.of().formatHex(VALUE.getBytes())), "data");
        assertEquals(1, found.size(), found::toString);
        assertTrue(found.get(0).matches(".* \\(the same value is also in data\\.[abc], data\\.[abc]\\)"), found::toString);
        assertTrue(found.stream().noneMatch(f -> f.contains(VALUE) || f.contains(b64)));
    }

    @Test
    void aVaultValueThatIsAlsoALabelIsReportedOncePerObjectNotPerField() {
        // The review's case: an S3 access key id equal to a label value gave 268 findings.
        Map<String, Object> labels = Map.of("app.kubernetes.io/part-of", "data-layer-value", "team", "data-layer-value");
        List<Map<String, Object>> objects = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            objects.add(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "cm-" + i,
                    "namespace", "data", "labels", labels, "annotations", Map.of("owner", "data-layer-value")),
                    "data", Map.of("a", "data-layer-value", "b", "x data-layer-value y")));
        }
        List<String> found = check(objects(objects), seen("data-layer-value"));
        assertEquals(5, found.size(), found::toString);
        assertTrue(found.get(0).startsWith("a.k8s.yaml: ConfigMap/cm-0: vault-value: "), found::toString);
        assertTrue(found.get(0).endsWith(" and 1 more)"), found::toString);
    }

    static String gzipBase64(byte[] bytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** RFC 4648 base32, upper case, padded. */
    static String base32(byte[] data) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder sb = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        while (sb.length() % 8 != 0) {
            sb.append('=');
        }
        return sb.toString();
    }

    @Test
    void theEncodingsTheReviewUsed() {
        byte[] utf8 = ("password: " + VALUE + "\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(leak("binaryData.p", " (base64-decoded, gunzipped)")),
                probe(Map.of("p", gzipBase64(utf8)), "binaryData"));
        assertEquals(List.of(leak("data.p", " (base32-decoded)")), probe(Map.of("p", base32(utf8)), "data"));
        assertEquals(List.of(leak("data.p", " (base32-decoded)")),
                probe(Map.of("p", "key=" + base32(VALUE.getBytes(StandardCharsets.UTF_8)).toLowerCase().replace("=", "")), "data"));
        assertEquals(List.of(leak("data.p", " (base64-decoded, UTF-16LE)")),
                probe(Map.of("p", Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_16LE))), "data"));
        assertEquals(List.of(leak("data.p", " (base64-decoded, UTF-16BE)")),
                probe(Map.of("p", Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_16BE))), "data"));
        assertEquals(List.of(leak("data.p", " (hex-decoded, UTF-16LE)")),
                probe(Map.of("p", HexFormat.of().formatHex(VALUE.getBytes(StandardCharsets.UTF_16LE))), "data"));
    }

    @Test
    void aValueXmlEscapedInsideAClickHouseUsersFile() {
        String value = "<p&ss\"w'rd>-" + VALUE;
        String escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
        String users = "<clickhouse><users><app><password>" + escaped + "</password></app></users></clickhouse>";
        assertEquals(List.of(leak("data.users.xml", " (XML-unescaped)")),
                check(objects(List.of(configMap("probe", "data", Map.of("users.xml", users)))), seen(value)));
        // Without Vault the element is a credential literal all the same.
        assertEquals(List.of("a.k8s.yaml: ConfigMap/probe: credential-literal: data.users.xml holds " + Credentials.XML
                + "; credentials reach the cluster through an ExternalSecret, never as a literal in dist/"),
                check(objects(List.of(configMap("probe", "data", Map.of("users.xml", users)))), new Fingerprints()));
    }

    @Test
    void gzipUnderBinaryIsReadToo() {
        byte[] gzip = Base64.getDecoder().decode(gzipBase64(VALUE.getBytes(StandardCharsets.UTF_8)));
        SynthOutput output = GuardCases.file("a.k8s.yaml", "kind: ConfigMap\nmetadata: {name: probe}\nbinaryData:\n  p: !!binary "
                + Base64.getEncoder().encodeToString(gzip) + "\n");
        assertEquals(List.of(leak("binaryData.p", " (base64-decoded, gunzipped)")), check(output, seen(VALUE)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 60, 144})
    void aConfigMapHoldingACaBundlePasses(int certificates) {
        SynthOutput output = objects(List.of(configMap("ca", "data", Map.of("ca.crt", CaBundle.pem(certificates)))));
        assertEquals(List.of(), check(output, seen(VALUE)));
        assertEquals(List.of(), check(output, new Fingerprints()));
    }

    @Test
    void aValueInACaBundleIsStillFound() {
        String bundle = CaBundle.pem(144);
        int middle = bundle.indexOf("-----BEGIN CERTIFICATE-----", bundle.length() / 2);
        String planted = bundle.substring(0, middle) + "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(("x" + VALUE).getBytes(StandardCharsets.UTF_8))
                + "\n-----END CERTIFICATE-----\n" + bundle.substring(middle);
        assertEquals(List.of(leak("data.ca.crt", " (base64-decoded)")),
                probe(Map.of("ca.crt", planted), "data"));
    }

    @Test
    void aStringThatDecodesToMoreThanItsBudgetIsRefusedNotSkipped() {
        // A decompression bomb: 20 MiB of zeros in about 20 KiB of gzip, far above 64 times its length.
        String bomb = gzipBase64(new byte[20 << 20]);
        assertEquals(List.of("a.k8s.yaml: ConfigMap/probe: guard-limit: binaryData.p decodes to more text than the guard"
                + " checks per string (64 times its length); split the value or keep such data out of manifests"),
                check(objects(List.of(configMap("probe", "binaryData", Map.of("p", bomb)))), new Fingerprints()));
    }

    @Test
    void manyEncodedRunsAreCheckedNotRefused() {
        // Once refused at a fixed count (2000 forms); the budget now grows with the string.
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            many.append(String.format("%016x ", i * 0x9E3779B97F4A7C15L)); // distinct hex, also base64 runs
        }
        assertEquals(List.of(), check(objects(List.of(configMap("probe", "data", Map.of("p", many.toString())))),
                new Fingerprints()));
        String planted = many + HexFormat.of().formatHex(VALUE.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(leak("data.p", " (hex-decoded)")), probe(Map.of("p", planted), "data"));
    }

    @Test
    void longHostileValuesDoNotOverflowTheStack() {
        String quoted = "password=\"" + "a\\\"".repeat(20_000) + "\"";
        String wrapped = "QUJD ".repeat(50_000);
        assertEquals(1, check(objects(List.of(configMap("probe", "data", Map.of("p", quoted, "q", wrapped)))),
                new Fingerprints()).size());
    }
}
