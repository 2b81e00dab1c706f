package io.github.alexnet4j.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * See {@link ReluFromOutput}: backprop takes the ReLU's derivative from the kept output; see
 * {@link FullyConnected}: the layer's matrix products. Layer norm, masks and weight noise
 * (none of them in this project's networks) keep DL4J's path.
 */
public class FastDenseLayer extends DenseLayer {

    private final ReluFromOutput relu = new ReluFromOutput();
    private final FullyConnected products = new FullyConnected();

    public FastDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        return relu.remember(super.activate(training, mgr), training, layerConf().getActivationFn());
    }

    /**
     * Called by DL4J's backprop for the pre-activation (and the pre-layer-norm values, unused without
     * layer norm); for a ReLU the output serves. Dropout on the input was applied in the forward pass.
     */
    @Override
    protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop, LayerWorkspaceMgr mgr) {
        INDArray output = forBackprop && !hasLayerNorm() && maskArray == null ? relu.take() : null;
        if (output != null) return new Pair<>(output, output);
        if (input != null && !hasLayerNorm() && maskArray == null && layerConf().getWeightNoise() == null) {
            applyDropOutIfNecessary(training, mgr);   // as DL4J's, which will not apply it twice
            INDArray z = products.preActivation(input.castTo(dataType), paramTable(), mgr);
            if (z != null) return new Pair<>(z, z);
        }
        return super.preOutputWithPreNorm(training, forBackprop, mgr);
    }

    /** DL4J's dense backprop (BaseLayer's), with its two matrix products through {@link FullyConnected}. */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        INDArray x = input == null ? null : input.castTo(dataType);
        if (hasLayerNorm() || maskArray != null || layerConf().getWeightNoise() != null || x == null
                || !products.backpropApplies(x, paramTable(), gradientViews)) {
            return super.backpropGradient(epsilon, mgr);
        }
        INDArray z = preOutputWithPreNorm(true, true, mgr).getFirst();
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        Pair<Gradient, INDArray> g = products.gradients(x, delta, paramTable(), gradientViews, mgr);
        return new Pair<>(g.getFirst(), backpropDropOutIfPresent(g.getSecond()));
    }

    @Override
    public void clear() {
        super.clear();
        relu.take();
    }
}
