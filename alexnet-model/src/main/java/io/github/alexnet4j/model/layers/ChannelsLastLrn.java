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
 * Backward: {@link FastLrnLayer}'s own arithmetic, one row of pixels at a time turned map-major. oneDNN has
 * no fast channels-last LRN backward on AVX2 (2.5 and 3.3 alike run {@code ref:any}: 0.3–0.7 s per call for
 * the paper net at batch 32, its four calls per step more than twice the network's whole forward pass). Nothing is kept
 * between the passes.
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
        forward = new lrn_forward(new lrn_forward.primitive_desc(e, prop_kind.forward_inference,
                algorithm.lrn_across_channels, data, data, n, (float) (alpha * n), (float) beta, (float) k));
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

    /** Per-thread scratch: one row of pixels as it lies (floats), and map by map (doubles). */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        float[] x = new float[0], g = new float[0];
        double[] xMaps = new double[0], gMaps = new double[0], dxMaps = new double[0];

        Scratch fit(int length) {
            if (x.length < length) {
                x = new float[length];
                g = new float[length];
                xMaps = new double[length];
                gMaps = new double[length];
                dxMaps = new double[length];
            }
            return this;
        }
    }

    /**
     * One row of pixels, turned map-major so that {@link FastLrnLayer.Lrn#backward} (the paper's backward
     * on maps × pixels) runs on it as on one NCHW image, then turned back.
     */
    private void backwardRow(FloatBuffer xs, FloatBuffer gs, FloatBuffer dxs, int from, int length, int maps) {
        Scratch w = SCRATCH.get().fit(length);
        int pixels = length / maps;
        xs.get(from, w.x, 0, length);
        gs.get(from, w.g, 0, length);
        for (int p = 0, i = 0; p < pixels; p++) {
            for (int c = 0; c < maps; c++, i++) {
                w.xMaps[c * pixels + p] = w.x[i];
                w.gMaps[c * pixels + p] = w.g[i];
            }
        }
        lrn.backward(w.xMaps, w.gMaps, w.dxMaps, 0, maps, pixels);
        for (int p = 0, i = 0; p < pixels; p++) {
            for (int c = 0; c < maps; c++, i++) w.g[i] = (float) w.dxMaps[c * pixels + p];
        }
        dxs.put(from, w.g, 0, length);
    }
}
