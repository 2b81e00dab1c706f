package io.github.alexnet4j.train.schedule;

/**
 * The paper's rule (Section 5): "divide the learning rate by 10 when the validation error rate stopped
 * improving with the current learning rate", at most three times.
 *
 * @param patience epochs without improvement before a drop (paper: 1)
 * @param maxDrops at most this many drops (paper: 3)
 */
public record Plateau(Integer patience, Integer maxDrops, Double factor, Integer warmupIterations)
        implements LearningRatePolicy {

    public Plateau {
        patience = patience == null ? 1 : patience;
        maxDrops = maxDrops == null ? 3 : maxDrops;
        factor = factor == null ? 0.1 : factor;
        warmupIterations = warmupIterations == null ? 0 : warmupIterations;
        Checks.atLeast("patience", patience, 1);
        Checks.atLeast("maxDrops", maxDrops, 0);
        Checks.factor(factor);
        Checks.atLeast("warmupIterations", warmupIterations, 0);
    }

    /** The paper's schedule: patience 1, three drops by 10. */
    public static Plateau paper() {
        return new Plateau(1, 3, 0.1, 0);
    }

    @Override
    public int drops(Progress at, LearningRateSchedule.State state) {
        return state.drops();
    }

    @Override
    public boolean dropsOnValidation(LearningRateSchedule.State s) {
        return s.epochsWithoutImprovement() >= patience && s.drops() < maxDrops;
    }
}
