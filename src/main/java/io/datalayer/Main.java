package io.datalayer;

import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.plus28.k8s.KubeNamespace;
import org.cdk8s.plus28.k8s.KubeNamespaceProps;
import org.cdk8s.plus28.k8s.ObjectMeta;

public final class Main {
    public static void main(String[] args) {
        App app = new App();
        Chart c = new Chart(app, "data-layer");
        new KubeNamespace(c, "ns", KubeNamespaceProps.builder().metadata(ObjectMeta.builder().name("data").build()).build());
        app.synth();
    }
}
