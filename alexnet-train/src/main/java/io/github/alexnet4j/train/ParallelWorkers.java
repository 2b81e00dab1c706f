package io.github.alexnet4j.train;

import io.github.alexnet4j.data.batches.ImageBatchIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.List;

/**
 * Several devices in one machine (the paper's two GPUs, generalised): DL4J's {@link ParallelWrapper}
 * gives each of N workers its own batch, and averages parameters and momentum after every
 * {@code averagingFrequency} rounds. With frequency 1 a round is, up to the momentum bookkeeping, one
 * SGD step on N batches at once: the same learning rate on an N-times larger batch.
 * <p>
 * ParallelWrapper clones the network when a fit starts and shuts its workers down when it ends, so
 * each call trains a stretch of {@code stretch} batches; the learning rate is set per stretch.
 * Worker 0 trains the caller's network itself, so the averaged weights end up in it.
 */
public final class ParallelWorkers implements StepEngine {

    private final int workers;
    private final int averagingFrequency;
    private final int stretch;

    public ParallelWorkers(int workers, int averagingFrequency, int stretch) {
        if (workers < 1) throw new IllegalArgumentException("--workers must be ≥ 1, got " + workers);
        if (averagingFrequency < 1) throw new IllegalArgumentException("averaging frequency must be ≥ 1");
        this.workers = workers;
        this.averagingFrequency = averagingFrequency;
        this.stretch = Math.max(workers, stretch);
    }

    @Override
    public Step step(ComputationGraph net, ImageBatchIterator batches) {
        Stretch data = new Stretch(batches, stretch);
        if (!data.hasNext()) return null;
        ParallelWrapper wrapper = new ParallelWrapper.Builder<>(net)
                .workers(workers)
                .averagingFrequency(averagingFrequency)
                .averageUpdaters(true)
                .prefetchBuffer(0)   // our iterator loads ahead already
                .reportScoreAfterAveraging(false)
                .trainingMode(ParallelWrapper.TrainingMode.AVERAGING)
                .build();
        try {
            wrapper.fit(data);
        } finally {
            wrapper.shutdown();
        }
        return new Step(data.batches, data.examples, StepEngine.crossEntropy(net, net.score()));
    }

    @Override
    public String describe() {
        return "ParallelWrapper, " + workers + " workers, parameters averaged every " + averagingFrequency + " round(s)";
    }

    /** At most {@code limit} batches from the training iterator, counted as they go. */
    private static final class Stretch implements DataSetIterator {
        final ImageBatchIterator source;
        final int limit;
        int batches;
        long examples;

        Stretch(ImageBatchIterator source, int limit) {
            this.source = source;
            this.limit = limit;
        }

        @Override public boolean hasNext() { return batches < limit && source.hasNext(); }

        @Override
        public DataSet next() {
            DataSet ds = source.next();
            batches++;
            examples += ds.numExamples();
            return ds;
        }

        @Override public DataSet next(int num) { throw new UnsupportedOperationException(); }
        @Override public int inputColumns() { return source.inputColumns(); }
        @Override public int totalOutcomes() { return source.totalOutcomes(); }
        @Override public boolean resetSupported() { return false; }
        @Override public boolean asyncSupported() { return false; }
        @Override public void reset() { throw new UnsupportedOperationException("a stretch is read once"); }
        @Override public int batch() { return source.batch(); }
        @Override public void setPreProcessor(DataSetPreProcessor p) { throw new UnsupportedOperationException(); }
        @Override public DataSetPreProcessor getPreProcessor() { return null; }
        @Override public List<String> getLabels() { return source.getLabels(); }
    }
}
