package io.github.alexnet4j.model;

import io.github.alexnet4j.model.optim.OptimizerConfig;
import io.github.alexnet4j.model.backend.OneDnn;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
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

    /** A fresh network with initialised parameters, noting once when oneDNN's helpers are missing. */
    static ComputationGraph initialised(ComputationGraphConfiguration configuration) {
        ComputationGraph net = new ComputationGraph(configuration);
        net.init();
        OneDnn.noteIfMissing();
        return net;
    }
}
