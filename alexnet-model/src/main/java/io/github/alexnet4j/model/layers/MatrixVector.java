package io.github.alexnet4j.model.layers;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One image through a fully connected layer: z = xW + b as BLAS's matrix-vector product (sgemv).
 * ND4J's {@code mmul} sends a one-row product through its general matrix product, which at fc6's shape
 * (9216 × 4096: 151 MB of weights to read for one image) takes five times as long as sgemv (27 vs 5.5 ms
 * on the 2-core AMD machine). For prediction on single images the fully connected layers are most of
 * the time, so this is where batch-1 latency goes.
 */
final class MatrixVector {

    private static final int COLUMN_MAJOR = openblas_nolapack.CblasColMajor;
    private static final int TRANSPOSED = openblas_nolapack.CblasTrans;

    private MatrixVector() {
    }

    /**
     * Whether {@link #product} applies: one float row, float weights stored column-major as DL4J keeps
     * them, on ND4J's CPU backend (whose BLAS is this OpenBLAS; a GPU's arrays are not in host memory).
     */
    static boolean fits(INDArray row, INDArray weights) {
        return row.rank() == 2 && row.size(0) == 1 && row.dataType() == DataType.FLOAT && weights.dataType() == DataType.FLOAT
                && weights.rank() == 2 && weights.ordering() == 'f' && Shape.hasDefaultStridesForShape(weights)
                && weights.data().length() >= weights.length() && row.size(1) == weights.size(0)
                && Nd4j.getEnvironment().isCPU();
    }

    /** Writes row × weights + bias (bias may be null) into {@code out}, a fresh [1, nOut] array, and returns it. */
    static INDArray product(INDArray row, INDArray weights, INDArray bias, INDArray out) {
        INDArray x = RowMajor.of(row);
        INDArray z = RowMajor.of(out);
        if (bias != null) z.assign(bias.reshape(z.shape()));
        int nIn = (int) weights.size(0), nOut = (int) weights.size(1);
        // column-major W is nIn × nOut with leading dimension nIn; z = Wᵀx (+ z, which holds the bias)
        openblas_nolapack.cblas_sgemv(COLUMN_MAJOR, TRANSPOSED, nIn, nOut, 1f, pointer(weights), nIn, pointer(x), 1,
                bias != null ? 1f : 0f, pointer(z), 1);
        if (z != out) out.assign(z);
        return out;
    }

    /** The array's first element (a view's buffer already starts at the view). */
    private static FloatPointer pointer(INDArray a) {
        return (FloatPointer) a.data().addressPointer();
    }
}
