package io.datalayer.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PodTemplateTest {
    private static List<String> describe(String yaml) {
        return PodTemplate.all(Manifest.parse("t.yaml", yaml)).stream()
                .map(p -> p.owner().ref() + " longRunning=" + p.longRunning() + " "
                        + p.containers().stream().map(PodTemplate.Container::where).toList())
                .toList();
    }

    @Test
    void findsTheTemplateOfEachWorkloadKind() {
        String c = "{containers: [{name: main}], initContainers: [{name: init}], ephemeralContainers: [{name: debug}]}";
        assertEquals(List.of(
                "StatefulSet/s longRunning=true [init container \"init\", container \"main\", ephemeral container \"debug\"]",
                "Deployment/d longRunning=true [init container \"init\", container \"main\", ephemeral container \"debug\"]",
                "DaemonSet/ds longRunning=true [init container \"init\", container \"main\", ephemeral container \"debug\"]",
                "Job/j longRunning=false [init container \"init\", container \"main\", ephemeral container \"debug\"]",
                "CronJob/cj longRunning=false [init container \"init\", container \"main\", ephemeral container \"debug\"]",
                "Pod/p longRunning=true [init container \"init\", container \"main\", ephemeral container \"debug\"]",
                "Pod/once longRunning=false [init container \"init\", container \"main\", ephemeral container \"debug\"]"),
                describe(String.join("\n---\n",
                        "kind: StatefulSet\nmetadata: {name: s}\nspec: {template: {spec: " + c + "}}",
                        "kind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: " + c + "}}",
                        "kind: DaemonSet\nmetadata: {name: ds}\nspec: {template: {spec: " + c + "}}",
                        "kind: Job\nmetadata: {name: j}\nspec: {template: {spec: " + c + "}}",
                        "kind: CronJob\nmetadata: {name: cj}\nspec: {jobTemplate: {spec: {template: {spec: " + c + "}}}}",
                        "kind: Pod\nmetadata: {name: p}\nspec: " + c,
                        "kind: Pod\nmetadata: {name: once}\nspec: {restartPolicy: Never, containers: [{name: main}],"
                                + " initContainers: [{name: init}], ephemeralContainers: [{name: debug}]}",
                        "kind: ConfigMap\nmetadata: {name: cm}\ndata: {spec: x}")));
    }
}
