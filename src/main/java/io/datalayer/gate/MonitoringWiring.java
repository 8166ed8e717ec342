package io.datalayer.gate;

import static io.datalayer.output.Manifest.list;
import static io.datalayer.output.Manifest.map;
import static io.datalayer.output.Manifest.str;

import io.datalayer.output.Manifest;
import io.datalayer.output.PodTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * prometheus-operator's objects as they must be to do their job, checked on every synth (the
 * schema check only sees their shape):
 * <ul>
 *   <li>{@value #SCRAPE_TARGET}: each ServiceMonitor endpoint names a port of a Service it selects in
 *       this environment's output (the gate runs each rule per environment, see {@link Policies}),
 *       and a NetworkPolicy admits traffic from another namespace (Prometheus runs in its own) to
 *       that Service's pods on that port. Otherwise the target is silently missing or down;</li>
 *   <li>{@value #ALERT_COMPLETE}: each alert has a severity ({@code critical} or {@code warning}), a
 *       {@code for:} (one failed scrape must not page), a summary and a {@code runbook_url} with a
 *       section anchor. Its PromQL syntax is checked by {@code scripts/check-promql.mjs} with
 *       Prometheus' own grammar, which has no Java port;</li>
 *   <li>{@value #BACKUP_WATCHED}: where the output has alerts, every scheduled backup CronJob (label
 *       {@code app.kubernetes.io/component: backup}: a store's backup and its off-site sync) is named by
 *       some alert's expression ({@code cronjob="<name>"}), so a store that forgets to register its
 *       backup with the alerts fails the synth instead of failing silently at night.</li>
 * </ul>
 */
public final class MonitoringWiring {
    public static final String SCRAPE_TARGET = "servicemonitor-target";
    public static final String ALERT_COMPLETE = "alert-complete";
    public static final String BACKUP_WATCHED = "backup-watched";
    private static final Set<String> SEVERITIES = Set.of("critical", "warning");

    private MonitoringWiring() {
    }

    public static List<Violation> check(List<Manifest> manifests) {
        List<Violation> out = new ArrayList<>();
        for (Manifest m : manifests) {
            if ("ServiceMonitor".equals(m.kind())) {
                serviceMonitor(m, manifests, out);
            } else if ("PrometheusRule".equals(m.kind())) {
                rules(m, out);
            }
        }
        backupsWatched(manifests, out);
        return out;
    }

    /** Every scheduled backup CronJob of a namespace with alerts is named by an alert there. */
    private static void backupsWatched(List<Manifest> manifests, List<Violation> out) {
        for (Manifest cron : manifests) {
            Map<String, Object> spec = map(cron.object().get("spec"));
            if (!"CronJob".equals(cron.kind()) || Boolean.TRUE.equals(spec.get("suspend"))
                    || !"backup".equals(map(map(cron.object().get("metadata")).get("labels")).get("app.kubernetes.io/component"))) {
                continue;
            }
            List<Manifest> ruleSets = manifests.stream()
                    .filter(r -> "PrometheusRule".equals(r.kind()) && Objects.equals(r.namespace(), cron.namespace())).toList();
            if (ruleSets.isEmpty()) {
                continue; // monitoring is off for this output
            }
            String named = "cronjob=\"" + cron.name() + "\"";
            boolean watched = ruleSets.stream().flatMap(r -> list(map(r.object().get("spec")).get("groups")).stream())
                    .flatMap(g -> list(map(g).get("rules")).stream())
                    .anyMatch(r -> map(r).get("alert") != null && String.valueOf(map(r).get("expr")).contains(named));
            if (!watched) {
                out.add(Violation.of(cron, BACKUP_WATCHED, "no alert watches this backup CronJob; register it with the"
                        + " environment's alerts (StoreContext.alerts().backup(...)) so a backup that stops is paged"));
            }
        }
    }

    private static void serviceMonitor(Manifest monitor, List<Manifest> manifests, List<Violation> out) {
        Map<String, Object> spec = map(monitor.object().get("spec"));
        List<Object> names = list(map(spec.get("namespaceSelector")).get("matchNames"));
        List<Manifest> services = manifests.stream()
                .filter(s -> "Service".equals(s.kind()))
                .filter(s -> names.isEmpty() ? Objects.equals(s.namespace(), monitor.namespace()) : names.contains(s.namespace()))
                .filter(s -> NetworkIsolation.selects(map(spec.get("selector")), map(map(s.object().get("metadata")).get("labels"))))
                .toList();
        if (services.isEmpty()) {
            out.add(Violation.of(monitor, SCRAPE_TARGET, "selects no Service of this output; Prometheus would scrape nothing"));
            return;
        }
        List<PodTemplate> pods = PodTemplate.all(manifests);
        for (Object e : list(spec.get("endpoints"))) {
            String portName = str(map(e).get("port"));
            for (Manifest svc : services) {
                Map<String, Object> port = list(map(svc.object().get("spec")).get("ports")).stream().map(Manifest::map)
                        .filter(p -> Objects.equals(p.get("name"), portName)).findFirst().orElse(null);
                if (port == null) {
                    out.add(Violation.of(monitor, SCRAPE_TARGET, "endpoint port \"" + portName + "\" is not a port of "
                            + svc.ref() + "; name one of its ports"));
                    continue;
                }
                Map<String, Object> selector = map(map(svc.object().get("spec")).get("selector"));
                for (PodTemplate pod : pods) {
                    if (!Objects.equals(pod.owner().namespace(), svc.namespace()) || !pod.labels().entrySet().containsAll(selector.entrySet())) {
                        continue;
                    }
                    Object target = port.getOrDefault("targetPort", port.get("port"));
                    boolean fromOutside = manifests.stream()
                            .filter(np -> "NetworkPolicy".equals(np.kind()) && Objects.equals(np.namespace(), svc.namespace()))
                            .filter(MonitoringWiring::admitsOtherNamespaces)
                            .anyMatch(np -> NetworkIsolation.admits(np, pod.labels(),
                                    target instanceof Number n ? n.intValue() : containerPort(pod, target),
                                    target instanceof String s ? s : null, "TCP"));
                    if (!fromOutside) {
                        out.add(Violation.of(monitor, SCRAPE_TARGET, "no NetworkPolicy admits Prometheus (another namespace)"
                                + " to port " + portName + " of " + pod.owner().ref() + " behind " + svc.ref()));
                    }
                }
            }
        }
    }

    /** Some ingress rule of the policy has a peer with a namespaceSelector (other namespaces). */
    private static boolean admitsOtherNamespaces(Manifest policy) {
        for (Object r : list(map(policy.object().get("spec")).get("ingress"))) {
            for (Object peer : list(map(r).get("from"))) {
                if (map(peer).containsKey("namespaceSelector")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Integer containerPort(PodTemplate pod, Object name) {
        for (PodTemplate.Container c : pod.containers()) {
            for (Object p : list(c.spec().get("ports"))) {
                if (Objects.equals(map(p).get("name"), name) && map(p).get("containerPort") instanceof Number n) {
                    return n.intValue();
                }
            }
        }
        return null;
    }

    private static void rules(Manifest rule, List<Violation> out) {
        for (Object g : list(map(rule.object().get("spec")).get("groups"))) {
            for (Object r : list(map(g).get("rules"))) {
                Map<String, Object> alert = map(r);
                if (alert.get("alert") == null) {
                    continue; // a recording rule
                }
                String at = "alert " + str(map(g).get("name")) + "/" + str(alert.get("alert")) + ": ";
                if (!SEVERITIES.contains(str(map(alert.get("labels")).get("severity")))) {
                    out.add(Violation.of(rule, ALERT_COMPLETE, at + "labels.severity must be critical or warning"));
                }
                if (alert.get("for") == null) {
                    out.add(Violation.of(rule, ALERT_COMPLETE, at + "no for:; one failed scrape would page"));
                }
                Map<String, Object> annotations = map(alert.get("annotations"));
                if (str(annotations.get("summary")) == null) {
                    out.add(Violation.of(rule, ALERT_COMPLETE, at + "annotations.summary is missing"));
                }
                String url = str(annotations.get("runbook_url"));
                if (url == null || !url.matches("^https?://[^\\s#]+#[a-z0-9-]+$")) {
                    out.add(Violation.of(rule, ALERT_COMPLETE, at + "annotations.runbook_url must link a runbook section"
                            + " (http(s)://...#anchor)"));
                }
            }
        }
    }
}
