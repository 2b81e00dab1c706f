package io.github.alexnet4j.model;

import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class AlexNetGraphTest {

    private static AlexNetConfig paper;
    private static ComputationGraph paperNet;

    @BeforeAll
    static void buildPaperNet() {
        paper = AlexNetConfig.paper();
        paperNet = AlexNetGraph.build(paper, OptimizerConfig.paper());
        System.out.println(LayerSummary.of(paperNet, paper));
    }

    /** Parameters of a conv layer: k·k·in·out weights + out biases. */
    private static long conv(int k, int in, int out) {
        return (long) k * k * in * out + out;
    }

    private static long fc(int in, int out) {
        return (long) in * out + out;
    }

    @Test
    void paperNetworkHasTheParameterCountOfFigure2() {
        long expected = conv(11, 3, 96) + conv(5, 48, 256) + conv(3, 256, 384) + conv(3, 192, 384)
                + conv(3, 192, 256) + fc(6 * 6 * 256, 4096) + fc(4096, 4096) + fc(4096, 1000);
        assertEquals(60_965_224L, expected, "independent arithmetic");
        assertEquals(60_965_224L, paperNet.numParams());
    }

    @Test
    void forwardMultiplyAccumulatesAreCountedFromTheConfig() {
        long expected = 55L * 55 * 96 * 11 * 11 * 3 + 27L * 27 * 256 * 5 * 5 * 48 + 13L * 13 * 384 * 3 * 3 * 256
                + 13L * 13 * 384 * 3 * 3 * 192 + 13L * 13 * 256 * 3 * 3 * 192 + 9216L * 4096 + 4096L * 4096 + 4096L * 1000;
        assertEquals(724_406_816L, expected, "independent arithmetic");
        assertEquals(expected, Flops.forwardMacs(paper));
        long oneTower = Flops.forwardMacs(paper.toBuilder().towers(1).build());
        assertEquals(expected + 27L * 27 * 256 * 5 * 5 * 48 + 13L * 13 * 384 * 3 * 3 * 192 + 13L * 13 * 256 * 3 * 3 * 192,
                oneTower, "ungrouped conv2, conv4, conv5 see twice the maps");
    }

    @Test
    void sameWidthsWithoutTowersHaveMoreParameters() {
        ComputationGraph oneTower = AlexNetGraph.build(paper.toBuilder().towers(1).build(), OptimizerConfig.paper());
        assertEquals(62_378_344L, oneTower.numParams());
    }

    @Test
    void papersOneGpuNetHalvesEveryConvLayerButConv5() {
        AlexNetConfig c = paper.singleTowerAsInPaper();
        assertEquals(List.of(48, 128, 192, 192, 256), List.of(c.convWidth(1), c.convWidth(2), c.convWidth(3),
                c.convWidth(4), c.convWidth(5)));
        long expected = conv(11, 3, 48) + conv(5, 48, 128) + conv(3, 128, 192) + conv(3, 192, 192)
                + conv(3, 192, 256) + fc(6 * 6 * 256, 4096) + fc(4096, 4096) + fc(4096, 1000);
        ComputationGraph net = AlexNetGraph.build(c, OptimizerConfig.paper());
        assertEquals(expected, net.numParams());
    }

    @Test
    void everyNamedLayerHasThePapersOutputShapeOnA227Input() {
        Map<String, INDArray> acts = paperNet.feedForward(Nd4j.rand(1, 3, 227, 227), false);
        Map<String, long[]> expected = Map.ofEntries(
                Map.entry("conv1_a", new long[]{1, 48, 55, 55}), Map.entry("conv1_b", new long[]{1, 48, 55, 55}),
                Map.entry("lrn1_a", new long[]{1, 48, 55, 55}), Map.entry("pool1_a", new long[]{1, 48, 27, 27}),
                Map.entry("conv2_a", new long[]{1, 128, 27, 27}), Map.entry("lrn2_b", new long[]{1, 128, 27, 27}),
                Map.entry("pool2_a", new long[]{1, 128, 13, 13}), Map.entry("pool2", new long[]{1, 256, 13, 13}),
                Map.entry("conv3_a", new long[]{1, 192, 13, 13}), Map.entry("conv4_b", new long[]{1, 192, 13, 13}),
                Map.entry("conv5_a", new long[]{1, 128, 13, 13}), Map.entry("pool5_a", new long[]{1, 128, 6, 6}),
                Map.entry("pool5_b", new long[]{1, 128, 6, 6}), Map.entry("pool5", new long[]{1, 256, 6, 6}),
                Map.entry("fc6", new long[]{1, 4096}), Map.entry("fc7", new long[]{1, 4096}),
                Map.entry("fc8", new long[]{1, 1000}));
        expected.forEach((name, shape) -> assertArrayEquals(shape, acts.get(name).shape(), name));
        SpatialSizes s = paper.spatialSizes();
        assertEquals(new SpatialSizes(55, 27, 27, 13, 13, 6), s);
        assertEquals(1.0, acts.get("fc8").sumNumber().doubleValue(), 1e-4, "softmax sums to 1");
    }

    @Test
    void towersConnectOnlyWhereThePaperSays() {
        ComputationGraphConfiguration conf = paperNet.getConfiguration();
        Map<String, List<String>> in = conf.getVertexInputs();
        assertEquals(List.of("pool1_a"), in.get("conv2_a"), "conv2 sees only its own tower");
        assertEquals(List.of("pool1_b"), in.get("conv2_b"));
        assertEquals(List.of("pool2_a", "pool2_b"), in.get("pool2"));
        assertInstanceOf(MergeVertex.class, conf.getVertices().get("pool2"));
        assertEquals(List.of("pool2"), in.get("conv3_a"), "conv3 sees both towers");
        assertEquals(List.of("pool2"), in.get("conv3_b"));
        assertEquals(List.of("conv3_a"), in.get("conv4_a"), "conv4 sees only its own tower");
        assertEquals(List.of("conv4_b"), in.get("conv5_b"), "conv5 sees only its own tower");
        assertEquals(List.of("pool5_a", "pool5_b"), in.get("pool5"));
        assertEquals(List.of("pool5"), in.get("fc6"), "FC layers see both towers");
        assertEquals(48, convLayer(conf, "conv2_a").getNIn(), "grouped conv2: 48 input maps, not 96");
        assertEquals(256, convLayer(conf, "conv3_a").getNIn(), "conv3: all 256 maps of layer 2");
        assertEquals(192, convLayer(conf, "conv4_a").getNIn(), "grouped conv4: 192 input maps, not 384");
        assertEquals(192, convLayer(conf, "conv5_a").getNIn());
    }

    @Test
    void lrnUsesThePapersConstantsAndSitsBeforePoolingUnlessCaffeOrderIsAsked() {
        ComputationGraphConfiguration conf = paperNet.getConfiguration();
        LocalResponseNormalization lrn = (LocalResponseNormalization) layer(conf, "lrn1_a");
        assertEquals(2.0, lrn.getK());
        assertEquals(5.0, lrn.getN());
        assertEquals(1e-4, lrn.getAlpha());
        assertEquals(0.75, lrn.getBeta());
        assertEquals(List.of("conv1_a"), conf.getVertexInputs().get("lrn1_a"));
        assertEquals(List.of("lrn1_a"), conf.getVertexInputs().get("pool1_a"));

        ComputationGraphConfiguration caffe = AlexNetGraph.configuration(
                paper.toBuilder().lrnPlacement(LrnPlacement.AFTER_POOL).build(), OptimizerConfig.paper());
        assertEquals(List.of("conv1_a"), caffe.getVertexInputs().get("pool1_a"));
        assertEquals(List.of("pool1_a"), caffe.getVertexInputs().get("lrn1_a"));
        assertEquals(List.of("lrn1_a"), caffe.getVertexInputs().get("conv2_a"));
    }

    @Test
    void poolingOverlapsWithZ3S2() {
        SubsamplingLayer pool = (SubsamplingLayer) layer(paperNet.getConfiguration(), "pool1_a");
        assertArrayEquals(new int[]{3, 3}, pool.getKernelSize());
        assertArrayEquals(new int[]{2, 2}, pool.getStride());
        assertTrue(paper.overlappingPooling());
        assertFalse(paper.toBuilder().pooling(2, 2).build().overlappingPooling());
        assertEquals(6, paper.toBuilder().pooling(2, 2).build().spatialSizes().pool5(), "non-overlapping 2/2 keeps the 6×6 output");
    }

    @Test
    void initialisationIsThePapers() {
        Map<String, INDArray> p = paperNet.paramTable();
        for (String oneBias : List.of("conv2_a_b", "conv4_b_b", "conv5_a_b", "fc6_b", "fc7_b")) {
            assertEquals(1.0, p.get(oneBias).minNumber().doubleValue(), 0.0, oneBias);
            assertEquals(1.0, p.get(oneBias).maxNumber().doubleValue(), 0.0, oneBias);
        }
        for (String zeroBias : List.of("conv1_a_b", "conv3_b_b", "fc8_b")) {
            assertEquals(0.0, p.get(zeroBias).amaxNumber().doubleValue(), 0.0, zeroBias);
        }
        INDArray w = p.get("fc6_W");
        assertEquals(0.0, w.meanNumber().doubleValue(), 1e-4, "N(0, 0.01) mean");
        assertEquals(0.01, w.stdNumber().doubleValue(), 1e-4, "N(0, 0.01) std");
        assertEquals(0.01, p.get("conv1_a_W").stdNumber().doubleValue(), 5e-4);

        ComputationGraph caffe = AlexNetGraph.build(paper.toBuilder().biasOne(0.1).numClasses(10).build(), OptimizerConfig.paper());
        assertEquals(0.1, caffe.paramTable().get("fc7_b").meanNumber().doubleValue(), 1e-5);
    }

    private static ConvolutionLayer convLayer(ComputationGraphConfiguration conf, String name) {
        return (ConvolutionLayer) layer(conf, name);
    }

    private static org.deeplearning4j.nn.conf.layers.Layer layer(ComputationGraphConfiguration conf, String name) {
        return ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
    }

    @Test
    void layerActivationTypesAgreeWithSpatialSizes() {
        AlexNetConfig c = AlexNetConfig.cifar10();
        Map<String, InputType> types = AlexNetGraph.configuration(c, OptimizerConfig.paper())
                .getLayerActivationTypes(AlexNetGraph.inputType(c));
        SpatialSizes s = c.spatialSizes();
        assertEquals(s.conv1(), ((InputType.InputTypeConvolutional) types.get("conv1_a")).getHeight());
        assertEquals(s.pool2(), ((InputType.InputTypeConvolutional) types.get("pool2")).getHeight());
        assertEquals(s.pool5(), ((InputType.InputTypeConvolutional) types.get("pool5")).getHeight());
        assertEquals(2, s.pool5(), "CIFAR preset: 28 → 28 → 13 → 13 → 6 → 6 → 2");
    }
}
