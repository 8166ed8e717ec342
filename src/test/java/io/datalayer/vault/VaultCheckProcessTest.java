package io.datalayer.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.gate.ValueRedactor;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonArray;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The check process's protocol in-process: what it answers never holds a value, wherever the output plants one. */
class VaultCheckProcessTest {
    private final String password = "pw" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);

    private List<JsonObject> serve(StandInVault vault, String... requests) throws Exception {
        VaultCheckProcess process = new VaultCheckProcess(Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", StandInVault.TOKEN));
        StringWriter out = new StringWriter();
        process.serve(new BufferedReader(new StringReader(String.join("\n", requests) + "\n")), out);
        List<JsonObject> answers = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            assertFalse(line.contains(password), line);
            answers.add(Json.parse(line).asObject());
        }
        return answers;
    }

    private static String check() {
        return new JsonObject().add("op", "check").add("environment", "prod").add("requirements", new JsonArray().add(
                new JsonObject().add("mount", "secret").add("path", "postgres").add("keys", new JsonArray().add("password"))
                        .add("minLength", 16).add("publicKeys", new JsonArray()))).toString();
    }

    private static String scan(String yaml) {
        return new JsonObject().add("op", "scan").add("files", new JsonArray().add(new JsonObject().add("path", "prod/x.k8s.yaml")
                .add("bytes", Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8))))).toString();
    }

    private void assertNoValue(String text) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        for (String form : List.of(password, Base64.getEncoder().encodeToString(bytes), Base64.getUrlEncoder().withoutPadding()
                .encodeToString(bytes), HexFormat.of().formatHex(bytes), URLEncoder.encode(password, StandardCharsets.UTF_8))) {
            assertFalse(text.contains(form), text);
        }
        Fingerprints planted = new Fingerprints();
        planted.record("planted", password);
        assertFalse(ValueRedactor.holdsValue(text, planted), text);
    }

    @Test
    void findingsAndRedactionsNeverCarryTheValue() throws Exception {
        String b64 = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
        String hex = HexFormat.of().formatHex(password.getBytes(StandardCharsets.UTF_8));
        String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    app: " + b64 + "\n"
                + "  annotations:\n    " + hex + ": x\n"
                + "data:\n  " + password + ": plain\n"
                + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n"
                + "      containers:\n      - name: c\n        env:\n        - name: " + password + "\n          value: x\n"
                + "        - name: X_" + b64.replace("=", "") + "\n          value: y\n";
        try (StandInVault vault = StandInVault.http().put("secret/postgres", 4, Map.of("password", password))) {
            List<JsonObject> answers = serve(vault, check(), scan(yaml),
                    new JsonObject().add("op", "redact").add("text", "storage \"" + password + "\" is not a quantity").toString(),
                    new JsonObject().add("op", "redact").add("text", "label value " + b64 + " is too long").toString(),
                    new JsonObject().add("op", "redact").add("text", "data." + hex + " (key) is bad").toString(),
                    new JsonObject().add("op", "redact").add("text", "split " + password.substring(0, 10) + " "
                            + password.substring(10) + " is not a value").toString(),
                    new JsonObject().add("op", "redact").add("text", "url " + URLEncoder.encode(password + "/x", StandardCharsets.UTF_8)).toString());

            assertTrue(answers.get(0).getBoolean("verified", false), answers.get(0).toString());
            assertEquals(4, answers.get(0).get("versions").asArray().get(0).asObject().getLong("version", 0));
            JsonArray findings = answers.get(1).get("findings").asArray();
            // One finding per object and value, naming the object's other places (the guard's dedupe).
            assertEquals(java.util.Set.of("ConfigMap/c", "Deployment/d"), findings.values().stream()
                    .map(f -> f.asObject().getString("object", "")).collect(java.util.stream.Collectors.toSet()), findings.toString());
            for (JsonValue f : findings) {
                assertEquals("vault-value", f.asObject().getString("rule", ""));
                assertNoValue(f.asObject().getString("object", "") + " " + f.asObject().getString("detail", ""));
            }
            assertTrue(findings.toString().contains("data.<redacted: value of secret/data/postgres key \\\"password\\\"> (key)"),
                    findings.toString());
            assertEquals("storage \"<redacted: value of secret/data/postgres key \"password\">\" is not a quantity",
                    answers.get(2).getString("text", ""));
            for (JsonObject answer : answers.subList(2, answers.size())) {
                assertNoValue(answer.getString("text", ""));
            }
        }
    }

    @Test
    void aFailedCheckAnswersItsReasonAndNoValue() throws Exception {
        try (StandInVault vault = StandInVault.http().put("secret/postgres", 4, Map.of("password", "short"))) {
            JsonObject answer = serve(vault, check()).get(0);
            assertEquals("TOO_SHORT", answer.get("error").asObject().getString("reason", ""));
        }
    }
}
