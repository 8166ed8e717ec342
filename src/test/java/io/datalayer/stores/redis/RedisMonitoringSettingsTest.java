package io.datalayer.stores.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.secrets.SecretRequirement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The settings of Redis's exporter: its ACL user, the user's secret and the image. (RedisMonitoringTest
 * is the exporter's login against a real server; this is the settings record alone.)
 */
class RedisMonitoringSettingsTest {
    private static final String USER_RULE = " is not a plain user name; use at most 32 lowercase letters, digits,"
            + " '_' and '-', starting with a letter";

    private static String user(String user) {
        return assertThrows(IllegalArgumentException.class, () -> new RedisMonitoring(user, null, null)).getMessage();
    }

    private static String image(String image) {
        return assertThrows(IllegalArgumentException.class, () -> new RedisMonitoring(null, null, image)).getMessage();
    }

    @Test
    void defaultsAreDocumentedValues() {
        RedisMonitoring m = RedisMonitoring.defaults();
        assertEquals("monitoring", m.user());
        assertEquals(RedisMonitoring.SECRET, m.secret());
        assertEquals("secret/data/redis-monitoring", m.secret().apiPath());
        assertEquals(List.of("password"), m.secret().keys());
        assertEquals(16, m.secret().minLength());
        assertEquals("password", m.secretKey());
        assertEquals(RedisMonitoring.EXPORTER_IMAGE, m.exporterImage());
        assertEquals("oliver006/redis_exporter:v1.89.0-alpine", m.exporterImage());
        assertEquals(m, new RedisMonitoring(null, null, null));
    }

    @Test
    void setValuesAreKept() {
        SecretRequirement secret = SecretRequirement.of("cache-exporter", "pass");
        RedisMonitoring m = new RedisMonitoring("exporter-1_a", secret, "oliver006/redis_exporter:v1.90.0-alpine");
        assertEquals("exporter-1_a", m.user());
        assertEquals(secret, m.secret());
        assertEquals("pass", m.secretKey());
        assertEquals("oliver006/redis_exporter:v1.90.0-alpine", m.exporterImage());
    }

    @Test
    void userOf32CharactersIsAccepted() {
        assertEquals("u".repeat(32), new RedisMonitoring("u".repeat(32), null, null).user());
    }

    @Test
    void userMustBeLowercase() {
        assertEquals("RedisMonitoring.user \"Monitoring\"" + USER_RULE, user("Monitoring"));
    }

    @Test
    void userMustStartWithALetter() {
        assertEquals("RedisMonitoring.user \"1monitoring\"" + USER_RULE, user("1monitoring"));
        assertEquals("RedisMonitoring.user \"_monitoring\"" + USER_RULE, user("_monitoring"));
        assertEquals("RedisMonitoring.user \"-monitoring\"" + USER_RULE, user("-monitoring"));
    }

    @Test
    void userMustNotBreakTheAclLine() {
        assertEquals("RedisMonitoring.user \"mon itoring\"" + USER_RULE, user("mon itoring"));
        assertEquals("RedisMonitoring.user \"\"" + USER_RULE, user(""));
    }

    @Test
    void userHasAtMost32Characters() {
        assertEquals("RedisMonitoring.user \"" + "u".repeat(33) + "\"" + USER_RULE, user("u".repeat(33)));
    }

    @Test
    void secretDeclaresExactlyOneKey() {
        assertEquals("RedisMonitoring.secret secret/data/redis-monitoring declares keys [user, password]; declare"
                + " exactly one, the monitoring user's password", assertThrows(IllegalArgumentException.class,
                        () -> new RedisMonitoring(null, SecretRequirement.of("redis-monitoring", "user", "password"),
                                null)).getMessage());
    }

    @Test
    void exporterImageMustHaveATag() {
        assertEquals("RedisMonitoring.exporterImage \"oliver006/redis_exporter\" has no tag; pin an exact version"
                + " (major.minor, e.g. oliver006/redis_exporter:1.2) or a digest", image("oliver006/redis_exporter"));
    }

    @Test
    void exporterImageMustNotUseLatest() {
        assertEquals("RedisMonitoring.exporterImage \"oliver006/redis_exporter:latest\" uses the moving tag latest; pin"
                + " an exact version (major.minor, e.g. oliver006/redis_exporter:1.2) or a digest",
                image("oliver006/redis_exporter:latest"));
    }

    @Test
    void exporterImageMustBeAnExactVersion() {
        assertEquals("RedisMonitoring.exporterImage \"oliver006/redis_exporter:alpine\" is not pinned to an exact"
                + " version; pin an exact version (major.minor, e.g. oliver006/redis_exporter:1.2) or a digest",
                image("oliver006/redis_exporter:alpine"));
    }

    @Test
    void exporterImageMayBeADigest() {
        String pinned = "oliver006/redis_exporter@sha256:" + "b".repeat(64);
        assertEquals(pinned, new RedisMonitoring(null, null, pinned).exporterImage());
    }
}
