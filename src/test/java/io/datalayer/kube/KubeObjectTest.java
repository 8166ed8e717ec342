package io.datalayer.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imports.com.coreos.monitoring.PrometheusRule;
import imports.com.coreos.monitoring.PrometheusRuleProps;
import imports.com.coreos.monitoring.PrometheusRuleSpec;
import imports.com.coreos.monitoring.PrometheusRuleSpecGroups;
import imports.com.coreos.monitoring.PrometheusRuleSpecGroupsRules;
import imports.com.coreos.monitoring.ServiceMonitor;
import imports.com.coreos.monitoring.ServiceMonitorProps;
import imports.com.coreos.monitoring.ServiceMonitorSpec;
import imports.com.coreos.monitoring.ServiceMonitorSpecEndpoints;
import imports.com.coreos.monitoring.ServiceMonitorSpecNamespaceSelector;
import imports.com.coreos.monitoring.ServiceMonitorSpecSelector;
import imports.io.external_secrets.ExternalSecret;
import imports.io.external_secrets.ExternalSecretProps;
import imports.io.external_secrets.ExternalSecretSpec;
import imports.io.external_secrets.ExternalSecretSpecData;
import imports.io.external_secrets.ExternalSecretSpecDataRemoteRef;
import imports.io.external_secrets.ExternalSecretSpecDataRemoteRefConversionStrategy;
import imports.io.external_secrets.ExternalSecretSpecDataRemoteRefDecodingStrategy;
import imports.io.external_secrets.ExternalSecretSpecSecretStoreRef;
import imports.io.external_secrets.ExternalSecretSpecSecretStoreRefKind;
import imports.io.external_secrets.ExternalSecretSpecTarget;
import imports.io.external_secrets.ExternalSecretSpecTargetCreationPolicy;
import io.datalayer.testing.Manifests;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.JsonPatch;
import org.cdk8s.plus28.k8s.Capabilities;
import org.cdk8s.plus28.k8s.ConfigMapVolumeSource;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.ContainerPort;
import org.cdk8s.plus28.k8s.EmptyDirVolumeSource;
import org.cdk8s.plus28.k8s.EnvVar;
import org.cdk8s.plus28.k8s.EnvVarSource;
import org.cdk8s.plus28.k8s.ExecAction;
import org.cdk8s.plus28.k8s.HttpGetAction;
import org.cdk8s.plus28.k8s.IntOrString;
import org.cdk8s.plus28.k8s.KeyToPath;
import org.cdk8s.plus28.k8s.KubeConfigMap;
import org.cdk8s.plus28.k8s.KubeConfigMapProps;
import org.cdk8s.plus28.k8s.KubeNamespace;
import org.cdk8s.plus28.k8s.KubeNamespaceProps;
import org.cdk8s.plus28.k8s.KubePersistentVolumeClaimProps;
import org.cdk8s.plus28.k8s.KubeService;
import org.cdk8s.plus28.k8s.KubeServiceProps;
import org.cdk8s.plus28.k8s.KubeStatefulSet;
import org.cdk8s.plus28.k8s.KubeStatefulSetProps;
import org.cdk8s.plus28.k8s.LabelSelector;
import org.cdk8s.plus28.k8s.ObjectFieldSelector;
import org.cdk8s.plus28.k8s.ObjectMeta;
import org.cdk8s.plus28.k8s.PersistentVolumeClaimSpec;
import org.cdk8s.plus28.k8s.PodSecurityContext;
import org.cdk8s.plus28.k8s.PodSpec;
import org.cdk8s.plus28.k8s.PodTemplateSpec;
import org.cdk8s.plus28.k8s.Probe;
import org.cdk8s.plus28.k8s.Quantity;
import org.cdk8s.plus28.k8s.ResourceRequirements;
import org.cdk8s.plus28.k8s.SeccompProfile;
import org.cdk8s.plus28.k8s.SecurityContext;
import org.cdk8s.plus28.k8s.ServicePort;
import org.cdk8s.plus28.k8s.ServiceSpec;
import org.cdk8s.plus28.k8s.StatefulSetSpec;
import org.cdk8s.plus28.k8s.VolumeMount;
import org.cdk8s.plus28.k8s.Volume;
import org.junit.jupiter.api.Test;
import software.constructs.Construct;

/**
 * A {@link KubeObject} renders exactly what cdk8s renders for the same props through its own L1
 * classes (cdk8s-plus-28's {@code KubeStatefulSet}, the imports' {@code ExternalSecret}, ...): each
 * case builds one props value, synthesizes it once through the L1 class and once through
 * {@link Kube}, each in a chart of its own with the real cdk8s runtime, and compares the YAML byte
 * for byte. The props reach every shape of the generated serializers: nested structs, lists of
 * structs, maps of strings and of quantities, int-or-strings, numbers, booleans, empty lists and
 * maps, enums of the imports, a property named like a Java keyword ({@code for}), cdk8s's own
 * metadata type, and the chart's namespace given to an object that names none.
 */
class KubeObjectTest {
    /** The same rendering through cdk8s's L1 class ({@code l1}) and through {@link Kube} ({@code java}). */
    private static void assertSameRendering(Consumer<Construct> l1, Consumer<Construct> java) {
        String expected = Manifests.ofCdk8s(l1::accept).yaml();
        String actual = Manifests.of(java::accept).yaml();
        assertTrue(expected.length() > 100, expected);
        assertEquals(expected, actual);
    }

    private static KubeStatefulSetProps statefulSet(Quantity memory, Quantity cpu, IntOrString httpPort) {
        Map<String, String> labels = new TreeMap<>(Map.of("z.example/last", "1", "app.kubernetes.io/name", "db", "a", "first"));
        Container server = Container.builder()
                .name("server")
                .image("example/db:1.2.3")
                .command(List.of("/bin/sh", "-c", "exec db --port 5432 \"$@\"", "--"))
                .args(List.of())
                .env(List.of(
                        EnvVar.builder().name("PORT").value("5432").build(),
                        EnvVar.builder().name("POD_NAME").valueFrom(EnvVarSource.builder()
                                .fieldRef(ObjectFieldSelector.builder().fieldPath("metadata.name").build()).build()).build()))
                .ports(List.of(ContainerPort.builder().name("db").containerPort(5432).protocol("TCP").build()))
                .resources(ResourceRequirements.builder()
                        .limits(Map.of("memory", memory, "cpu", cpu))
                        .requests(Map.of("memory", memory))
                        .build())
                .readinessProbe(Probe.builder().exec(ExecAction.builder().command(List.of("db-ready")).build())
                        .periodSeconds(5).failureThreshold(3).build())
                .livenessProbe(Probe.builder().httpGet(HttpGetAction.builder().path("/health").port(httpPort).build())
                        .initialDelaySeconds(30).build())
                .securityContext(SecurityContext.builder()
                        .allowPrivilegeEscalation(false)
                        .readOnlyRootFilesystem(true)
                        .runAsNonRoot(true)
                        .runAsUser(999)
                        .capabilities(Capabilities.builder().drop(List.of("ALL")).build())
                        .build())
                .volumeMounts(List.of(
                        VolumeMount.builder().name("data").mountPath("/var/lib/db").build(),
                        VolumeMount.builder().name("config").mountPath("/etc/db").readOnly(true).build(),
                        VolumeMount.builder().name("tmp").mountPath("/tmp").build()))
                .build();
        return KubeStatefulSetProps.builder()
                .metadata(ObjectMeta.builder().name("db").labels(labels).annotations(Map.of()).build())
                .spec(StatefulSetSpec.builder()
                        .replicas(1)
                        .serviceName("db-headless")
                        .selector(LabelSelector.builder().matchLabels(Map.of("app.kubernetes.io/name", "db")).build())
                        .volumeClaimTemplates(List.of(KubePersistentVolumeClaimProps.builder()
                                .metadata(ObjectMeta.builder().name("data").labels(Map.of()).build())
                                .spec(PersistentVolumeClaimSpec.builder()
                                        .accessModes(List.of("ReadWriteOnce"))
                                        .resources(ResourceRequirements.builder().requests(Map.of("storage", memory)).build())
                                        .build())
                                .build()))
                        .template(PodTemplateSpec.builder()
                                .metadata(ObjectMeta.builder().labels(labels).annotations(Map.of("checksum/config", "abc")).build())
                                .spec(PodSpec.builder()
                                        .automountServiceAccountToken(false)
                                        .enableServiceLinks(false)
                                        .terminationGracePeriodSeconds(60)
                                        .securityContext(PodSecurityContext.builder().fsGroup(999)
                                                .seccompProfile(SeccompProfile.builder().type("RuntimeDefault").build()).build())
                                        .containers(List.of(server))
                                        .volumes(List.of(
                                                Volume.builder().name("config").configMap(ConfigMapVolumeSource.builder().name("db-config")
                                                        .items(List.of(KeyToPath.builder().key("db.conf").path("db.conf").mode(0444).build()))
                                                        .defaultMode(0444).build()).build(),
                                                Volume.builder().name("tmp").emptyDir(EmptyDirVolumeSource.builder().build()).build()))
                                        .build())
                                .build())
                        .build())
                .build();
    }

    @Test
    void aStatefulSetRendersAsTheL1ClassRendersIt() {
        // Values made by the kernel, as the L1 class needs them; the Java side reads their values.
        KubeStatefulSetProps props = statefulSet(Quantity.fromString("512Mi"), Quantity.fromString("500m"), IntOrString.fromString("db"));
        assertSameRendering(c -> new KubeStatefulSet(c, "s", props), c -> Kube.statefulSet(c, "s", props));
    }

    @Test
    void javaSideValuesRenderAsTheKernelsDo() {
        KubeStatefulSetProps kernel = statefulSet(Quantity.fromString("1Gi"), Quantity.fromString("1"), IntOrString.fromNumber(8080));
        KubeStatefulSetProps java = statefulSet(KubeValues.quantity("1Gi"), KubeValues.quantity("1"), KubeValues.intOrString(8080));
        assertSameRendering(c -> new KubeStatefulSet(c, "s", kernel), c -> Kube.statefulSet(c, "s", java));
    }

    @Test
    void aServiceWithNumberAndNamedPortsAndTheChartsNamespace() {
        KubeServiceProps props = KubeServiceProps.builder()
                .metadata(ObjectMeta.builder().name("db").build()) // no namespace: the chart's
                .spec(ServiceSpec.builder()
                        .clusterIp("None")
                        .publishNotReadyAddresses(true)
                        .selector(Map.of("b", "2", "a", "1"))
                        .ports(List.of(
                                ServicePort.builder().name("db").port(5432).targetPort(IntOrString.fromString("db")).build(),
                                ServicePort.builder().name("metrics").port(9187).targetPort(IntOrString.fromNumber(9187)).build()))
                        .build())
                .build();
        assertSameRendering(c -> new KubeService(c, "s", props), c -> Kube.service(c, "s", props));
    }

    @Test
    void aConfigMapsDataIsSortedAndItsEmptyMetadataMapsLeftOut() {
        KubeConfigMapProps props = KubeConfigMapProps.builder()
                .metadata(ObjectMeta.builder().name("cfg").namespace("other").labels(Map.of()).annotations(Map.of()).build())
                .data(Map.of("z.sh", "#!/bin/sh\necho \"z\" \\\n", "a.conf", "x = 1\n", "M", ""))
                .immutable(false)
                .build();
        assertSameRendering(c -> new KubeConfigMap(c, "s", props), c -> Kube.configMap(c, "s", props));
    }

    @Test
    void aPatchAppliesAsCdk8sAppliesItsOwn() {
        KubeStatefulSetProps props = statefulSet(Quantity.fromString("1Gi"), Quantity.fromString("1"), IntOrString.fromNumber(80));
        // Sorted maps: cdk8s keeps a patch value's key order, which for Map.of changes from one JVM to the next.
        Map<String, Object> selector = new TreeMap<>(Map.of("matchLabels", new TreeMap<>(Map.of("b", "1", "a", "2"))));
        Map<String, Object> term = new TreeMap<>(Map.of("topologyKey", "kubernetes.io/hostname", "labelSelector", selector));
        Map<String, Object> affinity = new TreeMap<>(Map.of("podAffinity",
                new TreeMap<>(Map.of("requiredDuringSchedulingIgnoredDuringExecution", List.of(term)))));
        assertSameRendering(c -> {
            KubeStatefulSet l1 = new KubeStatefulSet(c, "s", props);
            l1.addJsonPatch(JsonPatch.add("/spec/template/spec/affinity", affinity));
            l1.addJsonPatch(JsonPatch.remove("/spec/template/spec/enableServiceLinks"));
            l1.addJsonPatch(JsonPatch.add("/spec/template/spec/containers/0/args/0", "--verbose"));
        }, c -> {
            KubeObject java = Kube.statefulSet(c, "s", props);
            java.jsonPatchAdd("/spec/template/spec/affinity", affinity);
            java.jsonPatchRemove("/spec/template/spec/enableServiceLinks");
            java.jsonPatchAdd("/spec/template/spec/containers/0/args/0", "--verbose");
        });
    }

    @Test
    void aPatchValuesKeysAreSortedWhateverTheirOrder() {
        Manifests manifests = Manifests.of(c -> Kube.configMap(c, "cm", KubeConfigMapProps.builder()
                .metadata(ObjectMeta.builder().name("cm").build()).data(Map.of("a", "1")).build())
                .jsonPatchAdd("/extra", Map.of("zeta", "1", "mid", Map.of("d", "1", "c", "2"), "alpha", "3")));
        assertTrue(manifests.yaml().contains("extra:\n  alpha: \"3\"\n  mid:\n    c: \"2\"\n    d: \"1\"\n  zeta: \"1\"\n"),
                manifests.yaml());
    }

    @Test
    void aNamespaceWithoutTheChartsNamespace() {
        KubeNamespaceProps props = KubeNamespaceProps.builder()
                .metadata(ObjectMeta.builder().name("data").labels(Map.of("kubernetes.io/metadata.name", "data")).build()).build();
        assertSameRendering(c -> new KubeNamespace(c, "n", props).addJsonPatch(JsonPatch.remove("/metadata/namespace")),
                c -> Kube.namespace(c, "n", props).jsonPatchRemove("/metadata/namespace"));
    }

    @Test
    void anExternalSecretKeepsTheCrdsOrderAndItsEnumsValues() {
        ExternalSecretProps props = ExternalSecretProps.builder()
                .metadata(ApiObjectMetadata.builder().name("pg").namespace("data").labels(Map.of("b", "1", "a", "2")).build())
                .spec(ExternalSecretSpec.builder()
                        .secretStoreRef(ExternalSecretSpecSecretStoreRef.builder().name("vault")
                                .kind(ExternalSecretSpecSecretStoreRefKind.SECRET_STORE).build())
                        .refreshInterval("1h")
                        .target(ExternalSecretSpecTarget.builder().name("pg")
                                .creationPolicy(ExternalSecretSpecTargetCreationPolicy.OWNER).build())
                        .data(List.of(ExternalSecretSpecData.builder().secretKey("password")
                                .remoteRef(ExternalSecretSpecDataRemoteRef.builder().key("postgres").property("password").version("3")
                                        .conversionStrategy(ExternalSecretSpecDataRemoteRefConversionStrategy.DEFAULT)
                                        .decodingStrategy(ExternalSecretSpecDataRemoteRefDecodingStrategy.BASE64)
                                        .build())
                                .build()))
                        .build())
                .build();
        assertSameRendering(c -> new ExternalSecret(c, "e", props), c -> Kube.externalSecret(c, "e", props));
    }

    @Test
    void prometheusOperatorObjectsWithAPropertyNamedLikeAJavaKeyword() {
        PrometheusRuleProps rule = PrometheusRuleProps.builder()
                .metadata(ApiObjectMetadata.builder().name("alerts").build())
                .spec(PrometheusRuleSpec.builder().groups(List.of(PrometheusRuleSpecGroups.builder().name("g").interval("1m")
                        .rules(List.of(PrometheusRuleSpecGroupsRules.builder().alert("Down").expr("up == 0")
                                .forValue("5m").labels(Map.of("severity", "critical"))
                                .annotations(Map.of("summary", "down", "runbook_url", "https://example.org/r#down")).build()))
                        .build())).build())
                .build();
        assertSameRendering(c -> new PrometheusRule(c, "r", rule), c -> Kube.prometheusRule(c, "r", rule));
        ServiceMonitorProps monitor = ServiceMonitorProps.builder()
                .metadata(ApiObjectMetadata.builder().name("db").namespace("data").build())
                .spec(ServiceMonitorSpec.builder()
                        .jobLabel("app.kubernetes.io/name")
                        .selector(ServiceMonitorSpecSelector.builder().matchLabels(Map.of("app", "db")).build())
                        .namespaceSelector(ServiceMonitorSpecNamespaceSelector.builder().matchNames(List.of("data")).build())
                        .endpoints(List.of(ServiceMonitorSpecEndpoints.builder().port("metrics").path("/metrics").interval("30s").build()))
                        .build())
                .build();
        assertSameRendering(c -> new ServiceMonitor(c, "m", monitor), c -> Kube.serviceMonitor(c, "m", monitor));
    }


    @Test
    void aPatchNamesWhatIsMissing() {
        Manifests.of(c -> {
            KubeObject object = Kube.configMap(c, "cm", KubeConfigMapProps.builder().metadata(ObjectMeta.builder().name("cm").build())
                    .data(Map.of("a", "1")).build());
            assertEquals("JSON patch add /spec/x of ConfigMap cm: /spec does not exist in ConfigMap cm",
                    assertThrows(IllegalArgumentException.class, () -> object.jsonPatchAdd("/spec/x", "1")).getMessage());
            assertEquals("JSON patch remove /data/b of ConfigMap cm: nothing is there",
                    assertThrows(IllegalArgumentException.class, () -> object.jsonPatchRemove("/data/b")).getMessage());
            assertEquals("JSON patch add data of ConfigMap cm: a JSON pointer starts with /",
                    assertThrows(IllegalArgumentException.class, () -> object.jsonPatchAdd("data", "1")).getMessage());
        });
    }

    @Test
    void anObjectNeedsAName() {
        Manifests.of(c -> assertEquals("test/cm: a ConfigMap needs metadata.name; give its props' metadata a name"
                        + " (cdk8s would make one up from the construct path, which changes when the code moves)",
                assertThrows(IllegalArgumentException.class, () -> Kube.configMap(c, "cm",
                        KubeConfigMapProps.builder().metadata(ObjectMeta.builder().build()).build())).getMessage()));
    }
}
