package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.backend.Dnnl;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.bytedeco.dnnl.global.dnnl.*;

/**
 * For a convolution of one image, the fastest of oneDNN's forward kernels, timed on the layer's own shapes when its
 * plan is made. oneDNN's first choice is tuned for batches: at one image its brgconv kernel ran torchvision's conv2
 * 1.8× slower than its jit kernel on a Zen 4 (3.5 vs 2.0 ms), while at batch 128 brgconv is the fastest there
 * ({@code results/bench/conv-batch1-2026-12-02/}). A kernel whose output differs from the first choice's by more than
 * 1e-4 of the largest value is not taken (oneDNN 3.3.4 has returned wrong outputs for some shapes on some CPUs).
 */
final class OneImageKernel {

    /** The kernel chosen: its primitive, the weights layout it reads, and oneDNN's name for it. */
    record Choice(convolution_forward primitive, memory.desc weights, String name) {
    }

    private static final int RUNS = 7;

    private OneImageKernel() {
    }

    /**
     * {@code pd}'s current kernel and every later one oneDNN offers (reference kernels skipped), each run {@value #RUNS}
     * times on random operands laid out as {@code src}/{@code dst} (with a bias if {@code bias} is not null); the fastest
     * median that agrees with the first kernel's output. {@code pd} is left at its last kernel.
     */
    static Choice fastest(convolution_forward.primitive_desc pd, long[] weightDims, memory.desc bias) {
        var e = Dnnl.engine();
        var s = Dnnl.stream();
        // operands from a private generator: ND4J's would shift the dropout masks of the network being run
        java.util.Random random = new java.util.Random(1);
        INDArray x = gaussian(random, pd.src_desc().get_size() / 4, 1);
        INDArray w = gaussian(random, java.util.Arrays.stream(weightDims).reduce(1, (p, q) -> p * q), 0.1).reshape(weightDims);
        INDArray b = gaussian(random, weightDims[0], 1);
        var src = new memory(pd.src_desc(), e, Dnnl.address(x));
        var userWeights = new memory(Dnnl.rowMajor(weightDims), e, Dnnl.address(w));
        var biasMem = bias == null ? null : new memory(bias, e, Dnnl.address(b));
        INDArray firstOut = null;
        Choice best = null;
        double bestMs = Double.MAX_VALUE;
        do {
            String name = pd.impl_info_str().getString();
            if (name.startsWith("ref")) continue;
            var weights = new memory(pd.weights_desc(), e);
            new reorder(userWeights, weights).execute(s, userWeights, weights);
            INDArray out = Nd4j.create(DataType.FLOAT, pd.dst_desc().get_size() / 4);
            var args = new IntMemoryMap().put(DNNL_ARG_SRC, src).put(DNNL_ARG_WEIGHTS, weights)
                    .put(DNNL_ARG_DST, new memory(pd.dst_desc(), e, Dnnl.address(out)));
            if (biasMem != null) args.put(DNNL_ARG_BIAS, biasMem);
            var primitive = new convolution_forward(pd);
            double[] ms = new double[RUNS];
            primitive.execute(s, args);   // warm-up: first-touch of its work memory
            s._wait();
            for (int r = 0; r < RUNS; r++) {
                long t = System.nanoTime();
                primitive.execute(s, args);
                s._wait();
                ms[r] = (System.nanoTime() - t) / 1e6;
            }
            java.util.Arrays.sort(ms);
            if (firstOut == null) firstOut = out;
            else if (out.sub(firstOut).amaxNumber().doubleValue() > 1e-4 * firstOut.amaxNumber().doubleValue()) continue;
            if (ms[RUNS / 2] < bestMs) {
                bestMs = ms[RUNS / 2];
                best = new Choice(primitive, pd.weights_desc(), name);
            }
        } while (pd.next_impl());
        return best;
    }

    private static INDArray gaussian(java.util.Random random, long n, double scale) {
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = (float) (scale * random.nextGaussian());
        return Nd4j.createFromArray(v);
    }
}
