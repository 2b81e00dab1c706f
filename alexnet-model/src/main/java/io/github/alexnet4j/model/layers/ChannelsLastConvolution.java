package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.backend.Dnnl;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.primitive_desc;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static org.bytedeco.dnnl.global.dnnl.*;

/**
 * One convolution layer's oneDNN primitives for one input shape (forward, and on first use the two
 * backward passes), with its output and gradients channels-last ({@link Dnnl}). The weights and their
 * gradient stay in DL4J's row-major [out, in, kh, kw] parameter views; oneDNN gets them reordered into
 * its own layout on every training call (a few MB, against the tens of MB of activations that no longer
 * are), and in inference only when they changed since the last reorder ({@link WeightsSnapshot}). An
 * input that is not channels-last (the image, before conv1) is copied channels-last first: with a plain
 * NCHW source and a channels-last destination oneDNN finds only its reference convolution, hundreds
 * of times slower. A training pass keeps that copy (and a bf16 plan's rounded input) for the weight
 * gradient, in memory of the layer's own; an inference pass makes it in {@link Dnnl#scratch} memory shared
 * by all layers, so a network that only predicts holds one such copy, not one per layer.
 * <p>
 * A bf16 plan ({@link Dnnl#BF16_PROPERTY}) multiplies in bfloat16 in all three passes, as mixed-precision
 * training does: x, W and δ rounded to bf16 on their way in, sums, outputs and gradients float32, the
 * weights themselves float32 (DL4J's parameters and updater never see bf16). The forward pass's rounded
 * x is kept for the weight gradient; δ is rounded once for both backward passes.
 */
final class ChannelsLastConvolution {

    /** What the primitives were made for: input shape and strides, weights shape, stride, padding, bias. */
    private final String key;
    /** Whether this plan multiplies in bfloat16 ({@link Dnnl#BF16_PROPERTY}). */
    private final boolean bf16;
    private final boolean bias, reorderInput;
    private final long[] strides, padL, padR, inDims, weightDims, outDims;
    private final memory.desc srcDesc, weightsUserDesc, biasDesc, dstDesc;
    private final convolution_forward.primitive_desc forwardPd;
    /** oneDNN's name for the kernel the forward pass runs. */
    private final String forwardKernel;
    private final memory srcUser, src, weightsUser, weightsForward, biasMem, dst;
    private final primitive forward;
    /** {@link #forward} with the ReLU applied to its output as a oneDNN post-op, once asked for; null where oneDNN has no such kernel. */
    private primitive forwardWithRelu;
    private boolean reluAsked;
    private final reorder inputReorder, weightsToForward;
    private final IntMemoryMap forwardArgs;

    private BackwardData backwardData;
    private BackwardWeights backwardWeights;
    /** δ as the layer gives it (float32, channels-last), and the operand the backward passes read: δ in bf16 for a bf16 plan. */
    private memory diffDst, deltaOperand;
    private reorder deltaRounding;
    /** The input whose copy {@link #ownCopy} holds, when the plan copies (rounds) its input. */
    private INDArray copied;
    /** The copy of a training pass's input, kept for its backward pass; made on the first training pass. */
    private memory ownCopy;
    /** The size of a copy of the input in {@link #srcDesc}'s layout. */
    private final long srcBytes;
    /** The weights {@link #weightsForward} was made from, when an inference call made it. */
    private final WeightsSnapshot reordered = new WeightsSnapshot();

    private ChannelsLastConvolution(INDArray input, long[] weightDims, boolean bias, int[] stride, int[] pad, long[] outDims,
                                    boolean bf16) {
        engine e = Dnnl.engine();
        this.key = key(input, weightDims, bias, stride, pad, bf16);
        this.bias = bias;
        this.inDims = input.shape();
        this.weightDims = weightDims;
        this.outDims = outDims;
        strides = new long[]{stride[0], stride[1]};
        padL = new long[]{pad[0], pad[1]};
        padR = new long[]{rightPadding(input.size(2), weightDims[2], stride[0], pad[0], outDims[2]),
                rightPadding(input.size(3), weightDims[3], stride[1], pad[1], outDims[3])};
        weightsUserDesc = Dnnl.rowMajor(weightDims);
        biasDesc = Dnnl.rowMajor(weightDims[0]);
        dstDesc = Dnnl.channelsLast(outDims);
        // bf16: the input and weights rounded to bfloat16 on their way in (the reorders below), the bias, the
        // sums and the output float32; taken only where oneDNN has a real bf16 kernel, not its reference one
        // and only for output channels in multiples of 16: for others (the CIFAR preset's conv1, 24 per tower)
        // oneDNN 3.3.4's bf16 forward kernel is 16 % of the largest output off on a Zen 5 CPU; on a CPU without
        // bf16 kernels (AVX2) oneDNN has no bf16 convolution at all, not even its reference one, so none is asked for
        convolution_forward.primitive_desc reduced = bf16 && Dnnl.hasBf16Kernels() && outDims[1] % 16 == 0
                ? forwardPd(e, Dnnl.channelsLastBf16(input.shape()), Dnnl.anyLayoutBf16(weightDims)) : null;
        this.bf16 = reduced != null && !reduced.impl_info_str().getString().startsWith("ref");
        reorderInput = this.bf16 || !Dnnl.isChannelsLast(input);
        forwardPd = this.bf16 ? reduced : forwardPd(e, Dnnl.channelsLast(input.shape()), Dnnl.anyLayout(weightDims));
        srcDesc = forwardPd.src_desc();
        srcUser = new memory(Dnnl.describe(input), e, null);
        srcBytes = srcDesc.get_size();
        src = reorderInput ? new memory(srcDesc, e, null) : srcUser;
        inputReorder = reorderInput ? new reorder(srcUser, src) : null;
        weightsUser = new memory(weightsUserDesc, e, null);
        // the backward passes take forwardPd as their hint; the forward pass itself may need another kernel
        var runPd = brgconvTailAtRisk(outDims)
                ? pastBrgKernels(forwardPd(e, srcDesc, this.bf16 ? Dnnl.anyLayoutBf16(weightDims) : Dnnl.anyLayout(weightDims)))
                : forwardPd;
        weightsForward = new memory(runPd.weights_desc(), e);
        weightsToForward = new reorder(weightsUser, weightsForward);
        biasMem = new memory(biasDesc, e, null);
        dst = new memory(dstDesc, e, null);
        forward = new convolution_forward(runPd);
        forwardKernel = runPd.impl_info_str().getString();
        forwardArgs = new IntMemoryMap().put(DNNL_ARG_SRC, src).put(DNNL_ARG_WEIGHTS, weightsForward).put(DNNL_ARG_DST, dst);
        if (bias) forwardArgs.put(DNNL_ARG_BIAS, biasMem);
    }

    /**
     * oneDNN's right padding: what makes its output size the one DL4J computed. Negative when the last
     * windows stop short of the edge (DL4J's Truncate mode drops those rows); see {@link #fits}.
     */
    private static long rightPadding(long in, long k, long s, long padL, long out) {
        return (out - 1) * s + k - in - padL;
    }

    /**
     * Whether oneDNN can compute this layer as DL4J configured it: float arrays, no dilation, and windows
     * that do not stop short of the padded edge (oneDNN wants a non-negative right padding).
     */
    static boolean fits(INDArray input, long[] weightDims, int[] stride, int[] pad, int[] dilation, long[] outDims) {
        return input.rank() == 4 && Dnnl.available(input.dataType()) && dilation[0] == 1 && dilation[1] == 1
                && rightPadding(input.size(2), weightDims[2], stride[0], pad[0], outDims[2]) >= 0
                && rightPadding(input.size(3), weightDims[3], stride[1], pad[1], outDims[3]) >= 0;
    }

    /** The forward convolution of this plan's shapes over the given input and weight descriptions. */
    private convolution_forward.primitive_desc forwardPd(engine e, memory.desc input, memory.desc weights) {
        return new convolution_forward.primitive_desc(e, prop_kind.forward_training, algorithm.convolution_direct, input, weights,
                bias ? biasDesc : new memory.desc(), dstDesc, strides, padL, padR);
    }

    /** {@code pd} moved on to oneDNN's first kernel that is not a brgconv one (if it has one), for {@link #brgconvTailAtRisk}. */
    private static <P extends primitive_desc> P pastBrgKernels(P pd) {
        while (pd.impl_info_str().getString().startsWith("brg") && pd.next_impl()) { }
        return pd;
    }

    /**
     * Whether oneDNN 3.3.4's brgconv kernel may be wrong for a convolution with outputs of these dimensions
     * (N, C, H, W): on a Zen 5 CPU it returns outputs up to 20 % of the largest value off where more than 32
     * output channels are not a multiple of 32 on small outputs (48 channels over 3–8 pixels a side; right at 13
     * and above), and oneDNN's next kernel (jit) is right there. Below 32 channels (8, 16, 24) brgconv is right
     * and jit is not, so the rule stays this narrow.
     * Seen in {@code FastLayersTest}'s small torchvision-layout network; none of the presets has such a layer.
     */
    private static boolean brgconvTailAtRisk(long[] dims) {
        return dims[1] > 32 && dims[1] % 32 != 0 && dims[2] < 13 && dims[3] < 13;
    }

    private static String key(INDArray input, long[] weightDims, boolean bias, int[] stride, int[] pad, boolean bf16) {
        return Arrays.toString(input.shape()) + Arrays.toString(input.stride()) + Arrays.toString(weightDims) + bias
                + Arrays.toString(stride) + Arrays.toString(pad) + bf16;
    }

    /** The plan {@code cached} if it was made for this shape, else a new one (float32). */
    static ChannelsLastConvolution plan(ChannelsLastConvolution cached, INDArray input, long[] weightDims, boolean bias,
                                        int[] stride, int[] pad, long[] outDims) {
        return plan(cached, input, weightDims, bias, stride, pad, outDims, false);
    }

    /**
     * As {@link #plan(ChannelsLastConvolution, INDArray, long[], boolean, int[], int[], long[])}; with {@code bf16}
     * a plan that multiplies in bfloat16 where this CPU has the kernels ({@link #bf16()} says whether it does),
     * float32 elsewhere.
     */
    static ChannelsLastConvolution plan(ChannelsLastConvolution cached, INDArray input, long[] weightDims, boolean bias,
                                        int[] stride, int[] pad, long[] outDims, boolean bf16) {
        return cached != null && cached.key.equals(key(input, weightDims, bias, stride, pad, bf16)) ? cached
                : new ChannelsLastConvolution(input, weightDims, bias, stride, pad, outDims, bf16);
    }

    /** Whether this plan multiplies in bfloat16. */
    boolean bf16() {
        return bf16;
    }

    /** Whether this plan holds a copy of a training pass's input of its own (see {@link #copyInput}). */
    boolean keepsInputCopy() {
        return ownCopy != null;
    }

    /** oneDNN's name for the forward kernel, e.g. "brgconv:avx512_core_bf16". */
    String forwardImplementation() {
        return forwardKernel;
    }

    /** z = W ∗ x + b into {@code out} (channels-last, NCHW-shaped), as in training: the weights reordered afresh. */
    void forward(INDArray input, INDArray weights, INDArray biasValues, INDArray out) {
        forward(input, weights, biasValues, out, false);
    }

    /**
     * As {@link #forward(INDArray, INDArray, INDArray, INDArray)}; with {@code relu}, max(0, z) where oneDNN can apply
     * it in the same pass. Returns whether the ReLU was applied.
     */
    boolean forward(INDArray input, INDArray weights, INDArray biasValues, INDArray out, boolean relu) {
        reordered.forget();
        return run(input, weights, biasValues, out, true, true, relu);
    }

    /** As {@link #infer(INDArray, INDArray, INDArray, INDArray, boolean)} without the ReLU. */
    void infer(INDArray input, INDArray weights, INDArray biasValues, INDArray out) {
        infer(input, weights, biasValues, out, false);
    }

    /**
     * As {@link #forward}, for inference: the weights are reordered into oneDNN's layout only if they differ
     * from those of the last inference call ({@link WeightsSnapshot}), as they do after any training step.
     */
    boolean infer(INDArray input, INDArray weights, INDArray biasValues, INDArray out, boolean relu) {
        boolean stale = !reordered.matches(weights);
        boolean applied = run(input, weights, biasValues, out, false, stale, relu);
        if (stale) reordered.take(weights);
        return applied;
    }

    /**
     * The forward convolution with max(0, ·) applied to its output as oneDNN's post-op, which spares a pass of
     * libnd4j's over the output (on its own threads); null unless oneDNN runs it with the same kernel and
     * weights layout as the plain pass, so both read the same reordered weights.
     */
    private primitive withRelu() {
        if (!reluAsked) {
            reluAsked = true;
            var ops = new post_ops();
            ops.append_eltwise(algorithm.eltwise_relu, 0f, 0f);
            var attr = new primitive_attr();
            attr.set_post_ops(ops);
            var pd = new convolution_forward.primitive_desc(Dnnl.engine(), prop_kind.forward_training, algorithm.convolution_direct,
                    srcDesc, weightsForward.get_desc(), bias ? biasDesc : new memory.desc(), dstDesc, strides, padL, padR, attr, true);
            if (pd.asBoolean() && forwardKernel.equals(pd.impl_info_str().getString())) {
                forwardWithRelu = new convolution_forward(pd);
            }
        }
        return forwardWithRelu;
    }

    private boolean run(INDArray input, INDArray weights, INDArray biasValues, INDArray out, boolean training, boolean reorderWeights,
                        boolean relu) {
        var s = Dnnl.stream();
        srcUser.set_data_handle(Dnnl.address(input));
        if (reorderInput) copyInput(s, input, training);
        weightsUser.set_data_handle(Dnnl.address(weights));
        if (reorderWeights) weightsToForward.execute(s, weightsUser, weightsForward);
        if (bias) biasMem.set_data_handle(Dnnl.address(biasValues));
        dst.set_data_handle(Dnnl.address(out));
        primitive fused = relu ? withRelu() : null;
        (fused != null ? fused : forward).execute(s, forwardArgs);
        s._wait();
        return fused != null;
    }

    /**
     * The input (in {@link #srcUser}) copied into {@link #src} in the layout the forward pass reads: into the
     * layer's own memory when the backward pass will read it ({@code keep}), else into scratch memory.
     */
    private void copyInput(stream s, INDArray input, boolean keep) {
        if (keep && ownCopy == null) ownCopy = new memory(srcDesc, Dnnl.engine());
        src.set_data_handle(keep ? ownCopy.get_data_handle() : Dnnl.scratch(0, srcBytes));
        inputReorder.execute(s, srcUser, src);
        copied = keep ? input : null;
    }

    /**
     * Backprop from {@code delta} = ∂L/∂z (channels-last): the weight and bias gradients into DL4J's
     * gradient views, and ∂L/∂x into {@code inputGrad} (channels-last) unless it is null.
     */
    void backward(INDArray input, INDArray weights, INDArray delta, INDArray inputGrad, INDArray weightGrad, INDArray biasGrad) {
        var s = Dnnl.stream();
        engine e = Dnnl.engine();
        if (diffDst == null) {
            diffDst = new memory(dstDesc, e, null);
            deltaOperand = bf16 ? new memory(Dnnl.channelsLastBf16(outDims), e, null) : diffDst;
            deltaRounding = bf16 ? new reorder(diffDst, deltaOperand) : null;
        }
        diffDst.set_data_handle(Dnnl.address(delta));
        if (bf16) {
            deltaOperand.set_data_handle(Dnnl.scratch(1, deltaOperand.get_desc().get_size()));
            deltaRounding.execute(s, diffDst, deltaOperand);
        }
        srcUser.set_data_handle(Dnnl.address(input));
        // backprop of another input than the last training pass's, or an inference pass came between
        if (reorderInput && copied != input) copyInput(s, input, true);
        if (inputGrad != null) {
            if (backwardData == null) backwardData = new BackwardData(e);
            weightsUser.set_data_handle(Dnnl.address(weights));
            backwardData.weightsToBackward.execute(s, weightsUser, backwardData.weights);
            backwardData.diffSrc.set_data_handle(Dnnl.address(inputGrad));
            backwardData.primitive.execute(s, backwardData.args);
        }
        if (backwardWeights == null) backwardWeights = new BackwardWeights(e);
        backwardWeights.run(s, biasGrad, weightGrad);
        s._wait();
    }

    /**
     * ∂L/∂x = Wᵀ ∗ δ, channels-last. A bf16 plan computes it in bf16 only where x has a multiple of 16
     * channels: for other counts oneDNN 3.3.4's bf16 kernels (both it offers) return input gradients 10–40 %
     * off on a Zen 5 CPU, run to run different for one of them, and this pass runs in float32 on the
     * unrounded δ and W. Of the presets' layers that need ∂L/∂x only the CIFAR preset's conv2 (24 input
     * channels per tower) is such a layer; {@code Bf16ConvolutionTest} checks both cases.
     */
    private final class BackwardData {
        final memory weights, diffSrc, delta;
        final primitive primitive;
        final reorder weightsToBackward;
        final IntMemoryMap args;

        BackwardData(engine e) {
            boolean reduced = bf16 && inDims[1] % 16 == 0;
            delta = reduced || !bf16 ? deltaOperand : diffDst;
            var hint = reduced || !bf16 ? forwardPd : forwardPd(e, Dnnl.channelsLast(inDims), Dnnl.anyLayout(weightDims));
            var pd = new convolution_backward_data.primitive_desc(e, algorithm.convolution_direct, Dnnl.channelsLast(inDims),
                    reduced ? Dnnl.anyLayoutBf16(weightDims) : Dnnl.anyLayout(weightDims), delta.get_desc(), strides, padL, padR, hint);
            // its brgconv kernel runs the forward convolution with x's channels as outputs: the same risk
            if (brgconvTailAtRisk(inDims)) pastBrgKernels(pd);
            weights = new memory(pd.weights_desc(), e);
            weightsToBackward = new reorder(weightsUser, weights);
            diffSrc = new memory(pd.diff_src_desc(), e, null);
            primitive = new convolution_backward_data(pd);
            args = new IntMemoryMap().put(DNNL_ARG_DIFF_DST, delta).put(DNNL_ARG_WEIGHTS, weights).put(DNNL_ARG_DIFF_SRC, diffSrc);
        }
    }

    /**
     * ∂L/∂W = δ ∗ x and ∂L/∂b = Σ δ, then reordered into DL4J's gradient view. x and δ go in the layouts
     * oneDNN chooses for this pass: on AVX2 its weight-gradient kernel is an older direct one, a quarter
     * faster over the five layers on its own blocked layout than on channels-last arrays (up to 44 % for
     * conv2; the image before conv1 it takes as it is), which pays for copying x and δ into
     * {@link Dnnl#scratch} memory ({@code results/bench/bwd-weights-layout-2026-12-01/}). A bf16 plan reads
     * the forward pass's rounded x and the rounded δ as they are: its kernel is as fast on them as on its own
     * layout ({@code results/bench/bf16-training-2026-12-01/}).
     */
    private final class BackwardWeights {
        final memory diffWeights, diffWeightsUser, diffBias, x, delta;
        final primitive primitive;
        final reorder toUser, xReorder, deltaReorder;
        final IntMemoryMap args;

        BackwardWeights(engine e) {
            var pd = new convolution_backward_weights.primitive_desc(e, algorithm.convolution_direct,
                    bf16 ? srcDesc : Dnnl.anyLayout(inDims), Dnnl.anyLayout(weightDims), bias ? biasDesc : new memory.desc(),
                    bf16 ? deltaOperand.get_desc() : Dnnl.anyLayout(outDims), strides, padL, padR, forwardPd);
            if (pd.src_desc().equals(srcUser.get_desc())) {
                x = srcUser;
                xReorder = null;
            } else if (pd.src_desc().equals(srcDesc)) {
                x = src;   // the forward pass's copy, made again by backward if its input was another
                xReorder = null;
            } else {
                x = new memory(pd.src_desc(), e, null);
                xReorder = new reorder(srcUser, x);
            }
            delta = pd.diff_dst_desc().equals(deltaOperand.get_desc()) ? deltaOperand : new memory(pd.diff_dst_desc(), e, null);
            deltaReorder = delta == deltaOperand ? null : new reorder(diffDst, delta);
            diffWeights = new memory(pd.diff_weights_desc(), e);
            diffWeightsUser = new memory(weightsUserDesc, e, null);
            toUser = new reorder(diffWeights, diffWeightsUser);
            diffBias = new memory(biasDesc, e, null);
            primitive = new convolution_backward_weights(pd);
            args = new IntMemoryMap().put(DNNL_ARG_SRC, x).put(DNNL_ARG_DIFF_DST, delta).put(DNNL_ARG_DIFF_WEIGHTS, diffWeights);
            if (bias) args.put(DNNL_ARG_DIFF_BIAS, diffBias);
        }

        /** With the layer's input in {@code srcUser} (and {@code src}, when copied) and δ in {@code diffDst}. */
        void run(stream s, INDArray biasGrad, INDArray weightGrad) {
            if (xReorder != null) {
                x.set_data_handle(Dnnl.scratch(0, x.get_desc().get_size()));
                xReorder.execute(s, srcUser, x);
            }
            if (deltaReorder != null) {
                delta.set_data_handle(Dnnl.scratch(1, delta.get_desc().get_size()));
                deltaReorder.execute(s, diffDst, delta);
            }
            if (bias) diffBias.set_data_handle(Dnnl.address(biasGrad));
            primitive.execute(s, args);
            diffWeightsUser.set_data_handle(Dnnl.address(weightGrad));
            toUser.execute(s, diffWeights, diffWeightsUser);
        }
    }
}
