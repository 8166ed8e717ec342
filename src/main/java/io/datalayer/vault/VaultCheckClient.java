package io.datalayer.vault;

import io.datalayer.gate.Violation;
import io.datalayer.secrets.SecretRequirement;
import io.datalayer.vault.VaultCheckException.Reason;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonArray;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The synth's side of the {@link VaultCheckProcess}: starts it (a second JVM on the same classpath,
 * with only the Vault variables and {@code HOME} in its environment, nothing secret on its command
 * line) and asks it for checks, scans and redactions. What comes back holds no value and no token.
 * Every wait is bounded; a process that ends or stops answering fails the synth with a message
 * that says so (and never with the text it could not redact).
 */
public final class VaultCheckClient implements AutoCloseable {
    /** The variables the check process gets: the Vault ones, per environment too, and HOME for ~/.vault-token. */
    private static final Pattern PASSED = Pattern.compile("([A-Z0-9_]+_)?(VAULT_[A-Z0-9_]*|DATALAYER_VAULT(_DEADLINE)?)|HOME");
    private static final Duration ANSWER = Duration.ofSeconds(120);
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Duration checkWait;
    private volatile String broken;

    private VaultCheckClient(Process process, Duration deadline) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.checkWait = deadline.plusSeconds(30); // the JVM's start, then the synth's Vault deadline
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    answers.add(line);
                }
            } catch (IOException e) {
                // ended: below
            }
            answers.add(EOF);
        }, "vault-check-answers");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Whether any environment is to ask Vault: its {@code DATALAYER_VAULT} (or {@code <ENV>_DATALAYER_VAULT})
     * is not {@code off} and it has an address ({@code VAULT_ADDR} or {@code <ENV>_VAULT_ADDR}).
     */
    public static boolean configured(Map<String, String> env, Iterable<String> environments) {
        for (String environment : environments) {
            Map<String, String> vars = VaultSettings.variables(env, environment);
            String address = vars.get(VaultSettings.ADDRESS_VARIABLE);
            if (VaultMode.parse(vars.get(VaultMode.VARIABLE)) != VaultMode.OFF && address != null && !address.isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** Starts the check process; it holds the tokens and values from here on. */
    public static VaultCheckClient start(Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Ddatalayer.process=vault-check"); // what ps shows first: which JVM this is
        // The synth's own start options (class-data archive, collector, compiler level), not its program arguments.
        List<String> own = ownArguments();
        for (String option : own) {
            if (option.equals("-cp") || option.equals("-classpath") || option.equals("--class-path") || option.equals("-jar")
                    || !option.startsWith("-")) {
                break;
            }
            if (option.startsWith("-XX:") || option.startsWith("-Xshare") || option.startsWith("-Xmn")) {
                command.add(option);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), VaultCheckProcess.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> childEnv = builder.environment();
        childEnv.clear();
        env.forEach((key, value) -> {
            if (PASSED.matcher(key).matches()) {
                childEnv.put(key, value);
            }
        });
        Duration deadline;
        try {
            deadline = VaultSettings.deadline(env);
        } catch (VaultCheckException e) {
            deadline = VaultSettings.DEFAULT_DEADLINE; // the check process reports the setting
        }
        try {
            return new VaultCheckClient(builder.start(), deadline);
        } catch (IOException e) {
            throw new VaultCheckException(Reason.CHECK_PROCESS, "cannot start the Vault check process ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    /**
     * This JVM's arguments: from {@code /proc/self/cmdline} (complete; {@link ProcessHandle.Info}
     * drops them when the command line is long, as a full classpath makes it), else from ProcessHandle.
     */
    private static List<String> ownArguments() {
        try {
            String cmdline = new String(java.nio.file.Files.readAllBytes(Path.of("/proc/self/cmdline")), StandardCharsets.UTF_8);
            List<String> all = List.of(cmdline.split("\u0000"));
            return all.isEmpty() ? List.of() : all.subList(1, all.size());
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
        }
    }

    /** The check process's id, for messages and tests. */
    public long pid() {
        return process.pid();
    }

    /**
     * One environment's Vault check, in the check process.
     *
     * @param lines receives the check's lines (warnings, unverified references), without a value
     * @throws VaultCheckException the check's failure, or the process's
     */
    public VaultCheckResult check(String environment, List<SecretRequirement> requirements, Consumer<String> lines) {
        List<SecretRequirement> unique = new ArrayList<>(new LinkedHashSet<>(requirements));
        JsonArray array = new JsonArray();
        for (SecretRequirement r : unique) {
            array.add(new JsonObject().add("mount", r.mount()).add("path", r.path()).add("keys", strings(r.keys()))
                    .add("minLength", r.minLength()).add("publicKeys", strings(r.publicKeys())));
        }
        JsonObject answer = ask(new JsonObject().add("op", "check").add("environment", environment)
                .add("requirements", array), checkWait, "checking environment " + environment);
        JsonValue printed = answer.get("lines");
        if (printed != null && printed.isArray()) {
            for (JsonValue line : printed.asArray()) {
                lines.accept(line.asString());
            }
        }
        failOn(answer);
        if (!answer.getBoolean("verified", false)) {
            return VaultCheckResult.unverified();
        }
        List<VerifiedSecret> verified = new ArrayList<>();
        for (JsonValue v : answer.get("versions").asArray()) {
            verified.add(new VerifiedSecret(unique.get(v.asObject().getInt("index", -1)), v.asObject().getLong("version", 0)));
        }
        return new VaultCheckResult(true, verified);
    }

    /** The value rule over the files about to be published, in the check process: its findings, redacted. */
    public List<Violation> scan(Map<Path, byte[]> files) {
        JsonArray array = new JsonArray();
        files.forEach((path, bytes) -> array.add(new JsonObject().add("path", path.toString())
                .add("bytes", Base64.getEncoder().encodeToString(bytes))));
        JsonObject answer = ask(new JsonObject().add("op", "scan").add("files", array), ANSWER, "scanning the output");
        failOn(answer);
        List<Violation> findings = new ArrayList<>();
        for (JsonValue v : answer.get("findings").asArray()) {
            JsonObject f = v.asObject();
            findings.add(new Violation(f.getString("file", ""), f.getString("object", ""), f.getString("rule", ""),
                    f.getString("detail", "")));
        }
        return findings;
    }

    /**
     * {@code text} without any value the check process read; when it cannot answer (it ended), empty:
     * the caller then prints no text it cannot vouch for.
     */
    public Optional<String> redact(String text) {
        if (broken != null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ask(new JsonObject().add("op", "redact").add("text", text), Duration.ofSeconds(30),
                    "redacting a message").getString("text", ""));
        } catch (VaultCheckException e) {
            return Optional.empty();
        }
    }

    /** Why the process cannot answer any more, if it cannot. */
    public Optional<String> broken() {
        return Optional.ofNullable(broken);
    }

    private void failOn(JsonObject answer) {
        JsonValue error = answer.get("error");
        if (error != null && error.isObject()) {
            Reason reason;
            try {
                reason = Reason.valueOf(error.asObject().getString("reason", "UNEXPECTED"));
            } catch (IllegalArgumentException e) {
                reason = Reason.UNEXPECTED;
            }
            throw new VaultCheckException(reason, error.asObject().getString("message", ""));
        }
    }

    private synchronized JsonObject ask(JsonObject request, Duration wait, String doing) {
        if (broken != null) {
            throw new VaultCheckException(Reason.CHECK_PROCESS, broken);
        }
        try {
            in.write(request.toString());
            in.write('\n');
            in.flush();
        } catch (IOException e) {
            throw fail(doing, "it ended " + exit());
        }
        String line;
        try {
            line = answers.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(doing, "interrupted");
        }
        if (line == null) {
            process.destroyForcibly();
            throw fail(doing, "it did not answer within " + wait.toSeconds() + " s, so synth stopped it");
        }
        if (EOF.equals(line)) {
            answers.add(EOF);
            throw fail(doing, "it ended " + exit());
        }
        try {
            return Json.parse(line).asObject();
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw fail(doing, "it answered something other than the protocol (" + e.getClass().getSimpleName() + ")");
        }
    }

    private String exit() {
        try {
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                int code = process.exitValue();
                return "with exit code " + code + (code > 128 ? " (killed by signal " + (code - 128) + ")" : "");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "(its pipes closed; it did not exit within 10 s)";
    }

    private VaultCheckException fail(String doing, String what) {
        broken = "the Vault check process (pid " + process.pid() + ") failed while " + doing + ": " + what
                + "; nothing was published. Synthesize again; DATALAYER_VAULT=off synthesizes without it (unverified references)";
        return new VaultCheckException(Reason.CHECK_PROCESS, broken);
    }

    private static JsonArray strings(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }

    /** Ends the check process: its input closes, and it exits. */
    @Override
    public void close() {
        try {
            in.close(); // the end of its input: the check process exits
        } catch (IOException e) {
            // already gone
        }
        // Waited for, so no process holding a token or a value outlives the synth; killed if it hangs.
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the check process (tests). */
    void kill() {
        process.destroyForcibly();
    }
}
