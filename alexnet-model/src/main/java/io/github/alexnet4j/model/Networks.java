package io.github.alexnet4j.model;

import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** The network a config describes: the paper's AlexNet, or Figure 1's four-layer net. */
public final class Networks {

    private Networks() {
    }

    public static ComputationGraph build(AlexNetConfig config, OptimizerConfig optimizer) {
        return switch (config.architecture()) {
            case ALEXNET -> AlexNetGraph.build(config, optimizer);
            case FOUR_LAYER -> FourLayerNet.build(config, optimizer);
        };
    }
}
