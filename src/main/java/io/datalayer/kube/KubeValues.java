package io.datalayer.kube;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cdk8s.plus28.k8s.IntOrString;
import org.cdk8s.plus28.k8s.Quantity;

/**
 * Kubernetes quantities and int-or-string values made on the Java side: cdk8s-plus-28's
 * {@code Quantity.fromString} and {@code IntOrString.fromNumber} each make an object in the jsii
 * kernel (a round trip, plus one to name its type), while {@link KubeObject} only needs the value.
 * These are subclasses that hold the value and never reach the kernel: a KubeObject renders them
 * with {@link Kube}. They must not be handed to an object the kernel builds (jsii would try to
 * make one there); nothing in this project does. Each value is made once and shared (immutable).
 */
public final class KubeValues {
    private static final Map<String, Quantity> QUANTITIES = new ConcurrentHashMap<>();
    private static final Map<Integer, IntOrString> NUMBERS = new ConcurrentHashMap<>();
    private static final Map<String, IntOrString> STRINGS = new ConcurrentHashMap<>();

    private KubeValues() {
    }

    /** A quantity, e.g. {@code "1Gi"} or {@code "100m"}. */
    public static Quantity quantity(String value) {
        return QUANTITIES.computeIfAbsent(value, JavaQuantity::new);
    }

    /** An int-or-string holding a number, e.g. a port number. */
    public static IntOrString intOrString(int value) {
        return NUMBERS.computeIfAbsent(value, JavaIntOrString::new);
    }

    /** An int-or-string holding a string, e.g. a port name or a percentage. */
    public static IntOrString intOrString(String value) {
        return STRINGS.computeIfAbsent(value, JavaIntOrString::new);
    }

    private static final class JavaQuantity extends Quantity {
        private final String value;

        JavaQuantity(String value) {
            super(InitializationMode.JSII);
            this.value = value;
        }

        @Override
        public Object getValue() {
            return value;
        }
    }

    private static final class JavaIntOrString extends IntOrString {
        private final Object value;

        JavaIntOrString(Object value) {
            super(InitializationMode.JSII);
            this.value = value;
        }

        @Override
        public Object getValue() {
            return value;
        }
    }
}
