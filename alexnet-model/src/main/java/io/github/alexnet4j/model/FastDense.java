package io.github.alexnet4j.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;

/**
 * A fully-connected layer (fc6, fc7) whose matrix products go straight to the BLAS library
 * ({@link FastDenseLayer}). In ND4J 1.0.0-M2.1, {@code INDArray.mmul} — which DL4J's dense layer
 * uses for its output and for the gradient it passes back — ran at about 30 GFLOP/s here while
 * {@code Nd4j.gemm} on the same shapes ran at about 220 (fc6 at batch 128: 290 ms vs 43 ms), and the
 * dense layer does three such products per step. A drop-in subclass: same shapes, parameters,
 * initialisation and serialisation as DL4J's {@link DenseLayer}.
 */
public class FastDense extends DenseLayer {

    public FastDense() {
        super();
    }

    /** The same layer as {@code built}, computed by {@link FastDenseLayer}. */
    public static FastDense of(DenseLayer built) {
        if (built.hasLayerNorm()) throw new IllegalArgumentException("FastDense does not implement layer normalisation");
        FastDense f = new FastDense();
        for (Class<?> c = DenseLayer.class; c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) continue;
                field.setAccessible(true);
                try {
                    field.set(f, field.get(built));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot copy " + field, e);
                }
            }
        }
        return f;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FastDense", getLayerName(), layerIndex, getNIn(), getNOut());
        FastDenseLayer layer = new FastDenseLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public FastDense clone() {
        return (FastDense) super.clone();
    }
}
