package io.github.alexnet4j.model.layers;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Map;

/**
 * The matrix products of one fully connected layer (fc6, fc7, and fc8 with its softmax), shared by
 * {@link FastDenseLayer} and {@link FastOutputLayer}: a single image's forward pass as a matrix-vector
 * product ({@link MatrixVector}), a batch's three products through oneDNN ({@link DenseMatmul}). Each
 * method returns null when its fast path does not apply; the layer then keeps DL4J's.
 */
final class FullyConnected {

    private DenseMatmul matmul;
    private MatrixVector matrixVector;

    /** z = x·W + b ({@code bias} may be null), or null. {@code x} is the layer's float input. */
    INDArray preActivation(INDArray x, INDArray weights, INDArray bias, LayerWorkspaceMgr mgr) {
        if (MatrixVector.fits(x, weights) && (matrixVector = MatrixVector.plan(matrixVector, weights, bias)) != null) {
            INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, weights.dataType(), 1, weights.size(1));
            return matrixVector.product(x, weights, bias, z);
        }
        DenseMatmul plan = plan(x, weights, bias != null);
        if (plan == null) return null;
        INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, weights.dataType(), new long[]{x.size(0), weights.size(1)}, 'c');
        plan.forward(x, weights, bias, z);
        return z;
    }

    /**
     * Backprop from δ = ∂L/∂z: writes ∂L/∂W into {@code weightGrad} and, when {@code biasGrad} is not null,
     * ∂L/∂b into it; returns ∂L/∂x. Null, with nothing written, when the products cannot be made here.
     */
    INDArray backprop(INDArray x, INDArray delta, INDArray weights, INDArray weightGrad, INDArray biasGrad,
                      LayerWorkspaceMgr mgr) {
        DenseMatmul plan = backwardPlan(x, weights, weightGrad, biasGrad != null);
        if (plan == null) return null;
        INDArray rows = RowMajor.of(delta);
        if (biasGrad != null) rows.sum(biasGrad, 0);
        INDArray inputGrad = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, rows.dataType(), new long[]{rows.size(0), weights.size(0)}, 'c');
        plan.inputGradient(rows, weights, inputGrad);
        plan.weightGradient(x, rows, weightGrad);
        return inputGrad;
    }

    /** z = x·W + b with a layer's parameters (DL4J's "W" and, if present, "b"), or null. */
    INDArray preActivation(INDArray x, Map<String, INDArray> params, LayerWorkspaceMgr mgr) {
        return preActivation(x, params.get(DefaultParamInitializer.WEIGHT_KEY), params.get(DefaultParamInitializer.BIAS_KEY), mgr);
    }

    /**
     * Whether {@link #gradients} can run here for this input and the layer's parameters and gradient views:
     * asked before δ is computed, so that a layer taking DL4J's path does not compute it twice.
     */
    boolean backpropApplies(INDArray x, Map<String, INDArray> params, Map<String, INDArray> gradientViews) {
        return backwardPlan(x, params.get(DefaultParamInitializer.WEIGHT_KEY), gradientViews.get(DefaultParamInitializer.WEIGHT_KEY),
                params.containsKey(DefaultParamInitializer.BIAS_KEY)) != null;
    }

    /** The products for backprop, or null: the weight gradient is written through the weights' layout (DL4J gives both the same one). */
    private DenseMatmul backwardPlan(INDArray x, INDArray weights, INDArray weightGrad, boolean bias) {
        return Arrays.equals(weightGrad.stride(), weights.stride()) ? plan(x, weights, bias) : null;
    }

    /**
     * A layer's gradients from δ: its parameters' (written into DL4J's {@code gradientViews}) and ∂L/∂x, or
     * null when the products cannot be made here ({@link #backpropApplies} tells beforehand).
     */
    Pair<Gradient, INDArray> gradients(INDArray x, INDArray delta, Map<String, INDArray> params,
                                       Map<String, INDArray> gradientViews, LayerWorkspaceMgr mgr) {
        INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        INDArray biasGrad = params.containsKey(DefaultParamInitializer.BIAS_KEY) ? gradientViews.get(DefaultParamInitializer.BIAS_KEY) : null;
        INDArray inputGrad = backprop(x, delta, params.get(DefaultParamInitializer.WEIGHT_KEY), weightGrad, biasGrad, mgr);
        if (inputGrad == null) return null;
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        if (biasGrad != null) gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
        return new Pair<>(gradient, inputGrad);
    }

    private DenseMatmul plan(INDArray x, INDArray weights, boolean bias) {
        return matmul = DenseMatmul.plan(matmul, x, weights, bias);
    }
}
