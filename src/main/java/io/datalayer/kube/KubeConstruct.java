package io.datalayer.kube;

import software.constructs.Construct;
import software.constructs.IConstruct;
import software.constructs.IMixin;
import software.constructs.Node;

/**
 * A construct of the layer that lives on the Java side only: it has no object in the jsii kernel.
 * Its scope, id and path are Java fields, its chart finds it ({@link KubeChart#constructs()}), and
 * everything it makes is a {@link KubeObject}, which is not a jsii object either; so building a
 * chart's constructs costs no request to the kernel, and cdk8s still synthesizes the chart (it
 * asks the {@link KubeChart} for its objects, names the file, writes the YAML). Before, each
 * construct was a cdk8s {@code Construct} made in the kernel: about 100 round trips per synth, each
 * with jsii's reflection over the construct's class for overrides (x0.95 wall measured without them).
 *
 * <p>What that rules out, loudly: a KubeConstruct has no cdk8s {@link Node} ({@link #getNode()}
 * throws, naming the construct) and jsii mixins do not apply ({@link #with}). A construct of cdk8s
 * or another jsii library cannot be made inside one: jsii sends the KubeConstruct to the kernel as a
 * new construct without a scope, which the kernel refuses ("Missing argument for the required
 * parameter 'scope'"), so nothing made in a KubeConstruct is left out of the chart without an
 * error ({@code KubeChartTest}). The other way round is fine: a KubeConstruct may be made in any
 * construct of a {@link KubeChart}.
 *
 * <p>Ids: not empty and used once in a scope, as the constructs library requires, and shared with
 * the ids of the objects made there ({@link KubeChart#claimId}). An id with a {@code /} (a path's
 * separator) is refused, where the library rewrote it to {@code --}: a path then always shows the
 * ids the code gave.
 */
public class KubeConstruct extends Construct {
    private final Construct madeIn;
    private final String id;
    private final String path;
    private final KubeChart chart;

    protected KubeConstruct(Construct scope, String id) {
        super(InitializationMode.JSII); // the constructor that makes no object in the kernel (see the class comment)
        if (scope == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " \"" + id + "\": its scope is null; make it in"
                    + " a construct of a KubeChart");
        }
        this.madeIn = scope;
        this.id = id;
        this.chart = KubeChart.of(scope);
        this.path = KubeChart.pathOf(scope) + "/" + id;
        chart.claimId(scope, id);
        chart.addConstruct(this);
    }

    // Not scope() or node(): jsii takes a Java method named like a member of Construct for an override of it.

    /** The scope this construct was made in. */
    public final Construct madeIn() {
        return madeIn;
    }

    /** The id it was made with, unique in its scope. */
    public final String id() {
        return id;
    }

    /** Its path from the app's root, as cdk8s writes a construct's path ({@code data-layer/postgres/backup}). */
    public final String path() {
        return path;
    }

    /** The chart it belongs to. */
    public final KubeChart chart() {
        return chart;
    }

    /** Refused: a KubeConstruct has no node in the jsii kernel. */
    @Override
    public Node getNode() {
        throw new IllegalStateException(path + " is a KubeConstruct, which lives on the Java side only and has no cdk8s"
                + " node: use its path(), id(), madeIn() or chart(), and make what goes in it with io.datalayer.kube.Kube"
                + " or as another KubeConstruct, not as a cdk8s or jsii construct");
    }

    /** Refused: jsii mixins apply to constructs in the kernel, which a KubeConstruct is not. */
    @Override
    public IConstruct with(IMixin... mixins) {
        throw new IllegalStateException(path + " is a KubeConstruct: jsii mixins do not apply to it (it has no object in the"
                + " jsii kernel)");
    }

    /** Its path, as {@code Construct.toString()} gives it (which would ask the kernel). */
    @Override
    public String toString() {
        return path;
    }
}
