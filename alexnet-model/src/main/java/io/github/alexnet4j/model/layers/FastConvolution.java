package io.github.alexnet4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's convolution layer whose ReLU backward pass does not recompute the convolution
 * ({@link FastConvolutionLayer}, {@link ReluFromOutput}) and which, as the first layer, computes no
 * gradient for the image. A drop-in subclass: configuration, parameters,
 * the oneDNN helper and serialisation are DL4J's.
 */
public class FastConvolution extends ConvolutionLayer {

    /** False for conv1: nothing below it learns, so backprop skips ∂L/∂image ({@link FirstLayerBackprop}). */
    private boolean inputGradient = true;

    /**
     * Whether the layer may call oneDNN directly and hand on channels-last arrays
     * ({@link ChannelsLastConvolution}); every layer after it (LRN, max-pooling, DL4J's own) reads them.
     * Off only when asked ({@link #withoutChannelsLast}); saved models keep the choice.
     */
    private boolean channelsLast = true;

    /** For Jackson (saved models). */
    public FastConvolution() {
        super();
    }

    /** The same layer as {@code built} (made by DL4J's builder, which validates it). */
    public static FastConvolution of(ConvolutionLayer built) {
        return DropIn.copy(ConvolutionLayer.class, built, new FastConvolution());
    }

    /** The same layer computing no input gradient in backprop (for a network's first layer). */
    public FastConvolution withoutInputGradient() {
        inputGradient = false;
        return this;
    }

    /** The same layer on libnd4j's path only (NCHW arrays). */
    public FastConvolution withoutChannelsLast() {
        channelsLast = false;
        return this;
    }

    public boolean isChannelsLast() {
        return channelsLast;
    }

    public void setChannelsLast(boolean channelsLast) {
        this.channelsLast = channelsLast;
    }

    public boolean isInputGradient() {
        return inputGradient;
    }

    public void setInputGradient(boolean inputGradient) {
        this.inputGradient = inputGradient;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof FastConvolution f && f.inputGradient == inputGradient && f.channelsLast == channelsLast;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * super.hashCode() + Boolean.hashCode(inputGradient)) + Boolean.hashCode(channelsLast);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return DropIn.wire(new FastConvolutionLayer(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams);
    }

    @Override
    public FastConvolution clone() {
        return (FastConvolution) super.clone();
    }
}
