package io.github.alexnet4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * The paper's local response normalisation (Section 3.3) with a fast CPU implementation
 * ({@link FastLrnLayer}). DL4J's own layer computes the same formula but spends over half of a
 * CIFAR-scale training step in it; this one is a drop-in subclass, so shapes, serialisation and
 * the formula's parameters are DL4J's.
 */
public class FastLrn extends LocalResponseNormalization {

    public FastLrn() {
        super();
    }

    public static FastLrn of(double k, double n, double alpha, double beta) {
        FastLrn l = new FastLrn();
        l.setK(k);
        l.setN(n);
        l.setAlpha(alpha);
        l.setBeta(beta);
        return l;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return DropIn.wire(new FastLrnLayer(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams);
    }

    @Override
    public FastLrn clone() {
        return (FastLrn) super.clone();
    }
}
