package io.datalayer.gate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.output.SynthOutput;
import io.datalayer.secrets.SecretRequirement;
import io.datalayer.vault.Fingerprints;
import io.datalayer.vault.StandInVault;
import io.datalayer.vault.VaultDriverLookup;
import io.datalayer.vault.VaultSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.cdk8s.ApiObject;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.ApiObjectProps;
import org.cdk8s.App;
import org.cdk8s.AppProps;
import org.cdk8s.Chart;
import org.cdk8s.JsonPatch;
import org.cdk8s.YamlOutputType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz-style: random passwords (quotes, backslashes, control characters, non-ASCII, surrogate
 * pairs) are planted in {@link StandInVault} (a stand-in speaking Vault's KV v2 HTTP API, not
 * Vault) and read by the real lookup, which leaves only fingerprints; each is then copied, in a
 * random encoding, into a random place of a chart that the real cdk8s runtime synthesizes. The
 * gate must refuse every file, without naming the value. The seed is in every failure message.
 */
class GuardFuzzTest {
    // -Dfuzz.cases=<n> for a longer run; 60 keeps the suite fast.
    private static final int CASES = Integer.getInteger("fuzz.cases", 60);
    private static final String POOL = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            + "\"'\\`$%&@:/?#=+ {}[]<>|*!~^,;\u0001\u0007\t\n\r\u001b\u007f\u00e9\u00df\u00fc\u4e2d\u6587\u0416";
    private static final String[] SURROGATES = {"\ud83d\udd11", "\ud83d\ude00"};

    @TempDir
    Path dir;

    private record Encoding(String name, Function<String, String> encode) {
    }

    private static final List<Encoding> ENCODINGS = List.of(
            new Encoding("raw", v -> v),
            new Encoding("embedded", v -> "prefix " + v + " suffix"),
            new Encoding("base64", v -> b64(v)),
            new Encoding("base64 of a line", v -> b64("password: " + v + "\n")),
            new Encoding("base64 unpadded", v -> Base64.getEncoder().withoutPadding().encodeToString(utf8(v))),
            new Encoding("base64url unpadded", v -> Base64.getUrlEncoder().withoutPadding().encodeToString(utf8("x" + v))),
            new Encoding("hex", v -> HexFormat.of().formatHex(utf8(v))),
            new Encoding("HEX in text", v -> "0x" + HexFormat.of().withUpperCase().formatHex(utf8(v)) + ";"),
            new Encoding("url-encoded DSN", v -> "postgres://app:" + URLEncoder.encode(v, StandardCharsets.UTF_8) + "@db/app"),
            new Encoding("json", v -> "{\"password\":\"" + v.replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r") + "\"}"),
            new Encoding("base64 of url-encoded", v -> b64(URLEncoder.encode(v, StandardCharsets.UTF_8))),
            new Encoding("base64 of gzip", v -> Base64.getEncoder().encodeToString(gzip(utf8("password: " + v)))),
            new Encoding("base32", v -> OutputGuardTest.base32(utf8(v))),
            new Encoding("base64 of UTF-16LE", v -> Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_16LE))),
            new Encoding("base64 of UTF-16BE", v -> Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_16BE))),
            new Encoding("XML-escaped in an element", v -> "<users><app><password>" + v.replace("&", "&amp;")
                    .replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;")
                    + "</password></app></users>"),
            new Encoding("XML numeric references", v -> v.codePoints().mapToObj(c -> "&#" + c + ";")
                    .collect(java.util.stream.Collectors.joining())));

    private static byte[] gzip(byte[] bytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(utf8(s));
    }

    private static String password(Random random) {
        StringBuilder sb = new StringBuilder();
        int length = 16 + random.nextInt(25);
        while (sb.length() < length) {
            if (random.nextInt(12) == 0) {
                sb.append(SURROGATES[random.nextInt(SURROGATES.length)]);
            } else {
                sb.append(POOL.charAt(random.nextInt(POOL.length())));
            }
        }
        return sb.toString();
    }

    @Test
    void noPlantedValueGetsThroughTheGate() throws Exception {
        // -Dfuzz.seed=<n> repeats a failed run.
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        Random random = new Random(seed);
        App app = new App(AppProps.builder().outdir(dir.toString()).outputFileExtension(".k8s.yaml")
                .yamlOutputType(YamlOutputType.FILE_PER_CHART).build());
        List<Fingerprints> fingerprints = new ArrayList<>();
        List<String> passwords = new ArrayList<>();
        List<String> described = new ArrayList<>();
        SecretRequirement requirement = SecretRequirement.of("postgres", "password").withMinLength(16);
        try (StandInVault vault = StandInVault.http()) {
            for (int i = 0; i < CASES; i++) {
                String password = password(random);
                vault.put("secret/postgres", i + 1, Map.of("password", password));
                Fingerprints seen = new Fingerprints();
                new VaultDriverLookup(VaultSettings.fromEnvironment(Map.of("VAULT_ADDR", vault.address(),
                        "VAULT_TOKEN", StandInVault.TOKEN), null), seen).verify(requirement);
                Encoding encoding = ENCODINGS.get(random.nextInt(ENCODINGS.size()));
                described.add("case " + i + ": " + encoding.name() + " in " + plant(app, "case-" + i, random,
                        encoding.encode().apply(password)));
                fingerprints.add(seen);
                passwords.add(password);
            }
        }
        app.synth();
        int unreadable = 0;
        for (int i = 0; i < CASES; i++) {
            String name = "case-" + i + ".k8s.yaml";
            Path file = dir.resolve(name);
            assertTrue(Files.exists(file), "seed " + seed + ": " + described.get(i));
            String where = "seed " + seed + ", " + described.get(i);
            SynthOutput output;
            try {
                output = new SynthOutput(List.of(SynthOutput.readFile(dir, Path.of(name))));
            } catch (IllegalStateException e) {
                // cdk8s wrote a character YAML readers refuse (DEL, ESC): the gate refuses the file at reading.
                assertFalse(e.getMessage().contains(passwords.get(i)), where + ": a message named the value");
                unreadable++;
                continue;
            }
            List<Violation> findings = SynthGate.findings(output, fingerprints.get(i));
            assertTrue(findings.stream().anyMatch(v -> v.rule().equals(OutputGuard.VAULT_VALUE)), where + ": not refused");
            String messages = findings.toString();
            assertFalse(messages.contains(passwords.get(i)), where + ": a message named the value");
        }
        assertTrue(unreadable < CASES / 2, "seed " + seed + ": most cases reach the guard (" + unreadable + " unreadable)");
    }

    /** Puts {@code value} at a random place of a new chart; returns where. */
    private static String plant(App app, String id, Random random, String value) {
        Chart chart = new Chart(app, id);
        ApiObjectMetadata metadata = ApiObjectMetadata.builder().name("probe").namespace("data").build();
        switch (random.nextInt(6)) {
            case 0 -> {
                ApiObject cm = new ApiObject(chart, "cm", ApiObjectProps.builder().apiVersion("v1").kind("ConfigMap")
                        .metadata(metadata).build());
                cm.addJsonPatch(JsonPatch.add("/data", Map.of("conf", value)));
                return "ConfigMap data";
            }
            case 1 -> {
                ApiObject cm = new ApiObject(chart, "cm", ApiObjectProps.builder().apiVersion("v1").kind("ConfigMap")
                        .metadata(ApiObjectMetadata.builder().name("probe").namespace("data")
                                .annotations(Map.of("note", value)).build()).build());
                cm.addJsonPatch(JsonPatch.add("/data", Map.of("a", "b")));
                return "an annotation";
            }
            case 2 -> {
                int cut = 1 + random.nextInt(value.length() - 1);
                if (Character.isLowSurrogate(value.charAt(cut))) {
                    cut--;
                }
                Map<String, Object> data = new TreeMap<>(Map.of("part1", value.substring(0, cut), "part2", value.substring(cut)));
                ApiObject cm = new ApiObject(chart, "cm", ApiObjectProps.builder().apiVersion("v1").kind("ConfigMap")
                        .metadata(metadata).build());
                cm.addJsonPatch(JsonPatch.add("/data", data));
                return "two keys of a ConfigMap";
            }
            case 3 -> {
                ApiObject job = new ApiObject(chart, "job", ApiObjectProps.builder().apiVersion("batch/v1").kind("Job")
                        .metadata(metadata).build());
                job.addJsonPatch(JsonPatch.add("/spec", Map.of("template", Map.of("spec", Map.of("containers", List.of(
                        Map.of("name", "c", "image", "busybox:1.37.0", "args", List.of("run", value))))))));
                return "a container's args";
            }
            case 4 -> {
                ApiObject list = new ApiObject(chart, "list", ApiObjectProps.builder().apiVersion("v1").kind("List").build());
                list.addJsonPatch(JsonPatch.add("/items", List.of(Map.of("apiVersion", "v1", "kind", "ConfigMap",
                        "metadata", Map.of("name", "inner"), "data", Map.of("deep", Map.of("x", value).toString())))));
                return "a List item";
            }
            default -> {
                ApiObject crd = new ApiObject(chart, "crd", ApiObjectProps.builder().apiVersion("example.org/v1")
                        .kind("Thing").metadata(metadata).build());
                crd.addJsonPatch(JsonPatch.add("/spec", Map.of("nested", List.of(Map.of("deeper", value)))));
                return "a nested field of a custom object";
            }
        }
    }
}
