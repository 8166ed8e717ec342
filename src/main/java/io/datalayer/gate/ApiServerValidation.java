package io.datalayer.gate;

import static io.datalayer.output.Manifest.list;
import static io.datalayer.output.Manifest.map;
import static io.datalayer.output.Manifest.str;

import io.datalayer.output.Manifest;
import io.datalayer.output.PodTemplate;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the Kubernetes 1.28 API server refuses beyond the schema (its {@code validation.go}), for
 * every kind synth writes, found at synth instead of when GitOps applies {@code dist/}. What
 * {@link ResourceSemantics} already checks (names as DNS-1123 subdomains, object and pod template
 * labels, quantities, container port numbers and names, container and volume name uniqueness, mounts
 * of declared volumes) is not checked again here. One rule per family:
 * <ul>
 *   <li>{@value #NAME}: the name rules of each kind: a DNS-1123 label for Namespaces and
 *       {@code metadata.namespace}, a DNS-1035 label for Services, a DNS-1123 label of at most 52
 *       characters for StatefulSets (pods' host names; the {@code controller-revision-hash} label
 *       {@code <name>-<hash>} must stay within 63) and CronJobs (the Jobs it creates add 11
 *       characters), at most 63 for Jobs (the {@code job-name} label);</li>
 *   <li>{@value #LABELS}: the label keys and values of selectors, claim and job templates;
 *       annotation keys, and all annotations of an object together at most 256 KiB;</li>
 *   <li>{@value #SELECTOR}: a workload's {@code spec.selector} present, not empty, and matching its
 *       template's labels; PodDisruptionBudget and Service selectors not empty; a PodDisruptionBudget
 *       with only one of minAvailable and maxUnavailable;</li>
 *   <li>{@value #RESTART}: Deployment, StatefulSet, DaemonSet and ReplicaSet pods restart Always;
 *       Job and CronJob pods OnFailure or Never;</li>
 *   <li>{@value #CONFIG_MAP}: ConfigMap keys ({@code [-._a-zA-Z0-9]+}, at most 253, not {@code .}
 *       or {@code ..}), no key in both data and binaryData, at most 1 MiB in all;</li>
 *   <li>{@value #PORTS}: Service ports (1-65535, target ports a number or an IANA_SVC_NAME, names
 *       DNS-1123 labels, named when there are several, unique names and port/protocol pairs),
 *       NetworkPolicy ports (endPort only after a numeric port, not below it), probe ports, and a
 *       probe's named port declared by its container;</li>
 *   <li>{@value #PROBES}: exactly one handler; periods, timeouts and thresholds positive; a liveness
 *       or startup probe's successThreshold 1; an exec probe with a command;</li>
 *   <li>{@value #ENV}: environment variable names ({@code [-._a-zA-Z][-._a-zA-Z0-9]*} in 1.28),
 *       {@code value} or {@code valueFrom} but not both, one source per valueFrom, envFrom prefixes;</li>
 *   <li>{@value #VOLUMES}: volume and container names DNS-1123 labels, one source per volume, relative
 *       subPaths without {@code ..};</li>
 *   <li>{@value #NUMBERS}: counts and durations of the controllers not negative (replicas,
 *       revisionHistoryLimit, backoffLimit, history limits, deadlines); a CronJob's schedule of five
 *       fields (or a macro) and a time zone the API server knows.</li>
 * </ul>
 * Findings name the file, the object, the field path and the rule, and quote names and limits only.
 */
public final class ApiServerValidation {
    public static final String NAME = "api-name";
    public static final String LABELS = "api-labels-annotations";
    public static final String SELECTOR = "api-selector";
    public static final String RESTART = "api-restart-policy";
    public static final String CONFIG_MAP = "api-configmap";
    public static final String PORTS = "api-ports";
    public static final String PROBES = "api-probes";
    public static final String ENV = "api-env";
    public static final String VOLUMES = "api-volumes";
    public static final String NUMBERS = "api-controller-fields";

    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern IANA_SVC_NAME = Pattern.compile("(?=.*[a-z])(?!.*--)[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet");
    private static final Set<String> VOLUME_SOURCES = Set.of("hostPath", "emptyDir", "gcePersistentDisk",
            "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd",
            "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume",
            "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
            "ephemeral");
    private static final Set<String> PROBE_HANDLERS = Set.of("exec", "httpGet", "tcpSocket", "grpc");
    private static final Set<String> ENV_SOURCES = Set.of("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef");
    private static final int ANNOTATIONS_MAX = 256 * 1024;
    private static final int CONFIG_MAP_MAX = 1024 * 1024;

    private ApiServerValidation() {
    }

    public static List<Violation> check(List<Manifest> manifests) {
        List<Violation> out = new ArrayList<>();
        for (Manifest m : manifests) {
            if (m.kind() == null || String.valueOf(m.object().get("apiVersion")).startsWith("kustomize.config.k8s.io/")) {
                continue; // kustomization.yaml is kustomize's, never the API server's
            }
            name(m, out);
            metadata(m, "metadata", map(m.object().get("metadata")), out);
            switch (m.kind()) {
                case "ConfigMap" -> configMap(m, out);
                case "Service" -> service(m, out);
                case "PodDisruptionBudget" -> disruptionBudget(m, out);
                case "NetworkPolicy" -> networkPolicy(m, out);
                case "CronJob" -> cronJob(m, out);
                case "Job" -> job(m, "spec", map(m.object().get("spec")), out);
                default -> {
                    if (WORKLOADS.contains(m.kind())) {
                        workload(m, out);
                    }
                }
            }
        }
        for (PodTemplate pod : PodTemplate.all(manifests)) {
            pod(pod, out);
        }
        return out;
    }

    // --- names ----------------------------------------------------------------------------------------

    private static void name(Manifest m, List<Violation> out) {
        String name = m.name();
        String namespace = m.namespace();
        if (namespace != null && !isLabel(namespace, DNS1123_LABEL)) {
            out.add(Violation.of(m, NAME, "metadata.namespace \"" + namespace + "\" is not a DNS-1123 label (at most 63"
                    + " lowercase letters, digits and '-', starting and ending with a letter or digit)"));
        }
        if (name == null || name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
            return; // ResourceSemantics reports a name that is no DNS-1123 subdomain
        }
        String problem = switch (m.kind()) {
            case "Namespace" -> isLabel(name, DNS1123_LABEL) ? null
                    : "a Namespace name must be a DNS-1123 label: at most 63 lowercase letters, digits and '-', no '.'";
            case "Service" -> isLabel(name, DNS1035_LABEL) ? null
                    : "a Service name must be a DNS-1035 label: at most 63 lowercase letters, digits and '-', starting with a"
                    + " letter, no '.'";
            case "StatefulSet" -> isLabel(name, DNS1123_LABEL) && name.length() <= 52 ? null
                    : "a StatefulSet name must be a DNS-1123 label of at most 52 characters: its pods' host names are"
                    + " <name>-<ordinal> and their controller-revision-hash label <name>-<hash> must stay within 63";
            case "CronJob" -> name.length() <= 52 ? null
                    : "a CronJob name must be at most 52 characters: the Jobs it creates add 11 (a dash and the schedule's time)";
            case "Job" -> name.length() <= 63 ? null
                    : "a Job name must be at most 63 characters: it becomes the job-name label of its pods";
            default -> null;
        };
        if (problem != null) {
            out.add(Violation.of(m, NAME, "metadata.name \"" + name + "\" (" + name.length() + " characters): " + problem));
        }
    }

    private static boolean isLabel(String s, Pattern pattern) {
        return s.length() <= 63 && pattern.matcher(s).matches();
    }

    // --- labels, annotations, selectors ---------------------------------------------------------------

    /** The annotations of any metadata (object, pod template, claim or job template); labels of templates. */
    private static void metadata(Manifest m, String at, Map<String, Object> metadata, List<Violation> out) {
        Map<String, Object> annotations = map(metadata.get("annotations"));
        long size = 0;
        for (Map.Entry<String, Object> e : annotations.entrySet()) {
            if (!isQualifiedName(e.getKey())) {
                out.add(Violation.of(m, LABELS, at + ".annotations key \"" + e.getKey() + "\" is not a qualified name"
                        + " ([prefix/]name: a DNS-1123 subdomain of at most 253, then at most 63 letters, digits, '-', '_', '.')"));
            }
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + (e.getValue() == null ? 0 : str(e.getValue()).getBytes(StandardCharsets.UTF_8).length);
        }
        if (size > ANNOTATIONS_MAX) {
            out.add(Violation.of(m, LABELS, at + ".annotations hold " + size + " bytes; the API server takes at most "
                    + ANNOTATIONS_MAX + " (256 KiB) per object"));
        }
    }

    private static boolean isQualifiedName(String key) {
        int slash = key.indexOf('/');
        String prefix = slash >= 0 ? key.substring(0, slash) : null;
        String name = key.substring(slash + 1);
        return name.length() <= 63 && QUALIFIED_NAME.matcher(name).matches() && (prefix == null
                || (!prefix.isEmpty() && prefix.length() <= 253 && SUBDOMAIN.matcher(prefix).matches()));
    }

    /** Labels that ResourceSemantics does not see: of selectors and of claim and job templates. */
    private static void labels(Manifest m, String at, Map<String, Object> labels, List<Violation> out) {
        for (Map.Entry<String, Object> e : labels.entrySet()) {
            String value = str(e.getValue());
            if (!isQualifiedName(e.getKey())) {
                out.add(Violation.of(m, LABELS, at + " key \"" + e.getKey() + "\" is not a valid label key"));
            } else if (value == null || value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
                out.add(Violation.of(m, LABELS, at + "." + e.getKey() + " is not a valid label value: at most 63 letters,"
                        + " digits, '-', '_' and '.', starting and ending with a letter or digit"));
            }
        }
    }

    /** A LabelSelector's keys and values; false when it selects nothing in particular (absent or empty). */
    private static boolean selector(Manifest m, String at, Object node, List<Violation> out) {
        Map<String, Object> selector = map(node);
        labels(m, at + ".matchLabels", map(selector.get("matchLabels")), out);
        List<Object> expressions = list(selector.get("matchExpressions"));
        for (int i = 0; i < expressions.size(); i++) {
            Map<String, Object> e = map(expressions.get(i));
            String key = str(e.get("key"));
            String operator = str(e.get("operator"));
            String where = at + ".matchExpressions[" + i + "]";
            if (key == null || !isQualifiedName(key)) {
                out.add(Violation.of(m, LABELS, where + ".key is not a valid label key"));
            }
            List<Object> values = list(e.get("values"));
            boolean set = "In".equals(operator) || "NotIn".equals(operator);
            if (set && values.isEmpty()) {
                out.add(Violation.of(m, SELECTOR, where + " uses " + operator + " without values; the API server refuses it"));
            } else if (!set && !values.isEmpty()) {
                out.add(Violation.of(m, SELECTOR, where + " uses " + operator + " with values; Exists and DoesNotExist take none"));
            }
            for (int j = 0; j < values.size(); j++) {
                String value = str(values.get(j));
                if (value == null || value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
                    out.add(Violation.of(m, LABELS, where + ".values[" + j + "] is not a valid label value"));
                }
            }
        }
        return !map(selector.get("matchLabels")).isEmpty() || !expressions.isEmpty();
    }

    /** Whether a LabelSelector selects pods with {@code labels}. */
    private static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
        for (Map.Entry<String, Object> e : map(selector.get("matchLabels")).entrySet()) {
            if (!String.valueOf(e.getValue()).equals(str(labels.get(e.getKey())))) {
                return false;
            }
        }
        for (Object o : list(selector.get("matchExpressions"))) {
            Map<String, Object> e = map(o);
            String key = str(e.get("key"));
            List<String> values = list(e.get("values")).stream().map(String::valueOf).toList();
            boolean has = labels.containsKey(key);
            boolean in = has && values.contains(str(labels.get(key)));
            boolean ok = switch (String.valueOf(e.get("operator"))) {
                case "In" -> in;
                case "NotIn" -> !in;
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void workload(Manifest m, List<Violation> out) {
        Map<String, Object> spec = map(m.object().get("spec"));
        Map<String, Object> templateLabels = map(map(map(spec.get("template")).get("metadata")).get("labels"));
        if (!selector(m, "spec.selector", spec.get("selector"), out)) {
            out.add(Violation.of(m, SELECTOR, "spec.selector is missing or empty; a " + m.kind() + " needs a selector"
                    + " that matches spec.template.metadata.labels"));
        } else if (!matches(map(spec.get("selector")), templateLabels)) {
            out.add(Violation.of(m, SELECTOR, "spec.selector does not match spec.template.metadata.labels; the API server"
                    + " refuses a " + m.kind() + " whose pods its selector would not select"));
        }
        nonNegative(m, spec, out, "replicas", "minReadySeconds", "revisionHistoryLimit");
        if ("Deployment".equals(m.kind())) {
            Object deadline = spec.get("progressDeadlineSeconds");
            Object ready = spec.get("minReadySeconds");
            if (deadline instanceof Number d && (d.longValue() <= 0 || (ready instanceof Number r && d.longValue() <= r.longValue()))) {
                out.add(Violation.of(m, NUMBERS, "spec.progressDeadlineSeconds must be positive and above minReadySeconds"));
            }
            Map<String, Object> strategy = map(spec.get("strategy"));
            if ("Recreate".equals(strategy.get("type")) && strategy.get("rollingUpdate") != null) {
                out.add(Violation.of(m, NUMBERS, "spec.strategy.rollingUpdate is set with type Recreate; the API server refuses it"));
            }
        }
        if ("StatefulSet".equals(m.kind())) {
            List<Object> claims = list(spec.get("volumeClaimTemplates"));
            for (int i = 0; i < claims.size(); i++) {
                Map<String, Object> metadata = map(map(claims.get(i)).get("metadata"));
                labels(m, "spec.volumeClaimTemplates[" + i + "].metadata.labels", map(metadata.get("labels")), out);
                metadata(m, "spec.volumeClaimTemplates[" + i + "].metadata", metadata, out);
            }
        }
    }

    private static void disruptionBudget(Manifest m, List<Violation> out) {
        Map<String, Object> spec = map(m.object().get("spec"));
        if (!selector(m, "spec.selector", spec.get("selector"), out)) {
            out.add(Violation.of(m, SELECTOR, "spec.selector is missing or empty: it would guard no pod, or (empty) every"
                    + " pod of the namespace; select the pods of one workload"));
        }
        if (spec.get("minAvailable") != null && spec.get("maxUnavailable") != null) {
            out.add(Violation.of(m, SELECTOR, "spec sets both minAvailable and maxUnavailable; the API server takes one"));
        }
    }

    // --- ConfigMap ------------------------------------------------------------------------------------

    private static void configMap(Manifest m, List<Violation> out) {
        long size = 0;
        Set<String> keys = new HashSet<>();
        for (String field : List.of("data", "binaryData")) {
            for (Map.Entry<String, Object> e : map(m.object().get(field)).entrySet()) {
                String key = e.getKey();
                if (key.length() > 253 || !CONFIG_MAP_KEY.matcher(key).matches() || key.equals(".") || key.equals("..")
                        || key.startsWith("..")) {
                    out.add(Violation.of(m, CONFIG_MAP, field + " key \"" + key + "\" is not a valid ConfigMap key: at most"
                            + " 253 letters, digits, '-', '_' and '.', not '.', '..' or starting with '..'"));
                }
                if (!keys.add(key)) {
                    out.add(Violation.of(m, CONFIG_MAP, "binaryData key \"" + key + "\" is also a data key; the API server"
                            + " refuses a key in both"));
                }
                Object value = e.getValue();
                size += value instanceof byte[] bytes ? bytes.length
                        : "binaryData".equals(field) ? str(value).length() * 3L / 4 // base64 text: the bytes it holds
                        : value == null ? 0 : str(value).getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (size > CONFIG_MAP_MAX) {
            out.add(Violation.of(m, CONFIG_MAP, "data and binaryData hold " + size + " bytes; a ConfigMap holds at most "
                    + CONFIG_MAP_MAX + " (1 MiB)"));
        }
    }

    // --- Service, NetworkPolicy -----------------------------------------------------------------------

    private static void service(Manifest m, List<Violation> out) {
        Map<String, Object> spec = map(m.object().get("spec"));
        String type = str(spec.get("type"));
        Map<String, Object> selector = map(spec.get("selector"));
        labels(m, "spec.selector", selector, out);
        if (selector.isEmpty() && !"ExternalName".equals(type)) {
            out.add(Violation.of(m, SELECTOR, "spec.selector is missing or empty: the Service would select no pod (synth"
                    + " writes no Endpoints); select the pods it serves"));
        }
        List<Object> ports = list(spec.get("ports"));
        Set<String> names = new HashSet<>();
        Set<String> numbers = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            Map<String, Object> port = map(ports.get(i));
            String at = "spec.ports[" + i + "]";
            String name = str(port.get("name"));
            if (name == null || name.isEmpty()) {
                if (ports.size() > 1) {
                    out.add(Violation.of(m, PORTS, at + ".name is missing; a Service with several ports names each one"));
                }
            } else {
                if (!isLabel(name, DNS1123_LABEL)) {
                    out.add(Violation.of(m, PORTS, at + ".name \"" + name + "\" is not a DNS-1123 label"));
                }
                if (!names.add(name)) {
                    out.add(Violation.of(m, PORTS, at + ".name \"" + name + "\" is used twice"));
                }
            }
            Object number = port.get("port");
            if (!isPortNumber(number)) {
                out.add(Violation.of(m, PORTS, at + ".port " + number + " is not a port number (1 to 65535)"));
            } else if (!numbers.add(number + "/" + (port.get("protocol") == null ? "TCP" : port.get("protocol")))) {
                out.add(Violation.of(m, PORTS, at + " repeats port " + number + " with the same protocol"));
            }
            Object target = port.get("targetPort");
            if (target != null) {
                portReference(m, at + ".targetPort", target, out);
            }
        }
    }

    private static void networkPolicy(Manifest m, List<Violation> out) {
        Map<String, Object> spec = map(m.object().get("spec"));
        selector(m, "spec.podSelector", spec.get("podSelector"), out);
        for (String direction : List.of("ingress", "egress")) {
            List<Object> rules = list(spec.get(direction));
            for (int i = 0; i < rules.size(); i++) {
                Map<String, Object> rule = map(rules.get(i));
                String at = "spec." + direction + "[" + i + "]";
                List<Object> peers = list(rule.get("ingress".equals(direction) ? "from" : "to"));
                for (int j = 0; j < peers.size(); j++) {
                    Map<String, Object> peer = map(peers.get(j));
                    String where = at + ("ingress".equals(direction) ? ".from[" : ".to[") + j + "]";
                    for (String s : List.of("podSelector", "namespaceSelector")) {
                        if (peer.containsKey(s)) {
                            selector(m, where + "." + s, peer.get(s), out);
                        }
                    }
                }
                List<Object> ports = list(rule.get("ports"));
                for (int j = 0; j < ports.size(); j++) {
                    Map<String, Object> port = map(ports.get(j));
                    String where = at + ".ports[" + j + "]";
                    Object number = port.get("port");
                    if (number != null) {
                        portReference(m, where + ".port", number, out);
                    }
                    Object end = port.get("endPort");
                    if (end != null && !(number instanceof Number)) {
                        out.add(Violation.of(m, PORTS, where + ".endPort needs a numeric port"));
                    } else if (end != null && (!isPortNumber(end) || ((Number) end).intValue() < ((Number) number).intValue())) {
                        out.add(Violation.of(m, PORTS, where + ".endPort " + end + " must be a port number not below port " + number));
                    }
                }
            }
        }
    }

    private static boolean isPortNumber(Object number) {
        return number instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 1 && n.intValue() <= 65535;
    }

    /** A port given by number (1-65535) or by name (an IANA_SVC_NAME). */
    private static void portReference(Manifest m, String at, Object port, List<Violation> out) {
        if (port instanceof Number) {
            if (!isPortNumber(port)) {
                out.add(Violation.of(m, PORTS, at + " " + port + " is not a port number (1 to 65535)"));
            }
        } else if (!isServiceName(str(port))) {
            out.add(Violation.of(m, PORTS, at + " \"" + port + "\" is neither a port number nor a port name (an IANA_SVC_NAME:"
                    + " at most 15 lowercase letters, digits and '-', a letter among them, no '--')"));
        }
    }

    private static boolean isServiceName(String name) {
        return name != null && name.length() <= 15 && IANA_SVC_NAME.matcher(name).matches();
    }

    // --- Job, CronJob ---------------------------------------------------------------------------------

    private static void cronJob(Manifest m, List<Violation> out) {
        Map<String, Object> spec = map(m.object().get("spec"));
        nonNegative(m, spec, out, "successfulJobsHistoryLimit", "failedJobsHistoryLimit", "startingDeadlineSeconds");
        String schedule = str(spec.get("schedule"));
        String problem = scheduleProblem(schedule);
        if (problem != null) {
            out.add(Violation.of(m, NUMBERS, "spec.schedule " + problem));
        }
        String zone = str(spec.get("timeZone"));
        if (zone != null) {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                out.add(Violation.of(m, NUMBERS, "spec.timeZone \"" + zone + "\" is not a time zone of the tz database"));
            }
            if (schedule != null && (schedule.contains("TZ=") || schedule.contains("CRON_TZ="))) {
                out.add(Violation.of(m, NUMBERS, "spec.schedule sets TZ while spec.timeZone is set; the API server refuses both"));
            }
        }
        Map<String, Object> jobTemplate = map(spec.get("jobTemplate"));
        Map<String, Object> metadata = map(jobTemplate.get("metadata"));
        labels(m, "spec.jobTemplate.metadata.labels", map(metadata.get("labels")), out);
        metadata(m, "spec.jobTemplate.metadata", metadata, out);
        job(m, "spec.jobTemplate.spec", map(jobTemplate.get("spec")), out);
    }

    private static final Pattern CRON_FIELD = Pattern.compile("(\\*|\\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/[0-9]+)?(,(\\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/[0-9]+)?)*");
    private static final int[][] CRON_RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
    private static final Set<String> CRON_MACROS = Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight",
            "@hourly");

    /** Why the API server's cron parser refuses {@code schedule}, or null. */
    static String scheduleProblem(String schedule) {
        if (schedule == null || schedule.isBlank()) {
            return "is missing";
        }
        String s = schedule.trim().replaceFirst("^(CRON_)?TZ=\\S+\\s+", "");
        if (CRON_MACROS.contains(s) || s.startsWith("@every ")) {
            return null;
        }
        String[] fields = s.split("\\s+");
        if (fields.length != 5) {
            return "has " + fields.length + " fields; a schedule has five (minute hour day-of-month month day-of-week) or is a macro";
        }
        for (int i = 0; i < 5; i++) {
            if (!CRON_FIELD.matcher(fields[i]).matches()) {
                return "field " + (i + 1) + " \"" + fields[i] + "\" is not a cron field";
            }
            for (String part : fields[i].split("[,/-]")) {
                if (part.matches("[0-9]+") && fields[i].indexOf("/" + part) < 0) {
                    int n = Integer.parseInt(part);
                    if (n < CRON_RANGES[i][0] || n > CRON_RANGES[i][1]) {
                        return "field " + (i + 1) + " \"" + fields[i] + "\" is outside " + CRON_RANGES[i][0] + "-" + CRON_RANGES[i][1];
                    }
                }
            }
        }
        return null;
    }

    private static void job(Manifest m, String at, Map<String, Object> spec, List<Violation> out) {
        for (String field : List.of("backoffLimit", "completions", "parallelism", "ttlSecondsAfterFinished")) {
            if (spec.get(field) instanceof Number n && n.longValue() < 0) {
                out.add(Violation.of(m, NUMBERS, at + "." + field + " is " + n + "; it must not be negative"));
            }
        }
        if (spec.get("activeDeadlineSeconds") instanceof Number n && n.longValue() <= 0) {
            out.add(Violation.of(m, NUMBERS, at + ".activeDeadlineSeconds is " + n + "; it must be positive"));
        }
    }

    private static void nonNegative(Manifest m, Map<String, Object> spec, List<Violation> out, String... fields) {
        for (String field : fields) {
            if (spec.get(field) instanceof Number n && n.longValue() < 0) {
                out.add(Violation.of(m, NUMBERS, "spec." + field + " is " + n + "; it must not be negative"));
            }
        }
    }

    // --- pods -----------------------------------------------------------------------------------------

    private static void pod(PodTemplate pod, List<Violation> out) {
        Manifest m = pod.owner();
        String base = switch (m.kind()) {
            case "Pod" -> "spec";
            case "CronJob" -> "spec.jobTemplate.spec.template.spec";
            default -> "spec.template.spec";
        };
        if (!"Pod".equals(m.kind())) {
            metadata(m, base.substring(0, base.length() - ".spec".length()) + ".metadata", pod.metadata(), out);
        }
        String restart = str(pod.spec().get("restartPolicy"));
        if (WORKLOADS.contains(m.kind()) && restart != null && !"Always".equals(restart)) {
            out.add(Violation.of(m, RESTART, base + ".restartPolicy is " + restart + "; a " + m.kind() + "'s pods must"
                    + " restart Always"));
        } else if (("Job".equals(m.kind()) || "CronJob".equals(m.kind())) && !"OnFailure".equals(restart) && !"Never".equals(restart)) {
            out.add(Violation.of(m, RESTART, base + ".restartPolicy is " + (restart == null ? "not set (Always)" : restart)
                    + "; a Job's pods must restart OnFailure or Never"));
        }
        if (pod.spec().get("terminationGracePeriodSeconds") instanceof Number n && n.longValue() < 0) {
            out.add(Violation.of(m, NUMBERS, base + ".terminationGracePeriodSeconds is " + n + "; it must not be negative"));
        }
        List<Object> volumes = list(pod.spec().get("volumes"));
        for (int i = 0; i < volumes.size(); i++) {
            Map<String, Object> volume = map(volumes.get(i));
            String name = str(volume.get("name"));
            String at = base + ".volumes[" + i + "]";
            if (name == null || !isLabel(name, DNS1123_LABEL)) {
                out.add(Violation.of(m, VOLUMES, at + ".name " + (name == null ? "is missing" : "\"" + name + "\" is not a"
                        + " DNS-1123 label (at most 63 lowercase letters, digits and '-')")));
            }
            long sources = volume.keySet().stream().filter(VOLUME_SOURCES::contains).count();
            if (sources != 1) {
                out.add(Violation.of(m, VOLUMES, at + " has " + sources + " volume sources; a volume has exactly one"));
            }
        }
        for (PodTemplate.Container c : pod.containers()) {
            container(m, base, c, out);
        }
    }

    private static void container(Manifest m, String base, PodTemplate.Container c, List<Violation> out) {
        String name = c.name();
        if (name == null || !isLabel(name, DNS1123_LABEL)) {
            out.add(Violation.of(m, VOLUMES, c.where() + " name is not a DNS-1123 label (at most 63 lowercase letters,"
                    + " digits and '-')"));
        }
        Set<String> portNames = new HashSet<>();
        for (Object p : list(c.spec().get("ports"))) {
            String portName = str(map(p).get("name"));
            if (portName != null) {
                portNames.add(portName);
            }
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (c.spec().get(probe) != null) {
                probe(m, c, probe, map(c.spec().get(probe)), portNames, out);
            }
        }
        env(m, c, out);
        List<Object> mounts = list(c.spec().get("volumeMounts"));
        for (int i = 0; i < mounts.size(); i++) {
            String subPath = str(map(mounts.get(i)).get("subPath"));
            if (subPath != null && (subPath.startsWith("/") || List.of(subPath.split("/")).contains(".."))) {
                out.add(Violation.of(m, VOLUMES, c.where() + " volumeMounts[" + i + "].subPath must be a relative path"
                        + " without '..'"));
            }
        }
    }

    private static void probe(Manifest m, PodTemplate.Container c, String kind, Map<String, Object> probe, Set<String> portNames,
                              List<Violation> out) {
        String at = c.where() + " " + kind;
        List<String> handlers = probe.keySet().stream().filter(PROBE_HANDLERS::contains).toList();
        if (handlers.size() != 1) {
            out.add(Violation.of(m, PROBES, at + " has " + handlers.size() + " handlers " + handlers + "; a probe has exactly"
                    + " one of exec, httpGet, tcpSocket, grpc"));
        }
        for (String field : List.of("periodSeconds", "timeoutSeconds", "successThreshold", "failureThreshold")) {
            if (probe.get(field) instanceof Number n && n.longValue() < 1) {
                out.add(Violation.of(m, PROBES, at + "." + field + " is " + n + "; it must be at least 1"));
            }
        }
        if (probe.get("initialDelaySeconds") instanceof Number n && n.longValue() < 0) {
            out.add(Violation.of(m, PROBES, at + ".initialDelaySeconds is " + n + "; it must not be negative"));
        }
        if (probe.get("terminationGracePeriodSeconds") instanceof Number n && n.longValue() <= 0) {
            out.add(Violation.of(m, PROBES, at + ".terminationGracePeriodSeconds is " + n + "; it must be positive"));
        }
        Object success = probe.get("successThreshold");
        if (!"readinessProbe".equals(kind) && success instanceof Number n && n.longValue() != 1) {
            out.add(Violation.of(m, PROBES, at + ".successThreshold is " + n + "; a " + kind + "'s must be 1"));
        }
        if (probe.containsKey("exec") && list(map(probe.get("exec")).get("command")).isEmpty()) {
            out.add(Violation.of(m, PROBES, at + ".exec.command is missing or empty"));
        }
        for (String handler : List.of("httpGet", "tcpSocket", "grpc")) {
            if (probe.containsKey(handler)) {
                Object port = map(probe.get(handler)).get("port");
                if (port == null) {
                    out.add(Violation.of(m, PORTS, at + "." + handler + ".port is missing"));
                } else if ("grpc".equals(handler) && !(port instanceof Number)) {
                    out.add(Violation.of(m, PORTS, at + ".grpc.port must be a number"));
                } else {
                    portReference(m, at + "." + handler + ".port", port, out);
                    if (!(port instanceof Number) && isServiceName(str(port)) && !portNames.contains(str(port))) {
                        out.add(Violation.of(m, PORTS, at + "." + handler + ".port \"" + port + "\" names no port of "
                                + c.where() + "; the kubelet could not resolve it"));
                    }
                }
            }
        }
    }

    private static void env(Manifest m, PodTemplate.Container c, List<Violation> out) {
        List<Object> env = list(c.spec().get("env"));
        for (int i = 0; i < env.size(); i++) {
            Map<String, Object> e = map(env.get(i));
            String name = str(e.get("name"));
            String at = c.where() + " env[" + i + "]";
            if (name == null || !ENV_NAME.matcher(name).matches()) {
                out.add(Violation.of(m, ENV, at + ".name " + (name == null ? "is missing" : "\"" + name + "\" is not a valid"
                        + " environment variable name (letters, digits, '_', '-', '.', not starting with a digit)")));
            }
            if (e.containsKey("value") && e.get("valueFrom") != null) {
                out.add(Violation.of(m, ENV, at + " (" + name + ") sets both value and valueFrom"));
            }
            if (e.get("valueFrom") != null) {
                long sources = map(e.get("valueFrom")).keySet().stream().filter(ENV_SOURCES::contains).count();
                if (sources != 1) {
                    out.add(Violation.of(m, ENV, at + " (" + name + ") valueFrom has " + sources + " sources; it takes exactly one"));
                }
            }
        }
        List<Object> envFrom = list(c.spec().get("envFrom"));
        for (int i = 0; i < envFrom.size(); i++) {
            String prefix = str(map(envFrom.get(i)).get("prefix"));
            if (prefix != null && !prefix.isEmpty() && !ENV_NAME.matcher(prefix).matches()) {
                out.add(Violation.of(m, ENV, c.where() + " envFrom[" + i + "].prefix \"" + prefix + "\" is not a valid"
                        + " environment variable name"));
            }
        }
    }
}
