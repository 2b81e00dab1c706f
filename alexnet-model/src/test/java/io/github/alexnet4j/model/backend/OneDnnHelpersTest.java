package io.github.alexnet4j.model.backend;

import io.github.alexnet4j.model.AblationVariantsTest;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import static org.junit.jupiter.api.Assertions.*;

/** The fast path is on, and it computes what DL4J's built-in layers compute. */
class OneDnnHelpersTest {

    @Test
    void everyConvAndPoolingLayerRunsOnItsOneDnnHelper() {
        assertTrue(OneDnn.available(), "the CPU natives on the classpath must be a oneDNN build (nd4j.classifier)");
        ComputationGraph net = AlexNetGraph.build(AlexNetConfig.paper(), OptimizerConfig.paper());
        assertEquals(java.util.List.of(), OneDnn.layersWithoutHelper(net), "layers without a oneDNN helper");
    }

    @Test
    void helpersMatchTheReferenceImplementationInOutputsAndGradients() {
        AlexNetConfig c = AlexNetConfig.cifar10().toBuilder().dropout(0).build();
        DataSet batch = AblationVariantsTest.randomBatch(c, 8, 4);
        ComputationGraph fast = AlexNetGraph.build(c, OptimizerConfig.paper());
        ComputationGraph reference;
        System.setProperty(OneDnn.PROPERTY, "true");
        try {
            reference = AlexNetGraph.build(c, OptimizerConfig.paper());
        } finally {
            System.setProperty(OneDnn.PROPERTY, "false");
        }
        assertFalse(OneDnn.layersWithoutHelper(reference).isEmpty(), "reference really runs without helpers");
        assertTrue(OneDnn.layersWithoutHelper(fast).isEmpty());
        assertEquals(reference.params(), fast.params(), "same seed, same weights");

        INDArray outFast = fast.outputSingle(batch.getFeatures());
        INDArray outRef = reference.outputSingle(batch.getFeatures());
        assertTrue(outRef.equalsWithEps(outFast, 1e-4), "outputs differ: " + outRef.sub(outFast).amaxNumber());

        Gradient gFast = gradient(fast, batch), gRef = gradient(reference, batch);
        for (String p : gRef.gradientForVariable().keySet()) {
            INDArray a = gRef.getGradientFor(p), b = gFast.getGradientFor(p);
            double scale = Math.max(1e-6, a.amaxNumber().doubleValue());
            double diff = a.sub(b).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-3 * scale, p + ": max gradient difference " + diff + " vs magnitude " + scale);
        }
    }

    private static Gradient gradient(ComputationGraph net, DataSet batch) {
        net.setInputs(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        return net.gradient();
    }
}
