package io.datalayer.gate;

import static io.datalayer.testing.LayerFixture.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datalayer.output.Manifest;
import io.datalayer.testing.LayerFixture;
import io.datalayer.validation.FreshSynth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * One object that breaks each rule of {@link ApiServerValidation} (the review's four first) and one
 * that passes, on the known-good layer plus a Deployment, a ConfigMap and a PodDisruptionBudget that
 * pass every rule; each test breaks exactly one field and pins the message.
 */
class ApiServerValidationTest {
    private static final String F = LayerFixture.FILE + ": ";
    private static final String X = LayerFixture.EXTRA + ": ";
    private static final String CRON_POD = "spec.jobTemplate.spec.template.spec.";
    private static final String DEPLOY_POD = "spec.template.spec.";
    private static final String EXTRA = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: exporter, namespace: data, annotations: {note: exporter}}
            spec:
              replicas: 1
              selector: {matchLabels: {app: exporter}}
              template:
                metadata: {labels: {app: exporter, tier: metrics}, annotations: {checksum/config: abc}}
                spec:
                  containers:
                    - name: exporter
                      image: exporter:1.2.3
                      ports: [{name: metrics, containerPort: 9187}]
                      env: [{name: LOG_LEVEL, value: info}, {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]
                      readinessProbe: {httpGet: {path: /, port: metrics}, periodSeconds: 10, successThreshold: 2}
                      livenessProbe: {tcpSocket: {port: 9187}, successThreshold: 1}
                      volumeMounts: [{name: tmp, mountPath: /tmp, subPath: exporter}]
                  volumes: [{name: tmp, emptyDir: {}}]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: db-config, namespace: data}
            data: {postgresql.conf: "shared_buffers = 128MB", pg_hba-conf: "host all all all scram-sha-256"}
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: db, namespace: data}
            spec: {maxUnavailable: 0, selector: {matchLabels: {app: db}}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: exporter-ingress, namespace: data}
            spec:
              podSelector: {matchLabels: {app: exporter}}
              policyTypes: [Ingress]
              ingress: [{ports: [{port: 9000, endPort: 9200, protocol: TCP}]}]
            """;

    private static LayerFixture layer() {
        return LayerFixture.good().add(EXTRA);
    }

    private static List<String> check(LayerFixture f) {
        return lines(ApiServerValidation.check(f.manifests()));
    }

    private static void refused(UnaryOperator<LayerFixture> breakIt, String... expected) {
        assertEquals(List.of(expected), check(breakIt.apply(layer())));
    }

    private static void passes(UnaryOperator<LayerFixture> change) {
        assertEquals(List.of(), check(change.apply(layer())));
    }

    @Test
    void theGoodLayerAndTheExtrasPass() {
        passes(f -> f);
    }

    @Test
    void theOutputOfSynthPasses() {
        assertEquals(List.of(), lines(ApiServerValidation.check(Manifest.readAll(FreshSynth.dir()))));
    }

    // --- the review's four

    @Test
    void aDeploymentWhoseSelectorDoesNotMatchItsPodLabels() {
        refused(f -> f.set("Deployment/exporter", "spec.selector.matchLabels.app", "exporter-v2"),
                X + "Deployment/exporter: api-selector: spec.selector does not match spec.template.metadata.labels; the API"
                        + " server refuses a Deployment whose pods its selector would not select");
        passes(f -> f.set("Deployment/exporter", "spec.selector", Map.of("matchExpressions",
                List.of(Map.of("key", "tier", "operator", "In", "values", List.of("metrics", "web"))))));
    }

    @Test
    void aCronJobNameOf53Characters() {
        String name = "b".repeat(53);
        refused(f -> f.set("CronJob/db-backup", "metadata.name", name),
                F + "CronJob/" + name + ": api-name: metadata.name \"" + name + "\" (53 characters): a CronJob name must be at"
                        + " most 52 characters: the Jobs it creates add 11 (a dash and the schedule's time)");
        passes(f -> f.set("CronJob/db-backup", "metadata.name", "b".repeat(52)));
    }

    @Test
    void aCronJobPodThatRestartsAlways() {
        refused(f -> f.set("CronJob/db-backup", CRON_POD + "restartPolicy", "Always"),
                F + "CronJob/db-backup: api-restart-policy: " + CRON_POD + "restartPolicy is Always; a Job's pods must restart"
                        + " OnFailure or Never");
        refused(f -> f.remove("CronJob/db-backup", CRON_POD + "restartPolicy"),
                F + "CronJob/db-backup: api-restart-policy: " + CRON_POD + "restartPolicy is not set (Always); a Job's pods"
                        + " must restart OnFailure or Never");
        passes(f -> f.set("CronJob/db-backup", CRON_POD + "restartPolicy", "OnFailure"));
    }

    @Test
    void aConfigMapKeyWithASpace() {
        refused(f -> f.set("ConfigMap/db-config", "data", Map.of("pg hba.conf", "x")),
                X + "ConfigMap/db-config: api-configmap: data key \"pg hba.conf\" is not a valid ConfigMap key: at most 253"
                        + " letters, digits, '-', '_' and '.', not '.', '..' or starting with '..'");
        passes(f -> f.set("ConfigMap/db-config", "data", Map.of("pg_hba.conf", "x", "my-key_1.conf", "y")));
    }

    // --- one family at a time

    @Test
    void namesPerKind() {
        refused(f -> f.set("Service/db", "metadata.name", "1db"),
                F + "Service/1db: api-name: metadata.name \"1db\" (3 characters): a Service name must be a DNS-1035 label: at"
                        + " most 63 lowercase letters, digits and '-', starting with a letter, no '.'");
        refused(f -> f.set("StatefulSet/db", "metadata.name", "db.primary"),
                F + "StatefulSet/db.primary: api-name: metadata.name \"db.primary\" (10 characters): a StatefulSet name must be"
                        + " a DNS-1123 label of at most 52 characters: its pods' host names are <name>-<ordinal> and their"
                        + " controller-revision-hash label <name>-<hash> must stay within 63");
        refused(f -> f.set("Namespace/data", "metadata.name", "data.layer"),
                F + "Namespace/data.layer: api-name: metadata.name \"data.layer\" (10 characters): a Namespace name must be a"
                        + " DNS-1123 label: at most 63 lowercase letters, digits and '-', no '.'");
        refused(f -> f.set("ServiceAccount/eso-vault", "metadata.namespace", "Data"),
                F + "ServiceAccount/eso-vault: api-name: metadata.namespace \"Data\" is not a DNS-1123 label (at most 63"
                        + " lowercase letters, digits and '-', starting and ending with a letter or digit)");
        passes(f -> f.set("ConfigMap/db-config", "metadata.name", "db.config-" + "x".repeat(60))
                .set("StatefulSet/db", "metadata.name", "d".repeat(52)));
    }

    @Test
    void labelsOfSelectorsAndAnnotations() {
        refused(f -> f.set("PodDisruptionBudget/db", "spec.selector.matchLabels.app", "-db-"),
                X + "PodDisruptionBudget/db: api-labels-annotations: spec.selector.matchLabels.app is not a valid label value:"
                        + " at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
        refused(f -> f.set("Deployment/exporter", "metadata.annotations", Map.of("bad key", "x")),
                X + "Deployment/exporter: api-labels-annotations: metadata.annotations key \"bad key\" is not a qualified name"
                        + " ([prefix/]name: a DNS-1123 subdomain of at most 253, then at most 63 letters, digits, '-', '_', '.')");
        refused(f -> f.set("Deployment/exporter", "spec.template.metadata.annotations", Map.of("big", "x".repeat(256 * 1024))),
                X + "Deployment/exporter: api-labels-annotations: spec.template.metadata.annotations hold 262147 bytes; the"
                        + " API server takes at most 262144 (256 KiB) per object");
        passes(f -> f.set("Deployment/exporter", "metadata.annotations", Map.of("example.org/big", "x".repeat(200 * 1024))));
    }

    @Test
    void selectorsThatSelectNothing() {
        refused(f -> f.set("PodDisruptionBudget/db", "spec.selector", Map.of()),
                X + "PodDisruptionBudget/db: api-selector: spec.selector is missing or empty: it would guard no pod, or (empty)"
                        + " every pod of the namespace; select the pods of one workload");
        refused(f -> f.remove("Service/db", "spec.selector"),
                F + "Service/db: api-selector: spec.selector is missing or empty: the Service would select no pod (synth writes"
                        + " no Endpoints); select the pods it serves");
        refused(f -> f.remove("StatefulSet/db", "spec.selector"),
                F + "StatefulSet/db: api-selector: spec.selector is missing or empty; a StatefulSet needs a selector that"
                        + " matches spec.template.metadata.labels");
        refused(f -> f.set("PodDisruptionBudget/db", "spec.minAvailable", 1),
                X + "PodDisruptionBudget/db: api-selector: spec sets both minAvailable and maxUnavailable; the API server takes"
                        + " one");
        passes(f -> f.remove("PodDisruptionBudget/db", "spec.maxUnavailable").set("PodDisruptionBudget/db", "spec.minAvailable", 1));
    }

    @Test
    void restartPoliciesOfLongRunningWorkloads() {
        refused(f -> f.set("Deployment/exporter", DEPLOY_POD + "restartPolicy", "OnFailure"),
                X + "Deployment/exporter: api-restart-policy: " + DEPLOY_POD + "restartPolicy is OnFailure; a Deployment's"
                        + " pods must restart Always");
        passes(f -> f.set("Deployment/exporter", DEPLOY_POD + "restartPolicy", "Always"));
    }

    @Test
    void configMapSize() {
        refused(f -> f.set("ConfigMap/db-config", "data", Map.of("a", "x".repeat(600 * 1024), "b", "y".repeat(500 * 1024))),
                X + "ConfigMap/db-config: api-configmap: data and binaryData hold 1126400 bytes; a ConfigMap holds at most"
                        + " 1048576 (1 MiB)");
        passes(f -> f.set("ConfigMap/db-config", "data", Map.of("a", "x".repeat(1000 * 1024))));
    }

    @Test
    void portsOfServicesPoliciesAndProbes() {
        Map<String, Object> port = new LinkedHashMap<>(Map.of("name", "pg", "port", 5432, "targetPort", "postgresql-server"));
        refused(f -> f.set("Service/db", "spec.ports[0]", port),
                F + "Service/db: api-ports: spec.ports[0].targetPort \"postgresql-server\" is neither a port number nor a port"
                        + " name (an IANA_SVC_NAME: at most 15 lowercase letters, digits and '-', a letter among them, no '--')");
        refused(f -> f.set("Service/db", "spec.ports[0]", Map.of("name", "pg", "port", 0)),
                F + "Service/db: api-ports: spec.ports[0].port 0 is not a port number (1 to 65535)");
        refused(f -> f.set("Deployment/exporter", DEPLOY_POD + "containers[0].readinessProbe.httpGet.port", "web"),
                X + "Deployment/exporter: api-ports: container \"exporter\" readinessProbe.httpGet.port \"web\" names no port of"
                        + " container \"exporter\"; the kubelet could not resolve it");
        refused(f -> f.set("NetworkPolicy/exporter-ingress", "spec.ingress[0].ports[0].endPort", 8000),
                X + "NetworkPolicy/exporter-ingress: api-ports: spec.ingress[0].ports[0].endPort 8000 must be a port number not"
                        + " below port 9000");
        passes(f -> f.set("Service/db", "spec.ports[0]", Map.of("name", "pg", "port", 5432, "targetPort", 5432)));
    }

    @Test
    void probes() {
        String probe = DEPLOY_POD + "containers[0].livenessProbe";
        refused(f -> f.set("Deployment/exporter", probe + ".exec", Map.of("command", List.of("true"))),
                X + "Deployment/exporter: api-probes: container \"exporter\" livenessProbe has 2 handlers [tcpSocket, exec]; a"
                        + " probe has exactly one of exec, httpGet, tcpSocket, grpc");
        refused(f -> f.set("Deployment/exporter", probe + ".successThreshold", 2),
                X + "Deployment/exporter: api-probes: container \"exporter\" livenessProbe.successThreshold is 2; a"
                        + " livenessProbe's must be 1");
        refused(f -> f.set("Deployment/exporter", probe + ".periodSeconds", 0),
                X + "Deployment/exporter: api-probes: container \"exporter\" livenessProbe.periodSeconds is 0; it must be at"
                        + " least 1");
        passes(f -> f.set("Deployment/exporter", probe + ".periodSeconds", 1).set("Deployment/exporter", probe + ".failureThreshold", 5));
    }

    @Test
    void environmentVariables() {
        String env = DEPLOY_POD + "containers[0].env[0]";
        refused(f -> f.set("Deployment/exporter", env, Map.of("name", "1LOG", "value", "info")),
                X + "Deployment/exporter: api-env: container \"exporter\" env[0].name \"1LOG\" is not a valid environment variable"
                        + " name (letters, digits, '_', '-', '.', not starting with a digit)");
        refused(f -> f.set("Deployment/exporter", env, Map.of("name", "LOG=LEVEL", "value", "info")),
                X + "Deployment/exporter: api-env: container \"exporter\" env[0].name \"LOG=LEVEL\" is not a valid environment"
                        + " variable name (letters, digits, '_', '-', '.', not starting with a digit)");
        refused(f -> f.set("Deployment/exporter", env, Map.of("name", "LOG", "value", "info",
                        "valueFrom", Map.of("fieldRef", Map.of("fieldPath", "metadata.name")))),
                X + "Deployment/exporter: api-env: container \"exporter\" env[0] (LOG) sets both value and valueFrom");
        passes(f -> f.set("Deployment/exporter", env, Map.of("name", "log.level-name", "value", "info")));
    }

    @Test
    void volumesAndContainerNames() {
        refused(f -> f.set("Deployment/exporter", DEPLOY_POD + "volumes[0]", Map.of("name", "Tmp_Dir", "emptyDir", Map.of())),
                X + "Deployment/exporter: api-volumes: " + DEPLOY_POD + "volumes[0].name \"Tmp_Dir\" is not a DNS-1123 label (at"
                        + " most 63 lowercase letters, digits and '-')");
        refused(f -> f.set("Deployment/exporter", DEPLOY_POD + "volumes[0]", Map.of("name", "tmp", "emptyDir", Map.of(),
                        "configMap", Map.of("name", "db-config"))),
                X + "Deployment/exporter: api-volumes: " + DEPLOY_POD + "volumes[0] has 2 volume sources; a volume has exactly"
                        + " one");
        refused(f -> f.set("Deployment/exporter", DEPLOY_POD + "containers[0].volumeMounts[0].subPath", "../etc"),
                X + "Deployment/exporter: api-volumes: container \"exporter\" volumeMounts[0].subPath must be a relative path"
                        + " without '..'");
        refused(f -> f.set("Deployment/exporter", DEPLOY_POD + "containers[0].name", "Exporter"),
                X + "Deployment/exporter: api-volumes: container \"Exporter\" name is not a DNS-1123 label (at most 63 lowercase"
                        + " letters, digits and '-')");
        passes(f -> f.set("Deployment/exporter", DEPLOY_POD + "volumes[0]", Map.of("name", "tmp-2", "emptyDir", Map.of()))
                .set("Deployment/exporter", DEPLOY_POD + "containers[0].volumeMounts[0].name", "tmp-2"));
    }

    @Test
    void controllerCountsAndSchedules() {
        refused(f -> f.set("Deployment/exporter", "spec.replicas", -1),
                X + "Deployment/exporter: api-controller-fields: spec.replicas is -1; it must not be negative");
        refused(f -> f.set("CronJob/db-backup", "spec.jobTemplate.spec.backoffLimit", -1),
                F + "CronJob/db-backup: api-controller-fields: spec.jobTemplate.spec.backoffLimit is -1; it must not be negative");
        refused(f -> f.set("CronJob/db-backup", "spec.schedule", "61 3 * * *"),
                F + "CronJob/db-backup: api-controller-fields: spec.schedule field 1 \"61\" is outside 0-59");
        refused(f -> f.set("CronJob/db-backup", "spec.schedule", "0 3 * *"),
                F + "CronJob/db-backup: api-controller-fields: spec.schedule has 4 fields; a schedule has five (minute hour"
                        + " day-of-month month day-of-week) or is a macro");
        refused(f -> f.set("CronJob/db-backup", "spec.timeZone", "Mars/Olympus"),
                F + "CronJob/db-backup: api-controller-fields: spec.timeZone \"Mars/Olympus\" is not a time zone of the tz"
                        + " database");
        passes(f -> f.set("CronJob/db-backup", "spec.schedule", "*/15 1-5,22 * JAN-DEC mon-fri")
                .set("CronJob/db-backup", "spec.timeZone", "Europe/Berlin"));
        passes(f -> f.set("CronJob/db-backup", "spec.schedule", "@daily"));
    }
}
