package io.datalayer.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChecksTest {
    private static String error(Runnable check) {
        return assertThrows(IllegalArgumentException.class, check::run).getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10Gi", "500m", "2", "0.5", "1e3", "128Mi", "1.5G", "100k"})
    void acceptsQuantities(String value) {
        assertEquals(value, Checks.quantity("p", value));
    }

    @Test
    void quantityWithDecimalByteSuffixSuggestsTheBinarySuffix() {
        assertEquals("storage size \"10GB\" is not a Kubernetes quantity; use 10Gi",
                error(() -> Checks.quantity("storage size", "10GB")));
        assertEquals("p \"512mb\" is not a Kubernetes quantity; use 512Mi", error(() -> Checks.quantity("p", "512mb")));
    }

    @Test
    void quantityThatIsNotANumber() {
        assertEquals("p \"lots\" is not a Kubernetes quantity; use a number with an optional suffix, such as 500m,"
                + " 512Mi or 10Gi", error(() -> Checks.quantity("p", "lots")));
        assertEquals("p is empty; set a value", error(() -> Checks.quantity("p", " ")));
    }

    @Test
    void dnsLabel() {
        assertEquals("postgresql", Checks.dnsLabel("p", "postgresql"));
        assertEquals("p \"Postgres_1\" is not a valid Kubernetes name; use at most 63 lowercase letters, digits and"
                + " '-', starting and ending with a letter or digit", error(() -> Checks.dnsLabel("p", "Postgres_1")));
        assertThrows(IllegalArgumentException.class, () -> Checks.dnsLabel("p", "a".repeat(64)));
    }

    @Test
    void dnsSubdomain() {
        assertEquals("local-path", Checks.dnsSubdomain("p", "local-path"));
        assertEquals("fast.ssd", Checks.dnsSubdomain("p", "fast.ssd"));
        assertEquals("p \"-bad\" is not a valid Kubernetes name; use at most 253 lowercase letters, digits, '-' and"
                + " '.', starting and ending with a letter or digit", error(() -> Checks.dnsSubdomain("p", "-bad")));
    }

    @Test
    void port() {
        assertEquals(5432, Checks.port("p", 5432));
        assertEquals("p 70000 is not a TCP port; use 1 to 65535", error(() -> Checks.port("p", 70000)));
        assertEquals("p 0 is not a TCP port; use 1 to 65535", error(() -> Checks.port("p", 0)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres:18.1", "postgres:18.1-bookworm", "docker.io/library/postgres:17.7",
        "registry.local:5000/db/postgres:18.1", "postgres@sha256:" + "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12"})
    void acceptsPinnedImages(String image) {
        assertEquals(image, Checks.pinnedImage("p", image));
    }

    @Test
    void rejectsImagesThatCanMove() {
        assertEquals("image \"postgres\" has no tag; pin an exact version (major.minor, e.g. postgres:1.2) or a digest",
                error(() -> Checks.pinnedImage("image", "postgres")));
        assertEquals("image \"postgres:latest\" uses the moving tag latest; pin an exact version (major.minor, e.g."
                + " postgres:1.2) or a digest", error(() -> Checks.pinnedImage("image", "postgres:latest")));
        assertEquals("image \"postgres:18\" is not pinned to an exact version; pin an exact version (major.minor, e.g."
                + " postgres:18.1) or a digest", error(() -> Checks.pinnedImage("image", "postgres:18")));
        assertEquals("image \"Postgres:18.1\" is not an image reference; use [registry/]repository:tag or"
                + " repository@sha256:digest, e.g. postgres:18.1", error(() -> Checks.pinnedImage("image", "Postgres:18.1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30 2 * * *", "@daily", "*/15 * * * *", "0 3 * * MON-FRI", "0 0 1,15 JAN *", "5 4 * * 0-6/2"})
    void acceptsSchedules(String schedule) {
        assertEquals(schedule, Checks.cronSchedule("schedule", schedule));
    }

    @Test
    void rejectsBadSchedules() {
        assertEquals("schedule \"30 2 * *\" is not a cron schedule; use five fields (minute hour day-of-month month"
                + " day-of-week), e.g. \"30 2 * * *\"", error(() -> Checks.cronSchedule("schedule", "30 2 * *")));
        assertEquals("schedule \"30 25 * * *\" has an invalid hour field \"25\"; use *, a number from 0 to 23, a range"
                + " a-b, a list a,b or a step */n", error(() -> Checks.cronSchedule("schedule", "30 25 * * *")));
        assertEquals("schedule \"CRON_TZ=UTC 0 2 * * *\" sets a time zone inside the schedule, which Kubernetes"
                + " rejects; set the time zone in the timeZone prop",
                error(() -> Checks.cronSchedule("schedule", "CRON_TZ=UTC 0 2 * * *")));
    }

    @Test
    void timeZone() {
        assertEquals("UTC", Checks.timeZone("timeZone", "UTC"));
        assertEquals("Europe/Berlin", Checks.timeZone("timeZone", "Europe/Berlin"));
        assertEquals("timeZone \"CEST\" is not an IANA time zone name; use a name such as UTC or Europe/Berlin",
                error(() -> Checks.timeZone("timeZone", "CEST")));
        assertEquals("timeZone \"Mars/Olympus\" is not an IANA time zone name; use a name such as UTC or Europe/Berlin",
                error(() -> Checks.timeZone("timeZone", "Mars/Olympus")));
    }

    @Test
    void atLeast() {
        assertEquals(3, Checks.atLeast("p", 3, 1));
        assertEquals("p 0 is below the minimum; use 1 or more", error(() -> Checks.atLeast("p", 0, 1)));
    }

    @Test
    void labelSelectorsAcceptPrefixedKeysAndEmptyValuesInOrder() {
        assertEquals("{app.kubernetes.io/name=vault, component=server, tier=}", Checks.labelSelector("p",
                java.util.Map.of("component", "server", "app.kubernetes.io/name", "vault", "tier", "")).toString());
        assertEquals("p key \"Bad_Prefix/x\" is not a label key; use [prefix/]name, the name at most 63 letters, digits,"
                + " '-', '_' and '.', starting and ending with a letter or digit",
                error(() -> Checks.labelSelector("p", java.util.Map.of("Bad_Prefix/x", "y"))));
        assertEquals("p value \"" + "v".repeat(64) + "\" of \"k\" is not a label value; use at most 63 letters, digits,"
                + " '-', '_' and '.', starting and ending with a letter or digit",
                error(() -> Checks.labelSelector("p", java.util.Map.of("k", "v".repeat(64)))));
    }
}
