package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.backend.Dnnl;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The convolutions, LRN and max-pooling that call oneDNN directly on channels-last arrays ({@link Dnnl})
 * compute what the same layers compute through libnd4j ({@code -Dalexnet.dnnl=false}): outputs and
 * gradients equal within 1e-5 of the largest value, for every input layout a layer meets.
 */
class ChannelsLastTest {

    private static final AlexNetConfig TORCHVISION = AlexNetConfig.torchvision().toBuilder().numClasses(10).inputSize(68)
            .convWidths(List.of(16, 32, 48, 48, 32)).fcWidth(64).build();
    private static final AlexNetConfig PAPER = AlexNetConfig.paper().toBuilder().numClasses(10).inputSize(67)
            .convWidths(List.of(16, 32, 48, 48, 32)).fcWidth(64).build();

    @AfterEach
    void restore() {
        System.clearProperty(Dnnl.PROPERTY);
    }

    @Test
    void oneDnnIsCalledDirectlyOnThisProjectsPlatform() {
        // linux-x86_64 is the platform the binding's library is a dependency for: there it must load
        boolean linuxX64 = System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64");
        assertEquals(linuxX64, Dnnl.available(DataType.FLOAT));
        assertFalse(Dnnl.available(DataType.DOUBLE), "double arrays (gradient checks) take DL4J's path");
        if (linuxX64) assertEquals("3.3.4", Dnnl.version());
        System.setProperty(Dnnl.PROPERTY, "false");
        assertFalse(Dnnl.available());
    }

    /** Both layouts, the paper's with its two towers and LRN, run channels-last from conv1 to pool5. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"torchvision", "paper"})
    void networksRunChannelsLastAndMatchTheNchwPath(String layout) {
        AlexNetConfig config = layout.equals("paper") ? PAPER : TORCHVISION;
        ComputationGraph net = AlexNetGraph.build(config, OptimizerConfig.paper());
        Nd4j.getRandom().setSeed(5);
        int size = config.inputSize();
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 3, size, size).muli(layout.equals("paper") ? 40 : 1);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 10);
        for (int i = 0; i < 4; i++) y.putScalar(i, i, 1f);

        Map<String, INDArray> direct = net.feedForward(x, false);
        List<String> maps = new java.util.ArrayList<>(List.of("conv1", "pool1", "conv2", "pool2", "conv3", "conv4", "conv5", "pool5"));
        if (config.lrn()) maps.addAll(List.of("lrn1", "lrn2"));
        for (String v : maps) {
            String vertex = AlexNetGraph.vertexName(config, v, 0);
            assertTrue(Dnnl.isChannelsLast(direct.get(vertex)), vertex + " lies channels-last");
        }
        INDArray out = net.outputSingle(x).dup();
        Gradient g = gradient(net, x, y);

        System.setProperty(Dnnl.PROPERTY, "false");
        assertFalse(Dnnl.isChannelsLast(net.feedForward(x, false).get(AlexNetGraph.vertexName(config, "conv2", 0))),
                "libnd4j's path writes NCHW");
        assertClose(net.outputSingle(x), out, "output");
        Gradient want = gradient(net, x, y);
        for (Map.Entry<String, INDArray> e : want.gradientForVariable().entrySet()) {
            assertClose(e.getValue(), g.gradientForVariable().get(e.getKey()), e.getKey());
        }
    }

    @Test
    void savedModelsKeepTheLayoutChoice(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        ComputationGraph net = AlexNetGraph.build(PAPER, OptimizerConfig.paper());
        String conv2 = AlexNetGraph.vertexName(PAPER, "conv2", 0);
        ((FastConvolution) net.getLayer(conv2).conf().getLayer()).withoutChannelsLast();
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, PAPER.inputSize(), PAPER.inputSize());
        assertFalse(Dnnl.isChannelsLast(net.feedForward(x, false).get(conv2)), "a layer told so keeps libnd4j's NCHW path");
        java.io.File file = dir.resolve("m.zip").toFile();
        org.deeplearning4j.util.ModelSerializer.writeModel(net, file, false);
        ComputationGraph restored = org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(file, false);
        assertEquals(net.getConfiguration(), restored.getConfiguration());
        assertFalse(((FastConvolution) restored.getLayer(conv2).conf().getLayer()).isChannelsLast());
        String conv1 = AlexNetGraph.vertexName(PAPER, "conv1", 0);
        assertTrue(((FastConvolution) restored.getLayer(conv1).conf().getLayer()).isChannelsLast());
    }

    @Test
    void everyInputLayoutGivesTheSameConvolutionAndGradients() {
        ComputationGraph net = AlexNetGraph.build(TORCHVISION, OptimizerConfig.paper());
        net.initGradientsView();
        Layer conv2 = net.getLayer("conv2");
        Nd4j.getRandom().setSeed(11);
        INDArray plain = Nd4j.randn(DataType.FLOAT, 3, 16, 7, 7);
        INDArray channelsLast = plain.permute(0, 2, 3, 1).dup('c').permute(0, 3, 1, 2);
        INDArray wider = Nd4j.randn(DataType.FLOAT, 3, 24, 7, 7);
        wider.get(NDArrayIndex.all(), NDArrayIndex.interval(5, 21), NDArrayIndex.all(), NDArrayIndex.all()).assign(plain);
        INDArray offsetView = wider.get(NDArrayIndex.all(), NDArrayIndex.interval(5, 21), NDArrayIndex.all(), NDArrayIndex.all());
        assertTrue(offsetView.offset() > 0 && Dnnl.isChannelsLast(channelsLast) && !Dnnl.isChannelsLast(plain));

        System.setProperty(Dnnl.PROPERTY, "false");
        INDArray[] want = pass(conv2, plain);
        System.clearProperty(Dnnl.PROPERTY);
        for (Supplier<INDArray> input : List.<Supplier<INDArray>>of(() -> plain, () -> channelsLast, () -> offsetView)) {
            INDArray[] got = pass(conv2, input.get());
            assertTrue(Dnnl.isChannelsLast(got[4]), "oneDNN's output is channels-last");
            for (int i = 0; i < want.length - 1; i++) assertClose(want[i], got[i], "output, ∂L/∂input, ∂L/∂W, ∂L/∂b"
                    .split(", ")[i]);
        }
    }

    @Test
    void maxPoolingOfAChannelsLastInputRoutesGradientsToTheSameWinners() {
        ComputationGraph net = AlexNetGraph.build(TORCHVISION, OptimizerConfig.paper());
        Layer pool = net.getLayer("pool1");
        Nd4j.getRandom().setSeed(13);
        INDArray plain = Nd4j.randn(DataType.FLOAT, 2, 16, 15, 15);
        INDArray channelsLast = plain.permute(0, 2, 3, 1).dup('c').permute(0, 3, 1, 2);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        pool.setInput(plain, mgr);
        INDArray want = pool.activate(true, mgr).dup();
        INDArray eps = Nd4j.randn(DataType.FLOAT, want.shape());
        INDArray wantGrad = pool.backpropGradient(eps, mgr).getSecond().dup();
        pool.setInput(channelsLast, mgr);
        INDArray got = pool.activate(true, mgr);
        assertTrue(Dnnl.isChannelsLast(got));
        assertEquals(want, got, "max-pooling picks values: equal exactly");
        assertEquals(wantGrad, pool.backpropGradient(eps, mgr).getSecond(), "each gradient goes to its window's winner");
        assertEquals(0, ((FastMaxPoolingLayer) pool).pooledAgain);
    }

    /**
     * LRN of a channels-last input (oneDNN's forward with α divided by n, which {@link ChannelsLastLrn}
     * undoes; its own backward) gives what {@link FastLrnLayer}'s NCHW path gives: the paper's constants,
     * another odd window, and an even window, which oneDNN centres differently and so stays on the NCHW
     * path. Backprop also for an input at an offset in a larger buffer, without its forward pass.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"2, 5, 1e-4, 0.75, 24, 30", "1, 3, 0.01, 0.5, 7, 3", "2, 4, 1e-3, 0.6, 10, 5"})
    void lrnOfAChannelsLastInputMatchesTheNchwPath(double k, int n, double alpha, double beta, int maps, double scale) {
        FastLrn conf = FastLrn.of(k, n, alpha, beta);
        Layer lrn = conf.instantiate(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .layer(conf).build(), List.of(), 0, null, false, DataType.FLOAT);
        Nd4j.getRandom().setSeed(19);
        INDArray plain = Nd4j.randn(DataType.FLOAT, 3, maps, 6, 5).muli(scale);
        INDArray eps = Nd4j.randn(DataType.FLOAT, plain.shape());
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        lrn.setInput(plain, mgr);
        INDArray want = lrn.activate(true, mgr).dup();
        INDArray wantGrad = lrn.backpropGradient(eps, mgr).getSecond().dup();
        assertTrue(want.sub(plain).amaxNumber().doubleValue() > 1e-3 * scale, "the normalisation changes the values");

        INDArray channelsLast = plain.permute(0, 2, 3, 1).dup('c').permute(0, 3, 1, 2);
        lrn.setInput(channelsLast, mgr);
        INDArray got = lrn.activate(true, mgr);
        assertEquals(n % 2 == 1, Dnnl.isChannelsLast(got), "odd windows run in oneDNN, channels-last");
        assertClose(want, got, "output");
        assertClose(wantGrad, lrn.backpropGradient(eps, mgr).getSecond(), "∂L/∂input");
        INDArray twoBatches = Nd4j.concat(0, Nd4j.zeros(DataType.FLOAT, plain.shape()), plain).permute(0, 2, 3, 1).dup('c');
        INDArray offsetView = twoBatches.get(NDArrayIndex.interval(3, 6), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all()).permute(0, 3, 1, 2);
        assertTrue(offsetView.offset() > 0 && Dnnl.isChannelsLast(offsetView));
        lrn.setInput(offsetView, mgr);
        assertClose(wantGrad, lrn.backpropGradient(eps, mgr).getSecond(), "∂L/∂input of a view, without its forward pass");
    }

    /**
     * Forward (training) and backward through one layer: output, ∂L/∂input, then its gradients, copied;
     * last, the output itself.
     */
    private static INDArray[] pass(Layer layer, INDArray input) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        layer.setInput(input, mgr);
        INDArray output = layer.activate(true, mgr), out = output.dup();
        Nd4j.getRandom().setSeed(17);
        var back = layer.backpropGradient(Nd4j.randn(DataType.FLOAT, out.shape()), mgr);
        return new INDArray[]{out, back.getSecond().dup(), back.getFirst().getGradientFor("W").dup(),
                back.getFirst().getGradientFor("b").dup(), output};
    }

    /** One training pass's gradients, with the same dropout masks every time. */
    private static Gradient gradient(ComputationGraph net, INDArray x, INDArray y) {
        Nd4j.getRandom().setSeed(99);
        net.setInputs(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        org.deeplearning4j.nn.gradient.DefaultGradient copy = new org.deeplearning4j.nn.gradient.DefaultGradient();
        net.gradient().gradientForVariable().forEach((k, v) -> copy.setGradientFor(k, v.dup()));
        return copy;
    }

    private static void assertClose(INDArray want, INDArray got, String what) {
        assertArrayEquals(want.shape(), got.shape(), what);
        double scale = want.amaxNumber().doubleValue();
        assertTrue(scale > 0, what + ": a zero array proves nothing");
        double diff = want.sub(got).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5 * scale, what + ": max difference " + diff + " at scale " + scale);
    }
}
