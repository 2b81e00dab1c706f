package io.github.alexnet4j.train;

import io.github.alexnet4j.data.batches.ImageBatchIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/** The paper's plain SGD on this machine: one batch, one step. */
public final class LocalSteps implements StepEngine {

    @Override
    public Step step(ComputationGraph net, ImageBatchIterator batches) {
        if (!batches.hasNext()) return null;
        DataSet ds = batches.next();
        net.fit(ds);
        return new Step(1, ds.numExamples(), StepEngine.crossEntropy(net, net.score()));
    }

    @Override
    public String describe() {
        return "this machine";
    }
}
