package io.github.alexnet4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * The paper's overlapping max-pooling (Section 3.4: 3×3 windows at stride 2) with a backward pass that
 * reads the winners the forward pass recorded ({@link FastMaxPoolingLayer}). A drop-in subclass of DL4J's
 * pooling layer: configuration, shapes and serialisation are DL4J's.
 */
public class FastMaxPooling extends SubsamplingLayer {

    /** For Jackson (saved models). */
    public FastMaxPooling() {
        super();
    }

    /** The same layer as {@code built} (made by DL4J's builder, which validates it). */
    public static FastMaxPooling of(SubsamplingLayer built) {
        return DropIn.copy(SubsamplingLayer.class, built, new FastMaxPooling());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return DropIn.wire(new FastMaxPoolingLayer(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams);
    }

    @Override
    public FastMaxPooling clone() {
        return (FastMaxPooling) super.clone();
    }
}
