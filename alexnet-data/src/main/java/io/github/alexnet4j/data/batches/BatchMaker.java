package io.github.alexnet4j.data.batches;

import io.github.alexnet4j.data.decoding.BadImageException;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.data.transforms.TenCrop;
import io.github.alexnet4j.data.transforms.View;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * How batch {@code b} of epoch {@code e} is made, as a pure function of (seed, e, b): the epoch's
 * shuffle depends on (seed, e) and the crop, mirror and lighting of image i on (seed, e, i). So the
 * same batch comes out wherever it is made — on a loader thread here, after a resume, or inside a
 * Spark executor that only knows the batch number — and every ablation variant of a seed sees the
 * same data. Bad files are skipped (the batch comes out a little smaller) and recorded.
 */
public final class BatchMaker {

    private final ImageSource source;
    private final InputPipeline pipeline;
    private final InputPipeline.Mode mode;
    private final int batchSize;
    private final long seed;

    public BatchMaker(ImageSource source, InputPipeline pipeline, InputPipeline.Mode mode, int batchSize, long seed) {
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
    }

    public ImageSource source() {
        return source;
    }

    public InputPipeline pipeline() {
        return pipeline;
    }

    public int batchSize() {
        return batchSize;
    }

    public int batchesPerEpoch() {
        return (source.size() + batchSize - 1) / batchSize;
    }

    /** Images in batch {@code b} before any bad file is dropped. */
    public int imagesIn(int b) {
        return Math.max(0, Math.min(source.size(), (b + 1) * batchSize) - b * batchSize);
    }

    public int viewsPerImage() {
        return mode == InputPipeline.Mode.TEN_CROP ? TenCrop.VIEWS : 1;
    }

    /** The order images are visited in epoch {@code e}: shuffled for training, as stored otherwise. */
    public int[] order(int e) {
        return mode == InputPipeline.Mode.TRAIN ? shuffled(source.size(), mix(seed, e, -1)) : identity(source.size());
    }

    /** Batch {@code b} of epoch {@code e} ({@code order} = {@link #order(int) order(e)}); null if every file in it was bad. */
    public DataSet make(int b, int e, int[] order, BadImageReport bad) {
        int from = b * batchSize, to = Math.min(source.size(), from + batchSize);
        int views = viewsPerImage(), block = 3 * pipeline.cropSize() * pipeline.cropSize(), classes = source.numClasses();
        float[] features = new float[(to - from) * views * block];
        float[] labels = new float[(to - from) * views * classes];
        int rows = 0;
        for (int k = from; k < to; k++) {
            int index = order[k];
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
