package io.github.alexnet4j.model.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * See {@link ReluFromOutput}: backprop takes the ReLU's derivative from the kept output; and see
 * {@link FirstLayerBackprop}: as the first layer it computes no input gradient.
 */
public class FastConvolutionLayer extends ConvolutionLayer {

    private final ReluFromOutput relu = new ReluFromOutput();

    public FastConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        return relu.remember(super.activate(training, mgr), training, layerConf().getActivationFn());
    }

    /** Called by DL4J's backprop for the pre-activation; for a ReLU the output serves (no im2col kept). */
    @Override
    protected Pair<INDArray, INDArray> preOutput4d(boolean training, boolean forBackprop, LayerWorkspaceMgr mgr) {
        INDArray output = forBackprop ? relu.take() : null;
        return output != null ? new Pair<>(output, null) : super.preOutput4d(training, forBackprop, mgr);
    }

    /**
     * As DL4J's, but the first layer computes only the parameters' gradients (no input gradient), where
     * {@link FirstLayerBackprop} applies; anything else takes DL4J's path.
     */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
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
