package io.github.alexnet4j.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's convolution layer whose ReLU backward pass does not recompute the convolution
 * ({@link FastConvolutionLayer}, {@link ReluFromOutput}). A drop-in subclass: configuration, parameters,
 * the oneDNN helper and serialisation are DL4J's.
 */
public class FastConvolution extends ConvolutionLayer {

    /** For Jackson (saved models). */
    public FastConvolution() {
        super();
    }

    /** The same layer as {@code built} (made by DL4J's builder, which validates it). */
    public static FastConvolution of(ConvolutionLayer built) {
        return DropIn.copy(ConvolutionLayer.class, built, new FastConvolution());
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
