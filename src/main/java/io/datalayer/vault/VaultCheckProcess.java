package io.datalayer.vault;

import io.datalayer.gate.OutputGuard;
import io.datalayer.gate.ValueRedactor;
import io.datalayer.gate.Violation;
import io.datalayer.output.Manifest;
import io.datalayer.output.SynthOutput;
import io.datalayer.secrets.SecretRequirement;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonArray;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The Vault check's own process: the only process of a synth that holds a Vault token or a value
 * read from Vault. {@code Main} starts it ({@link VaultCheckClient}) with the synth's classpath
 * and only the Vault variables in its environment, and talks to it over standard input and output,
 * one JSON object per line each way:
 * <ul>
 *   <li>{@code {"op":"check","environment":"dev","requirements":[{mount,path,keys,minLength,publicKeys}]}}:
 *       the environment's Vault check ({@link VaultCheck}, {@link VaultDriverLookup}); the answer is
 *       {@code {"lines":[...],"verified":true,"versions":[{"index":0,"version":3}]}} or
 *       {@code {"lines":[...],"error":{"reason":"FORBIDDEN","message":"..."}}}. The values read stay
 *       here, as keyed {@link Fingerprints}; the tokens are read here and go nowhere but to their Vault.</li>
 *   <li>{@code {"op":"scan","files":[{"path":"prod/data-layer.k8s.yaml","bytes":"<base64>"}]}}: the
 *       output guard's value rule ({@link OutputGuard#vaultValues}) over the very bytes the synth is
 *       about to publish; the answer is {@code {"findings":[{file,object,rule,detail}]}}, redacted.</li>
 *   <li>{@code {"op":"redact","text":"..."}}: the text without any value ({@link ValueRedactor}),
 *       for every message the synth prints: {@code {"text":"..."}}.</li>
 * </ul>
 * Every message it sends is redacted first. It ends when its standard input ends (the synth ended
 * or died). Its own standard error carries redacted lines only; its standard output is the protocol's.
 */
public final class VaultCheckProcess {
    private final Map<String, String> env;
    private final Path home;
    private final Fingerprints fingerprints = new Fingerprints();
    private VaultDeadline deadline;

    VaultCheckProcess(Map<String, String> env) {
        this.env = env;
        String h = env.get("HOME");
        this.home = h == null || h.isBlank() ? null : Path.of(h);
    }

    public static void main(String[] args) throws IOException {
        PrintStream realErr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        VaultCheckProcess process = new VaultCheckProcess(System.getenv());
        // Nothing but the protocol reaches standard output; whatever else prints goes to standard error, redacted.
        Writer protocol = new java.io.OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8);
        PrintStream redacted = new PrintStream(new RedactingLines(process.fingerprints, realErr), true, StandardCharsets.UTF_8);
        System.setOut(redacted);
        System.setErr(redacted);
        warmUp();
        try {
            process.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), protocol);
        } catch (Throwable t) {
            redacted.println("data-layer: the Vault check process failed (" + t.getClass().getName() + ")");
            System.exit(3);
        }
        System.exit(0);
    }

    /**
     * Loads and runs once, on a thread of its own, what the first check and the scan use (the HTTP
     * client, the JSON and YAML parsers, the guard's value rule): this process starts while the synth
     * builds its charts, so that work is off the synth's path. Touches no value and no token.
     */
    private static void warmUp() {
        Thread warm = new Thread(() -> {
            try {
                java.net.http.HttpClient.newBuilder().build();
                Json.parse("{\"data\":{\"metadata\":{\"version\":1}}}");
                Fingerprints dummy = new Fingerprints();
                dummy.record("warm-up", "warm-up-value-0123456789");
                String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: w\ndata:\n  a: aGVsbG8gd29ybGQgaGVsbG8=\n  b: x\n";
                byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
                OutputGuard.vaultValues(new SynthOutput(List.of(new SynthOutput.File(Path.of("w.k8s.yaml"), bytes,
                        Manifest.parse("w.k8s.yaml", yaml)))), dummy);
                ValueRedactor.redact("warm up 0123456789abcdef", dummy);
            } catch (RuntimeException | LinkageError e) {
                // only a warm-up: the real calls report their own failures
            }
        }, "vault-check-warm-up");
        warm.setDaemon(true);
        warm.setPriority(Thread.MIN_PRIORITY);
        warm.start();
    }

    /** Answers each request line until the input ends. */
    void serve(BufferedReader in, Writer out) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            JsonObject answer;
            try {
                answer = answer(Json.parse(line).asObject());
            } catch (RuntimeException e) {
                answer = error(e instanceof VaultCheckException v ? v.reason().name() : VaultCheckException.Reason.CHECK_PROCESS.name(),
                        e instanceof VaultCheckException ? e.getMessage()
                                : "the Vault check process failed (" + e.getClass().getSimpleName() + ")");
            }
            out.write(answer.toString());
            out.write('\n');
            out.flush();
        }
    }

    private JsonObject answer(JsonObject request) {
        String op = request.getString("op", "");
        return switch (op) {
            case "check" -> check(request.getString("environment", ""), requirements(request.get("requirements").asArray()));
            case "scan" -> scan(request.get("files").asArray());
            case "redact" -> new JsonObject().add("text", ValueRedactor.redact(request.getString("text", ""), fingerprints));
            default -> error(VaultCheckException.Reason.CHECK_PROCESS.name(), "unknown request \"" + op + "\"");
        };
    }

    private JsonObject check(String environment, List<SecretRequirement> requirements) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonArray lines = new JsonArray();
        JsonObject answer = new JsonObject();
        try (PrintStream captured = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            try {
                VaultSettings settings = VaultSettings.forEnvironment(env, environment, home,
                        warning -> captured.println("data-layer: warning: " + warning));
                VaultCheckResult result = VaultCheck.run(settings, requirements,
                        () -> new VaultDriverLookup(settings, fingerprints, deadline()), captured);
                JsonArray versions = new JsonArray();
                for (VerifiedSecret verified : result.secrets()) {
                    versions.add(new JsonObject().add("index", requirements.indexOf(verified.requirement()))
                            .add("version", verified.version()));
                }
                answer.add("verified", result.verified()).add("versions", versions);
            } catch (VaultCheckException e) {
                answer.add("error", new JsonObject().add("reason", e.reason().name())
                        .add("message", ValueRedactor.redact(e.getMessage(), fingerprints)));
            }
        }
        for (String line : bytes.toString(StandardCharsets.UTF_8).lines().toList()) {
            lines.add(ValueRedactor.redact(line, fingerprints));
        }
        return answer.add("lines", lines);
    }

    /** The synth's one deadline: made at the first check, started by the first request. */
    private VaultDeadline deadline() {
        if (deadline == null) {
            deadline = new VaultDeadline(VaultSettings.deadline(env));
        }
        return deadline;
    }

    /**
     * The value rule over every file, the files in parallel (each environment's file is scanned on
     * its own core; the findings keep the files' order).
     */
    private JsonObject scan(JsonArray files) {
        List<JsonValue> list = new ArrayList<>();
        files.forEach(list::add);
        List<java.util.concurrent.CompletableFuture<List<Violation>>> scans = new ArrayList<>();
        for (JsonValue file : list) {
            String path = file.asObject().getString("path", "");
            byte[] bytes = Base64.getDecoder().decode(file.asObject().getString("bytes", ""));
            scans.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> scanFile(path, bytes), SCANS));
        }
        JsonArray findings = new JsonArray();
        for (java.util.concurrent.CompletableFuture<List<Violation>> scan : scans) {
            List<Violation> found;
            try {
                found = scan.join();
            } catch (java.util.concurrent.CompletionException e) {
                return error(VaultCheckException.Reason.CHECK_PROCESS.name(), e.getCause() instanceof Unparsable u
                        ? u.getMessage() : "the Vault check process failed scanning (" + e.getCause().getClass().getSimpleName() + ")");
            }
            for (Violation v : found) {
                findings.add(new JsonObject().add("file", ValueRedactor.redact(v.file(), fingerprints))
                        .add("object", ValueRedactor.redact(v.object(), fingerprints)).add("rule", v.rule())
                        .add("detail", ValueRedactor.redact(v.detail(), fingerprints)));
            }
        }
        return new JsonObject().add("findings", findings);
    }

    private static final java.util.concurrent.ExecutorService SCANS = java.util.concurrent.Executors.newFixedThreadPool(
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), r -> {
                Thread t = new Thread(r, "vault-value-scan");
                t.setDaemon(true);
                return t;
            });

    /** A file the check process cannot parse; the message names the file only (a parser's message may quote it). */
    private static final class Unparsable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unparsable(String message) {
            super(message);
        }
    }

    private List<Violation> scanFile(String path, byte[] bytes) {
        SynthOutput.File file;
        try {
            file = new SynthOutput.File(Path.of(path), bytes, Manifest.parse(path, new String(bytes, StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            throw new Unparsable("the Vault check process cannot parse " + path + " (" + e.getClass().getSimpleName() + ")");
        }
        return OutputGuard.vaultValues(new SynthOutput(List.of(file)), fingerprints);
    }

    private static List<SecretRequirement> requirements(JsonArray array) {
        List<SecretRequirement> out = new ArrayList<>();
        for (JsonValue value : array) {
            JsonObject r = value.asObject();
            out.add(new SecretRequirement(r.getString("mount", ""), r.getString("path", ""), strings(r.get("keys")),
                    r.getInt("minLength", 0), strings(r.get("publicKeys"))));
        }
        return out;
    }

    private static List<String> strings(JsonValue array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonValue v : array.asArray()) {
                out.add(v.asString());
            }
        }
        return out;
    }

    private static JsonObject error(String reason, String message) {
        return new JsonObject().add("error", new JsonObject().add("reason", reason).add("message", message));
    }

    /** Standard error of the check process: each line redacted before it is written. */
    private static final class RedactingLines extends OutputStream {
        private final Fingerprints fingerprints;
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        RedactingLines(Fingerprints fingerprints, PrintStream target) {
            this.fingerprints = fingerprints;
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            if (line.size() > 0) {
                flushLine();
            }
        }

        private void flushLine() {
            target.println(ValueRedactor.redact(line.toString(StandardCharsets.UTF_8), fingerprints));
            line.reset();
        }
    }
}
