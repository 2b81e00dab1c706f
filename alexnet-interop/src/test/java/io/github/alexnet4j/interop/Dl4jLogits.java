package io.github.alexnet4j.interop;

import io.github.alexnet4j.model.AlexNetGraph;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/** The class scores of a DL4J AlexNet before its softmax: fc7's activations through fc8's weights. */
public final class Dl4jLogits {
    private Dl4jLogits() {
    }

    public static double[][] of(ComputationGraph net, INDArray x) {
        Map<String, INDArray> acts = net.feedForward(x, false);
        INDArray fc7 = acts.get("fc7");
        var fc8 = net.getLayer(AlexNetGraph.OUTPUT);
        INDArray z = fc7.mmul(fc8.getParam("W")).addRowVector(fc8.getParam("b"));
        return z.toDoubleMatrix();
    }

    /** Largest absolute difference relative to the largest absolute logit of {@code expected}. */
    public static double relativeError(double[] expected, double[] actual) {
        double scale = 0, diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        return diff / scale;
    }
}
