package io.github.alexnet4j.data;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Batches of the paper's inputs, assembled on background threads ahead of training.
 * <p>
 * Deterministic: the shuffle of epoch e and the crop, mirror and lighting of image i in epoch e
 * depend only on (seed, e, i), never on thread timing, so a resumed run sees the same data and every
 * ablation variant sees identical data for a given seed. Bad files are skipped (a batch then comes out
 * a little smaller) and recorded in the {@link BadImageReport}; nothing a file contains can end an
 * epoch. In {@link InputPipeline.Mode#TEN_CROP} mode each image gives ten consecutive rows.
 */
public final class ImageBatchIterator implements DataSetIterator, AutoCloseable {

    private final ImageSource source;
    private final InputPipeline pipeline;
    private final InputPipeline.Mode mode;
    private final int batchSize;
    private final long seed;
    private final int prefetch;
    private final BadImageReport bad;
    private final ExecutorService workers;
    private final Deque<Future<DataSet>> ahead = new ArrayDeque<>();
    private DataSetPreProcessor preProcessor;

    private int epoch;
    private int[] order;
    private int nextBatchToSubmit;
    private int batchesServed;
    private DataSet peeked;

    public ImageBatchIterator(ImageSource source, InputPipeline pipeline, InputPipeline.Mode mode, int batchSize,
                              long seed, int threads, BadImageReport bad) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be ≥ 1");
        if (source.storedSize() != pipeline.storedSize()) {
            throw new IllegalArgumentException("images are prepared at " + source.storedSize() + " but the pipeline expects "
                    + pipeline.storedSize());
        }
        this.source = source;
        this.pipeline = pipeline;
        this.mode = mode;
        this.batchSize = batchSize;
        this.seed = seed;
        this.bad = bad;
        int t = Math.max(1, threads);
        this.prefetch = 2 * t;
        this.workers = Executors.newFixedThreadPool(t, r -> {
            Thread th = new Thread(r, "alexnet-loader");
            th.setDaemon(true);
            return th;
        });
        startEpoch(0, 0);
    }

    /** Positions the iterator at batch {@code skipBatches} of epoch {@code e} (for resuming). */
    public synchronized void startEpoch(int e, int skipBatches) {
        ahead.forEach(f -> f.cancel(true));
        ahead.clear();
        peeked = null;
        epoch = e;
        order = mode == InputPipeline.Mode.TRAIN ? shuffled(source.size(), mix(seed, e, -1)) : identity(source.size());
        nextBatchToSubmit = Math.min(skipBatches, batchesPerEpoch());
        batchesServed = nextBatchToSubmit;
        fill();
    }

    public int epoch() {
        return epoch;
    }

    /** Batches handed out so far in this epoch (including skipped ones when resuming). */
    public int batchesServed() {
        return batchesServed;
    }

    public int batchesPerEpoch() {
        return (source.size() + batchSize - 1) / batchSize;
    }

    public int viewsPerImage() {
        return mode == InputPipeline.Mode.TEN_CROP ? TenCrop.VIEWS : 1;
    }

    public BadImageReport badImages() {
        return bad;
    }

    private void fill() {
        while (ahead.size() < prefetch && nextBatchToSubmit < batchesPerEpoch()) {
            final int b = nextBatchToSubmit++;
            final int e = epoch;
            final int[] ord = order;
            ahead.add(workers.submit(() -> assemble(b, e, ord)));
        }
    }

    private DataSet assemble(int batch, int e, int[] ord) {
        int from = batch * batchSize, to = Math.min(source.size(), from + batchSize);
        int views = viewsPerImage(), block = 3 * pipeline.cropSize() * pipeline.cropSize(), classes = source.numClasses();
        float[] features = new float[(to - from) * views * block];
        float[] labels = new float[(to - from) * views * classes];
        int rows = 0;
        for (int k = from; k < to; k++) {
            int index = ord[k];
            byte[] px;
            try {
                px = source.prepared(index);
            } catch (BadImageException ex) {
                bad.record(ex);
                continue;
            }
            Random rnd = new Random(mix(seed, e, index));
            List<View> v = pipeline.views(mode, rnd);
            pipeline.write(px, v, mode, rnd, features, rows * block);
            for (int r = 0; r < v.size(); r++) labels[(rows + r) * classes + source.label(index)] = 1f;
            rows += v.size();
        }
        if (rows == 0) return null;
        if (rows < (to - from) * views) {
            features = Arrays.copyOf(features, rows * block);
            labels = Arrays.copyOf(labels, rows * classes);
        }
        int c = pipeline.cropSize();
        return new DataSet(Nd4j.create(features, new long[]{rows, 3, c, c}, 'c'),
                Nd4j.create(labels, new long[]{rows, classes}, 'c'));
    }

    @Override
    public synchronized boolean hasNext() {
        while (peeked == null && !ahead.isEmpty()) {
            Future<DataSet> f = ahead.poll();
            batchesServed++;
            try {
                peeked = f.get();
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
        throw new UnsupportedOperationException("batch size is fixed at construction (" + batchSize + ")");
    }

    /** Starts the next epoch (a new shuffle). */
    @Override
    public void reset() {
        startEpoch(epoch + 1, 0);
    }

    @Override public int inputColumns() { return 3 * pipeline.cropSize() * pipeline.cropSize(); }
    @Override public int totalOutcomes() { return source.numClasses(); }
    @Override public boolean resetSupported() { return true; }
    /** Already asynchronous: DL4J must not wrap it again. */
    @Override public boolean asyncSupported() { return false; }
    @Override public int batch() { return batchSize; }
    @Override public void setPreProcessor(DataSetPreProcessor p) { preProcessor = p; }
    @Override public DataSetPreProcessor getPreProcessor() { return preProcessor; }
    @Override public List<String> getLabels() { return source.classNames(); }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    static int[] identity(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) o[i] = i;
        return o;
    }

    static int[] shuffled(int n, long seed) {
        int[] o = identity(n);
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }

    /** A well-mixed 64-bit seed from (seed, epoch, index) (SplitMix64 finaliser). */
    static long mix(long seed, int epoch, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
