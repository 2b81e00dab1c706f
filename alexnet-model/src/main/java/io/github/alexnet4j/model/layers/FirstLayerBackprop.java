package io.github.alexnet4j.model.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Backprop for the convolution that reads the image itself (conv1): nothing below it learns, so only
 * the weight and bias gradients are needed, never ∂L/∂image. DL4J's oneDNN helper runs libnd4j's
 * {@code conv2d_bp}, which always computes the image's gradient too, and for conv1 (3 input channels,
 * 11×11 kernels at stride 4) oneDNN's backward-data pass is by far the slowest part of the layer:
 * about 7 times the forward pass's time (115 ms against 17 ms for 32 images on 2 cores).
 *
 * <p>The trick: a transposed convolution ("deconvolution") of ∂L/∂z with the same weights is exactly
 * the map that carries ∂L/∂z back to the image. So libnd4j's {@code deconv2d_bp}, handed ∂L/∂z as its
 * input and the image as its output gradient, computes as its weight gradient Σ ∂L/∂z · image patches,
 * which is conv1's weight gradient (oneDNN's backward-weights pass; {@code FastLayersTest} checks it
 * against conv2d_bp's); its "input gradient" is then conv1's forward convolution, cheap,
 * and discarded. The weights go in as they are: libnd4j's
 * weight format 1 for a deconvolution, [in, out, kH, kW], is conv1's [out, in, kH, kW] seen from the
 * other side.
 */
final class FirstLayerBackprop {

    private FirstLayerBackprop() {
    }

    /**
     * Whether the transposed convolution maps conv1's output back onto exactly the whole image: true
     * when the layer's windows end at the image's last row and column (the paper's 227 with no padding,
     * the CIFAR preset's 28 with padding 2), false where the last rows fall between windows.
     */
    static boolean fits(long inH, long inW, long outH, long outW, int[] kernel, int[] stride, int[] padding,
                        int[] dilation) {
        return dilation[0] == 1 && dilation[1] == 1
                && (outH - 1) * stride[0] + kernel[0] - 2L * padding[0] == inH
                && (outW - 1) * stride[1] + kernel[1] - 2L * padding[1] == inW;
    }

    /**
     * @param input      the layer's input [N, C, H, W] (NCHW); {@link #fits} must hold
     * @param weights    the layer's weights [O, C, kH, kW]
     * @param delta      ∂L/∂z, the gradient at the pre-activation [N, O, oH, oW]
     * @param weightGrad receives ∂L/∂W [O, C, kH, kW]
     * @param biasGrad   receives ∂L/∂b (O values), or null without bias
     */
    static void weightAndBiasGradients(INDArray input, INDArray weights, INDArray delta, INDArray weightGrad,
                                       INDArray biasGrad, int[] kernel, int[] stride, int[] padding) {
        INDArray discarded = Nd4j.createUninitialized(delta.dataType(), delta.shape(), 'c');
        // deconv2d integer arguments: kH, kW, sH, sW, pH, pW, dH, dW, same-mode, 0 = NCHW, weight format 1
        Nd4j.exec(DynamicCustomOp.builder("deconv2d_bp")
                .addInputs(delta, weights, input)
                .addOutputs(discarded, weightGrad)
                .addIntegerArguments(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], 1, 1, 0, 0, 1)
                .build());
        if (biasGrad != null) {
            biasGrad.assign(delta.sum(0, 2, 3).reshape(biasGrad.shape()));
        }
    }
}
