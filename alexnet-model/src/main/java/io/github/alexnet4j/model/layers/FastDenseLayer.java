package io.github.alexnet4j.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * See {@link ReluFromOutput}: backprop takes the ReLU's derivative from the kept output; and see
 * {@link MatrixVector}: a single image's forward pass is a matrix-vector product.
 */
public class FastDenseLayer extends DenseLayer {

    private final ReluFromOutput relu = new ReluFromOutput();

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
            INDArray row = input.castTo(dataType);
            INDArray weights = getParam(DefaultParamInitializer.WEIGHT_KEY);
            if (MatrixVector.fits(row, weights)) {
                INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, weights.dataType(), 1, weights.size(1));
                MatrixVector.product(row, weights, hasBias() ? getParam(DefaultParamInitializer.BIAS_KEY) : null, z);
                return new Pair<>(z, z);
            }
        }
        return super.preOutputWithPreNorm(training, forBackprop, mgr);
    }

    @Override
    public void clear() {
        super.clear();
        relu.take();
    }
}
