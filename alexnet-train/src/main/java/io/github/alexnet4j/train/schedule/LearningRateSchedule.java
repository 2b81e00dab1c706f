package io.github.alexnet4j.train.schedule;

/**
 * The learning rate of every step: the base rate, divided as the {@link LearningRatePolicy} says, warmed
 * up over its first steps. Its {@link State} goes into every checkpoint, so a resumed run continues the
 * same schedule.
 */
public final class LearningRateSchedule {

    /** Everything needed to continue the schedule after a restart (saved in checkpoints). */
    public record State(double lr, double bestError, int epochsWithoutImprovement, int drops) {
    }

    private final LearningRatePolicy policy;
    private final double baseLr;
    private State state;

    public LearningRateSchedule(LearningRatePolicy policy, double baseLr) {
        this(policy, baseLr, new State(baseLr, Double.POSITIVE_INFINITY, 0, 0));
    }

    public LearningRateSchedule(LearningRatePolicy policy, double baseLr, State state) {
        this.policy = policy;
        this.baseLr = baseLr;
        this.state = state;
    }

    public State state() {
        return state;
    }

    /** The rate for the next step. */
    public double lrAt(Progress at) {
        int drops = policy.drops(at, state);
        double lr = baseLr * Math.pow(policy.factor(), drops);
        state = new State(lr, state.bestError(), state.epochsWithoutImprovement(), drops);
        int warmup = policy.warmupIterations();
        if (at.iteration() < warmup) lr *= 0.1 + 0.9 * (at.iteration() + 1.0) / warmup;
        return lr;
    }

    /** Called after each epoch's validation; returns true if the rate was just divided. */
    public boolean onValidation(double top1Error) {
        if (top1Error < state.bestError() - 1e-9) {
            state = new State(state.lr(), top1Error, 0, state.drops());
            return false;
        }
        State stale = new State(state.lr(), state.bestError(), state.epochsWithoutImprovement() + 1, state.drops());
        if (policy.dropsOnValidation(stale)) {
            state = new State(state.lr() * policy.factor(), state.bestError(), 0, state.drops() + 1);
            return true;
        }
        state = stale;
        return false;
    }
}
