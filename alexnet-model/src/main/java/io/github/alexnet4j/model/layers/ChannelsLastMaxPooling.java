package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.backend.Dnnl;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.primitive;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static org.bytedeco.dnnl.global.dnnl.*;

/**
 * One max-pooling layer's oneDNN primitives for one channels-last input shape ({@link Dnnl}). The forward
 * pass records each window's winner in oneDNN's workspace, which the backward pass routes the gradient
 * through, as {@link FastMaxPoolingLayer} does for NCHW arrays.
 */
final class ChannelsLastMaxPooling {

    private final String key;
    private final memory src, dst, workspace;
    private final pooling_forward.primitive_desc forwardPd;
    private final primitive forward;
    private final IntMemoryMap forwardArgs;
    private final long[] inDims, outDims, strides, kernel, padding = {0, 0};
    /** oneDNN counts dilation from 0: adjacent taps. */
    private static final long[] NO_DILATION = {0, 0};
    private Backward backward;
    /** The input the workspace belongs to. */
    private INDArray pooled;

    private ChannelsLastMaxPooling(INDArray input, int[] k, int[] s, long[] outDims) {
        engine e = Dnnl.engine();
        key = key(input, k, s);
        inDims = input.shape();
        this.outDims = outDims;
        kernel = new long[]{k[0], k[1]};
        strides = new long[]{s[0], s[1]};
        forwardPd = new pooling_forward.primitive_desc(e, prop_kind.forward_training, algorithm.pooling_max,
                Dnnl.describe(input), Dnnl.channelsLast(outDims), strides, kernel, NO_DILATION, padding, padding);
        src = new memory(forwardPd.src_desc(), e, null);
        dst = new memory(forwardPd.dst_desc(), e, null);
        workspace = new memory(forwardPd.workspace_desc(), e);
        forward = new pooling_forward(forwardPd);
        forwardArgs = new IntMemoryMap().put(DNNL_ARG_SRC, src).put(DNNL_ARG_DST, dst).put(DNNL_ARG_WORKSPACE, workspace);
    }

    private static String key(INDArray input, int[] k, int[] s) {
        return Arrays.toString(input.shape()) + Arrays.toString(input.stride()) + Arrays.toString(k) + Arrays.toString(s);
    }

    static ChannelsLastMaxPooling plan(ChannelsLastMaxPooling cached, INDArray input, int[] k, int[] s, long[] outDims) {
        return cached != null && cached.key.equals(key(input, k, s)) ? cached : new ChannelsLastMaxPooling(input, k, s, outDims);
    }

    /** Pools {@code input} into {@code out} (channels-last), remembering the winners for {@link #backward}. */
    void forward(INDArray input, INDArray out) {
        src.set_data_handle(Dnnl.address(input));
        dst.set_data_handle(Dnnl.address(out));
        forward.execute(Dnnl.stream(), forwardArgs);
        Dnnl.stream()._wait();
        pooled = input;
    }

    /** Whether the winners recorded are those of {@code input}. */
    boolean pooled(INDArray input) {
        return pooled == input;
    }

    /** ∂L/∂input (channels-last) from ∂L/∂output (channels-last): each output's gradient to its window's winner. */
    void backward(INDArray gradOut, INDArray gradIn) {
        if (backward == null) backward = new Backward(Dnnl.engine());
        backward.diffDst.set_data_handle(Dnnl.address(gradOut));
        backward.diffSrc.set_data_handle(Dnnl.address(gradIn));
        backward.primitive.execute(Dnnl.stream(), backward.args);
        Dnnl.stream()._wait();
    }

    private final class Backward {
        final memory diffDst, diffSrc;
        final primitive primitive;
        final IntMemoryMap args;

        Backward(engine e) {
            var pd = new pooling_backward.primitive_desc(e, algorithm.pooling_max,
                    Dnnl.channelsLast(inDims), Dnnl.channelsLast(outDims), strides, kernel, NO_DILATION, padding, padding, forwardPd);
            diffDst = new memory(pd.diff_dst_desc(), e, null);
            diffSrc = new memory(pd.diff_src_desc(), e, null);
            primitive = new pooling_backward(pd);
            args = new IntMemoryMap().put(DNNL_ARG_DIFF_DST, diffDst).put(DNNL_ARG_DIFF_SRC, diffSrc).put(DNNL_ARG_WORKSPACE, workspace);
        }
    }
}
