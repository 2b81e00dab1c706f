package io.github.alexnet4j.model;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The ReLU layers that skip DL4J's forward recompute in backprop give DL4J's gradients exactly. */
class FastLayersTest {

    @Test
    void reluDerivativeFromOutputOnlyForPlainRelu() {
        assertTrue(ReluFromOutput.applies(new ActivationReLU()));
        assertFalse(ReluFromOutput.applies(new ActivationTanH()));
        assertFalse(ReluFromOutput.applies(new ActivationLReLU(0.1)));
        assertFalse(ReluFromOutput.applies(new ActivationReLU(6.0, 0.0, 0.0)), "a capped ReLU is not exact");

        ReluFromOutput relu = new ReluFromOutput();
        INDArray out = Nd4j.ones(2, 2);
        relu.remember(out, true, new ActivationReLU());
        assertSame(out, relu.take());
        assertNull(relu.take(), "an output serves one backward pass only");
        relu.remember(out, false, new ActivationReLU());
        assertNull(relu.take(), "an inference pass keeps nothing");
        relu.remember(out, true, new ActivationTanH());
        assertNull(relu.take(), "tanh needs its input: DL4J recomputes it");
    }

    @Test
    void cifarPresetGradientsEqualDl4jLayers() {
        assertSameGradients(AlexNetConfig.cifar10(), 8, 28);
    }

    @Test
    void twoTowerPaperTopologyGradientsEqualDl4jLayers() {
        // the paper's layer pattern (11×11/4 conv1, both merges, dropout) at a size a test can afford
        AlexNetConfig small = AlexNetConfig.paper().toBuilder().numClasses(10).inputSize(67)
                .convWidths(java.util.List.of(16, 32, 48, 48, 32)).fcWidth(64).build();
        assertSameGradients(small, 4, 67);
    }

    @Test
    void tanhFallsBackToDl4jAndStillMatches() {
        assertSameGradients(AlexNetConfig.cifar10().toBuilder().nonlinearity(Nonlinearity.TANH).build(), 4, 28);
    }

    @Test
    void savedModelKeepsTheFastLayers(@TempDir File dir) throws Exception {
        ComputationGraph net = AlexNetGraph.build(AlexNetConfig.cifar10(), OptimizerConfig.paper());
        File f = new File(dir, "m.zip");
        ModelSerializer.writeModel(net, f, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(f, true);
        assertInstanceOf(FastConvolutionLayer.class, back.getLayer("conv1_a"));
        assertInstanceOf(FastDenseLayer.class, back.getLayer("fc6"));
        assertEquals(net.params(), back.params());
    }

    private static void assertSameGradients(AlexNetConfig config, int batch, int size) {
        ComputationGraph fast = AlexNetGraph.build(config, OptimizerConfig.paper());
        ComputationGraph dl4j;
        System.setProperty("alexnet.layers", "dl4j");
        try {
            dl4j = AlexNetGraph.build(config, OptimizerConfig.paper());
        } finally {
            System.clearProperty("alexnet.layers");
        }
        String conv1 = AlexNetGraph.vertexName(config, "conv1", 0);
        assertInstanceOf(FastConvolutionLayer.class, fast.getLayer(conv1));
        assertInstanceOf(FastDenseLayer.class, fast.getLayer("fc6"));
        assertFalse(dl4j.getLayer(conv1) instanceof FastConvolutionLayer);
        dl4j.setParams(fast.params().dup());

        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, 3, size, size);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, config.numClasses());
        for (int i = 0; i < batch; i++) y.putScalar(i, i % config.numClasses(), 1f);

        Gradient expected = gradient(dl4j, x, y);
        Gradient actual = gradient(fast, x, y);
        assertEquals(expected.gradientForVariable().keySet(), actual.gradientForVariable().keySet());
        for (Map.Entry<String, INDArray> e : expected.gradientForVariable().entrySet()) {
            INDArray want = e.getValue();
            INDArray got = actual.gradientForVariable().get(e.getKey());
            double scale = Math.max(1e-6, want.amaxNumber().doubleValue());
            double diff = want.sub(got).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-5 * scale, e.getKey() + ": max difference " + diff + " at scale " + scale);
        }
        assertTrue(expected.gradient().amaxNumber().doubleValue() > 0, "a gradient of zero proves nothing");
    }

    /** One training forward + backward pass with the same dropout masks for both networks. */
    private static Gradient gradient(ComputationGraph net, INDArray x, INDArray y) {
        Nd4j.getRandom().setSeed(99);
        net.setInputs(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Gradient g = net.gradient();
        // copy: the views belong to the network's gradient buffer
        org.deeplearning4j.nn.gradient.DefaultGradient copy = new org.deeplearning4j.nn.gradient.DefaultGradient();
        g.gradientForVariable().forEach((k, v) -> copy.setGradientFor(k, v.dup()));
        return copy;
    }
}
