package io.github.alexnet4j.model.backend;

import io.github.alexnet4j.model.AblationVariantsTest;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** One training step of the paper's network, for OneDnnHelpersTest to watch oneDNN's verbose output. */
public final class OneDnnProbe {
    private OneDnnProbe() {
    }

    public static void main(String[] args) {
        AlexNetConfig c = AlexNetConfig.paper().toBuilder().numClasses(10).build();
        ComputationGraph net = AlexNetGraph.build(c);
        net.fit(AblationVariantsTest.randomBatch(c, 2, 1));
        System.out.println("probe done");
    }
}
