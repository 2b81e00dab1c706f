package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.backend.Dnnl;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static org.bytedeco.dnnl.global.dnnl.*;

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
    private final Product forward, inputGradient, weightGradient;

    private DenseMatmul(String key, Product forward, Product inputGradient, Product weightGradient) {
        this.key = key;
        this.forward = forward;
        this.inputGradient = inputGradient;
        this.weightGradient = weightGradient;
    }

    /** One oneDNN matmul, dst = src·weights (+ bias), over arrays whose addresses are set per call. */
    private static final class Product {
        final memory src, weights, bias, dst;
        final matmul primitive;
        final IntMemoryMap args;

        private Product(matmul.primitive_desc pd, memory.desc bias) {
            var e = Dnnl.engine();
            src = new memory(pd.src_desc(), e, null);
            weights = new memory(pd.weights_desc(), e, null);
            dst = new memory(pd.dst_desc(), e, null);
            this.bias = bias == null ? null : new memory(bias, e, null);
            primitive = new matmul(pd);
            args = new IntMemoryMap().put(DNNL_ARG_SRC, src).put(DNNL_ARG_WEIGHTS, weights).put(DNNL_ARG_DST, dst);
            if (bias != null) args.put(DNNL_ARG_BIAS, this.bias);
        }

        /** The product of these layouts, or null when oneDNN offers only its reference kernel for it. */
        static Product of(memory.desc src, memory.desc weights, memory.desc bias, memory.desc dst) {
            var pd = bias == null ? new matmul.primitive_desc(Dnnl.engine(), src, weights, dst)
                    : new matmul.primitive_desc(Dnnl.engine(), src, weights, bias, dst);
            return pd.impl_info_str().getString().startsWith("ref") ? null : new Product(pd, bias);
        }

        void run(INDArray a, INDArray b, INDArray biasValues, INDArray out) {
            src.set_data_handle(Dnnl.address(a));
            weights.set_data_handle(Dnnl.address(b));
            if (bias != null) bias.set_data_handle(Dnnl.address(biasValues));
            dst.set_data_handle(Dnnl.address(out));
            primitive.execute(Dnnl.stream(), args);
            Dnnl.stream()._wait();
        }
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
        Product forward = Product.of(xd, wd, bias ? matrix(1, n, n, 1) : null, rows);
        // δ·Wᵀ into a row-major [batch, nIn]; (xᵀ·δ)ᵀ = δᵀ·x into the gradient view, described as [nOut, nIn]
        Product inputGradient = Product.of(rows, Dnnl.describe(weights.transpose()), null, matrix(m, k, k, 1));
        Product weightGradient = Product.of(matrix(n, m, 1, n), xd, null, Dnnl.describe(weights.transpose()));
        return forward == null || inputGradient == null || weightGradient == null ? null
                : new DenseMatmul(key, forward, inputGradient, weightGradient);
    }

    private static memory.desc matrix(long rows, long columns, long rowStride, long columnStride) {
        return new memory.desc(new long[]{rows, columns}, memory.data_type.f32, new long[]{rowStride, columnStride});
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
