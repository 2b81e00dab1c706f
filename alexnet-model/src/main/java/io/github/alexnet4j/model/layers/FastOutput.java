package io.github.alexnet4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's output layer (fc8 with its softmax and loss) whose matrix products are the project's
 * ({@link FastOutputLayer}). A drop-in subclass: configuration, parameters and serialisation are DL4J's.
 */
public class FastOutput extends OutputLayer {

    /** For Jackson (saved models). */
    public FastOutput() {
        super();
    }

    /** The same layer as {@code built} (made by DL4J's builder, which validates it). */
    public static FastOutput of(OutputLayer built) {
        return DropIn.copy(OutputLayer.class, built, new FastOutput());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return DropIn.wire(new FastOutputLayer(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams);
    }

    @Override
    public FastOutput clone() {
        return (FastOutput) super.clone();
    }
}
