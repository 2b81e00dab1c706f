package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.backend.Dnnl;
import org.bytedeco.dnnl.inner_product_forward;
import org.bytedeco.dnnl.memory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static org.bytedeco.dnnl.global.dnnl.*;

/**
 * One image through a fully connected layer: z = xW + b as a matrix-vector product, which reads each
 * weight once (fc6: 151 MB for one image), so it runs at the memory's speed. Through oneDNN's inner
 * product, whose GEMM kernel takes DL4J's column-major weights as they are (as [nOut, nIn] row-major):
 * on the 2-core Zen 4 it streamed fc6 at 34 GB/s, against 21–25 GB/s for OpenBLAS's sgemv and 10–21 for
 * oneDNN's matmul at one row; and it runs on the same threads as the convolutions, where sgemv's own
 * thread pool and libnd4j's spinning OpenMP threads shared two cores
 * ({@code results/bench/predict-latency-2026-12-02/}). ND4J's {@code mmul} sends a one-row product
 * through its general matrix product, five times slower than either.
 */
final class MatrixVector {

    private final String key;
    private final OneDnnProduct product;

    private MatrixVector(String key, OneDnnProduct product) {
        this.key = key;
        this.product = product;
    }

    /** Whether a product of this kind applies: one float row and float weights [nIn, nOut], on oneDNN's CPU path. */
    static boolean fits(INDArray row, INDArray weights) {
        return row.rank() == 2 && row.size(0) == 1 && weights.rank() == 2 && row.size(1) == weights.size(0)
                && Dnnl.available(row.dataType()) && weights.dataType() == DataType.FLOAT;
    }

    /**
     * The product for {@code weights} (and {@code bias}, [nOut] or [1, nOut], unless null): {@code cached} if it was made
     * for the same shapes and strides, null if oneDNN has only its reference kernel for these strides.
     */
    static MatrixVector plan(MatrixVector cached, INDArray weights, INDArray bias) {
        String key = Arrays.toString(weights.shape()) + Arrays.toString(weights.stride())
                + (bias == null ? "" : Arrays.toString(bias.stride()));
        if (cached != null && cached.key.equals(key)) return cached;
        long nIn = weights.size(0), nOut = weights.size(1);
        // the weights as oneDNN's inner product sees them, [nOut, nIn]: DL4J's [nIn, nOut] with its strides swapped
        var w = OneDnnProduct.matrix(nOut, nIn, weights.stride(1), weights.stride(0));
        var b = bias == null ? null : new memory.desc(new long[]{nOut}, memory.data_type.f32, new long[]{bias.stride(bias.rank() - 1)});
        var x = OneDnnProduct.matrix(1, nIn, nIn, 1);
        var z = OneDnnProduct.matrix(1, nOut, nOut, 1);
        var pd = b == null ? new inner_product_forward.primitive_desc(Dnnl.engine(), prop_kind.forward_inference, x, w, z)
                : new inner_product_forward.primitive_desc(Dnnl.engine(), prop_kind.forward_inference, x, w, b, z);
        return OneDnnProduct.reference(pd) ? null : new MatrixVector(key, new OneDnnProduct(pd, new inner_product_forward(pd), b));
    }

    /** Writes row × weights + bias (bias may be null) into {@code out}, a row-major [1, nOut] array, and returns it. */
    INDArray product(INDArray row, INDArray weightValues, INDArray biasValues, INDArray out) {
        INDArray x = RowMajor.of(row);
        product.run(x, weightValues, biasValues, out);
        java.lang.ref.Reference.reachabilityFence(x);   // a copy's buffer must outlive the call that reads it
        return out;
    }
}
