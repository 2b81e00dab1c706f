package io.github.alexnet4j.data.transforms;

import io.github.alexnet4j.data.DatasetStats;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;

import java.util.Random;

/**
 * "Altering the intensities of the RGB channels" (Section 4.1): to every pixel of an image add
 * Σᵢ αᵢλᵢpᵢ, where pᵢ, λᵢ are the eigenvectors and eigenvalues of the 3×3 covariance of RGB values
 * over the training set and αᵢ ~ N(0, 0.1) is drawn once per image each time it is shown.
 * <p>
 * The covariance is taken on values scaled to [0, 1], as the reference implementations do (its
 * eigenvalues on ImageNet are about 0.22, 0.019, 0.0045); the shift is then scaled back to 0–255.
 * On the raw 0–255 scale the literal formula would shift pixels by hundreds of levels.
 */
public final class PcaLighting implements DataSetPreProcessor {

    public static final double PAPER_STD = 0.1;

    private final double[] lambda;
    private final double[][] p;
    private final double std;
    private transient Random random = new Random(0);

    public PcaLighting(DatasetStats stats, double std) {
        this(stats.eigenvalues(), stats.eigenvectors(), std);
    }

    public PcaLighting(double[] eigenvalues, double[][] eigenvectors, double std) {
        this.lambda = eigenvalues.clone();
        this.p = eigenvectors;
        this.std = std;
    }

    /** The RGB shift (0–255 scale) for one showing of one image. */
    public float[] shift(Random random) {
        double a0 = random.nextGaussian() * std, a1 = random.nextGaussian() * std, a2 = random.nextGaussian() * std;
        float[] s = new float[3];
        for (int c = 0; c < 3; c++) {
            s[c] = (float) (255.0 * (a0 * lambda[0] * p[0][c] + a1 * lambda[1] * p[1][c] + a2 * lambda[2] * p[2][c]));
        }
        return s;
    }

    /** Seeds the generator used by {@link #preProcess}. */
    public void setSeed(long seed) {
        random = new Random(seed);
    }

    /** For ordinary DL4J iterators: adds a fresh shift to each example of an NCHW RGB batch. */
    @Override
    public void preProcess(DataSet batch) {
        INDArray f = batch.getFeatures();
        for (int i = 0; i < f.size(0); i++) {
            float[] s = shift(random);
            for (int c = 0; c < 3; c++) {
                f.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(c))
                        .addi(s[c]);
            }
        }
    }
}
