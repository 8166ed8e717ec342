package io.datalayer.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** The environment a CronJob's container gets, as tests that run its script give it. */
public final class JobEnv {
    private JobEnv() {
    }

    /** The literal env of the only container of a CronJob; downward-API variables as Kubernetes fills them. */
    public static Map<String, String> of(Manifests m, String cronJob) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object e : m.get("CronJob", cronJob).at("spec.jobTemplate.spec.template.spec.containers[0].env").list()) {
            Map<?, ?> var = (Map<?, ?>) e;
            String name = (String) var.get("name");
            if (var.get("valueFrom") != null) {
                String field = ((Map<?, ?>) ((Map<?, ?>) var.get("valueFrom")).get("fieldRef")).get("fieldPath").toString();
                env.put(name, switch (field) {
                    case "metadata.labels['batch.kubernetes.io/job-name']" -> "test-job";
                    case "metadata.name" -> "test-pod";
                    default -> throw new AssertionError("unexpected downward API field " + field);
                });
            } else {
                env.put(name, (String) var.get("value"));
            }
        }
        return env;
    }
}
