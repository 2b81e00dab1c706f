package io.github.alexnet4j.cli.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The micro-benchmark behind conv1's backprop trick (the model's {@code FirstLayerBackprop}): one tower's
 * conv1 of the paper (48 filters 11×11 at stride 4 on 227×227×3) timed as libnd4j's three kernels —
 * {@code conv2d} forward, {@code conv2d_bp} (what DL4J's oneDNN helper runs: input AND weight gradients)
 * and {@code deconv2d_bp} with ∂L/∂z as its input (the weight gradient without the image's gradient) —
 * and how far the two weight gradients differ.
 */
final class Conv1Backprop {

    record Result(int batch, int reps, double forwardMs, double conv2dBpMs, double deconv2dBpMs, double maxWeightGradientDifference,
                  double maxWeightGradient) {
        String markdown() {
            return String.format(java.util.Locale.ROOT, """
                    | kernel (batch %d, one tower's conv1: 48 × 11×11/4 on 227×227×3) | median of %d (ms) |
                    |---|---|
                    | `conv2d` forward | %.1f |
                    | `conv2d_bp` (input and weight gradients; DL4J's oneDNN helper) | %.1f |
                    | `deconv2d_bp` with ∂L/∂z as input (weight gradient only; this project's conv1) | %.1f |

                    Largest difference between the two weight gradients: %.3g (largest gradient entry %.3g).
                    """, batch, reps, forwardMs, conv2dBpMs, deconv2dBpMs, maxWeightGradientDifference, maxWeightGradient);
        }
    }

    private Conv1Backprop() {
    }

    static Result measure(int batch, int reps) {
        int k = 11, s = 4, size = 227, out = (size - k) / s + 1, filters = 48;
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, 3, size, size);
        INDArray w = Nd4j.randn(DataType.FLOAT, filters, 3, k, k).muli(0.01);
        INDArray b = Nd4j.zeros(DataType.FLOAT, filters);
        INDArray delta = Nd4j.randn(DataType.FLOAT, batch, filters, out, out);
        INDArray z = Nd4j.create(DataType.FLOAT, batch, filters, out, out);
        INDArray gradX = x.ulike(), gradW = w.ulike(), gradB = b.ulike(), deconvW = w.ulike(), discarded = delta.ulike();
        // kH, kW, sH, sW, pH, pW, dH, dW, same-mode, 0 = NCHW, weight format 1 = [O, C, kH, kW]
        int[] args = {k, k, s, s, 0, 0, 1, 1, 0, 0, 1};
        Runnable forward = () -> Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w, b).addOutputs(z)
                .addIntegerArguments(args).build());
        Runnable convBp = () -> Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, b, delta)
                .addOutputs(gradX, gradW, gradB).addIntegerArguments(args).build());
        Runnable deconvBp = () -> Nd4j.exec(DynamicCustomOp.builder("deconv2d_bp").addInputs(delta, w, x)
                .addOutputs(discarded, deconvW).addIntegerArguments(args).build());
        double f = median(forward, reps), c = median(convBp, reps), d = median(deconvBp, reps);
        return new Result(batch, reps, f, c, d, gradW.sub(deconvW).amaxNumber().doubleValue(), gradW.amaxNumber().doubleValue());
    }

    private static double median(Runnable kernel, int reps) {
        kernel.run();   // warm-up: oneDNN builds its primitive on the first call
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            kernel.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[reps / 2];
    }

    static Map<String, Object> json(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("conv1Backprop", r);
        return m;
    }
}
