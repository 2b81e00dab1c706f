package io.github.alexnet4j.train;

/**
 * The paper's rule (Section 5): "divide the learning rate by 10 when the validation error rate
 * stopped improving with the current learning rate", at most three times; or, for a fixed budget
 * (time or epochs) where plateaus cannot be waited for, drops at set fractions of it. An optional
 * linear warm-up from lr/10 helps the small-image presets at high learning rates.
 */
public final class LearningRateSchedule {

    /** Everything needed to continue the schedule after a restart (saved in checkpoints). */
    public record State(double lr, double bestError, int epochsWithoutImprovement, int drops) {
    }

    private final TrainingSettings settings;
    private final double baseLr;
    private State state;

    public LearningRateSchedule(TrainingSettings settings, double baseLr) {
        this(settings, baseLr, new State(baseLr, Double.POSITIVE_INFINITY, 0, 0));
    }

    public LearningRateSchedule(TrainingSettings settings, double baseLr, State state) {
        this.settings = settings;
        this.baseLr = baseLr;
        this.state = state;
    }

    public State state() {
        return state;
    }

    /** The rate for the next step; {@code budgetFraction} is how much of the run's budget is used (0..1). */
    public double lrAt(long iteration, double budgetFraction) {
        double lr = state.lr();
        if (settings.schedule() == TrainingSettings.Schedule.BUDGET) {
            int drops = 0;
            for (double f : settings.budgetDrops()) if (budgetFraction >= f) drops++;
            drops = Math.min(drops, settings.maxDrops());
            lr = baseLr * Math.pow(settings.dropFactor(), drops);
            if (drops != state.drops()) state = new State(lr, state.bestError(), state.epochsWithoutImprovement(), drops);
        }
        if (iteration < settings.warmupIterations()) {
            double t = (iteration + 1.0) / settings.warmupIterations();
            lr *= 0.1 + 0.9 * t;
        }
        return lr;
    }

    /** Called after each epoch's validation; returns true if the rate was just divided. */
    public boolean onValidation(double top1Error) {
        if (top1Error < state.bestError() - 1e-9) {
            state = new State(state.lr(), top1Error, 0, state.drops());
            return false;
        }
        int stale = state.epochsWithoutImprovement() + 1;
        if (settings.schedule() == TrainingSettings.Schedule.PLATEAU && stale >= settings.patience()
                && state.drops() < settings.maxDrops()) {
            state = new State(state.lr() * settings.dropFactor(), state.bestError(), 0, state.drops() + 1);
            return true;
        }
        state = new State(state.lr(), state.bestError(), stale, state.drops());
        return false;
    }
}
