package io.github.alexnet4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;

/**
 * What every drop-in subclass of a DL4J layer ({@link FastLrn}, {@link FastConvolution},
 * {@link FastDense}, {@link FastOutput}) needs: a configuration copied from the DL4J one, and its own layer implementation
 * wired up as DL4J wires its layers.
 */
final class DropIn {

    private DropIn() {
    }

    /**
     * A subclass instance of a built DL4J layer configuration. DL4J's layer configurations are made by
     * their builders (DenseLayer's builder constructor is private), so every field the builder set is
     * copied, from the DL4J class up.
     */
    static <T, S extends T> S copy(Class<T> dl4jClass, T built, S target) {
        for (Class<?> c = dl4jClass; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) continue;
                try {
                    f.setAccessible(true);
                    f.set(target, f.get(built));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot copy " + c.getSimpleName() + "." + f.getName(), e);
                }
            }
        }
        return target;
    }

    /** The steps of DL4J's own {@code instantiate}, for a layer implementation of ours. */
    static <L extends Layer> L wire(L layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                    int layerIndex, INDArray paramsView, boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(conf.getLayer().initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
