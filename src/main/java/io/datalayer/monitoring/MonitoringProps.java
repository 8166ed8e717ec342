package io.datalayer.monitoring;

import io.datalayer.k8s.Checks;
import io.datalayer.k8s.Resources;
import io.datalayer.vault.SecretRequirement;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Monitoring of one environment: the backup alerts (a PrometheusRule), the metrics exporters with
 * their ServiceMonitors, and what they need (the exporter's database role and its Vault secret).
 * Every component but {@code enabled} may be {@code null} to take its documented default.
 *
 * <p>Why a switch: PrometheusRule and ServiceMonitor are prometheus-operator's custom resources. A
 * cluster without its CRDs refuses them, and a GitOps sync of the whole environment would fail, so
 * with {@code enabled=false} none of the monitoring objects is written (nor the exporters, their
 * role and secret, which only serve Prometheus).
 *
 * @param enabled               write the monitoring objects; false for a cluster without prometheus-operator
 * @param prometheusNamespace   where Prometheus runs; its pods are admitted to the exporters' port;
 *                              default {@code monitoring}
 * @param prometheusPodSelector the labels of the Prometheus server pods; default
 *                              {@code app.kubernetes.io/name: prometheus} (what prometheus-operator puts on them)
 * @param selectorLabels        labels on the PrometheusRule and ServiceMonitors, for the Prometheus'
 *                              {@code ruleSelector} / {@code serviceMonitorSelector} (kube-prometheus-stack
 *                              selects {@code release: <its release>}); default none
 * @param scrapeInterval        how often Prometheus scrapes the exporters, a Prometheus duration; default {@code 30s}
 * @param backupMaxAge          a store whose last successful backup is older fires {@code DataLayerBackupTooOld};
 *                              default {@code 26h} (a nightly schedule plus two hours)
 * @param offsiteMaxAge         an off-site copy older than this fires {@code DataLayerOffsiteCopyLagging};
 *                              default {@code 6h}: the hourly sync ({@code OffsiteProps.syncSchedule}) failed six times in a row
 * @param runbookUrl            the runbook page the alerts link to (each alert adds its section's anchor);
 *                              default the alerts runbook page, docs/runbooks/alerts.md, on main
 * @param postgresRole          the PostgreSQL role the exporter logs in as: LOGIN, member of {@code pg_monitor}
 *                              and nothing else; default {@code monitoring}
 * @param postgresSecret        the Vault secret holding that role's password; default
 *                              {@link #POSTGRES_MONITORING_SECRET}
 * @param postgresExporterImage the prometheus-community postgres exporter, pinned; default {@link #POSTGRES_EXPORTER_IMAGE}
 * @param exporterResources     requests and limits of each exporter container; default 10m/32Mi, 200m/64Mi
 * @param redisUser             the Redis ACL user the Redis exporter logs in as (INFO, CONFIG GET, LATENCY,
 *                              SLOWLOG LEN; no key, no value); default {@code monitoring}
 * @param redisSecret           the Vault secret holding that user's password; default {@link #REDIS_MONITORING_SECRET}
 * @param redisExporterImage    oliver006/redis_exporter, pinned; default {@link #REDIS_EXPORTER_IMAGE}
 */
public record MonitoringProps(boolean enabled, String prometheusNamespace, Map<String, String> prometheusPodSelector,
                              Map<String, String> selectorLabels, String scrapeInterval, String backupMaxAge,
                              String offsiteMaxAge, String runbookUrl, String postgresRole,
                              SecretRequirement postgresSecret, String postgresExporterImage, Resources exporterResources,
                              String redisUser, SecretRequirement redisSecret, String redisExporterImage) {
    /** The secret L2 writes for the exporter's PostgreSQL role (its own path: the exporter reads nothing else). */
    public static final SecretRequirement POSTGRES_MONITORING_SECRET =
            SecretRequirement.of("postgres-monitoring", "password").withMinLength(16);
    /** prometheus-community/postgres_exporter 0.17.1 (2025-02-26), the release this layer was written against. */
    public static final String POSTGRES_EXPORTER_IMAGE = "quay.io/prometheuscommunity/postgres-exporter:v0.17.1";
    /**
     * The secret L2 writes for the Redis exporter's ACL user: a path of its own (KV v2 policies grant
     * whole paths), so the exporter's ExternalSecret cannot read the admin password in {@code secret/data/redis}.
     */
    public static final SecretRequirement REDIS_MONITORING_SECRET =
            SecretRequirement.of("redis-monitoring", "password").withMinLength(16);
    /**
     * oliver006/redis_exporter v1.89.0 (2026-08-09), the release this layer was written against: its
     * {@code --redis.password-file} map and the {@code /-/reload} endpoint that re-reads it (a rotated
     * password without a restart). The Alpine variant, because the password file is rendered in the
     * pod by a shell script (busybox sh, od, wget), which the scratch variant cannot run.
     */
    public static final String REDIS_EXPORTER_IMAGE = "oliver006/redis_exporter:v1.89.0-alpine";
    /** A Redis ACL user name the rules line and the exporter's URI carry as they are. */
    private static final Pattern REDIS_USER = Pattern.compile("^[a-z][a-z0-9_-]{0,31}$");
    /** A Prometheus duration as prometheus-operator's CRDs accept it (no fractions, units largest first). */
    static final Pattern DURATION = Pattern.compile(
            "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$");
    /** A role name the sync script can write into SQL without quoting surprises. */
    private static final Pattern ROLE = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

    public MonitoringProps {
        prometheusNamespace = Checks.dnsLabel("MonitoringProps.prometheusNamespace", or(prometheusNamespace, "monitoring"));
        prometheusPodSelector = Checks.labelSelector("MonitoringProps.prometheusPodSelector",
                or(prometheusPodSelector, Map.of("app.kubernetes.io/name", "prometheus")));
        selectorLabels = selectorLabels == null || selectorLabels.isEmpty() ? Map.of()
                : Checks.labelSelector("MonitoringProps.selectorLabels", selectorLabels);
        scrapeInterval = duration("scrapeInterval", or(scrapeInterval, "30s"));
        backupMaxAge = duration("backupMaxAge", or(backupMaxAge, "26h"));
        offsiteMaxAge = duration("offsiteMaxAge", or(offsiteMaxAge, "6h"));
        runbookUrl = or(runbookUrl, "https://git.example.org/platform/data-layer/-/blob/main/docs/runbooks/alerts.md");
        if (!runbookUrl.matches("^https?://[^\\s#]+$")) {
            throw new IllegalArgumentException("MonitoringProps.runbookUrl \"" + runbookUrl + "\" is not an http(s) URL"
                    + " without a fragment; give the README's address, the alerts add each section's anchor");
        }
        postgresRole = or(postgresRole, "monitoring");
        if (!ROLE.matcher(postgresRole).matches() || postgresRole.startsWith("pg_")) {
            throw new IllegalArgumentException("MonitoringProps.postgresRole \"" + postgresRole + "\" is not a plain role"
                    + " name; use at most 63 lowercase letters, digits and '_', not starting with a digit or pg_");
        }
        postgresSecret = or(postgresSecret, POSTGRES_MONITORING_SECRET);
        if (postgresSecret.keys().size() != 1) {
            throw new IllegalArgumentException("MonitoringProps.postgresSecret " + postgresSecret.apiPath() + " declares keys "
                    + postgresSecret.keys() + "; declare exactly one, the monitoring role's password");
        }
        postgresExporterImage = Checks.pinnedImage("MonitoringProps.postgresExporterImage",
                or(postgresExporterImage, POSTGRES_EXPORTER_IMAGE));
        exporterResources = or(exporterResources, new Resources("10m", "32Mi", "200m", "64Mi"));
        redisUser = or(redisUser, "monitoring");
        if (!REDIS_USER.matcher(redisUser).matches()) {
            throw new IllegalArgumentException("MonitoringProps.redisUser \"" + redisUser + "\" is not a plain user name;"
                    + " use at most 32 lowercase letters, digits, '_' and '-', starting with a letter");
        }
        redisSecret = or(redisSecret, REDIS_MONITORING_SECRET);
        if (redisSecret.keys().size() != 1) {
            throw new IllegalArgumentException("MonitoringProps.redisSecret " + redisSecret.apiPath() + " declares keys "
                    + redisSecret.keys() + "; declare exactly one, the monitoring user's password");
        }
        redisExporterImage = Checks.pinnedImage("MonitoringProps.redisExporterImage", or(redisExporterImage, REDIS_EXPORTER_IMAGE));
    }

    /** The key of {@link #redisSecret} that holds the password. */
    public String redisSecretKey() {
        return redisSecret.keys().get(0);
    }

    /** Monitoring on, every other setting at its default. */
    public static MonitoringProps on() {
        return builder().enabled(true).build();
    }

    /** Monitoring off: no monitoring object is written (a cluster without prometheus-operator). */
    public static MonitoringProps off() {
        return builder().enabled(false).build();
    }

    /** The key of {@link #postgresSecret} that holds the password. */
    public String postgresSecretKey() {
        return postgresSecret.keys().get(0);
    }

    private static String duration(String prop, String value) {
        if (value.isEmpty() || value.equals("0") || !DURATION.matcher(value).matches()) {
            throw new IllegalArgumentException("MonitoringProps." + prop + " \"" + value + "\" is not a positive Prometheus"
                    + " duration; use e.g. 30s, 26h or 1d12h (units y w d h m s ms, largest first, no fractions)");
        }
        return value;
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().enabled(enabled).prometheusNamespace(prometheusNamespace)
                .prometheusPodSelector(prometheusPodSelector).selectorLabels(selectorLabels).scrapeInterval(scrapeInterval)
                .backupMaxAge(backupMaxAge).offsiteMaxAge(offsiteMaxAge).runbookUrl(runbookUrl).postgresRole(postgresRole)
                .postgresSecret(postgresSecret).postgresExporterImage(postgresExporterImage)
                .exporterResources(exporterResources).redisUser(redisUser).redisSecret(redisSecret)
                .redisExporterImage(redisExporterImage);
    }

    /** Fluent construction; unset fields take the documented defaults, {@code enabled} is false until set. */
    public static final class Builder {
        private boolean enabled;
        private String prometheusNamespace;
        private Map<String, String> prometheusPodSelector;
        private Map<String, String> selectorLabels;
        private String scrapeInterval;
        private String backupMaxAge;
        private String offsiteMaxAge;
        private String runbookUrl;
        private String postgresRole;
        private SecretRequirement postgresSecret;
        private String postgresExporterImage;
        private Resources exporterResources;
        private String redisUser;
        private SecretRequirement redisSecret;
        private String redisExporterImage;

        private Builder() {
        }

        public Builder enabled(boolean v) { enabled = v; return this; }
        public Builder prometheusNamespace(String v) { prometheusNamespace = v; return this; }
        public Builder prometheusPodSelector(Map<String, String> v) { prometheusPodSelector = v; return this; }
        public Builder selectorLabels(Map<String, String> v) { selectorLabels = v; return this; }
        public Builder scrapeInterval(String v) { scrapeInterval = v; return this; }
        public Builder backupMaxAge(String v) { backupMaxAge = v; return this; }
        public Builder offsiteMaxAge(String v) { offsiteMaxAge = v; return this; }
        public Builder runbookUrl(String v) { runbookUrl = v; return this; }
        public Builder postgresRole(String v) { postgresRole = v; return this; }
        public Builder postgresSecret(SecretRequirement v) { postgresSecret = v; return this; }
        public Builder postgresExporterImage(String v) { postgresExporterImage = v; return this; }
        public Builder exporterResources(Resources v) { exporterResources = v; return this; }
        public Builder redisUser(String v) { redisUser = v; return this; }
        public Builder redisSecret(SecretRequirement v) { redisSecret = v; return this; }
        public Builder redisExporterImage(String v) { redisExporterImage = v; return this; }

        public MonitoringProps build() {
            return new MonitoringProps(enabled, prometheusNamespace, prometheusPodSelector, selectorLabels, scrapeInterval,
                    backupMaxAge, offsiteMaxAge, runbookUrl, postgresRole, postgresSecret, postgresExporterImage,
                    exporterResources, redisUser, redisSecret, redisExporterImage);
        }
    }
}
