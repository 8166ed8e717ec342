package io.datalayer.kit;

import java.util.Map;
import org.cdk8s.plus28.k8s.LabelSelector;
import org.cdk8s.plus28.k8s.ObjectMeta;

/**
 * The names a store derives from its own name, written once: the headless Service, the config
 * map, the network policies, the in-cluster host name, the labels. Every construct and every
 * consumer (backup jobs, apps, the README) asks here, so a rename cannot miss one.
 *
 * @param name      the store's name: StatefulSet, client Service, ServiceAccount, PodDisruptionBudget
 * @param namespace the namespace every object of the store lives in
 */
public record StoreNames(String name, String namespace) {
    public StoreNames {
        Checks.dnsLabel("StoreNames.name", name);
        Checks.dnsLabel("StoreNames.namespace", namespace);
    }

    /** The headless Service that gives the StatefulSet's pods their DNS names. */
    public String headless() {
        return name + "-headless";
    }

    /** The ConfigMap with the server's configuration files. */
    public String config() {
        return name + "-config";
    }

    /** The NetworkPolicy that admits the store's clients. */
    public String ingressPolicy() {
        return name + "-ingress";
    }

    /** The NetworkPolicy that lets client pods of this namespace reach the store and DNS. */
    public String clientEgressPolicy() {
        return name + "-client-egress";
    }

    /** The in-cluster DNS name of the client Service. */
    public String host() {
        return name + "." + namespace + ".svc.cluster.local";
    }

    /** The labels that select the store's pods; never change on a live StatefulSet. */
    public Map<String, String> selectorLabels() {
        return Labels.selector(name);
    }

    public LabelSelector selector() {
        return LabelSelector.builder().matchLabels(selectorLabels()).build();
    }

    /** Metadata of an object of this store in its namespace. */
    public ObjectMeta meta(String objectName, Map<String, String> labels) {
        return ObjectMeta.builder().name(objectName).namespace(namespace).labels(labels).build();
    }
}
