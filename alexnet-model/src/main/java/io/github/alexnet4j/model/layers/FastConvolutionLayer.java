package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.backend.Dnnl;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * See {@link ReluFromOutput}: backprop takes the ReLU's derivative from the kept output; and see
 * {@link FirstLayerBackprop}: as the first layer it computes no input gradient. Where oneDNN can be
 * called directly ({@link Dnnl}), the convolution runs there with a channels-last output and gradients
 * ({@link ChannelsLastConvolution}), which spares libnd4j's reorders.
 */
public class FastConvolutionLayer extends ConvolutionLayer {

    private final ReluFromOutput relu = new ReluFromOutput();
    private ChannelsLastConvolution channelsLast;
    private ReluBackward reluBackward;

    public FastConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        return relu.remember(activation(training, mgr), training, layerConf().getActivationFn());
    }

    /**
     * DL4J's forward pass; on the channels-last path, in inference, a ReLU is applied by oneDNN in the
     * convolution's own pass where it can; otherwise the nonlinearity runs over the contiguous NHWC array.
     */
    private INDArray activation(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        long[] outDims = outputDims();
        if (!channelsLastApplies(outDims)) return super.activate(training, mgr);
        applyDropOutIfNecessary(training, mgr);
        IActivation nonlinearity = layerConf().getActivationFn();
        INDArray out = ChannelsLast.create(mgr, ArrayType.ACTIVATIONS, outDims);
        // in inference only: one image 1.07x faster, training no faster (results/bench/relu-postop-2026-12-02/)
        if (convolve(training, outDims, out, !training && ReluFromOutput.applies(nonlinearity))) return out;
        return ChannelsLast.nchw(nonlinearity.getActivation(ChannelsLast.nhwc(out), training));
    }

    /** Called by DL4J's backprop for the pre-activation; for a ReLU the output serves (no im2col kept). */
    @Override
    protected Pair<INDArray, INDArray> preOutput4d(boolean training, boolean forBackprop, LayerWorkspaceMgr mgr) {
        INDArray output = forBackprop ? relu.take() : null;
        return output != null ? new Pair<>(output, null) : super.preOutput4d(training, forBackprop, mgr);
    }

    /** z = W ∗ x + b: through oneDNN, channels-last, where {@link #channelsLastApplies} says so; else DL4J's. */
    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        long[] outDims = outputDims();
        if (!channelsLastApplies(outDims)) return super.preOutput(training, forBackprop, mgr);
        INDArray z = ChannelsLast.create(mgr, ArrayType.ACTIVATIONS, outDims);
        convolve(training, outDims, z, false);
        return new Pair<>(z, null);
    }

    /** W ∗ x + b into {@code out} through oneDNN, with max(0, ·) if {@code relu} and oneDNN can; returns whether it did. */
    private boolean convolve(boolean training, long[] outDims, INDArray out, boolean relu) {
        INDArray weights = getParam(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray bias = hasBias() ? getParam(ConvolutionParamInitializer.BIAS_KEY) : null;
        ChannelsLastConvolution plan = plan(input, weights.shape(), outDims);
        return training ? plan.forward(input, weights, bias, out, relu) : plan.infer(input, weights, bias, out, relu);
    }

    /** This layer's oneDNN plan for this input, in bf16 where {@link Dnnl#bf16()} asks for it (the plan kept if it fits). */
    private ChannelsLastConvolution plan(INDArray input, long[] weightDims, long[] outDims) {
        return channelsLast = ChannelsLastConvolution.plan(channelsLast, input, weightDims, hasBias(), layerConf().getStride(),
                layerConf().getPadding(), outDims, Dnnl.bf16());
    }

    /** Whether this layer's last pass multiplied in bfloat16 ({@link Dnnl#BF16_PROPERTY}). */
    boolean usedBf16() {
        return channelsLast != null && channelsLast.bf16();
    }

    /** DL4J's output size (Truncate/Strict: windows that fit the padded input), or null for other modes. */
    private long[] outputDims() {
        FastConvolution c = (FastConvolution) layerConf();
        if (input == null || input.rank() != 4 || c.getConvolutionMode() == ConvolutionMode.Same) return null;
        int[] k = c.getKernelSize(), s = c.getStride(), p = c.getPadding();
        return new long[]{input.size(0), c.getNOut(), (input.size(2) + 2L * p[0] - k[0]) / s[0] + 1,
                (input.size(3) + 2L * p[1] - k[1]) / s[1] + 1};
    }

    private boolean channelsLastApplies(long[] outDims) {
        FastConvolution c = (FastConvolution) layerConf();
        return outDims != null && c.isChannelsLast() && c.getCnn2dDataFormat() == CNN2DFormat.NCHW && c.getWeightNoise() == null
                && input.size(1) == c.getNIn() && ChannelsLastConvolution.fits(input, getParam(ConvolutionParamInitializer.WEIGHT_KEY).shape(),
                c.getStride(), c.getPadding(), c.getDilation(), outDims);
    }

    /**
     * Backprop through oneDNN: δ = ∂L/∂z (for a ReLU from the kept output), then the parameters'
     * gradients and, unless this is the first layer, ∂L/∂input, all channels-last.
     */
    private Pair<Gradient, INDArray> channelsLastBackprop(INDArray epsilon, LayerWorkspaceMgr mgr) {
        FastConvolution conf = (FastConvolution) layerConf();
        INDArray output = relu.take();
        INDArray delta;
        if (output != null) {
            delta = ChannelsLast.create(mgr, ArrayType.BP_WORKING_MEM, output.shape());
            INDArray eps = ChannelsLast.of(epsilon, mgr, ArrayType.BP_WORKING_MEM);
            (reluBackward = ReluBackward.plan(reluBackward, output, eps, delta)).run(output, eps, delta);
        } else {
            INDArray z = preOutput(true, true, mgr).getFirst();
            INDArray eps = ChannelsLast.of(epsilon.castTo(dataType), mgr, ArrayType.BP_WORKING_MEM);
            delta = ChannelsLast.nchw(conf.getActivationFn().backprop(ChannelsLast.nhwc(z), ChannelsLast.nhwc(eps)).getFirst());
        }
        INDArray inputGrad = conf.isInputGradient() ? ChannelsLast.create(mgr, ArrayType.ACTIVATION_GRAD, input.shape()) : null;
        INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray biasGrad = hasBias() ? gradientViews.get(ConvolutionParamInitializer.BIAS_KEY) : null;
        plan(input, weightGrad.shape(), delta.shape()).backward(input, getParam(ConvolutionParamInitializer.WEIGHT_KEY), delta, inputGrad, weightGrad, biasGrad);
        Gradient gradient = new DefaultGradient();
        if (biasGrad != null) gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
        return new Pair<>(gradient, inputGrad);
    }

    /**
     * As DL4J's, but the first layer computes only the parameters' gradients (no input gradient), where
     * {@link FirstLayerBackprop} applies; anything else takes DL4J's path.
     */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        if (channelsLastApplies(outputDims())) return channelsLastBackprop(epsilon, mgr);
        FastConvolution conf = (FastConvolution) layerConf();
        if (conf.isInputGradient() || conf.getCnn2dDataFormat() != CNN2DFormat.NCHW
                || conf.getConvolutionMode() == ConvolutionMode.Same || conf.getWeightNoise() != null
                || !FirstLayerBackprop.fits(input.size(2), input.size(3), epsilon.size(2), epsilon.size(3),
                        conf.getKernelSize(), conf.getStride(), conf.getPadding(), conf.getDilation())) {
            return super.backpropGradient(epsilon, mgr);
        }
        INDArray z = preOutput4d(true, true, mgr).getFirst();
        INDArray delta = conf.getActivationFn().backprop(z, epsilon.castTo(dataType)).getFirst();
        INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray biasGrad = hasBias() ? gradientViews.get(ConvolutionParamInitializer.BIAS_KEY) : null;
        FirstLayerBackprop.weightAndBiasGradients(input.castTo(dataType), getParam(ConvolutionParamInitializer.WEIGHT_KEY),
                delta, weightGrad, biasGrad, conf.getKernelSize(), conf.getStride(), conf.getPadding());
        Gradient gradient = new DefaultGradient();
        if (biasGrad != null) gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
        return new Pair<>(gradient, null); // no ∂L/∂input: DL4J's graph accepts none for its input vertex
    }

    @Override
    public void clear() {
        super.clear();
        relu.take();
    }
}
