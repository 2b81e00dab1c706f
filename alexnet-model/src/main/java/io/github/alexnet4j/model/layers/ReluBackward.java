package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.backend.Dnnl;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static org.bytedeco.dnnl.global.dnnl.*;

/**
 * The ReLU's backward pass read off its output ({@link ReluFromOutput}): δ = ε where the output is
 * positive, 0 elsewhere, by oneDNN's eltwise backward on the layer's channels-last arrays, for one shape.
 * libnd4j's {@code RectifiedLinearDerivative} gives the same values five to nine times slower over the five
 * convolution outputs of a training step (97 against 20 ms at batch 128, 29 against 3 ms at batch 32,
 * {@code results/bench/relu-backward-2026-12-02/}).
 */
final class ReluBackward {

    private final String key;
    private final memory output, epsilon, delta;
    private final primitive primitive;
    private final IntMemoryMap args;

    private ReluBackward(String key, INDArray output, INDArray epsilon, INDArray delta) {
        engine e = Dnnl.engine();
        this.key = key;
        memory.desc out = Dnnl.describe(output);
        // oneDNN describes a backward pass by its forward pass: the ReLU that keeps its output for backprop
        var forward = new eltwise_forward.primitive_desc(e, prop_kind.forward_training, algorithm.eltwise_relu_use_dst_for_bwd,
                out, out, 0f, 0f);
        var pd = new eltwise_backward.primitive_desc(e, algorithm.eltwise_relu_use_dst_for_bwd, Dnnl.describe(delta),
                Dnnl.describe(epsilon), out, 0f, 0f, forward);
        this.output = new memory(out, e, null);
        this.epsilon = new memory(pd.diff_dst_desc(), e, null);
        this.delta = new memory(pd.diff_src_desc(), e, null);
        primitive = new eltwise_backward(pd);
        args = new IntMemoryMap().put(DNNL_ARG_DST, this.output).put(DNNL_ARG_DIFF_DST, this.epsilon).put(DNNL_ARG_DIFF_SRC, this.delta);
    }

    private static String key(INDArray output, INDArray epsilon, INDArray delta) {
        return Arrays.toString(output.shape()) + Arrays.toString(output.stride()) + Arrays.toString(epsilon.stride())
                + Arrays.toString(delta.stride());
    }

    /** The plan {@code cached} if it was made for these shapes and layouts, else a new one (float arrays of one shape). */
    static ReluBackward plan(ReluBackward cached, INDArray output, INDArray epsilon, INDArray delta) {
        String key = key(output, epsilon, delta);
        return cached != null && cached.key.equals(key) ? cached : new ReluBackward(key, output, epsilon, delta);
    }

    /** δ = ε · [output &gt; 0] into {@code delta}. */
    void run(INDArray output, INDArray epsilon, INDArray delta) {
        this.output.set_data_handle(Dnnl.address(output));
        this.epsilon.set_data_handle(Dnnl.address(epsilon));
        this.delta.set_data_handle(Dnnl.address(delta));
        var s = Dnnl.stream();
        primitive.execute(s, args);
        s._wait();
    }
}
