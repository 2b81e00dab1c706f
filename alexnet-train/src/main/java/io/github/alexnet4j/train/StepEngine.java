package io.github.alexnet4j.train;

import io.github.alexnet4j.data.batches.ImageBatchIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Where the SGD steps are taken: on this machine ({@link LocalSteps}), by several workers in this
 * JVM ({@link ParallelWorkers}), or on a Spark cluster (module alexnet-spark). The {@link Trainer}
 * around it is the same for all three: learning-rate schedule, metrics, evaluation, checkpoints, so a
 * distributed run writes ordinary checkpoints and models that eval, predict and resume accept.
 */
public interface StepEngine extends AutoCloseable {

    /**
     * Trains on the next batches at the iterator's position (one, or a stretch for the distributed
     * engines) and moves the iterator past them.
     *
     * @return what was trained on, or null when the epoch has no batches left
     */
    Step step(ComputationGraph net, ImageBatchIterator batches);

    /** Whether the training batches are made in this JVM by the iterator's loader threads. */
    default boolean loadsBatchesHere() {
        return true;
    }

    /** One line for the log and the report, e.g. "this machine" or "Spark local[2], parameter averaging". */
    String describe();

    @Override
    default void close() {
    }

    /**
     * @param batches   batches consumed (the iteration counter and the data position advance by this)
     * @param examples  images trained on
     * @param loss      mean cross-entropy of the step(s), without the weight-decay term
     */
    record Step(int batches, long examples, double loss) {
    }

    /**
     * The cross-entropy the paper plots: DL4J's score minus its L2 term. Networks built now decay weights
     * through PaperWeightDecay, which adds no loss term (so this subtracts 0 at no cost); models saved
     * with DL4J's {@code .l2} still carry one.
     */
    static double crossEntropy(ComputationGraph net, double score) {
        return score - net.calcRegularizationScore(true);
    }
}
