package io.datalayer.gate;

import static io.datalayer.gate.GuardCases.configMap;
import static io.datalayer.gate.GuardCases.objects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.datalayer.vault.Fingerprints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard's cheaper scan (one pass for every credential marker, one pass for the base64 and hex
 * runs, character references tried at each '&amp;') where it is hardest: a literal planted inside
 * the longest real script the output embeds ({@code restore.sh}, whose escapes and percent signs
 * make near-copies of it, unescaped and URL-decoded up to three levels), at its first and last
 * character, behind the decoding steps that make those near-copies, in every encoding family the
 * guard decodes, nested, and beside characters whose lower case is not the ASCII one. Each case
 * asserts the exact finding (field, family, and the decodings that reached it).
 */
class GuardLongScriptTest {
    private static final String SCRIPT = read("src/main/resources/io/datalayer/stores/postgres/restore.sh");
    private static final String LINE = "password=hunter2hunter2";
    private static final String VALUE = "a-unique-password-value";
    private static final String LABEL = "secret/data/postgres key \"password\"";

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script with {@code planted} at the middle line. */
    private static String planted(String planted) {
        int middle = SCRIPT.indexOf('\n', SCRIPT.length() / 2) + 1;
        return SCRIPT.substring(0, middle) + planted + "\n" + SCRIPT.substring(middle);
    }

    private static List<String> credentials(String script) {
        return OutputGuard.check(objects(List.of(configMap("probe", "data", Map.of("restore.sh", script)))), new Fingerprints())
                .stream().map(Violation::toString).toList();
    }

    private static String credential(String family, String how) {
        return "a.k8s.yaml: ConfigMap/probe: credential-literal: data.restore.sh holds " + family + how
                + "; credentials reach the cluster through an ExternalSecret, never as a literal in dist/";
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theScriptAloneAndItsNearCopiesPass() {
        assertEquals(List.of(), credentials(SCRIPT));
        assertEquals(List.of(), credentials(SCRIPT + SCRIPT));
    }

    @Test
    void aLiteralAtTheFirstOrLastCharacterOrInTheMiddle() {
        assertEquals(List.of(credential(Credentials.SETTING, "")), credentials("PassWord=hunter2hunter2\n" + SCRIPT));
        assertEquals(List.of(credential(Credentials.VARIABLE, "")), credentials(SCRIPT + "REDISCLI_AUTH=hunter2hunter2"));
        assertEquals(List.of(credential(Credentials.DIRECTIVE, "")), credentials(planted("redis-cli -a hunter2hunter2 ping")));
        assertEquals(List.of(credential(Credentials.VARIABLE, "")), credentials(planted("export APP_TOKEN=hunter2hunter2")));
        assertEquals(List.of(credential("a Vault token", "")), credentials(SCRIPT + "hvs.CAESIJ0123456789abcdefghijklmnop"));
    }

    @Test
    void aLiteralBehindTheDecodingsThatMakeNearCopies() {
        // Each appears only after the step that copies the whole script: URL decoding, unescaping, both.
        assertEquals(List.of(credential(Credentials.SETTING, " (URL-decoded)")), credentials(planted("password%3Dhunter2hunter2")));
        assertEquals(List.of(credential(Credentials.VARIABLE, " (unescaped)")), credentials(planted("PGPASS\\x57ORD=hunter2hunter2")));
        assertEquals(List.of(credential(Credentials.VARIABLE, " (unescaped of URL-decoded)")),
                credentials(planted("PGPASS%5Cx57ORD=hunter2hunter2")));
        assertEquals(List.of(credential(Credentials.SETTING, " (URL-decoded of URL-decoded)")),
                credentials(planted("password%253Dhunter2hunter2")));
        assertEquals(List.of(credential(Credentials.SQL, " (unescaped)")),
                credentials(planted("psql -c 'ALTER ROLE app PASSWORD ''hunter2hunter2'''")));
        // A character reference after many '&' that are none (the script's "&&" and ">&2").
        assertEquals(List.of(credential(Credentials.SETTING, " (XML-unescaped)")),
                credentials(planted("x && y >&2; &#112;assword=hunter2hunter2")));
    }

    @Test
    void aLiteralInEveryEncodingFamilyInsideTheScript() {
        String line = LINE + "\n";
        assertEquals(List.of(credential(Credentials.SETTING, " (base64-decoded)")), credentials(planted("echo " + b64(line))));
        assertEquals(List.of(credential(Credentials.SETTING, " (base64-decoded)")),
                credentials(planted("echo " + Base64.getUrlEncoder().withoutPadding().encodeToString(line.getBytes(StandardCharsets.UTF_8)))));
        assertEquals(List.of(credential(Credentials.SETTING, " (base32-decoded)")),
                credentials(planted("echo " + OutputGuardTest.base32(line.getBytes(StandardCharsets.UTF_8)))));
        assertEquals(List.of(credential(Credentials.SETTING, " (base64-decoded, gunzipped)")),
                credentials(planted("echo " + OutputGuardTest.gzipBase64(line.getBytes(StandardCharsets.UTF_8)))));
        assertEquals(List.of(credential(Credentials.SETTING, " (base64-decoded, UTF-16LE)")),
                credentials(planted("echo " + Base64.getEncoder().encodeToString(line.getBytes(StandardCharsets.UTF_16LE)))));
        // Hex inside a run of base64's letters: the hex run is found within it.
        assertEquals(List.of(credential(Credentials.SETTING, " (hex-decoded)")), credentials(planted("echo zz" + hex(line) + "zz")));
        assertEquals(List.of(credential(Credentials.SETTING, " (base64-decoded of hex-decoded)")),
                credentials(planted("echo " + hex(b64(line)))));
        assertEquals(List.of(credential(Credentials.SETTING, " (URL-decoded of base64-decoded)")),
                credentials(planted("echo " + b64(URLEncoder.encode(line, StandardCharsets.UTF_8).replace("=", "%3D")))));
    }

    @Test
    void aVaultValueThatOnlyAChangeOfANearCopyCompletes() {
        // A near-copy is searched for values in windows around its changes: a change at the value's
        // first or last character, or next to it, the value at the first or last character of the
        // string, and base64 that a change completes.
        Fingerprints f = new Fingerprints();
        f.record(LABEL, VALUE);
        String b64 = b64(VALUE);
        for (Map.Entry<String, String> c : Map.of(
                "\\x61" + VALUE.substring(1) + "\n" + SCRIPT, LABEL + " read from Vault (unescaped)",
                SCRIPT + VALUE.substring(0, VALUE.length() - 1) + "%65", LABEL + " read from Vault (URL-decoded)",
                planted("%41" + VALUE + "%41"), LABEL + " read from Vault",
                // the value's base64 is recorded too: found as such once the change completes it
                planted(b64.substring(0, 6) + "%" + hex(b64.substring(6, 7)) + b64.substring(7)),
                LABEL + " (base64) read from Vault (URL-decoded)")
                .entrySet()) {
            List<String> found = OutputGuard.check(objects(List.of(configMap("probe", "data", Map.of("restore.sh", c.getKey())))), f)
                    .stream().map(Violation::toString).toList();
            assertEquals(List.of("a.k8s.yaml: ConfigMap/probe: vault-value: data.restore.sh holds the value of "
                    + c.getValue() + "; secret values reach the cluster through an ExternalSecret: find"
                    + " what copies it into a manifest"), found, c.getValue());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u212a", "\u0130", "\u017f", "\u00e9", "\ud83d\udd11", "\u4e2d"})
    void aLiteralBesideCharactersWhoseLowerCaseIsNotAscii(String character) {
        // The Kelvin sign lower-cases to 'k', U+0130 to two characters, the long s upper-cases to 'S':
        // the marker search must give what a search of the lower-case text gives.
        assertEquals(List.of(credential(Credentials.VARIABLE, "")),
                credentials(character + SCRIPT + character + "REDISCLI_AUTH=hunter2hunter2" + character));
        assertEquals(List.of(), credentials(SCRIPT + character + "ASSWORD=hunter2hunter2"));
    }

    @Test
    void manyCharactersThatLowerCaseToTwoBeforeALiteralAreNoCrash() {
        // String.toLowerCase turns each U+0130 into two characters: positions found in the lower-case
        // text once pointed past the end of the text itself.
        assertEquals(List.of(credential(Credentials.SETTING, "")),
                credentials("\u0130".repeat(40) + " password=hunter2hunter2xx"));
        assertEquals(Optional.of(Credentials.SETTING), Credentials.shapeIn("\u0130".repeat(40) + " password=hunter2hunter2xx"));
    }

    @Test
    void anXmlElementAfterManyMarkersAndTags() {
        assertEquals(List.of(credential(Credentials.XML, "")),
                credentials(planted("# a < b: token, secret, api_key\ncat <<EOF\n<users><x><password>hunter2hunter2</password></x></users>\nEOF")));
        assertEquals(List.of(), credentials(planted("cat <<EOF\n<password_sha256_hex>abc</password_sha256_hex>\nEOF")));
    }

    @Test
    void aVaultValueInEveryEncodingInsideTheScript() {
        Fingerprints f = new Fingerprints();
        f.record(LABEL, VALUE);
        for (Map.Entry<String, String> c : Map.of(
                "", VALUE,
                " (URL-decoded)", URLEncoder.encode(VALUE, StandardCharsets.UTF_8).replace("-", "%2D"),
                " (unescaped)", VALUE.replace("-", "\\x2d"),
                " (hex-decoded)", "zz" + hex(VALUE) + "zz",
                " (base32-decoded)", OutputGuardTest.base32(VALUE.getBytes(StandardCharsets.UTF_8)),
                " (base64-decoded, gunzipped)", OutputGuardTest.gzipBase64(VALUE.getBytes(StandardCharsets.UTF_8)),
                " (URL-decoded of hex-decoded)", hex(VALUE.replace("-", "%2D"))).entrySet()) {
            List<String> found = OutputGuard.check(objects(List.of(configMap("probe", "data",
                    Map.of("restore.sh", planted("echo " + c.getValue()))))), f).stream().map(Violation::toString).toList();
            assertEquals(List.of("a.k8s.yaml: ConfigMap/probe: vault-value: data.restore.sh holds the value of " + LABEL
                    + " read from Vault" + c.getKey() + "; secret values reach the cluster through an ExternalSecret: find"
                    + " what copies it into a manifest"), found, c.getKey());
            assertFalse(String.join("\n", found).contains(VALUE));
        }
    }

    @Test
    void aLiteralThatOnlyAChangeOfANearCopyMakes() {
        // A near-copy is scanned where it differs from the form it was decoded from: at the first and
        // the last line, across a marker the change completes, on a line a decoded line break starts,
        // with the tag or quote a change makes, where two changes meet, and two decodings deep.
        assertEquals(List.of(credential(Credentials.SETTING, " (URL-decoded)")), credentials("password%3Dhunter2hunter2\n" + SCRIPT));
        assertEquals(List.of(credential(Credentials.SETTING, " (URL-decoded)")), credentials(SCRIPT + "password%3Dhunter2hunter2"));
        assertEquals(List.of(credential(Credentials.SETTING, " (URL-decoded)")), credentials(planted("pass%77ord=hunter2hunter2")));
        assertEquals(List.of(credential(Credentials.VARIABLE, " (unescaped)")), credentials(planted("echo ok\\nREDISCLI_AUTH=hunter2hunter2")));
        assertEquals(List.of(credential(Credentials.DIRECTIVE, " (URL-decoded)")), credentials(planted("x%0Arequirepass hunter2hunter2")));
        assertEquals(List.of(credential(Credentials.XML, " (XML-unescaped)")),
                credentials(planted("&lt;password>hunter2hunter2&lt;/password>")));
        assertEquals(List.of(credential(Credentials.SQL, " (URL-decoded)")),
                credentials(planted("ALTER ROLE app PASSWORD %27hunter2hunter2%27")));
        assertEquals(List.of(credential(Credentials.SETTING, " (unescaped)")), credentials(planted("\\x70\\x61ssword=hunter2hunter2")));
        assertEquals(List.of(credential(Credentials.SETTING, " (URL-decoded of URL-decoded)")),
                credentials(planted("pass%2577ord=hunter2hunter2")));
        assertEquals(List.of(credential(Credentials.SETTING, " (URL-decoded of unescaped)")),
                credentials(planted("pass\\x2577ord=hunter2hunter2")));
        // A change that makes a Kelvin sign (lower case 'k'): that copy is searched the old way.
        assertEquals(List.of(credential(Credentials.VARIABLE, " (unescaped)")),
                credentials(planted("PGPASS\\x57ORD=hunter2hunter2 \\u212a")));
        // Changes that make no literal: every copy passes.
        assertEquals(List.of(), credentials(planted("echo %41 \\x41 &amp; '' $PASSWORD_FILE")));
    }

    @Test
    void anEncodedLiteralThatOnlyAChangeOfANearCopyCompletes() {
        // A near-copy's runs are decoded where it changed (elsewhere they are its parent's): base64 and
        // hex whose one character is escaped, at the first character, and where the script ends.
        String b64 = b64(LINE + "\n");
        String hex = hex(LINE);
        String percent = b64.substring(0, 10) + "%" + hex(b64.substring(10, 11)) + b64.substring(11);
        assertEquals(List.of(credential(Credentials.SETTING, " (base64-decoded of URL-decoded)")), credentials(planted("echo " + percent)));
        assertEquals(List.of(credential(Credentials.SETTING, " (base64-decoded of unescaped)")),
                credentials(planted("echo " + b64.substring(0, 10) + "\\x" + hex(b64.substring(10, 11)) + b64.substring(11))));
        assertEquals(List.of(credential(Credentials.SETTING, " (hex-decoded of URL-decoded)")),
                credentials(planted("echo " + hex.substring(0, 10) + "%3" + hex.charAt(10) + hex.substring(11))));
        assertEquals(List.of(credential(Credentials.SETTING, " (base64-decoded of URL-decoded)")), credentials(percent + "\n" + SCRIPT));
        assertEquals(List.of(credential(Credentials.SETTING, " (base64-decoded of URL-decoded)")), credentials(SCRIPT + percent));
    }

    @Test
    void onlyTwoCharactersLowerCaseToAscii() {
        for (char c = 128; c != 0; c++) {
            assertEquals(Character.toLowerCase(c) < 128, Credentials.Markers.lowersToAscii(c), Integer.toHexString(c));
            // and lower-casing keeps every other character in place (one character for one)
            assertEquals(c == '\u0130' ? 2 : 1, String.valueOf(c).toLowerCase(java.util.Locale.ROOT).length(), Integer.toHexString(c));
        }
        for (int cp = Character.MIN_SUPPLEMENTARY_CODE_POINT; cp <= Character.MAX_CODE_POINT; cp++) {
            assertFalse(Character.toLowerCase(cp) < Character.MIN_SUPPLEMENTARY_CODE_POINT, Integer.toHexString(cp));
        }
    }
}
