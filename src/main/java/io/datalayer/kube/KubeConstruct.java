package io.datalayer.kube;

import software.constructs.Construct;

/**
 * A construct that remembers, on the Java side, the scope it was made in, so that {@link KubeChart#of}
 * finds the chart of an object made in it by walking Java fields instead of asking the jsii kernel
 * ({@code Chart.of(scope)} is a round trip, about 17 ms of the main thread's CPU per synth over the
 * layer's 60-odd scopes, measured). The layer's constructs extend it; any other construct still
 * works as a scope (the chart is then asked of the kernel, once per scope). Everything else is
 * {@link Construct}'s.
 */
public class KubeConstruct extends Construct {
    private final Construct madeIn;

    protected KubeConstruct(Construct scope, String id) {
        super(scope, id);
        this.madeIn = scope;
    }

    // Not scope() or node(): jsii takes a Java method named like a member of Construct for an override of it.

    /** The scope this construct was made in. */
    public final Construct madeIn() {
        return madeIn;
    }
}
