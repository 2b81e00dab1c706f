package io.github.alexnet4j.model.optim;

import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The paper's weight decay: the update rule's −0.0005·ε·w term comes from adding 0.0005·w to each
 * weight's gradient before the momentum updater, exactly what DL4J's {@code .l2(0.0005)} does
 * (Section 5). Unlike {@code .l2}, it adds nothing to the reported loss: DL4J would otherwise add
 * λ/2·‖w‖² to every step's score, a pass over all 61 M weights (about 5 % of a batch-32 step here),
 * which the trainer then had to compute again to report the plain cross-entropy.
 */
public class PaperWeightDecay extends L2Regularization {

    public PaperWeightDecay(double decay) {
        this(new FixedSchedule(decay));
    }

    public PaperWeightDecay(@JsonProperty("l2") ISchedule decay) {
        super(decay);
    }

    /** The loss is the cross-entropy alone (weight decay shapes the gradient, not the reported loss). */
    @Override
    public double score(org.nd4j.linalg.api.ndarray.INDArray param, int iteration, int epoch) {
        return 0;
    }

    @Override
    public Regularization clone() {
        return new PaperWeightDecay(l2.clone());
    }
}
