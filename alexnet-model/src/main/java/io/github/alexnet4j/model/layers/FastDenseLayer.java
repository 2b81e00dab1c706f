package io.github.alexnet4j.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * See {@link ReluFromOutput}: backprop takes the ReLU's derivative from the kept output; see
 * {@link MatrixVector}: a single image's forward pass is a matrix-vector product; and see
 * {@link DenseMatmul}: a batch's three matrix products go to oneDNN. Layer norm, masks and weight noise
 * (none of them in this project's networks) keep DL4J's path.
 */
public class FastDenseLayer extends DenseLayer {

    private final ReluFromOutput relu = new ReluFromOutput();
    private DenseMatmul matmul;

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
            INDArray bias = hasBias() ? getParam(DefaultParamInitializer.BIAS_KEY) : null;
            if (MatrixVector.fits(row, weights)) {
                INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, weights.dataType(), 1, weights.size(1));
                MatrixVector.product(row, weights, bias, z);
                return new Pair<>(z, z);
            }
            DenseMatmul plan = plan(row, weights);
            if (plan != null) {
                INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, weights.dataType(), new long[]{row.size(0), weights.size(1)}, 'c');
                plan.forward(row, weights, bias, z);
                return new Pair<>(z, z);
            }
        }
        return super.preOutputWithPreNorm(training, forBackprop, mgr);
    }

    private DenseMatmul plan(INDArray x, INDArray weights) {
        return matmul = DenseMatmul.plan(matmul, x, weights, hasBias());
    }

    /** DL4J's dense backprop (BaseLayer's), with its two matrix products through {@link DenseMatmul}. */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        INDArray weights = getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        INDArray x = input == null ? null : input.castTo(dataType);
        // the weight gradient is written through the weights' layout: DL4J gives both the same one
        DenseMatmul plan = hasLayerNorm() || maskArray != null || layerConf().getWeightNoise() != null || x == null
                || !Arrays.equals(weightGrad.stride(), weights.stride()) ? null : plan(x, weights);
        if (plan == null) return super.backpropGradient(epsilon, mgr);
        assertInputSet(true);
        INDArray z = preOutputWithPreNorm(true, true, mgr).getFirst();
        INDArray delta = RowMajor.of(layerConf().getActivationFn().backprop(z, epsilon).getFirst());
        Gradient ret = new DefaultGradient();
        if (hasBias()) {
            INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            delta.sum(biasGrad, 0);
            ret.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
        }
        INDArray inputGrad = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(), new long[]{delta.size(0), weights.size(0)}, 'c');
        plan.inputGradient(delta, weights, inputGrad);
        plan.weightGradient(x, delta, weightGrad);
        ret.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        return new Pair<>(ret, backpropDropOutIfPresent(inputGrad));
    }

    @Override
    public void clear() {
        super.clear();
        relu.take();
    }
}
