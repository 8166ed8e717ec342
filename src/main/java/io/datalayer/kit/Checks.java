package io.datalayer.kit;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks for the values props carry into manifests. Each one throws {@link IllegalArgumentException}
 * with a message that names the prop, quotes the value and states the rule, so a bad setting fails
 * synth at once instead of failing later in the cluster.
 */
public final class Checks {
    private static final Pattern QUANTITY =
            Pattern.compile("^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\\d+)?$");
    private static final Pattern DECIMAL_BYTES = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([kKmMgGtTpPeE])[bB]$");
    private static final Pattern LABEL_NAME = Pattern.compile("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    // [host[:port]/]path[:tag][@sha256:digest], the reference grammar of the distribution spec.
    private static final Pattern IMAGE = Pattern.compile(
            "^(?<name>(?:[a-zA-Z0-9.-]+(?::\\d+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
                    + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
                    + "(?::(?<tag>[\\w][\\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$");
    private static final Pattern EXACT_VERSION = Pattern.compile("^v?\\d+\\.\\d+(\\.\\d+)*([-+_.][\\w.-]+)?$");
    private static final Set<String> CRON_MACROS =
            Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    private static final String[] CRON_FIELDS = {"minute", "hour", "day of month", "month", "day of week"};
    private static final int[][] CRON_BOUNDS = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
    private static final Pattern CRON_MONTHS = Pattern.compile("(?i)JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC");
    private static final Pattern CRON_DAYS = Pattern.compile("(?i)SUN|MON|TUE|WED|THU|FRI|SAT");

    private Checks() {
    }

    /** A resource quantity such as {@code 500m}, {@code 512Mi} or {@code 10Gi}. */
    public static String quantity(String prop, String value) {
        requireValue(prop, value);
        if (QUANTITY.matcher(value).matches()) {
            return value;
        }
        Matcher bytes = DECIMAL_BYTES.matcher(value.trim());
        String hint = bytes.matches()
                ? "use " + bytes.group(1) + bytes.group(2).toUpperCase(Locale.ROOT) + "i"
                : "use a number with an optional suffix, such as 500m, 512Mi or 10Gi";
        throw new IllegalArgumentException(prop + " \"" + value + "\" is not a Kubernetes quantity; " + hint);
    }

    /** A Kubernetes object name that must also be a DNS label (Services, StatefulSets, ports' owners). */
    public static String dnsLabel(String prop, String value) {
        requireValue(prop, value);
        if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(prop + " \"" + value + "\" is not a valid Kubernetes name; use at most 63"
                    + " lowercase letters, digits and '-', starting and ending with a letter or digit");
        }
        return value;
    }

    /** A name that must be a DNS subdomain (storage classes, most object names). */
    public static String dnsSubdomain(String prop, String value) {
        requireValue(prop, value);
        if (value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
            throw new IllegalArgumentException(prop + " \"" + value + "\" is not a valid Kubernetes name; use at most 253"
                    + " lowercase letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
        return value;
    }

    /** A TCP port number. */
    public static int port(String prop, int value) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(prop + " " + value + " is not a TCP port; use 1 to 65535");
        }
        return value;
    }

    /** A whole number no smaller than {@code min}. */
    public static int atLeast(String prop, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(prop + " " + value + " is below the minimum; use " + min + " or more");
        }
        return value;
    }

    /**
     * A container image pinned to an exact version: a tag with at least major.minor
     * ({@code postgres:18.1}, {@code postgres:18.1-bookworm}) or a digest. {@code latest}, no tag or a
     * bare major would let a restart pull a different server.
     */
    public static String pinnedImage(String prop, String value) {
        requireValue(prop, value);
        Matcher m = IMAGE.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(prop + " \"" + value + "\" is not an image reference; use"
                    + " [registry/]repository:tag or repository@sha256:digest, e.g. postgres:18.1");
        }
        String tag = m.group("tag");
        if (m.group("digest") != null || (tag != null && EXACT_VERSION.matcher(tag).matches())) {
            return value;
        }
        String example = m.group("name") + ":" + (tag == null || !tag.matches("\\d+.*") ? "1.2" : tag.replaceFirst("^(\\d+)", "$1.1"));
        String why = tag == null ? "has no tag" : "latest".equals(tag) ? "uses the moving tag latest"
                : "is not pinned to an exact version";
        throw new IllegalArgumentException(prop + " \"" + value + "\" " + why
                + "; pin an exact version (major.minor, e.g. " + example + ") or a digest");
    }

    /** A CronJob schedule: five cron fields or a macro such as {@code @daily}; time zones go in timeZone. */
    public static String cronSchedule(String prop, String value) {
        requireValue(prop, value);
        String trimmed = value.trim();
        if (trimmed.startsWith("TZ=") || trimmed.startsWith("CRON_TZ=")) {
            throw new IllegalArgumentException(prop + " \"" + value + "\" sets a time zone inside the schedule,"
                    + " which Kubernetes rejects; set the time zone in the timeZone prop");
        }
        if (CRON_MACROS.contains(trimmed)) {
            return value;
        }
        String[] fields = trimmed.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException(prop + " \"" + value + "\" is not a cron schedule; use five fields"
                    + " (minute hour day-of-month month day-of-week), e.g. \"30 2 * * *\"");
        }
        for (int i = 0; i < 5; i++) {
            if (!cronField(fields[i], CRON_BOUNDS[i][0], CRON_BOUNDS[i][1], i == 3 ? CRON_MONTHS : i == 4 ? CRON_DAYS : null)) {
                throw new IllegalArgumentException(prop + " \"" + value + "\" has an invalid " + CRON_FIELDS[i]
                        + " field \"" + fields[i] + "\"; use *, a number from " + CRON_BOUNDS[i][0] + " to "
                        + CRON_BOUNDS[i][1] + ", a range a-b, a list a,b or a step */n");
            }
        }
        return value;
    }

    /** An IANA time zone name such as {@code Etc/UTC} or {@code Europe/Berlin}. */
    public static String timeZone(String prop, String value) {
        requireValue(prop, value);
        try {
            if (!value.contains("/") && !"UTC".equals(value)) {
                throw new DateTimeException("not a region");
            }
            ZoneId.of(value);
            return value;
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(prop + " \"" + value + "\" is not an IANA time zone name;"
                    + " use a name such as UTC or Europe/Berlin");
        }
    }

    /**
     * Labels a selector matches: at least one (an empty selector matches every pod), each key a
     * Kubernetes label key ({@code [prefix/]name}) and each value a label value.
     */
    public static Map<String, String> labelSelector(String prop, Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException(prop + " is empty, which would select every pod; set at least one label");
        }
        Map<String, String> sorted = new TreeMap<>();
        labels.forEach((key, value) -> {
            String name = key == null ? "" : key.substring(key.indexOf('/') + 1);
            String prefix = key == null || !key.contains("/") ? null : key.substring(0, key.indexOf('/'));
            if (!LABEL_NAME.matcher(name).matches() || name.length() > 63
                    || (prefix != null && (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()))) {
                throw new IllegalArgumentException(prop + " key \"" + key + "\" is not a label key; use [prefix/]name,"
                        + " the name at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
            }
            if (value == null || value.length() > 63 || !(value.isEmpty() || LABEL_NAME.matcher(value).matches())) {
                throw new IllegalArgumentException(prop + " value \"" + value + "\" of \"" + key + "\" is not a label value;"
                        + " use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
            }
            sorted.put(key, value);
        });
        return Collections.unmodifiableMap(sorted);
    }

    /** A value that must be present and not blank. */
    public static String requireValue(String prop, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(prop + " is empty; set a value");
        }
        return value;
    }

    private static boolean cronField(String field, int min, int max, Pattern names) {
        for (String item : field.split(",", -1)) {
            String[] stepSplit = item.split("/", -1);
            if (stepSplit.length > 2 || (stepSplit.length == 2 && !inRange(stepSplit[1], 1, max, null))) {
                return false;
            }
            String base = stepSplit[0];
            if ("*".equals(base)) {
                continue;
            }
            String[] range = base.split("-", -1);
            if (range.length > 2 || !inRange(range[0], min, max, names)
                    || (range.length == 2 && !inRange(range[1], min, max, names))) {
                return false;
            }
        }
        return true;
    }

    private static boolean inRange(String token, int min, int max, Pattern names) {
        if (names != null && names.matcher(token).matches()) {
            return true;
        }
        if (!token.matches("\\d{1,2}")) {
            return false;
        }
        int n = Integer.parseInt(token);
        return n >= min && n <= max;
    }
}
