package io.github.alexnet4j.train;

import io.github.alexnet4j.model.InvalidConfigException;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import io.github.alexnet4j.model.optim.PaperMomentum;
import io.github.alexnet4j.train.schedule.LearningRatePolicy;
import io.github.alexnet4j.train.schedule.Plateau;

/**
 * The paper's stochastic gradient descent (Section 5) with its learning-rate schedule beside the base
 * rate, like Caffe's solver ({@code base_lr}, {@code lr_policy}).
 *
 * @param learningRate base rate (paper: 0.01 for every layer)
 * @param momentum     classic momentum (paper: 0.9)
 * @param weightDecay  paper: 0.0005
 * @param schedule     when the rate is divided: {@code {policy: plateau | fractions | steps, ...}}
 */
public record OptimizerSettings(double learningRate, double momentum, double weightDecay, LearningRatePolicy schedule) {

    public OptimizerSettings {
        if (!(learningRate > 0)) throw new InvalidConfigException("optimizer.learningRate", learningRate, "greater than 0");
        if (!(momentum >= 0 && momentum < 1)) throw new InvalidConfigException("optimizer.momentum", momentum, "in [0, 1)");
        if (!(weightDecay >= 0)) throw new InvalidConfigException("optimizer.weightDecay", weightDecay, "0 or more");
        if (schedule == null) schedule = Plateau.paper();
    }

    public static OptimizerSettings paper() {
        return new OptimizerSettings(PaperMomentum.PAPER_LEARNING_RATE, PaperMomentum.PAPER_MOMENTUM, 5e-4, Plateau.paper());
    }

    /** What the network's updater needs. */
    public OptimizerConfig updater() {
        return new OptimizerConfig(learningRate, momentum, weightDecay);
    }
}
