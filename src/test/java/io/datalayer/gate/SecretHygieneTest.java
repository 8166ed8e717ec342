package io.datalayer.gate;

import static io.datalayer.testing.LayerFixture.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datalayer.testing.LayerFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretHygieneTest {
    private static final String ENV = "spec.template.spec.containers[0].env[1]";

    private static List<String> check(LayerFixture f) {
        return lines(SecretHygiene.check(f.manifests()));
    }

    @Test
    void theGoodLayerPasses() {
        assertEquals(List.of(), check(LayerFixture.good()));
    }

    @Test
    void anySecretIsRejectedWithoutItsValues() {
        LayerFixture f = LayerFixture.good().add("""
                apiVersion: v1
                kind: Secret
                metadata: {name: leaked, namespace: data}
                data: {password: aHVudGVyMg==}
                stringData: {token: hunter2}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: empty, namespace: data}
                type: Opaque
                """);
        List<String> found = check(f);
        String viaEso = "; secrets reach the cluster through External Secrets, never through dist/: declare a"
                + " SecretRequirement and a VaultExternalSecret";
        assertEquals(List.of(
                LayerFixture.EXTRA + ": Secret/leaked: no-secret-in-output: a Secret carrying data [password] and stringData [token]" + viaEso,
                LayerFixture.EXTRA + ": Secret/empty: no-secret-in-output: a Secret" + viaEso), found);
        assertEquals(false, String.join("\n", found).contains("hunter2"));
    }

    @ParameterizedTest
    @CsvSource({"POSTGRES_PASSWORD,hunter2", "API_TOKEN,abc", "AWS_SECRET_ACCESS_KEY,x", "TLS_KEY,x", "DB_PASSWD,''",
        "POSTGRES_PASSWORD_FILE,password.txt"})
    void aLiteralValueOnACredentialNameIsRejected(String name, String value) {
        LayerFixture f = LayerFixture.good().set("StatefulSet/db", ENV, Map.of("name", name, "value", value));
        assertEquals(List.of(LayerFixture.FILE + ": StatefulSet/db: env-credential: container \"db\" env " + name
                + " has a literal value; use valueFrom.secretKeyRef or a mounted file (*_FILE)"), check(f));
    }

    @ParameterizedTest
    @CsvSource({"DATABASE_URL,postgres://app:hunter2@db:5432/app", "DSN,host=db user=app password=hunter2",
        "VAULT,hvs.CAESIJ0123456789abcdefghijklmnop", "AWS_ID,AKIAIOSFODNN7EXAMPLE"})
    void aValueThatLooksLikeACredentialIsRejected(String name, String value) {
        LayerFixture f = LayerFixture.good().set("StatefulSet/db", ENV, Map.of("name", name, "value", value));
        assertEquals(List.of(LayerFixture.FILE + ": StatefulSet/db: env-credential: container \"db\" env " + name
                + " has a literal value that looks like a credential; use valueFrom.secretKeyRef"), check(f));
    }

    @Test
    void referencesAndFilePathsAreFine() {
        LayerFixture f = LayerFixture.good()
                .set("StatefulSet/db", ENV, Map.of("name", "POSTGRES_PASSWORD",
                        "valueFrom", Map.of("secretKeyRef", Map.of("name", "db-superuser", "key", "password"))))
                .set("StatefulSet/db", "spec.template.spec.containers[0].env[0]",
                        Map.of("name", "POSTGRES_PASSWORD_FILE", "value", "/etc/db/password"));
        assertEquals(List.of(), check(f));
    }

    @Test
    void aSecretInAListOrNestedInAnotherObjectIsRejected() {
        LayerFixture f = LayerFixture.good().add("""
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Secret
                  metadata: {name: wrapped, namespace: data}
                  stringData: {password: hunter2}
                ---
                apiVersion: example.org/v1
                kind: Bundle
                metadata: {name: b, namespace: data}
                spec:
                  objects:
                  - {apiVersion: v1, kind: Secret, metadata: {name: inner}}
                """);
        String viaEso = "; secrets reach the cluster through External Secrets, never through dist/: declare a"
                + " SecretRequirement and a VaultExternalSecret";
        assertEquals(List.of(
                LayerFixture.EXTRA + ": Secret/wrapped: no-secret-in-output: a Secret carrying stringData [password]" + viaEso,
                LayerFixture.EXTRA + ": Bundle/b: no-secret-in-output: spec.objects[0] is a Secret" + viaEso), check(f));
    }
}
