package io.github.alexnet4j.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * fc8: DL4J's output layer with its products through {@link FullyConnected}, as fc6 and fc7. For one image
 * ({@code predict}) its 4096 × 1000 weights are read once by a matrix-vector product instead of ND4J's
 * general matrix product. Softmax, loss and its gradient stay DL4J's; masks and weight noise (not in this
 * project's networks) keep DL4J's path.
 */
public class FastOutputLayer extends OutputLayer {

    private final FullyConnected products = new FullyConnected();

    public FastOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean plain() {
        return input != null && maskArray == null && layerConf().getWeightNoise() == null;
    }

    @Override
    protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop, LayerWorkspaceMgr mgr) {
        if (plain()) {
            applyDropOutIfNecessary(training, mgr);   // as DL4J's, which will not apply it twice
            INDArray z = products.preActivation(input.castTo(dataType), paramTable(), mgr);
            if (z != null) return new Pair<>(z, z);
        }
        return super.preOutputWithPreNorm(training, forBackprop, mgr);
    }

    /** DL4J's output-layer backprop (BaseOutputLayer's): δ from the loss and softmax, then the two products. */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        if (!plain() || labels == null || !products.backpropApplies(input.castTo(dataType), paramTable(), gradientViews)) {
            return super.backpropGradient(epsilon, mgr);
        }
        INDArray z = preOutput2d(true, mgr);
        INDArray delta = layerConf().getLossFn().computeGradient(getLabels2d(mgr, ArrayType.BP_WORKING_MEM), z,
                layerConf().getActivationFn(), maskArray);
        Pair<Gradient, INDArray> g = products.gradients(input.castTo(dataType), delta, paramTable(), gradientViews, mgr);
        return new Pair<>(g.getFirst(), backpropDropOutIfPresent(g.getSecond()));
    }
}
