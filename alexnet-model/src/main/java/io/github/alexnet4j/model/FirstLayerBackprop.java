package io.github.alexnet4j.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Backprop for a convolution that reads the image itself (conv1): nothing below it learns, so only the
 * weight and bias gradients are needed, never ∂L/∂image. DL4J's oneDNN helper always computes the
 * input gradient too, and for conv1's 11×11 kernels at stride 4 that is the single most expensive
 * backward computation in the network. Here the weight gradient is the patch matrix (im2col) times the
 * output gradient, done over slices of the batch so the patch matrix stays small (conv1's patches are
 * 363 numbers at each of 55×55 positions: 4.4 MB per image).
 */
final class FirstLayerBackprop {

    /** Patch-matrix bytes per slice of the batch. */
    private static final long SLICE_BYTES = 64L << 20;

    private FirstLayerBackprop() {
    }

    /**
     * @param input      the layer's input [N, C, H, W] (NCHW)
     * @param delta      ∂L/∂z, the gradient at the pre-activation [N, O, oH, oW]
     * @param weightGrad receives ∂L/∂W [O, C, kH, kW] (c order)
     * @param biasGrad   receives ∂L/∂b (O values), or null without bias
     */
    static void weightAndBiasGradients(INDArray input, INDArray delta, INDArray weightGrad, INDArray biasGrad,
                                       int[] kernel, int[] stride, int[] padding, int[] dilation) {
        weightAndBiasGradients(input, delta, weightGrad, biasGrad, kernel, stride, padding, dilation, SLICE_BYTES);
    }

    /** As above, with the patch matrix limited to {@code sliceBytes} (tests use small slices). */
    static void weightAndBiasGradients(INDArray input, INDArray delta, INDArray weightGrad, INDArray biasGrad,
                                       int[] kernel, int[] stride, int[] padding, int[] dilation, long sliceBytes) {
        long n = input.size(0), channels = input.size(1);
        long outDepth = delta.size(1), outH = delta.size(2), outW = delta.size(3);
        int kH = kernel[0], kW = kernel[1];
        long patch = channels * kH * kW, positions = outH * outW;
        long slice = Math.max(1, Math.min(n, sliceBytes / (positions * patch * input.dataType().width())));

        // [O, C·kH·kW] in c order, transposed: the [C·kH·kW, O] product of patchesᵀ × deltaᵀ lands in place
        INDArray grad2d = Shape.newShapeNoCopy(weightGrad, new long[]{outDepth, patch}, false);
        if (grad2d == null) throw new IllegalStateException("weight gradient view is not contiguous: " + weightGrad.shapeInfoToString());
        grad2d = grad2d.transpose();
        // patch matrix rows ordered (image, y, x); im2col writes through a permuted view of it
        INDArray cols = Nd4j.createUninitialized(input.dataType(), new long[]{slice, outH, outW, channels, kH, kW}, 'c');
        INDArray deltas = Nd4j.createUninitialized(delta.dataType(), new long[]{outDepth, slice, outH, outW}, 'c');
        for (long from = 0; from < n; from += slice) {
            long m = Math.min(slice, n - from);
            INDArray colsM = m == slice ? cols : cols.get(NDArrayIndex.interval(0, m));
            Convolution.im2col(input.get(NDArrayIndex.interval(from, from + m)), kH, kW, stride[0], stride[1],
                    padding[0], padding[1], dilation[0], dilation[1], false, colsM.permute(0, 3, 4, 5, 1, 2));
            INDArray deltasM = m == slice ? deltas : deltas.get(NDArrayIndex.all(), NDArrayIndex.interval(0, m));
            deltasM.assign(delta.get(NDArrayIndex.interval(from, from + m)).permute(1, 0, 2, 3));
            Nd4j.gemm(colsM.reshape('c', m * positions, patch), deltasM.reshape('c', outDepth, m * positions),
                    grad2d, true, true, 1.0, from == 0 ? 0.0 : 1.0);
        }
        if (biasGrad != null) {
            biasGrad.assign(delta.sum(0, 2, 3).reshape(biasGrad.shape()));
        }
    }
}
