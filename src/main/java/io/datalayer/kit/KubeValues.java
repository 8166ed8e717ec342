package io.datalayer.kit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cdk8s.plus28.k8s.IntOrString;
import org.cdk8s.plus28.k8s.Quantity;

/**
 * Kubernetes quantities and int-or-string values, each made once per process and shared: every
 * {@code Quantity.fromString} or {@code IntOrString.fromNumber} is a round trip to the jsii kernel
 * plus one to name the new object's type, and the same few values ("1Gi", "100m", port 53) recur in
 * every container, claim and environment. They are immutable values, so sharing one changes
 * nothing in the output.
 */
public final class KubeValues {
    private static final Map<String, Quantity> QUANTITIES = new ConcurrentHashMap<>();
    private static final Map<Integer, IntOrString> NUMBERS = new ConcurrentHashMap<>();
    private static final Map<String, IntOrString> STRINGS = new ConcurrentHashMap<>();

    private KubeValues() {
    }

    /** {@code Quantity.fromString(value)}. */
    public static Quantity quantity(String value) {
        return QUANTITIES.computeIfAbsent(value, Quantity::fromString);
    }

    /** {@code IntOrString.fromNumber(value)}, e.g. a port number. */
    public static IntOrString intOrString(int value) {
        return NUMBERS.computeIfAbsent(value, IntOrString::fromNumber);
    }

    /** {@code IntOrString.fromString(value)}, e.g. a port name. */
    public static IntOrString intOrString(String value) {
        return STRINGS.computeIfAbsent(value, IntOrString::fromString);
    }
}
