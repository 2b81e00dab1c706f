package io.github.alexnet4j.train.schedule;

import java.util.List;

/**
 * For a fixed budget, where plateaus cannot be waited for: a drop at each of the given fractions of the
 * run, measured by time or by epochs, whichever budget ends the run first.
 *
 * @param at fractions of the run in (0, 1), ascending
 */
public record AtFractions(List<Double> at, Double factor, Integer warmupIterations) implements LearningRatePolicy {

    public AtFractions {
        at = at == null ? List.of() : List.copyOf(at);
        factor = factor == null ? 0.1 : factor;
        warmupIterations = warmupIterations == null ? 0 : warmupIterations;
        Checks.ascending("at", at, 0, 1);
        Checks.factor(factor);
        Checks.atLeast("warmupIterations", warmupIterations, 0);
    }

    @Override
    public int drops(Progress p, LearningRateSchedule.State state) {
        return (int) at.stream().filter(f -> p.budget() >= f).count();
    }

    @Override
    public boolean dependsOnRunLength() {
        return !at.isEmpty();
    }
}
