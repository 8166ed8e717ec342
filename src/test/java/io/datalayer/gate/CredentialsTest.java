package io.datalayer.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The credential families with and without Vault: each family with literals it must find (the
 * review's probes first), and the false-positive corpus ({@code guard/false-positives.txt}: error
 * messages, docs lines, shell expansions, references, hashes, digests, UUIDs; and CA bundles here)
 * that must pass.
 */
class CredentialsTest {
    private static final Path CORPUS = Path.of("src/test/resources/guard/false-positives.txt");

    private static void found(String family, String text) {
        assertEquals(Optional.of(family), Credentials.shapeIn(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE ROLE app LOGIN PASSWORD 'hunter2hunter2';",
        "ALTER USER app WITH ENCRYPTED PASSWORD 'S3cret!' VALID UNTIL 'infinity';",
        "psql -c \"ALTER ROLE monitoring PASSWORD 'x-y-z-literal'\"", "alter role x password E'it''s\\\\secret';",
        "CREATE ROLE app\n  LOGIN\n  PASSWORD\n  'hunter2hunter2';", "CREATE USER app IDENTIFIED BY 'hunter2';",
        "CREATE USER app IDENTIFIED WITH sha256_password BY 'hunter2';"})
    void sqlPasswordLiteralsInAnyStatement(String text) {
        found(Credentials.SQL, text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"masterauth hunter2hunter2", "requirepass \"hunter2 with a space\"",
        "port 6379\nrequirepass hunter2hunter2\nappendonly yes", "# requirepass foobared",
        "redis-server --requirepass hunter2hunter2 --port 6379", "redis-cli CONFIG SET masterauth hunter2hunter2",
        "redis-cli -h redis -a hunter2hunter2 PING", "redis-cli --pass hunter2hunter2 PING",
        "sentinel auth-pass mymaster hunter2hunter2"})
    void serverPasswordDirectivesAndArguments(String text) {
        found(Credentials.DIRECTIVE, text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user app on >hunter2hunter2 ~* +@all", "redis-cli ACL SETUSER app on >hunter2hunter2 ~* +@all",
        "  user backup on resetpass >s3cr3t-literal -@all +ping"})
    void redisAclPasswords(String text) {
        found(Credentials.ACL, text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"REDISCLI_AUTH=hunter2hunter2", "export REDISCLI_AUTH=hunter2hunter2 && redis-cli PING",
        "NEO4J_AUTH=neo4j/hunter2hunter2", "PGPASSWORD='hunter2' psql -h db", "GITHUB_TOKEN=abc123abc123",
        "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLE", "MYSQL_PWD=hunter2", "APP_SECRET=\"x y z\"",
        "env:\n  - S3_KEY=abcdef123456", "pw=${REDIS_PASSWORD:-hunter2hunter2}", "${API_TOKEN:=abc123abc123}"})
    void credentialNamedVariablesWithLiterals(String text) {
        found(Credentials.VARIABLE, text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<users><app><password>hunter2hunter2</password></app></users>",
        "<s3><secret_access_key>wJalrXUtnFEMI</secret_access_key></s3>", "<password>p&amp;ss&lt;word</password>",
        "<clickhouse>\n  <users>\n    <default>\n      <password>\n        hunter2\n      </password>"
                + "\n    </default>\n  </users>\n</clickhouse>"})
    void xmlPasswordElements(String text) {
        found(Credentials.XML, text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dbms.ssl.policy.bolt.private_key_password=hunter2hunter2",
        "dbms.security.ldap.authorization.system_password=hunter2", "primary_conninfo = 'host=db user=rep password=hunter2'",
        "password: hunter2hunter2", "{\"password\": \"hunter2\"}", "client_secret = \"abc\"", "password: hunter2 # the app's",
        "host=db user=app password=hunter2 dbname=app", "auth:\n  token: abc123abc123\n",
        "users:\n  - name: app\n    password: correct horse battery staple\n", "- api_key: two words"})
    void passwordSettings(String text) {
        found(Credentials.SETTING, text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization: Basic dXNlcjpodW50ZXIy", "curl -H 'Authorization: Bearer abc.def.ghi' https://api",
        "Proxy-Authorization: Basic dXNlcjpw", "X-Vault-Token: s.abcdefghijkl", "curl -u admin:hunter2 https://x",
        "{\"headers\": {\"Authorization\": \"Token 0123456789abcdef\"}}"})
    void httpCredentials(String text) {
        found(Credentials.HTTP, text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres://app:hunter2@db:5432/app", "redis://:hunter2hunter2@redis:6379/0",
        "amqp://guest:guest@rabbit/"})
    void urlsWithAPassword(String text) {
        found(Credentials.URL, text);
    }

    static Stream<String> corpus() throws IOException {
        return Files.readAllLines(CORPUS).stream().filter(l -> !l.isBlank() && !l.startsWith("//"))
                .map(l -> l.replace("\\n", "\n"));
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void theFalsePositiveCorpusPasses(String text) {
        assertEquals(Optional.empty(), Credentials.shapeIn(text), text);
    }

    @Test
    void theCorpusIsNotEmptyAndCaBundlesPass() throws IOException {
        assertTrue(corpus().count() >= 90, "the corpus holds its entries");
        for (int count : List.of(1, 60, 144)) {
            assertEquals(Optional.empty(), Credentials.shapeIn(CaBundle.pem(count)), count + " certificates");
        }
    }

    @Test
    void everyFamilyIsAlsoFoundWhereACorpusEntryIsNextToIt() {
        // A literal in a script that also holds references and messages is still found.
        found(Credentials.DIRECTIVE, "#!/bin/sh\n: \"${REDIS_PASSWORD:?not set}\"\necho \"password: missing\"\n"
                + "redis-cli -a hunter2hunter2 PING\n");
        found(Credentials.VARIABLE, "log \"crypt-password: shorter than 16 characters\"\nREDISCLI_AUTH=hunter2hunter2\n");
    }
}
