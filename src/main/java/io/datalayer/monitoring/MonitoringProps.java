package io.datalayer.monitoring;

import io.datalayer.kit.Checks;
import io.datalayer.kit.Defaults;
import io.datalayer.kit.Resources;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Monitoring of one environment, the same for every store: whether it is on, where Prometheus runs,
 * how often it scrapes, the alerts' thresholds and runbook, and the exporters' resources. What one
 * store's exporter needs (its login, its Vault secret, its image) is that store's own setting
 * (e.g. {@code PostgresMonitoring}).
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
 * @param exporterResources     requests and limits of each exporter container; default 10m/32Mi, 200m/64Mi
 */
public record MonitoringProps(boolean enabled, String prometheusNamespace, Map<String, String> prometheusPodSelector,
                              Map<String, String> selectorLabels, String scrapeInterval, String backupMaxAge,
                              String offsiteMaxAge, String runbookUrl, Resources exporterResources) {
    /** A Prometheus duration as prometheus-operator's CRDs accept it (no fractions, units largest first). */
    static final Pattern DURATION = Pattern.compile(
            "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$");

    public MonitoringProps {
        prometheusNamespace = Checks.dnsLabel("MonitoringProps.prometheusNamespace", Defaults.or(prometheusNamespace, "monitoring"));
        prometheusPodSelector = Checks.labelSelector("MonitoringProps.prometheusPodSelector",
                Defaults.or(prometheusPodSelector, Map.of("app.kubernetes.io/name", "prometheus")));
        selectorLabels = selectorLabels == null || selectorLabels.isEmpty() ? Map.of()
                : Checks.labelSelector("MonitoringProps.selectorLabels", selectorLabels);
        scrapeInterval = duration("scrapeInterval", Defaults.or(scrapeInterval, "30s"));
        backupMaxAge = duration("backupMaxAge", Defaults.or(backupMaxAge, "26h"));
        offsiteMaxAge = duration("offsiteMaxAge", Defaults.or(offsiteMaxAge, "6h"));
        runbookUrl = Defaults.or(runbookUrl, "https://git.example.org/platform/data-layer/-/blob/main/docs/runbooks/alerts.md");
        if (!runbookUrl.matches("^https?://[^\\s#]+$")) {
            throw new IllegalArgumentException("MonitoringProps.runbookUrl \"" + runbookUrl + "\" is not an http(s) URL"
                    + " without a fragment; give the runbook page's address, the alerts add each section's anchor");
        }
        exporterResources = Defaults.or(exporterResources, new Resources("10m", "32Mi", "200m", "64Mi"));
    }

    /** Monitoring on, every other setting at its default. */
    public static MonitoringProps on() {
        return builder().enabled(true).build();
    }

    /** Monitoring off: no monitoring object is written (a cluster without prometheus-operator). */
    public static MonitoringProps off() {
        return builder().enabled(false).build();
    }

    private static String duration(String prop, String value) {
        if (value.isEmpty() || value.equals("0") || !DURATION.matcher(value).matches()) {
            throw new IllegalArgumentException("MonitoringProps." + prop + " \"" + value + "\" is not a positive Prometheus"
                    + " duration; use e.g. 30s, 26h or 1d12h (units y w d h m s ms, largest first, no fractions)");
        }
        return value;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().enabled(enabled).prometheusNamespace(prometheusNamespace)
                .prometheusPodSelector(prometheusPodSelector).selectorLabels(selectorLabels).scrapeInterval(scrapeInterval)
                .backupMaxAge(backupMaxAge).offsiteMaxAge(offsiteMaxAge).runbookUrl(runbookUrl)
                .exporterResources(exporterResources);
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
        private Resources exporterResources;

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
        public Builder exporterResources(Resources v) { exporterResources = v; return this; }

        public MonitoringProps build() {
            return new MonitoringProps(enabled, prometheusNamespace, prometheusPodSelector, selectorLabels, scrapeInterval,
                    backupMaxAge, offsiteMaxAge, runbookUrl, exporterResources);
        }
    }
}
