package io.github.alexnet4j.train;

import io.github.alexnet4j.data.batches.ImageBatchIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several devices in one machine (the paper's two GPUs, generalised): each of N workers, a copy of the
 * network in its own thread, takes its own batches; after every {@code averagingFrequency} batches per
 * worker the copies' parameters and momentum (updater state) are averaged into the network, and the next
 * round starts every copy from that average. With frequency 1 a round is, up to the momentum
 * bookkeeping, one SGD step on N batches at once: the same learning rate on an N-times larger batch.
 * <p>
 * Batch j of a round goes to worker j mod N, so the run is the same whatever the threads' timing. DL4J's
 * ParallelWrapper (1.0.0-M2.1) is not used: each of its workers but the first copies the network when its
 * thread starts, under the network's lock, while the first worker trains that network itself; in this
 * project's two-worker test the copy was taken after the first worker's step, every time it was tried, so
 * the round averaged "step on batch 0" with "step on batch 0, then on batch 1" instead of two steps from
 * one start. The copies are made per call from the network as it is, so a learning rate, iteration
 * count or frozen layer set on it reaches them; the iterator's position moves past every batch taken.
 * Each worker is one thread, always the same, holding its copy (with CUDA, ND4J gives each thread its
 * device; not measured on GPUs here).
 */
public final class ParallelWorkers implements StepEngine {

    private final int workers;
    private final int averagingFrequency;
    private final int stretch;
    /** One thread per worker, always the same one: on CUDA, ND4J ties a thread to a device. */
    private final List<ExecutorService> threads = new ArrayList<>();

    public ParallelWorkers(int workers, int averagingFrequency, int stretch) {
        if (workers < 1) throw new IllegalArgumentException("--workers must be ≥ 1, got " + workers);
        if (averagingFrequency < 1) throw new IllegalArgumentException("averaging frequency must be ≥ 1");
        this.workers = workers;
        this.averagingFrequency = averagingFrequency;
        this.stretch = Math.max(workers * averagingFrequency, stretch);
        for (int w = 0; w < workers; w++) {
            String name = "alexnet-worker-" + w;
            threads.add(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            }));
        }
    }

    @Override
    public Step step(ComputationGraph net, ImageBatchIterator batches) {
        if (!batches.hasNext()) return null;
        // each worker copies the network in its own thread, so that the copy lives where that thread computes
        List<Future<ComputationGraph>> copying = new ArrayList<>();
        for (ExecutorService t : threads) copying.add(t.submit(net::clone));
        List<ComputationGraph> copies = new ArrayList<>();
        for (Future<ComputationGraph> f : copying) copies.add(join(f));
        int taken = 0;
        long examples = 0;
        double loss = Double.NaN;
        while (taken < stretch && batches.hasNext()) {
            List<List<DataSet>> round = new ArrayList<>();
            for (int w = 0; w < workers; w++) round.add(new ArrayList<>());
            for (int j = 0; j < workers * averagingFrequency && taken < stretch && batches.hasNext(); j++, taken++) {
                DataSet ds = batches.next();
                examples += ds.numExamples();
                round.get(j % workers).add(ds);
            }
            loss = trainAndAverage(net, copies, round);
        }
        return new Step(taken, examples, loss);
    }

    /** One round: every worker with batches trains its copy; the copies that trained are averaged into net. */
    private double trainAndAverage(ComputationGraph net, List<ComputationGraph> copies, List<List<DataSet>> round) {
        List<Future<Double>> running = new ArrayList<>();
        List<ComputationGraph> trained = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            if (round.get(w).isEmpty()) continue;
            ComputationGraph copy = copies.get(w);
            List<DataSet> mine = round.get(w);
            trained.add(copy);
            running.add(threads.get(w).submit(() -> {
                for (DataSet ds : mine) copy.fit(ds);
                return StepEngine.crossEntropy(copy, copy.score());
            }));
        }
        double loss = 0;
        for (Future<Double> f : running) loss += join(f);
        average(net.params(), trained.stream().map(ComputationGraph::params).toList());
        if (net.getUpdater().getStateViewArray() != null) {
            average(net.getUpdater().getStateViewArray(), trained.stream().map(c -> c.getUpdater().getStateViewArray()).toList());
        }
        net.getConfiguration().setIterationCount(trained.get(0).getConfiguration().getIterationCount());
        for (ComputationGraph c : copies) {
            c.params().assign(net.params());
            if (net.getUpdater().getStateViewArray() != null) c.getUpdater().getStateViewArray().assign(net.getUpdater().getStateViewArray());
            c.getConfiguration().setIterationCount(net.getConfiguration().getIterationCount());
        }
        return loss / running.size();
    }

    private static void average(INDArray into, List<INDArray> arrays) {
        into.assign(arrays.get(0));
        for (int i = 1; i < arrays.size(); i++) into.addi(arrays.get(i));
        into.divi(arrays.size());
    }

    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingStoppedException("interrupted while the workers trained", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public String describe() {
        return workers + " workers in this JVM, parameters and momentum averaged every " + averagingFrequency + " batch(es) per worker";
    }

    @Override
    public void close() {
        threads.forEach(ExecutorService::shutdownNow);
    }
}
