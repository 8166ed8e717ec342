package io.datalayer.kube;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.cdk8s.ApiObject;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * A cdk8s chart whose Kubernetes objects are {@link KubeObject}s: they live on the Java side, in the
 * order they were made, and the whole chart crosses into cdk8s once, at synth, as this chart's
 * {@code toJson()}. cdk8s still synthesizes the app (it asks each chart for its objects, names the
 * file, writes the YAML), but no object is a jsii object: making one costs no request to the jsii
 * kernel, and rendering the chart costs one callback instead of one per object.
 *
 * <p>The objects come out in the order they were made, which is the order a reader of the constructs
 * expects; a chart holding an {@code ApiObject} made some other way (an L1 class, {@code new
 * ApiObject}) is refused at synth rather than written without it.
 */
public class KubeChart extends Chart {
    /** Each scope's chart, asked of the kernel once per scope (a round trip each time otherwise). */
    private static final Map<Construct, KubeChart> CHART_OF_SCOPE = Collections.synchronizedMap(new WeakHashMap<>());

    private final String namespace;
    private final List<KubeObject> objects = new ArrayList<>();
    private final List<KubeConstruct> constructs = new ArrayList<>();
    /** The ids of the KubeConstructs and KubeObjects made in each scope: one namespace, as in a construct tree. */
    private final Map<Construct, Set<String>> idsInScope = new IdentityHashMap<>();
    /** The chart's path, asked of the kernel the first time it is needed (each KubeConstruct made in the chart needs it). */
    private String path;

    public KubeChart(Construct scope, String id, ChartProps props) {
        super(scope, id, props);
        this.namespace = props.getNamespace();
    }

    public KubeChart(Construct scope, String id) {
        this(scope, id, ChartProps.builder().build());
    }

    /**
     * The chart {@code scope} belongs to, which must be a KubeChart: a {@link KubeConstruct}'s is a
     * Java field; for any other construct it is asked of the kernel, once per scope.
     */
    public static KubeChart of(Construct scope) {
        if (scope instanceof KubeConstruct made) {
            return made.chart();
        }
        if (scope instanceof KubeChart chart) {
            return chart;
        }
        KubeChart known = CHART_OF_SCOPE.get(scope);
        if (known != null) {
            return known;
        }
        Chart chart;
        try {
            chart = Chart.of(scope);
        } catch (RuntimeException e) {
            // cdk8s's own words for a scope outside every chart; any other failure (a kernel that died) as it came
            if (e.getMessage() == null || !e.getMessage().contains("cannot find a parent chart")) {
                throw e;
            }
            String path = scope.getNode().getPath();
            throw new IllegalArgumentException((path.isEmpty() ? "the app's root" : path) + " is in no chart: objects and"
                    + " constructs of io.datalayer.kube are made in a KubeChart or in a construct of one", e);
        }
        if (!(chart instanceof KubeChart kubeChart)) {
            throw new IllegalArgumentException(scope.getNode().getPath() + " is in chart \"" + chart.getNode().getId()
                    + "\", which is not a KubeChart: objects of io.datalayer.kube render only in a KubeChart"
                    + " (make the chart with new KubeChart(...) or a subclass)");
        }
        CHART_OF_SCOPE.put(scope, kubeChart);
        return kubeChart;
    }

    /** The namespace given in the chart's props (null when none): the default of its objects. Not namespace(): jsii takes a Java method named like a member of Chart for an override of it. */
    public String defaultNamespace() {
        return namespace;
    }

    /** The chart's objects, in the order they were made (the order they are written in). */
    public List<KubeObject> objects() {
        return Collections.unmodifiableList(objects);
    }

    /**
     * The chart's {@link KubeConstruct}s, in the order they were made: the construct tree's members
     * that live on the Java side (a {@code getNode().findAll()} finds none of them).
     */
    public List<KubeConstruct> constructs() {
        return Collections.unmodifiableList(constructs);
    }

    /**
     * The path of {@code scope} from the app's root: a KubeConstruct's is a Java field, a KubeChart's
     * is asked of the kernel once, any other construct's every time.
     */
    public static String pathOf(Construct scope) {
        if (scope instanceof KubeConstruct made) {
            return made.path();
        }
        if (scope instanceof KubeChart chart) {
            if (chart.path == null) {
                chart.path = chart.getNode().getPath();
            }
            return chart.path;
        }
        return scope.getNode().getPath();
    }

    /**
     * Claims {@code id} in {@code scope} for a KubeConstruct or KubeObject made there: not empty, no
     * {@code /}, and not yet used in that scope by either.
     */
    void claimId(Construct scope, String id) {
        if (id == null || id.isEmpty() || id.contains("/")) {
            throw new IllegalArgumentException(pathOf(scope) + ": the id " + (id == null ? "null" : "\"" + id + "\"")
                    + " cannot name a construct or object; give it a non-empty id without \"/\" (the separator of a path)");
        }
        if (!idsInScope.computeIfAbsent(scope, s -> new java.util.HashSet<>()).add(id)) {
            throw new IllegalArgumentException(pathOf(scope) + " already has a construct or object with id \"" + id
                    + "\"; give each construct and object made in a scope its own id");
        }
    }

    /** Adds an object, once its id is claimed. */
    void add(KubeObject object) {
        objects.add(object);
    }

    /** Adds a construct, once its id is claimed. */
    void addConstruct(KubeConstruct construct) {
        constructs.add(construct);
    }

    /**
     * The chart's objects as cdk8s writes them, in the order they were made. Called by cdk8s at synth
     * (a callback from the jsii kernel).
     *
     * @throws IllegalStateException when the chart also holds an ApiObject that is not a KubeObject
     */
    @Override
    public List<Object> toJson() {
        for (IConstruct child : getNode().findAll()) {
            if (child instanceof ApiObject other) {
                throw new IllegalStateException(other.getNode().getPath() + " is an ApiObject in KubeChart \""
                        + getNode().getId() + "\", which writes only the objects of io.datalayer.kube; make it with"
                        + " io.datalayer.kube.Kube instead");
            }
        }
        List<Object> out = new ArrayList<>(objects.size());
        for (KubeObject object : objects) {
            out.add(object.toJson());
        }
        return out;
    }
}
