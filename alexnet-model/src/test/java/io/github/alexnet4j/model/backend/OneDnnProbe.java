package io.github.alexnet4j.model.backend;

import io.github.alexnet4j.model.AblationVariantsTest;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.Implementation;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** One training step of the paper's network, for OneDnnHelpersTest to watch oneDNN's verbose output. */
public final class OneDnnProbe {
    private OneDnnProbe() {
    }

    /** A step with this project's layers, then (after the line {@link #DL4J_LAYERS}) one with DL4J's own. */
    public static void main(String[] args) {
        AlexNetConfig c = AlexNetConfig.paper().toBuilder().numClasses(10).build();
        ComputationGraph net = AlexNetGraph.build(c);
        net.fit(AblationVariantsTest.randomBatch(c, 2, 1));
        System.out.println(DL4J_LAYERS);
        AlexNetConfig dl4j = c.toBuilder().implementation(new Implementation(Implementation.Kind.DL4J, Implementation.Kind.FAST, false)).build();
        AlexNetGraph.build(dl4j).fit(AblationVariantsTest.randomBatch(dl4j, 2, 1));
        System.out.println("probe done");
    }

    static final String DL4J_LAYERS = "--- DL4J's layers ---";
}
