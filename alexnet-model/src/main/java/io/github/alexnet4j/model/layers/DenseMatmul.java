package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.backend.Dnnl;
import org.bytedeco.dnnl.memory;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static io.github.alexnet4j.model.layers.OneDnnProduct.matrix;

/**
 * A fully connected layer's three matrix products through oneDNN's matmul, for one batch size and input
 * layout: z = x·W + b forward, ∂L/∂x = δ·Wᵀ and ∂L/∂W = xᵀ·δ backward. ND4J sends them to OpenBLAS, which
 * at this network's shapes ran them 1.8–3.9× slower than oneDNN's own GEMM at a batch of 32 rows, and up to
 * 2× slower at 128 (there fc6's and fc7's ∂L/∂x about as fast) ({@code results/bench/fc-matmul-2026-12-01/}). Every array is described to oneDNN
 * by its own strides (DL4J's weights and their gradient are column-major, activations row-major), so
 * nothing is copied. A product oneDNN would only run with its reference kernel is not made here: the layer
 * then keeps DL4J's path ({@link #plan} returns null).
 */
final class DenseMatmul {

    private final String key;
    private final OneDnnProduct forward, inputGradient, weightGradient;

    private DenseMatmul(String key, OneDnnProduct forward, OneDnnProduct inputGradient, OneDnnProduct weightGradient) {
        this.key = key;
        this.forward = forward;
        this.inputGradient = inputGradient;
        this.weightGradient = weightGradient;
    }

    /**
     * The products for input {@code x} ([batch, nIn], float) and {@code weights} ([nIn, nOut]): {@code cached}
     * if it was made for the same shapes and strides, null if oneDNN cannot take them.
     */
    static DenseMatmul plan(DenseMatmul cached, INDArray x, INDArray weights, boolean bias) {
        String key = Arrays.toString(x.shape()) + Arrays.toString(x.stride()) + Arrays.toString(weights.shape())
                + Arrays.toString(weights.stride()) + bias;
        if (cached != null && cached.key.equals(key)) return cached;
        if (!Dnnl.available(x.dataType()) || x.rank() != 2 || weights.rank() != 2 || x.dataType() != weights.dataType()) return null;
        long m = x.size(0), k = x.size(1), n = weights.size(1);
        memory.desc xd = Dnnl.describe(x), wd = Dnnl.describe(weights), rows = matrix(m, n, n, 1);
        OneDnnProduct forward = OneDnnProduct.matmul(xd, wd, bias ? matrix(1, n, n, 1) : null, rows);
        // δ·Wᵀ into a row-major [batch, nIn]; (xᵀ·δ)ᵀ = δᵀ·x into the gradient view, described as [nOut, nIn]
        OneDnnProduct inputGradient = OneDnnProduct.matmul(rows, Dnnl.describe(weights.transpose()), null, matrix(m, k, k, 1));
        OneDnnProduct weightGradient = OneDnnProduct.matmul(matrix(n, m, 1, n), xd, null, Dnnl.describe(weights.transpose()));
        return forward == null || inputGradient == null || weightGradient == null ? null
                : new DenseMatmul(key, forward, inputGradient, weightGradient);
    }

    /** z = x·W + b (b may be null when the layer has no bias) into {@code z}, row-major [batch, nOut]. */
    void forward(INDArray x, INDArray weights, INDArray bias, INDArray z) {
        forward.run(x, weights, bias, z);
    }

    /** ∂L/∂x = δ·Wᵀ into {@code inputGrad} (row-major [batch, nIn]); δ row-major [batch, nOut] ({@link RowMajor}). */
    void inputGradient(INDArray delta, INDArray weights, INDArray inputGrad) {
        inputGradient.run(delta, weights.transpose(), null, inputGrad);
    }

    /** ∂L/∂W = xᵀ·δ into {@code weightGrad} (DL4J's column-major gradient view, [nIn, nOut]). */
    void weightGradient(INDArray x, INDArray delta, INDArray weightGrad) {
        weightGradient.run(delta.transpose(), x, null, weightGrad.transpose());
    }
}
