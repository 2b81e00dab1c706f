package io.github.alexnet4j.model.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Map;
import java.util.Objects;

/**
 * The update rule of the paper's Section 5, classic (heavy-ball) momentum:
 * <pre>
 *   v ← 0.9·v − 0.0005·ε·w − ε·∂L/∂w
 *   w ← w + v
 * </pre>
 * DL4J only ships Nesterov momentum, which is a different rule. The weight-decay term is not applied
 * here: configure the network with {@code .l2(5e-4)} or {@link PaperWeightDecay} (the same gradient
 * term without the loss term), which DL4J adds to the gradient (∂L/∂w + 0.0005·w) before the updater
 * sees it, so ε·(∂L/∂w + 0.0005·w) gives exactly the two terms above. ({@code .weightDecay()} would
 * instead subtract after the updater, a different rule.)
 * <p>
 * The learning rate ε is a plain field so the trainer can divide it by 10 on a plateau, as the paper
 * did, through {@code ComputationGraph.setLearningRate}.
 */
public final class PaperMomentum implements IUpdater {

    public static final double PAPER_LEARNING_RATE = 0.01;
    public static final double PAPER_MOMENTUM = 0.9;

    @JsonProperty("learningRate")
    private double learningRate;
    @JsonProperty("learningRateSchedule")
    private ISchedule learningRateSchedule;
    @JsonProperty("momentum")
    private double momentum;

    /** The paper's ε = 0.01 and momentum 0.9. */
    public PaperMomentum() {
        this(PAPER_LEARNING_RATE, PAPER_MOMENTUM);
    }

    public PaperMomentum(double learningRate, double momentum) {
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    public double getMomentum() {
        return momentum;
    }

    public double getLearningRate() {
        return learningRate;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams; // one velocity per parameter
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        PaperMomentumUpdater u = new PaperMomentumUpdater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        PaperMomentumUpdater u = new PaperMomentumUpdater(this);
        u.setState(state, initializeStateArrays);
        return u;
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    @Override
    public PaperMomentum clone() {
        PaperMomentum c = new PaperMomentum(learningRate, momentum);
        c.learningRateSchedule = learningRateSchedule == null ? null : learningRateSchedule.clone();
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PaperMomentum p && p.learningRate == learningRate && p.momentum == momentum
                && Objects.equals(p.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, momentum, learningRateSchedule);
    }

    @Override
    public String toString() {
        return "PaperMomentum(lr=" + learningRate + ", momentum=" + momentum + ")";
    }
}
