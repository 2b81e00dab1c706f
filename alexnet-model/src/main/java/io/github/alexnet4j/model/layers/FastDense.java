package io.github.alexnet4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's fully-connected layer whose ReLU backward pass does not recompute the matrix product
 * ({@link FastDenseLayer}, {@link ReluFromOutput}). A drop-in subclass: configuration, parameters and
 * serialisation are DL4J's.
 */
public class FastDense extends DenseLayer {

    /** For Jackson (saved models). */
    public FastDense() {
        super();
    }

    /** The same layer as {@code built} (made by DL4J's builder, which validates it). */
    public static FastDense of(DenseLayer built) {
        return DropIn.copy(DenseLayer.class, built, new FastDense());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return DropIn.wire(new FastDenseLayer(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams);
    }

    @Override
    public FastDense clone() {
        return (FastDense) super.clone();
    }
}
