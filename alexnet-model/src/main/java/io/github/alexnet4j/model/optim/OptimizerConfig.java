package io.github.alexnet4j.model.optim;

import io.github.alexnet4j.model.InvalidConfigException;

/**
 * The paper's stochastic gradient descent (Section 5): batch 128, momentum 0.9, weight decay 0.0005,
 * learning rate 0.01 for every layer.
 */
public record OptimizerConfig(double learningRate, double momentum, double weightDecay) {

    public OptimizerConfig {
        if (!(learningRate > 0)) throw new InvalidConfigException("learningRate", learningRate, "greater than 0");
        if (!(momentum >= 0 && momentum < 1)) throw new InvalidConfigException("momentum", momentum, "in [0, 1)");
        if (!(weightDecay >= 0)) throw new InvalidConfigException("weightDecay", weightDecay, "0 or more");
    }

    public static OptimizerConfig paper() {
        return new OptimizerConfig(PaperMomentum.PAPER_LEARNING_RATE, PaperMomentum.PAPER_MOMENTUM, 5e-4);
    }
}
