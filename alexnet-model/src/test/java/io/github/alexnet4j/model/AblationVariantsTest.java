package io.github.alexnet4j.model;

import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Every variant the ablation sweeps use builds, runs forward and backward, and changes its weights. */
public class AblationVariantsTest {

    static final AlexNetConfig BASE = AlexNetConfig.cifar10();

    static Stream<Map.Entry<String, AlexNetConfig>> variants() {
        return Map.of(
                "baseline", BASE,
                "no-lrn", BASE.toBuilder().lrn(false).build(),
                "caffe-lrn-order", BASE.toBuilder().lrnPlacement(LrnPlacement.AFTER_POOL).build(),
                "non-overlapping-pooling", BASE.toBuilder().pooling(2, 2).build(),
                "one-tower-paper", BASE.singleTowerAsInPaper(),
                "no-dropout", BASE.toBuilder().dropout(0).build(),
                "tanh", BASE.toBuilder().nonlinearity(Nonlinearity.TANH).build(),
                "no-conv3", BASE.toBuilder().removedConvLayer(3).build(),
                "no-conv4", BASE.toBuilder().removedConvLayer(4).build(),
                "no-conv5", BASE.toBuilder().removedConvLayer(5).build()).entrySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void trainsOneStep(Map.Entry<String, AlexNetConfig> variant) {
        AlexNetConfig c = variant.getValue();
        ComputationGraph net = AlexNetGraph.build(c, OptimizerConfig.paper());
        DataSet batch = randomBatch(c, 8, 1);
        INDArray before = net.params().dup();
        net.fit(batch);
        double score = net.score();
        assertTrue(Double.isFinite(score) && score > 0, variant.getKey() + ": loss " + score);
        assertNotEquals(before, net.params(), variant.getKey() + ": weights did not change");
        assertArrayEquals(new long[]{8, c.numClasses()}, net.outputSingle(batch.getFeatures()).shape());
    }

    @Test
    void removingAConvLayerRemovesItsVertices() {
        ComputationGraph net = AlexNetGraph.build(BASE.toBuilder().removedConvLayer(4).build(), OptimizerConfig.paper());
        assertNull(net.getVertex("conv4_a"));
        assertEquals("conv3_a", net.getConfiguration().getVertexInputs().get("conv5_a").get(0));
        ComputationGraph no3 = AlexNetGraph.build(BASE.toBuilder().removedConvLayer(3).build(), OptimizerConfig.paper());
        assertEquals("pool2_a", no3.getConfiguration().getVertexInputs().get("conv4_a").get(0),
                "without conv3 the towers only meet again at the FC layers");
    }

    @Test
    void tanhAndReluNetworksComputeDifferentFunctions() {
        DataSet batch = randomBatch(BASE, 4, 2);
        INDArray relu = AlexNetGraph.build(BASE, OptimizerConfig.paper()).outputSingle(batch.getFeatures());
        INDArray tanh = AlexNetGraph.build(BASE.toBuilder().nonlinearity(Nonlinearity.TANH).build(), OptimizerConfig.paper())
                .outputSingle(batch.getFeatures());
        assertTrue(relu.distance2(tanh) > 1e-4, "same seed, same weights: only the nonlinearity differs");
    }

    public static DataSet randomBatch(AlexNetConfig c, int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(n, c.inputChannels(), c.inputSize(), c.inputSize());
        INDArray y = Nd4j.zeros(n, c.numClasses());
        for (int i = 0; i < n; i++) y.putScalar(i, i % c.numClasses(), 1.0);
        return new DataSet(x, y);
    }
}
