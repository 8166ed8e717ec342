package io.datalayer.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRequirementTest {
    private static String error(String mount, String path, List<String> keys, int min) {
        return assertThrows(IllegalArgumentException.class, () -> new SecretRequirement(mount, path, keys, min)).getMessage();
    }

    @Test
    void defaultsAndApiPath() {
        SecretRequirement r = SecretRequirement.of("postgres", "password");
        assertEquals(new SecretRequirement("secret", "postgres", List.of("password"), 0), r);
        assertEquals("secret/data/postgres", r.apiPath());
        assertEquals(16, r.withMinLength(16).minLength());
    }

    @Test
    void copiesItsKeys() {
        List<String> keys = new ArrayList<>(List.of("password"));
        SecretRequirement r = new SecretRequirement("secret", "postgres", keys, 0);
        keys.add("other");
        assertEquals(List.of("password"), r.keys());
    }

    @Test
    void pathWithDataSegmentExplainsKvV2Paths() {
        assertEquals("SecretRequirement path \"data/postgres\" must not start with \"data/\" or \"metadata/\": KV v2 paths"
                + " are given below the mount, the HTTP API inserts \"data/\" itself (use \"postgres\" for"
                + " secret/data/postgres)", error("secret", "data/postgres", List.of("password"), 0));
    }

    @Test
    void pathWithTheMountName() {
        assertEquals("SecretRequirement path \"secret/postgres\" must not start with the mount \"secret/\": give the path"
                + " below the mount (use \"postgres\")", error("secret", "secret/postgres", List.of("password"), 0));
    }

    @Test
    void pathWithLeadingSlash() {
        assertEquals("SecretRequirement path \"/postgres\" must be a secret path below the mount like \"postgres\" (letters,"
                + " digits, '_', '.', '-', segments separated by '/', no leading or trailing '/')",
                error("secret", "/postgres", List.of("password"), 0));
    }

    @Test
    void badMount() {
        assertEquals("SecretRequirement mount \"secret/\" must be a Vault mount path like \"secret\" (letters, digits, '_',"
                + " '.', '-', segments separated by '/', no leading or trailing '/')", error("secret/", "postgres", List.of("p"), 0));
    }

    @Test
    void noKeys() {
        assertEquals("SecretRequirement keys [] must name at least one key", error("secret", "postgres", List.of(), 0));
    }

    @Test
    void keyThatCannotBeASecretKey() {
        assertEquals("SecretRequirement keys [pass word] must each match [-._a-zA-Z0-9]+ (Kubernetes Secret key rules),"
                + " got \"pass word\"", error("secret", "postgres", List.of("pass word"), 0));
    }

    @Test
    void repeatedKey() {
        assertEquals("SecretRequirement keys [password, password] must not repeat \"password\"",
                error("secret", "postgres", List.of("password", "password"), 0));
    }

    @Test
    void negativeMinimum() {
        assertEquals("SecretRequirement minLength -1 must be 0 (no minimum) or more",
                error("secret", "postgres", List.of("password"), -1));
    }

    @Test
    void publicKeysMustBeKeysAndAreNotSecret() {
        SecretRequirement r = SecretRequirement.of("backup-s3", "bucket", "key").withPublicKeys("bucket");
        assertEquals(false, r.isSecret("bucket"));
        assertEquals(true, r.isSecret("key"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SecretRequirement.of("backup-s3", "bucket").withPublicKeys("region"));
        assertEquals("SecretRequirement publicKeys [region] must each be one of the keys [bucket], got \"region\"", e.getMessage());
    }
}
