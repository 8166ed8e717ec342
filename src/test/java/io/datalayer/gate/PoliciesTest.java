package io.datalayer.gate;

import static io.datalayer.testing.LayerFixture.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.datalayer.output.Manifest;
import io.datalayer.output.PodTemplate;
import io.datalayer.output.SynthOutput;
import io.datalayer.testing.LayerFixture;
import io.datalayer.validation.FreshSynth;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PoliciesTest {
    @Test
    void theGoodFixturePassesEveryRule() {
        assertEquals(List.of(), lines(Policies.check(LayerFixture.good().manifests())));
    }

    @Test
    void everyRuleFamilyIsWiredIn() {
        LayerFixture f = LayerFixture.good()
                .set("StatefulSet/db", "spec.template.spec.containers[0].securityContext.privileged", true)
                .set("StatefulSet/db", "spec.template.spec.containers[0].image", "postgres:latest")
                .drop("NetworkPolicy/default-deny")
                .set("StatefulSet/db", "spec.volumeClaimTemplates[0].spec.resources.requests.storage", "-10Gi")
                .set("CronJob/db-backup", "spec.jobTemplate.spec.template.spec.restartPolicy", "Always")
                .add("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: data}\nstringData: {k: v}\n");
        Set<String> rules = Policies.check(f.manifests()).stream().map(Violation::rule).collect(Collectors.toSet());
        assertEquals(Set.of(PodSecurityRestricted.RULE, WorkloadHygiene.IMAGE, HostAccess.RULE,
                NetworkIsolation.DEFAULT_DENY, SecretHygiene.SECRET, ResourceSemantics.QUANTITY,
                ApiServerValidation.RESTART), rules);
    }

    @Test
    void aFreshSynthBreaksNoRule() {
        List<Manifest> output = Manifest.readAll(FreshSynth.dir());
        assertFalse(PodTemplate.all(output).isEmpty(), "the output has pod templates to check");
        assertEquals(List.of(), lines(Policies.check(output)));
    }

    @Test
    void theCommittedDistBreaksNoRule() {
        Path dist = FreshSynth.committedDist();
        assertNotNull(dist, "dist/ is committed (issue 2); run make synth");
        assertEquals(List.of(), lines(Policies.check(dist)));
    }

    /** The folders the gate scopes its rules by are the environments, as the synth and the tests read the output. */
    @Test
    void eachEnvironmentFolderIsCheckedOnItsOwn() {
        Path dist = FreshSynth.committedDist();
        assertNotNull(dist, "dist/ is committed (issue 2); run make synth");
        assertEquals(Set.of("dev", "prod"), SynthOutput.read(dist).manifests().stream()
                .map(Manifest::environmentFolder).collect(Collectors.toSet()));
        assertEquals(Set.of("dist/dev", "dist/prod"), Manifest.readAll(dist).stream()
                .map(Manifest::environmentFolder).collect(Collectors.toSet()));
        // One finding per environment, each naming its own file: the same object in two clusters.
        LayerFixture f = LayerFixture.good().withEnvironment("dev")
                .set("StatefulSet/db", "spec.template.spec.containers[0].image", "postgres:latest")
                .set("dev", "StatefulSet/db", "spec.template.spec.containers[0].image", "postgres:latest");
        assertEquals(List.of(LayerFixture.FILE, "dev/layer.yaml"), Policies.check(f.manifests()).stream()
                .map(Violation::file).toList());
    }
}
