package io.github.alexnet4j.data.batches;

import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.transforms.InputPipeline;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Batches of the paper's inputs, assembled on background threads ahead of training.
 * <p>
 * Deterministic: each batch is {@link BatchMaker}'s pure function of (seed, epoch, batch), never of
 * thread timing, so a resumed run sees the same data and every ablation variant sees identical data
 * for a given seed. Bad files are skipped (a batch then comes out a little smaller) and recorded in
 * the {@link BadImageReport}; nothing a file contains can end an epoch. In
 * {@link InputPipeline.Mode#TEN_CROP} mode each image gives ten consecutive rows.
 */
public final class ImageBatchIterator implements DataSetIterator, AutoCloseable {

    private final BatchMaker maker;
    private final int prefetch;
    private final BadImageReport bad;
    private final ExecutorService workers;
    private final Deque<Future<DataSet>> ahead = new ArrayDeque<>();
    private DataSetPreProcessor preProcessor;
    private int timeoutSeconds = 600;

    private int epoch;
    private int[] order;
    private int nextBatchToSubmit;
    private int batchesServed;
    private DataSet peeked;

    public ImageBatchIterator(ImageSource source, InputPipeline pipeline, InputPipeline.Mode mode, int batchSize,
                              long seed, int threads, BadImageReport bad) {
        this(new BatchMaker(source, pipeline, mode, batchSize, seed), threads, bad);
    }

    /**
     * @param threads loader threads; 0 = a position-only iterator that loads nothing (for training
     *                whose batches are made elsewhere, e.g. in Spark executors, from {@link #maker()})
     */
    public ImageBatchIterator(BatchMaker maker, int threads, BadImageReport bad) {
        this.maker = maker;
        this.bad = bad;
        this.prefetch = threads <= 0 ? 0 : 2 * threads;
        this.workers = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread th = new Thread(r, "alexnet-loader");
            th.setDaemon(true);
            return th;
        });
        startEpoch(0, 0);
    }

    /**
     * How long to wait for one batch before giving up: a hung network file system must end the run with a
     * message, not stall it silently.
     */
    public ImageBatchIterator timeout(int seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    /** Positions the iterator at batch {@code skipBatches} of epoch {@code e} (for resuming). */
    public synchronized void startEpoch(int e, int skipBatches) {
        ahead.forEach(f -> f.cancel(true));
        ahead.clear();
        peeked = null;
        epoch = e;
        order = maker.order(e);
        nextBatchToSubmit = Math.min(skipBatches, batchesPerEpoch());
        batchesServed = nextBatchToSubmit;
        fill();
    }

    /** Moves past {@code n} batches of this epoch without making them (their training happened elsewhere). */
    public synchronized void skip(int n) {
        startEpoch(epoch, batchesServed + n);
    }

    public BatchMaker maker() {
        return maker;
    }

    public int epoch() {
        return epoch;
    }

    /** Batches handed out so far in this epoch (including skipped ones when resuming). */
    public int batchesServed() {
        return batchesServed;
    }

    public int batchesPerEpoch() {
        return maker.batchesPerEpoch();
    }

    public int viewsPerImage() {
        return maker.viewsPerImage();
    }

    public BadImageReport badImages() {
        return bad;
    }

    private void fill() {
        while (ahead.size() < prefetch && nextBatchToSubmit < batchesPerEpoch()) {
            final int b = nextBatchToSubmit++;
            final int e = epoch;
            final int[] ord = order;
            ahead.add(workers.submit(() -> maker.make(b, e, ord, bad)));
        }
    }

    @Override
    public synchronized boolean hasNext() {
        while (peeked == null && !ahead.isEmpty()) {
            Future<DataSet> f = ahead.poll();
            batchesServed++;
            try {
                peeked = f.get(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException ex) {
                f.cancel(true);
                throw new IllegalStateException("no batch of images arrived in " + timeoutSeconds + " s (batch "
                        + batchesServed + " of epoch " + (epoch + 1) + "): is the data on a file system that stopped "
                        + "answering? Check it, then resume the run (data.loaderTimeoutSeconds sets the wait)");
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading images", ex);
            } catch (ExecutionException ex) {
                throw new IllegalStateException("loading batch failed: " + ex.getCause(), ex.getCause());
            }
            fill();
        }
        return peeked != null;
    }

    @Override
    public synchronized DataSet next() {
        if (!hasNext()) throw new NoSuchElementException("epoch " + epoch + " is finished; call reset()");
        DataSet ds = peeked;
        peeked = null;
        if (preProcessor != null) preProcessor.preProcess(ds);
        return ds;
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("batch size is fixed at construction (" + maker.batchSize() + ")");
    }

    /** Starts the next epoch (a new shuffle). */
    @Override
    public void reset() {
        startEpoch(epoch + 1, 0);
    }

    @Override public int inputColumns() { return 3 * maker.pipeline().cropSize() * maker.pipeline().cropSize(); }
    @Override public int totalOutcomes() { return maker.source().numClasses(); }
    @Override public boolean resetSupported() { return true; }
    /** Already asynchronous: DL4J must not wrap it again. */
    @Override public boolean asyncSupported() { return false; }
    @Override public int batch() { return maker.batchSize(); }
    @Override public void setPreProcessor(DataSetPreProcessor p) { preProcessor = p; }
    @Override public DataSetPreProcessor getPreProcessor() { return preProcessor; }
    @Override public List<String> getLabels() { return maker.source().classNames(); }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
