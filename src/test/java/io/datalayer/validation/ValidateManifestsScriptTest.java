package io.datalayer.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateManifestsScriptTest {
    private static final String BAD = "src/test/resources/manifests/bad/";

    private static NodeScript.Result validate(Path... paths) {
        return NodeScript.run(NodeScript.VALIDATE_MANIFESTS, paths);
    }

    private static void assertFindings(String file, String... expected) {
        NodeScript.Result result = validate(Path.of(BAD + file));
        assertEquals(List.of(expected), result.findings());
        assertEquals(1, result.exitCode());
    }

    @Test
    void acceptsAValidLayerOfKubernetesAndExternalSecretsKinds() {
        NodeScript.Result result = validate(Path.of("src/test/resources/manifests/good"));
        assertEquals(List.of(), result.findings());
        assertEquals("validate-manifests: 11 object(s) valid", result.summary());
        assertEquals(0, result.exitCode());
    }

    @Test
    void rejectsAnUnknownFieldOnAKubernetesKind() {
        assertFindings("statefulset-replicaz.yaml",
                BAD + "statefulset-replicaz.yaml: StatefulSet/db: spec.replicaz: unknown field (not in the upstream schema)");
    }

    @Test
    void rejectsAnUnknownFieldOnAnExternalSecret() {
        assertFindings("externalsecret-propery.yaml", BAD + "externalsecret-propery.yaml: ExternalSecret/db-superuser:"
                + " spec.data[0].remoteRef.propery: unknown field (not in the upstream schema)");
    }

    @Test
    void rejectsMissingRequiredFieldsWrongTypesEnumsAndFormats() {
        String at = BAD + "types-enums-formats.yaml: Deployment/web: ";
        String c = "spec.template.spec.containers[0].";
        assertFindings("types-enums-formats.yaml",
                at + "spec.selector: required field is missing",
                at + c + "imagePullPolicy: must be one of [\"Always\",\"IfNotPresent\",\"Never\"]",
                at + c + "ports[0].containerPort: must be integer",
                at + c + "readinessProbe.httpGet.port: matches none of its allowed forms"
                        + " (must be string | must be integer | must match format \"int32\")",
                at + c + "resources.requests.memory: matches none of its allowed forms"
                        + " (must be number | must match format \"quantity\")");
    }

    @Test
    void rejectsKindsNotServedByKubernetes128OrExternalSecrets() {
        String at = BAD + "unknown-kind.yaml: ";
        assertFindings("unknown-kind.yaml",
                at + "Widget/gadget: apiVersion: unknown apiVersion/kind example.com/v1/Widget:"
                        + " not served by Kubernetes 1.28 nor a custom kind we know (External Secrets, prometheus-operator)",
                at + "ResourceClaim/gpu: apiVersion: unknown apiVersion/kind resource.k8s.io/v1/ResourceClaim:"
                        + " not served by Kubernetes 1.28 nor a custom kind we know (External Secrets, prometheus-operator)",
                at + "ExternalSecret/old: apiVersion: unknown apiVersion/kind external-secrets.io/v1beta1/ExternalSecret:"
                        + " not served by Kubernetes 1.28 nor a custom kind we know (External Secrets, prometheus-operator)");
    }

    @Test
    void rejectsFieldsNewerThanKubernetes128() {
        String at = BAD + "newer-than-1.28.yaml: ";
        assertFindings("newer-than-1.28.yaml",
                at + "Service/db: spec.trafficDistribution: field does not exist in Kubernetes 1.28",
                at + "Pod/sleeper: spec.containers[0].lifecycle.preStop.sleep: field does not exist in Kubernetes 1.28");
    }

    @Test
    void checksSecretStoresAndVaultDynamicSecretsAgainstTheUpstreamSchema() {
        String at = BAD + "eso-store-and-generator.yaml: ";
        assertFindings("eso-store-and-generator.yaml",
                at + "SecretStore/vault: spec.provider.vault.auth.kubernetes.serviceAcountRef: unknown field (not in the upstream schema)",
                at + "SecretStore/vault: spec.provider.vault.version: must be one of [\"v1\",\"v2\"]",
                at + "VaultDynamicSecret/app-db: spec.path: required field is missing",
                at + "VaultDynamicSecret/app-db: spec.resultTyp: unknown field (not in the upstream schema)");
    }

    @Test
    void acceptsKubernetes128FieldsTheNewerUpstreamSchemasLeaveOut() {
        NodeScript.Result result = validate(Path.of("src/test/resources/manifests/crd-with-extensions.yaml"));
        assertEquals(List.of(), result.findings());
        assertEquals(0, result.exitCode());
    }

    @Test
    void rejectsDuplicateKeys() {
        assertFindings("duplicate-key.yaml",
                BAD + "duplicate-key.yaml: document 1: YAML error: Map keys must be unique at line 6, column 3");
    }

    @Test
    void aKustomizationMustListExactlyTheManifestsBesideIt(@TempDir Path env) throws IOException {
        Files.copy(Path.of("src/test/resources/manifests/good/layer.yaml"), env.resolve("data-layer.k8s.yaml"));
        Files.writeString(env.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\nresources:\n  - data-layer.k8s.yaml\n");
        assertEquals(0, validate(env).exitCode(), validate(env).summary());

        Files.writeString(env.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\nresources:\n  - data-layer.k8s.yaml\n  - redis.k8s.yaml\n");
        NodeScript.Result result = validate(env);
        assertEquals(List.of(env.resolve("kustomization.yaml") + ": Kustomization: resources: lists [data-layer.k8s.yaml,"
                + " redis.k8s.yaml] but the folder holds [data-layer.k8s.yaml]"), result.findings());
        assertEquals(1, result.exitCode());
    }

    @Test
    void aFolderWithoutManifestsFailsRatherThanPassingSilently(@TempDir Path empty) {
        NodeScript.Result result = validate(empty);
        assertEquals("validate-manifests: no objects found in " + empty, result.summary());
        assertEquals(1, result.exitCode());
    }

    @Test
    void aMissingPathIsAUsageError(@TempDir Path dir) {
        NodeScript.Result result = validate(dir.resolve("nope"));
        assertEquals(2, result.exitCode());
    }

    @Test
    void aFreshSynthIsValid() {
        NodeScript.Result result = validate(FreshSynth.dir());
        assertEquals(List.of(), result.findings());
        assertEquals(0, result.exitCode(), result.summary());
    }

    @Test
    void theCommittedDistIsValid() {
        Path dist = FreshSynth.committedDist();
        assertNotNull(dist, "dist/ is committed (issue 2); run make synth");
        NodeScript.Result result = validate(dist);
        assertEquals(List.of(), result.findings());
        assertEquals(0, result.exitCode(), result.summary());
    }
}
