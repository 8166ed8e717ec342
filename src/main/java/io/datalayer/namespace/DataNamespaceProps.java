package io.datalayer.namespace;

import io.datalayer.kit.Checks;

/**
 * Settings of the namespace this layer owns.
 *
 * @param name                the namespace; default {@code data}
 * @param podSecurityVersion  the Pod Security Standards version the labels pin, so a cluster upgrade
 *                            cannot tighten or loosen admission unreviewed; default {@code v1.28},
 *                            the Kubernetes minor of cdk8s-plus-28
 */
public record DataNamespaceProps(String name, String podSecurityVersion) {
    public static final String DEFAULT_NAME = "data";
    public static final String DEFAULT_POD_SECURITY_VERSION = "v1.28";

    public DataNamespaceProps {
        name = Checks.dnsLabel("DataNamespaceProps.name", name == null ? DEFAULT_NAME : name);
        podSecurityVersion = podSecurityVersion == null ? DEFAULT_POD_SECURITY_VERSION : podSecurityVersion;
        if (!podSecurityVersion.matches("^(latest|v1\\.\\d+)$")) {
            throw new IllegalArgumentException("DataNamespaceProps.podSecurityVersion \"" + podSecurityVersion
                    + "\" is not a Pod Security version; use v1.<minor> (e.g. v1.28) or latest");
        }
    }

    /** The defaults: namespace {@code data}, Pod Security {@code v1.28}. */
    public static DataNamespaceProps defaults() {
        return new DataNamespaceProps(null, null);
    }
}
