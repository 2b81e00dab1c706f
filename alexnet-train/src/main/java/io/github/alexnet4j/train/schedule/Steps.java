package io.github.alexnet4j.train.schedule;

import java.util.List;

/**
 * A drop at each of the given epochs (Caffe's {@code multistep}, counted in epochs rather than
 * iterations): {@code {policy: steps, epochs: [30, 60, 80]}} divides by 10 as the 31st, 61st and 81st
 * epochs start.
 *
 * @param epochs epochs after which the rate drops, ascending
 */
public record Steps(List<Double> epochs, Double factor, Integer warmupIterations) implements LearningRatePolicy {

    public Steps {
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
        factor = factor == null ? 0.1 : factor;
        warmupIterations = warmupIterations == null ? 0 : warmupIterations;
        Checks.ascending("epochs", epochs, 0, Double.POSITIVE_INFINITY);
        Checks.factor(factor);
        Checks.atLeast("warmupIterations", warmupIterations, 0);
    }

    @Override
    public int drops(Progress p, LearningRateSchedule.State state) {
        return (int) epochs.stream().filter(e -> p.epochs() >= e).count();
    }
}
