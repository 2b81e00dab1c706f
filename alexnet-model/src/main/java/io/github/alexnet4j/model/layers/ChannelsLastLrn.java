package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.backend.Dnnl;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.lrn_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

import static org.bytedeco.dnnl.global.dnnl.*;

/**
 * LRN on channels-last maps ({@link Dnnl}), so a network with the paper's response normalisation keeps
 * its maps channels-last from conv1 to pool5.
 * <p>
 * Forward: oneDNN's across-channel LRN, which is the paper's formula with α divided by the window size n
 * (Caffe's convention) and the window −(n−1)/2 … (n+1)/2−1 around each map, clipped at the ends: for odd
 * n exactly the paper's N(i). So oneDNN gets α·n, and even n stays on {@link FastLrnLayer}'s own path.
 * <p>
 * Backward: {@link FastLrnLayer}'s formula, one pixel at a time. oneDNN 2.5 has no fast channels-last LRN
 * backward (its reference kernel took 0.3–0.4 s per call for the paper net at batch 32: its four calls
 * per step more than twice the network's whole forward pass), while channels-last is the natural layout
 * for it: each pixel's maps lie side by side, so the window sums over maps run along contiguous memory.
 * Nothing is kept between the passes.
 */
final class ChannelsLastLrn {

    private final String key;
    private final memory src, dst;
    private final primitive forward;
    private final IntMemoryMap forwardArgs;
    private final FastLrnLayer.Lrn lrn;

    private ChannelsLastLrn(INDArray input, double k, int n, double alpha, double beta) {
        engine e = Dnnl.engine();
        key = key(input, k, n, alpha, beta);
        lrn = new FastLrnLayer.Lrn(k, n, alpha, beta);
        memory.desc data = Dnnl.channelsLast(input.shape());
        forward = new lrn_forward(new lrn_forward.primitive_desc(new lrn_forward.desc(prop_kind.forward_inference,
                algorithm.lrn_across_channels, data, n, (float) (alpha * n), (float) beta, (float) k), e));
        src = new memory(data, e, null);
        dst = new memory(data, e, null);
        forwardArgs = new IntMemoryMap().put(DNNL_ARG_SRC, src).put(DNNL_ARG_DST, dst);
    }

    /**
     * Whether this path computes the paper's window for {@code input}: channels-last floats, an odd n, and
     * under 2 GB (the backward pass reads the maps through one {@link FloatBuffer}).
     */
    static boolean fits(INDArray input, int n) {
        return n % 2 == 1 && Dnnl.isChannelsLast(input) && Dnnl.available(input.dataType())
                && input.length() <= Integer.MAX_VALUE / Float.BYTES;
    }

    private static String key(INDArray input, double k, int n, double alpha, double beta) {
        return Arrays.toString(input.shape()) + k + "/" + n + "/" + alpha + "/" + beta;
    }

    static ChannelsLastLrn plan(ChannelsLastLrn cached, INDArray input, double k, int n, double alpha, double beta) {
        return cached != null && cached.key.equals(key(input, k, n, alpha, beta)) ? cached
                : new ChannelsLastLrn(input, k, n, alpha, beta);
    }

    /** Normalises {@code input} into {@code out}, both channels-last. */
    void forward(INDArray input, INDArray out) {
        src.set_data_handle(Dnnl.address(input));
        dst.set_data_handle(Dnnl.address(out));
        forward.execute(Dnnl.stream(), forwardArgs);
        Dnnl.stream()._wait();
    }

    /** ∂L/∂input into {@code gradIn} from ∂L/∂output, all channels-last; rows of pixels in parallel. */
    void backward(INDArray input, INDArray gradOut, INDArray gradIn) {
        int maps = (int) input.size(1), rowLength = (int) input.size(3) * maps;
        FloatBuffer x = ChannelsLast.floats(input), g = ChannelsLast.floats(gradOut), dx = ChannelsLast.floats(gradIn);
        IntStream.range(0, (int) (input.size(0) * input.size(2))).parallel()
                .forEach(row -> backwardRow(x, g, dx, row * rowLength, rowLength, maps));
    }

    /** Per-thread scratch: one row of values, and one pixel's working vectors. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        float[] x = new float[0], g = new float[0];
        double[] s = new double[0], negBeta = new double[0], t = new double[0];

        Scratch fit(int row, int maps) {
            if (x.length < row) {
                x = new float[row];
                g = new float[row];
            }
            if (s.length < maps) {
                s = new double[maps];
                negBeta = new double[maps];
                t = new double[maps];
            }
            return this;
        }
    }

    /**
     * One row of pixels: with s_c = k + α Σ_{j ∈ N(c)} a_j² and g = ∂L/∂b,
     * ∂L/∂a_i = g_i s_i^−β − 2αβ a_i Σ_{c ∈ N(i)} g_c a_c s_c^(−β−1).
     */
    private void backwardRow(FloatBuffer xs, FloatBuffer gs, FloatBuffer dxs, int from, int length, int maps) {
        Scratch w = SCRATCH.get().fit(length, maps);
        float[] x = w.x, g = w.g;
        xs.get(from, x, 0, length);
        gs.get(from, g, 0, length);
        double[] s = w.s, negBeta = w.negBeta, t = w.t;
        double coef = 2 * lrn.alpha() * lrn.beta();
        for (int p = 0; p < length; p += maps) {
            for (int c = 0; c < maps; c++) t[c] = (double) x[p + c] * x[p + c];
            windowSums(t, maps, s);
            for (int c = 0; c < maps; c++) negBeta[c] = s[c] = lrn.k() + lrn.alpha() * s[c];
            lrn.powNegBeta(negBeta, maps);
            for (int c = 0; c < maps; c++) t[c] = g[p + c] * x[p + c] * negBeta[c] / s[c];
            windowSums(t, maps, s);   // s now holds Σ_{c ∈ N(i)} t_c
            for (int c = 0; c < maps; c++) g[p + c] = (float) (g[p + c] * negBeta[c] - coef * x[p + c] * s[c]);
        }
        dxs.put(from, g, 0, length);
    }

    /** out[c] = Σ_{j ∈ N(c)} v[j], as a running sum: add the map entering the window, drop the one leaving it. */
    private void windowSums(double[] v, int maps, double[] out) {
        int half = lrn.n() / 2;
        double window = 0;
        for (int j = 0; j <= Math.min(half, maps - 1); j++) window += v[j];
        for (int c = 0; c < maps; c++) {
            if (c > 0) {
                int in = c + half, leaving = c - half - 1;
                if (in < maps) window += v[in];
                if (leaving >= 0) window -= v[leaving];
            }
            out[c] = window;
        }
    }
}
