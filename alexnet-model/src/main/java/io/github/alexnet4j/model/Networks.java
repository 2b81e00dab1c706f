package io.github.alexnet4j.model;

import io.github.alexnet4j.model.optim.OptimizerConfig;
import io.github.alexnet4j.model.backend.OneDnn;
import io.github.alexnet4j.model.optim.PaperMomentum;
import io.github.alexnet4j.model.optim.PaperWeightDecay;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
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

    /**
     * The paper's training rule, shared by every network here: classic momentum, weight decay entering the
     * gradient before the updater (the paper's −0.0005·ε·w term; DL4J's .l2 rule without adding λ/2·‖w‖² to
     * the loss: see PaperWeightDecay), ∂L/∂w averaged over the batch as in the paper's update rule.
     */
    static NeuralNetConfiguration.Builder trainingRule(AlexNetConfig config, OptimizerConfig optimizer, DataType dataType) {
        return new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(dataType)
                .updater(new PaperMomentum(optimizer.learningRate(), optimizer.momentum()))
                .regularization(optimizer.weightDecay() > 0
                        ? new java.util.ArrayList<>(java.util.List.of(new PaperWeightDecay(optimizer.weightDecay()))) : new java.util.ArrayList<>())
                .miniBatch(true)
                .cacheMode(CacheMode.NONE);
    }

    /** A fresh network with initialised parameters, noting once when oneDNN's helpers are missing. */
    static ComputationGraph initialised(ComputationGraphConfiguration configuration) {
        ComputationGraph net = new ComputationGraph(configuration);
        net.init();
        OneDnn.noteIfMissing();
        return net;
    }
}
