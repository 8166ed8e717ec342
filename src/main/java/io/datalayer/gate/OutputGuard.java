package io.datalayer.gate;

import io.datalayer.output.Manifest;
import io.datalayer.output.SynthOutput;
import io.datalayer.vault.Fingerprints;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The last check that no secret value reaches {@code dist/}. It reads what it checks: every
 * string of every parsed object (values and keys), each also in the forms {@link Decodings} finds
 * in it (base64, base64url, base32, hex, URL encoding, XML entities, escapes; gzip and UTF-16 inside
 * them), and the strings of each map or list joined (a value split over two keys). A value found in
 * several fields of one object is reported once for the object, naming the other fields. It refuses:
 * <ul>
 *   <li>{@value #VAULT_VALUE}: a value the Vault lookup read, anywhere inside any of those forms
 *       (compared by keyed fingerprint, {@link Fingerprints}); the raw file text is scanned as
 *       well, so not even a YAML comment carries one;</li>
 *   <li>{@value #CREDENTIAL}: with or without Vault, a literal that looks like a credential
 *       ({@link Credentials}): a token shape, a URL or DSN with a password, a PEM private key, a
 *       {@code password=} setting, or a credential-named key of a free-form map ({@code data},
 *       {@code annotations}, ...) with a literal value;</li>
 *   <li>{@value #TEMPLATE}: an ExternalSecret template entry with no {@code {{ }}} reference: its
 *       literal would become Secret data written in {@code dist/}.</li>
 *   <li>{@value #LIMIT}: a string whose decoded forms would hold more than {@link Decodings#FACTOR} times
 *       its length: the guard fails closed rather than check it in part.</li>
 * </ul>
 * Secret objects themselves are refused by {@link io.datalayer.gate.SecretHygiene}. Findings name
 * the file, the object, the field path and the rule, never the value.
 */
public final class OutputGuard {
    public static final String VAULT_VALUE = "vault-value";
    public static final String CREDENTIAL = "credential-literal";
    public static final String TEMPLATE = "external-secret-template-literal";
    /** A string with more encoded forms than the guard decodes: refused rather than checked in part. */
    public static final String LIMIT = "guard-limit";

    // Top-level maps whose keys are chosen by the author, not API fields: a key here may name a credential.
    private static final Set<String> FREE_FORM = Set.of("data", "stringData", "binaryData");
    // Container env values are SecretHygiene's (rule env-credential): not reported twice.
    private static final Pattern ENV_VALUE = Pattern.compile(".*[Cc]ontainers\\[\\d+]\\.env\\[\\d+]\\.value");

    private final Fingerprints fingerprints;
    /** False for {@link #vaultValues}: the value rule alone, in the process that holds the values. */
    private final boolean literals;
    private final List<Violation> out = new ArrayList<>();
    private int vaultFindings;
    // Per object and value: the index of its first finding in out, and how many more fields held it.
    private final Map<String, Repeat> repeats = new HashMap<>();
    private final Memo memo;

    /**
     * Memos of pure functions of a string, for the checks of one output with one set of fingerprints:
     * the output repeats most strings (labels, names, every environment's scripts), and decoding and
     * scanning a string is the guard's cost, so each distinct string is decoded and scanned once
     * whichever file holds it. Not thread-safe: one thread's checks only ({@link GuardAhead}).
     */
    static final class Memo {
        private final Map<String, Decodings.Forms> formsOf = new HashMap<>();
        private final Map<String, Optional<Match>> vaultMatchOf = new HashMap<>();
        private final Map<String, Optional<Match>> credentialMatchOf = new HashMap<>();
    }

    private OutputGuard(Fingerprints fingerprints, boolean literals, Memo memo) {
        this.fingerprints = fingerprints;
        this.literals = literals;
        this.memo = memo;
    }

    /** Every finding in {@code output}; empty when it may be published. */
    public static List<Violation> check(SynthOutput output, Fingerprints fingerprints) {
        Memo memo = new Memo();
        List<Violation> out = new ArrayList<>();
        for (SynthOutput.File file : output.files()) {
            out.addAll(checkFile(file, fingerprints, memo));
        }
        return List.copyOf(out);
    }

    /**
     * The findings in one file, as {@link #check} reports them for it: a finding names its file and
     * is only ever merged with findings of the same object, so the findings of an output are those
     * of its files, in file order ({@link GuardAhead} checks each file as soon as it is written).
     */
    static List<Violation> checkFile(SynthOutput.File file, Fingerprints fingerprints, Memo memo) {
        return check(new OutputGuard(fingerprints, true, memo), new SynthOutput(List.of(file)));
    }

    /**
     * The findings of the {@value #VAULT_VALUE} rule alone: what the Vault check process
     * ({@link io.datalayer.vault.VaultCheckProcess}), which holds the values' fingerprints, reports
     * to the synth, which checks everything else with no fingerprint.
     */
    public static List<Violation> vaultValues(SynthOutput output, Fingerprints fingerprints) {
        return check(new OutputGuard(fingerprints, false, new Memo()), output);
    }

    private static List<Violation> check(OutputGuard guard, SynthOutput output) {
        Fingerprints fingerprints = guard.fingerprints;
        for (SynthOutput.File file : output.files()) {
            // The raw text first: comments and anything the parser drops are in the published bytes too.
            Optional<String> raw = fingerprints.findIn(new String(file.bytes(), StandardCharsets.UTF_8));
            int before = guard.out.size();
            for (Manifest m : file.manifests()) {
                guard.walk(m, m.object(), "");
                if (guard.literals && "ExternalSecret".equals(m.kind())) {
                    guard.templates(m);
                }
            }
            if (raw.isPresent() && guard.out.size() == before) {
                guard.add(new Violation(file.path().toString(), "(file text)", VAULT_VALUE,
                        "the file holds the value of " + raw.get() + " outside any object (a comment?)" + FIX));
            }
        }
        return guard.deduplicated();
    }

    private static final String FIX = "; secret values reach the cluster through an ExternalSecret: find what copies it"
            + " into a manifest";

    private void walk(Manifest m, Object node, String path) {
        if (node instanceof byte[] bytes) {
            if (Decodings.holdsEncodedText(bytes)) {
                // gzip or UTF-16 under !!binary: the decodings read its base64 text, as the file holds it
                walk(m, java.util.Base64.getEncoder().encodeToString(bytes), path);
            }
            node = new String(bytes, StandardCharsets.UTF_8); // a !!binary scalar: check what it holds
        }
        int before = vaultFindings;
        if (node instanceof Map<?, ?> map) {
            List<String> strings = new ArrayList<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String at = path.isEmpty() ? key : path + "." + key;
                vaultValue(m, at + " (key)", key);
                scalar(e.getValue()).ifPresent(strings::add);
                if (e.getValue() instanceof String s) {
                    if (literals && freeForm(path) && Credentials.CREDENTIAL_KEY.matcher(key).matches() && Credentials.isLiteral(s)) {
                        add(Violation.of(m, CREDENTIAL, at + " is a credential-named key with a literal value;"
                                + " reference a Secret that ESO writes instead"));
                        vaultValue(m, at, s);
                        continue;
                    }
                }
                walk(m, e.getValue(), at);
            }
            if (vaultFindings == before) {
                joined(m, path, strings);
            }
        } else if (node instanceof List<?> list) {
            List<String> strings = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                scalar(list.get(i)).ifPresent(strings::add);
                walk(m, list.get(i), path + "[" + i + "]");
            }
            if (vaultFindings == before) {
                joined(m, path, strings);
            }
        } else if (node instanceof String s) {
            Decodings.Forms forms = forms(s); // once per string, for both checks
            if (literals && !forms.complete()) {
                add(Violation.of(m, LIMIT, path + " decodes to more text than the guard checks per string ("
                        + Decodings.FACTOR + " times its length); split the value or keep such data out of manifests"));
            }
            if (!vaultValue(m, path, s, forms.forms()) && literals && !isEnvValue(path)) {
                credential(m, path, s, forms.forms());
            }
        } else if (node != null) {
            vaultValue(m, path, String.valueOf(node)); // numbers and booleans print as text in YAML
        }
    }

    /** Adds a finding; its path may quote a map key (or a name) that is a Vault value: redacted. */
    private void add(Violation v) {
        if (!fingerprints.isEmpty()) {
            v = new Violation(v.file(), ValueRedactor.redact(v.object(), fingerprints), v.rule(),
                    ValueRedactor.redact(v.detail(), fingerprints));
        }
        out.add(v);
        if (v.rule().equals(VAULT_VALUE)) {
            vaultFindings++;
        }
    }

    /**
     * Adds a finding unless the same value (by {@code what}: a Vault label, or a credential family and
     * the string it is in, kept here only) was already reported for this object: a value in many
     * fields (a label on every object, one script in every environment) is reported once per object,
     * with how many other fields hold it.
     */
    private void addOnce(Manifest m, String what, String path, Violation v) {
        String key = m.file() + "\u0000" + m.ref() + "\u0000" + v.rule() + "\u0000" + what;
        Repeat first = repeats.get(key);
        if (first == null) {
            repeats.put(key, new Repeat(out.size(), new ArrayList<>()));
            add(v);
        } else {
            first.paths().add(path.isEmpty() ? "the object" : path);
            if (v.rule().equals(VAULT_VALUE)) {
                vaultFindings++;
            }
        }
    }

    /** The first finding of a value in an object (its index in out), and the other fields that hold it. */
    private record Repeat(int index, List<String> paths) {
    }

    /** How many of the other fields a finding names. */
    private static final int NAMED = 3;

    /** The first finding of each repeated value, naming the other fields that hold it. */
    private List<Violation> deduplicated() {
        List<Violation> result = new ArrayList<>(out);
        for (Repeat repeat : repeats.values()) {
            List<String> paths = repeat.paths();
            if (!paths.isEmpty()) {
                Violation v = result.get(repeat.index());
                String named = String.join(", ", paths.subList(0, Math.min(NAMED, paths.size())))
                        + (paths.size() > NAMED ? " and " + (paths.size() - NAMED) + " more" : "");
                result.set(repeat.index(), new Violation(v.file(), v.object(), v.rule(), v.detail()
                        + " (the same value is also in " + named + ")"));
            }
        }
        return List.copyOf(result);
    }

    private Decodings.Forms forms(String s) {
        Decodings.Forms forms = memo.formsOf.get(s);
        if (forms == null) {
            forms = Decodings.all(s);
            memo.formsOf.put(s, forms);
        }
        return forms;
    }

    /** A container's env value: checked by SecretHygiene; the regular expression only on paths that can match. */
    private static boolean isEnvValue(String path) {
        return path.endsWith("].value") && ENV_VALUE.matcher(path).matches();
    }

    /** A scalar as text (numbers and booleans too: a YAML 1.1 reader turns some strings into them). */
    private static Optional<String> scalar(Object node) {
        if (node instanceof byte[] bytes) {
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        }
        return node == null || node instanceof Map || node instanceof List ? Optional.empty() : Optional.of(String.valueOf(node));
    }

    /** A map whose keys the author chose: an object's data, or the labels and annotations of any metadata. */
    private static boolean freeForm(String path) {
        return FREE_FORM.contains(path) || path.endsWith("metadata.annotations") || path.endsWith("metadata.labels");
    }

    /** Reports a Vault value in {@code s} or its decoded forms; true when one was found. */
    private boolean vaultValue(Manifest m, String path, String s) {
        return !fingerprints.isEmpty() && vaultValue(m, path, s, forms(s).forms());
    }

    private boolean vaultValue(Manifest m, String path, String s, List<Decodings.Form> forms) {
        if (fingerprints.isEmpty()) {
            return false;
        }
        Optional<Match> found = vaultMatch(s, forms);
        found.ifPresent(f -> addOnce(m, f.label().replace(" (base64)", ""), path, Violation.of(m, VAULT_VALUE, (path.isEmpty() ? "the object" : path)
                + " holds the value of " + f.label() + " read from Vault" + f.how() + FIX)));
        return found.isPresent();
    }

    private void credential(Manifest m, String path, String s, List<Decodings.Form> forms) {
        Optional<Match> found = memo.credentialMatchOf.get(s);
        if (found == null) {
            found = firstCredential(s, forms);
            memo.credentialMatchOf.put(s, found);
        }
        found.ifPresent(f -> addOnce(m, f.label() + "\u0000" + s, path, Violation.of(m, CREDENTIAL, path + " holds "
                + f.label() + f.how() + "; credentials reach the cluster through an ExternalSecret, never as a literal in dist/")));
    }

    /** The first Vault value in {@code s} or its forms (the forms {@link #forms} gives for it). */
    private Optional<Match> vaultMatch(String s, List<Decodings.Form> forms) {
        Optional<Match> found = memo.vaultMatchOf.get(s);
        if (found == null) {
            found = firstValue(s, forms);
            memo.vaultMatchOf.put(s, found);
        }
        return found;
    }

    /**
     * The first Vault value {@link Fingerprints#findIn} finds in {@code s}, else in its forms in order.
     * A form that copies the form it was decoded from, which came before it with no value found, can
     * hold a value only in a window that holds or spans a change (as long as the longest recorded
     * text), so only those stretches are searched; where one holds a value, the whole form is searched,
     * for the very label findIn reports first.
     */
    private Optional<Match> firstValue(String s, List<Decodings.Form> forms) {
        Optional<String> raw = fingerprints.findIn(s);
        if (raw.isPresent()) {
            return Optional.of(new Match(raw.get(), ""));
        }
        int longest = fingerprints.longest();
        Set<String> clean = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()); // searched, nothing found
        clean.add(s);
        for (Decodings.Form form : forms) {
            String text = form.text();
            Decodings.Copy copy = form.copy();
            int[] changes = copy == null || !clean.contains(copy.parent()) ? null : copy.changes(text.length());
            Optional<String> found = changes == null || nearChanges(text, changes, longest) ? fingerprints.findIn(text)
                    : Optional.empty();
            if (found.isPresent()) {
                return Optional.of(new Match(found.get(), " (" + form.how() + ")"));
            }
            clean.add(text);
        }
        return Optional.empty();
    }

    /** Whether a recorded value is in a window of {@code text} that holds or spans a change. */
    private boolean nearChanges(String text, int[] changes, int longest) {
        int from = -1;
        int to = -1;
        for (int c = 0; c <= changes.length; c += 2) {
            int start = c < changes.length ? Math.max(0, changes[c] - longest + 1) : Integer.MAX_VALUE;
            if (start > to && to > from) { // the stretch so far ends before the next begins: search it
                if (fingerprints.findIn(text.substring(from, to)).isPresent()) {
                    return true;
                }
                from = -1;
            }
            if (c < changes.length) {
                if (from < 0) {
                    from = start;
                }
                to = Math.max(to, Math.min(text.length(), changes[c + 1] + longest - 1));
            }
        }
        return false;
    }

    /** What matched (a Vault label or a credential shape) and how it was reached (" (base64-decoded)", or ""). */
    private record Match(String label, String how) {
    }

    /**
     * The first credential family {@link Credentials#shapeIn} finds in {@code s}, else in its forms in
     * order. A form that copies the form it was decoded from (URL-decoded, unescaped: near-copies of a
     * whole script) is scanned where it changed ({@link Credentials#scan(String, Credentials.Scan,
     * Decodings.Copy)}): its parent came before it and was scanned with no finding, or this loop would
     * have ended there.
     */
    private static Optional<Match> firstCredential(String s, List<Decodings.Form> forms) {
        Map<String, Credentials.Scan> scans = new java.util.IdentityHashMap<>(); // by the very text object decoded
        Credentials.Scan raw = Credentials.scan(s);
        if (raw.found().isPresent()) {
            return Optional.of(new Match(raw.found().get(), ""));
        }
        scans.put(s, raw);
        for (Decodings.Form form : forms) {
            Credentials.Scan parent = form.copy() == null ? null : scans.get(form.copy().parent());
            Credentials.Scan scan = parent == null ? Credentials.scan(form.text())
                    : Credentials.scan(form.text(), parent, form.copy());
            if (scan.found().isPresent()) {
                return Optional.of(new Match(scan.found().get(), " (" + form.how() + ")"));
            }
            scans.put(form.text(), scan);
        }
        return Optional.empty();
    }

    /** A value split over the entries of one map or list: their strings joined, in order and reversed. */
    private void joined(Manifest m, String path, List<String> strings) {
        if (strings.size() < 2 || fingerprints.isEmpty()) {
            return;
        }
        List<String> reversed = new ArrayList<>(strings);
        java.util.Collections.reverse(reversed);
        for (List<String> order : List.of(strings, reversed)) {
            String all = String.join("", order);
            if (vaultMatch(all, forms(all).forms()).isPresent()) {
                add(Violation.of(m, VAULT_VALUE, (path.isEmpty() ? "the object" : path)
                        + " holds a value read from Vault split over its entries" + FIX));
                return;
            }
        }
    }

    /** ExternalSecret template entries must draw on the secret; a pure literal would be Secret data in dist/. */
    private void templates(Manifest m) {
        Map<String, Object> template = Manifest.map(Manifest.map(Manifest.map(m.object().get("spec")).get("target"))
                .get("template"));
        for (String field : List.of("data", "stringData")) {
            for (Map.Entry<String, Object> e : Manifest.map(template.get(field)).entrySet()) {
                String at = "spec.target.template." + field + "." + e.getKey();
                if (!(e.getValue() instanceof String s) || !s.contains("{{")) {
                    add(Violation.of(m, TEMPLATE, at + " is a literal; the template's output becomes the Secret's"
                            + " data, so take every value from the secret ({{ .key }}) and keep literals out"));
                }
            }
        }
    }
}
