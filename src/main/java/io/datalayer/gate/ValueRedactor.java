package io.datalayer.gate;

import io.datalayer.vault.Fingerprints;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the Vault values out of a message before anyone prints it: a finding's field path (a map
 * key that is a secret), a quoted prop value (a storage size, a label), an exception's text. It
 * knows the values only by their keyed {@link Fingerprints}, and looks for them the way the output
 * guard does: as they are, and in every form {@link Decodings} finds (base64, hex, URL encoding,
 * escapes, nested). A value found as it is gives way to {@code <redacted: value of <label>>}; a
 * word (a run without white space) that holds one in an encoded form is replaced whole the same
 * way; and when the result still holds one (an encoded value split by white space), the whole
 * message is withheld. The text of a value never survives.
 */
public final class ValueRedactor {
    private static final Pattern WORD = Pattern.compile("\\S+");

    private ValueRedactor() {
    }

    /** {@code text} without any value recorded in {@code fingerprints}; the text itself when it holds none. */
    public static String redact(String text, Fingerprints fingerprints) {
        if (text == null || fingerprints == null || fingerprints.isEmpty()) {
            return text;
        }
        String out = text;
        // 1. Values as they are, at their very place.
        for (int guard = 0; guard < 1000; guard++) {
            Optional<Fingerprints.Found> found = fingerprints.locate(out);
            if (found.isEmpty()) {
                break;
            }
            Fingerprints.Found f = found.get();
            out = out.substring(0, f.start()) + replacement(f.label()) + out.substring(f.start() + f.length());
        }
        // 2. Words that hold a value in an encoded form: the whole word goes.
        Matcher words = WORD.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (words.find()) {
            Optional<String> label = encoded(words.group(), fingerprints);
            words.appendReplacement(sb, Matcher.quoteReplacement(label.map(ValueRedactor::replacement).orElse(words.group())));
        }
        words.appendTail(sb);
        String cut = sb.toString();
        // 3. Anything left (a value split by white space, in some encoding): the message is withheld.
        Optional<String> left = fingerprints.findIn(cut).or(() -> encoded(cut, fingerprints));
        if (left.isPresent()) {
            return "<redacted: a message that quoted the value of " + left.get() + " in a form the redaction could not"
                    + " cut out>";
        }
        return cut;
    }

    /** Whether {@code text} holds a recorded value, as it is or in any form the guard decodes. */
    public static boolean holdsValue(String text, Fingerprints fingerprints) {
        return fingerprints.findIn(text).isPresent() || encoded(text, fingerprints).isPresent();
    }

    private static Optional<String> encoded(String text, Fingerprints fingerprints) {
        Decodings.Forms forms = Decodings.all(text);
        for (Decodings.Form form : forms.forms()) {
            Optional<String> label = fingerprints.findIn(form.text());
            if (label.isPresent()) {
                return label;
            }
        }
        return Optional.empty();
    }

    private static String replacement(String label) {
        return "<redacted: value of " + label + ">";
    }
}
