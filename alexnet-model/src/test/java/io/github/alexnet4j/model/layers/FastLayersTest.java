package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.Implementation;
import io.github.alexnet4j.model.Nonlinearity;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import io.github.alexnet4j.model.AlexNetConfig;
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
    void torchvisionLayoutGradientsEqualDl4jLayers() {
        // one tower, no LRN; conv1 11×11/4 at padding 2 on 68: its windows stop short of the last padded
        // row, as at torchvision's 224, so conv1 takes DL4J's backprop
        AlexNetConfig small = AlexNetConfig.torchvision().toBuilder().numClasses(10).inputSize(68)
                .convWidths(java.util.List.of(16, 32, 48, 48, 32)).fcWidth(64).build();
        assertSameGradients(small, 4, 68);
    }

    @Test
    void inferenceFollowsParametersChangedBetweenCalls() {
        // the convolutions keep their reordered weights between inference calls (WeightsSnapshot); their weights
        // are views at offsets into the network's flat parameters, which setParams and a training step rewrite
        AlexNetConfig small = AlexNetConfig.torchvision().toBuilder().numClasses(10).inputSize(68)
                .convWidths(java.util.List.of(16, 32, 48, 48, 32)).fcWidth(64).build();
        ComputationGraph fast = AlexNetGraph.build(small, OptimizerConfig.paper());
        ComputationGraph dl4j = AlexNetGraph.build(small.toBuilder().implementation(new Implementation(
                Implementation.Kind.DL4J, small.implementation().lrn(), false)).build(), OptimizerConfig.paper());
        Nd4j.getRandom().setSeed(13);
        INDArray x = Nd4j.randn(DataType.FLOAT, 1, 3, 68, 68);
        dl4j.setParams(fast.params().dup());
        assertTrue(dl4j.outputSingle(false, x).equalsWithEps(fast.outputSingle(false, x), 1e-5), "before");

        INDArray changed = Nd4j.randn(DataType.FLOAT, fast.params().shape()).muli(0.05);   // every weight new, conv weights at their offsets too
        fast.setParams(changed);
        dl4j.setParams(changed.dup());
        INDArray want = dl4j.outputSingle(false, x), got = fast.outputSingle(false, x);
        assertTrue(want.equalsWithEps(got, 1e-5), "after setParams: " + want + " vs " + got);

        INDArray y = Nd4j.zeros(DataType.FLOAT, 1, 10).putScalar(0, 3, 1f);
        fast.fit(new org.nd4j.linalg.dataset.DataSet(x, y));   // a training step between two inference calls
        dl4j.setParams(fast.params().dup());
        want = dl4j.outputSingle(false, x);
        got = fast.outputSingle(false, x);
        assertTrue(want.equalsWithEps(got, 1e-5), "after a training step: " + want + " vs " + got);
    }

    @Test
    void singleImagesTakeTheMatrixVectorProductAndGetDl4jsOutputsAndGradients() {
        AlexNetConfig paper = AlexNetConfig.paper().toBuilder().numClasses(10).inputSize(67)
                .convWidths(java.util.List.of(16, 32, 48, 48, 32)).fcWidth(64).build();
        AlexNetConfig torchvision = AlexNetConfig.torchvision().toBuilder().numClasses(10).inputSize(68)
                .convWidths(java.util.List.of(16, 32, 48, 48, 32)).fcWidth(64).build();
        for (AlexNetConfig config : java.util.List.of(paper, torchvision)) {
            int size = config.inputSize();
            assertSameGradients(config, 1, size);   // training at batch 1: dropout, then the product
            ComputationGraph fast = AlexNetGraph.build(config, OptimizerConfig.paper());
            ComputationGraph dl4j = AlexNetGraph.build(config.toBuilder().implementation(new Implementation(
                    Implementation.Kind.DL4J, config.implementation().lrn(), false)).build(), OptimizerConfig.paper());
            dl4j.setParams(fast.params().dup());
            for (String fc : java.util.List.of("fc6", "fc7", AlexNetGraph.OUTPUT)) {
                INDArray w = fast.getLayer(fc).getParam("W");
                assertTrue(MatrixVector.fits(Nd4j.create(DataType.FLOAT, 1, w.size(0)), w), fc + ": one float row");
                assertNotNull(MatrixVector.plan(null, w, fast.getLayer(fc).getParam("b")), fc + "'s weights and bias as DL4J keeps them");
            }
            Nd4j.getRandom().setSeed(3);
            INDArray x = Nd4j.randn(DataType.FLOAT, 1, 3, size, size);
            INDArray want = dl4j.outputSingle(false, x), got = fast.outputSingle(false, x);
            assertTrue(want.equalsWithEps(got, 1e-5), "inference at batch 1: " + want + " vs " + got);
        }
    }

    @Test
    void matrixVectorProductEqualsMmulOnParameterViews() {
        Nd4j.getRandom().setSeed(11);
        int nIn = 300, nOut = 70;
        // weights and bias as DL4J keeps them: column-major views into one flat parameter row, at an offset
        INDArray flat = Nd4j.rand(DataType.FLOAT, 1, 5 + nIn * nOut + nOut);
        INDArray w = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(5, 5 + nIn * nOut)).reshape('f', nIn, nOut);
        INDArray b = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(5 + nIn * nOut, 5 + nIn * nOut + nOut)).reshape(1, nOut);
        INDArray rows = Nd4j.rand(DataType.FLOAT, 'f', 3, nIn);
        INDArray row = rows.getRow(1, true);   // a strided row: copied to row-major first
        assertTrue(MatrixVector.fits(row, w));
        INDArray want = row.mmul(w).addiRowVector(b);
        INDArray got = MatrixVector.plan(null, w, b).product(row, w, b, Nd4j.create(DataType.FLOAT, 1, nOut));
        assertTrue(want.equalsWithEps(got, 1e-4), "with bias: max difference " + want.sub(got).amaxNumber());
        INDArray noBias = MatrixVector.plan(null, w, null).product(row, w, null, Nd4j.create(DataType.FLOAT, 1, nOut));
        assertTrue(row.mmul(w).equalsWithEps(noBias, 1e-4), "without bias");
        INDArray rowMajorW = w.dup('c');   // other strides, another plan: the same product
        INDArray fromRowMajor = MatrixVector.plan(null, rowMajorW, b).product(row, rowMajorW, b, Nd4j.create(DataType.FLOAT, 1, nOut));
        assertTrue(want.equalsWithEps(fromRowMajor, 1e-4), "row-major weights: max difference " + want.sub(fromRowMajor).amaxNumber());
        assertFalse(MatrixVector.fits(rows, w), "three rows are a matrix product");
        assertFalse(MatrixVector.fits(row.castTo(DataType.DOUBLE), w), "doubles");
    }

    @Test
    void fullyConnectedProductsTakeOneDnnOnDl4jsParameterViews() {
        // fc8's layout in a network: weights and their gradient column-major views into flat rows; the
        // layer test above shows equal gradients, this one that they came from this path, not DL4J's
        Nd4j.getRandom().setSeed(5);
        int batch = 6, nIn = 96, nOut = 10;
        INDArray params = Nd4j.rand(DataType.FLOAT, 1, 3 + nIn * nOut + nOut), grads = Nd4j.zeros(DataType.FLOAT, 1, 3 + nIn * nOut + nOut);
        INDArray w = view(params, 3, nIn, nOut), wGrad = view(grads, 3, nIn, nOut);
        INDArray b = params.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(3 + nIn * nOut, 3 + nIn * nOut + nOut)).reshape(1, nOut);
        INDArray bGrad = Nd4j.zeros(DataType.FLOAT, 1, nOut);
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, nIn), delta = Nd4j.randn(DataType.FLOAT, batch, nOut);
        var mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        FullyConnected fc = new FullyConnected();
        INDArray z = fc.preActivation(x, w, b, mgr);
        assertNotNull(z, "a batch goes to oneDNN's matmul");
        assertTrue(x.mmul(w).addiRowVector(b).equalsWithEps(z, 1e-4));
        INDArray inputGrad = fc.backprop(x, delta, w, wGrad, bGrad, mgr);
        assertNotNull(inputGrad, "backprop through DL4J's gradient views");
        assertTrue(delta.mmul(w.transpose()).equalsWithEps(inputGrad, 1e-4), "input gradient");
        assertTrue(x.transpose().mmul(delta).equalsWithEps(wGrad, 1e-4), "weight gradient, written into the view");
        assertTrue(delta.sum(true, 0).equalsWithEps(bGrad, 1e-4), "bias gradient");
        assertNull(fc.backprop(x, delta, w, wGrad.dup('c'), bGrad, mgr), "a gradient laid out unlike the weights");
    }

    private static INDArray view(INDArray flat, int offset, int rows, int columns) {
        return flat.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + rows * columns)).reshape('f', rows, columns);
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
        assertInstanceOf(FastOutputLayer.class, back.getLayer(AlexNetGraph.OUTPUT));
        assertEquals(net.params(), back.params());
    }

    @Test
    void firstLayerGradientsEqualLibnd4jConvolutionBackprop() {
        // the paper's conv1 pattern (11×11 at stride 4, no padding) and the CIFAR preset's (5×5/1, padding 2)
        assertFirstLayerGradients(5, 3, 35, 6, 11, 4, 0);
        assertFirstLayerGradients(4, 3, 12, 8, 5, 1, 2);
    }

    @Test
    void firstLayerSkipsTheImageGradientOnlyWhereItsWindowsCoverTheImage() {
        AlexNetConfig small = AlexNetConfig.paper().toBuilder().numClasses(10).inputSize(67)
                .convWidths(java.util.List.of(16, 32, 48, 48, 32)).fcWidth(64).build();
        assertNull(conv1InputGradient(small, 67), "67 = 14·4 + 11: conv1's windows end at the last pixel");
        // at 69 the last two rows and columns fall between windows: DL4J's own backprop, image gradient included
        assertNotNull(conv1InputGradient(small.toBuilder().inputSize(69).build(), 69));
        assertNull(conv1InputGradient(AlexNetConfig.cifar10(), 28));
    }

    private static INDArray conv1InputGradient(AlexNetConfig config, int size) {
        ComputationGraph net = AlexNetGraph.build(config, OptimizerConfig.paper());
        net.initGradientsView();
        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        org.deeplearning4j.nn.api.Layer conv1 = net.getLayer(AlexNetGraph.vertexName(config, "conv1", 0));
        conv1.setInput(Nd4j.randn(DataType.FLOAT, 2, 3, size, size), mgr);
        INDArray out = conv1.activate(true, mgr);
        return conv1.backpropGradient(Nd4j.randn(DataType.FLOAT, out.shape()), mgr).getSecond();
    }

    /** {@link FirstLayerBackprop} against libnd4j's conv2d_bp (weights [O, C, kH, kW] = format 1). */
    private static void assertFirstLayerGradients(int n, int c, int size, int o, int k, int stride, int pad) {
        Nd4j.getRandom().setSeed(3);
        int out = (size + 2 * pad - k) / stride + 1;
        int[] kk = {k, k}, ss = {stride, stride}, pp = {pad, pad}, d = {1, 1};
        assertTrue(FirstLayerBackprop.fits(size, size, out, out, kk, ss, pp, d));
        INDArray x = Nd4j.randn(DataType.FLOAT, n, c, size, size);
        INDArray w = Nd4j.randn(DataType.FLOAT, o, c, k, k);
        INDArray delta = Nd4j.randn(DataType.FLOAT, n, o, out, out);
        INDArray wantW = Nd4j.create(DataType.FLOAT, o, c, k, k);
        INDArray wantB = Nd4j.create(DataType.FLOAT, o);
        Nd4j.exec(org.nd4j.linalg.api.ops.DynamicCustomOp.builder("conv2d_bp")
                .addInputs(x, w, Nd4j.zeros(DataType.FLOAT, o), delta).addOutputs(x.ulike(), wantW, wantB)
                .addIntegerArguments(k, k, stride, stride, pad, pad, 1, 1, 0, 0, 1).build());
        INDArray gotW = Nd4j.create(DataType.FLOAT, o, c, k, k);
        INDArray gotB = Nd4j.create(DataType.FLOAT, 1, o);
        FirstLayerBackprop.weightAndBiasGradients(x, w, delta, gotW, gotB, kk, ss, pp);
        assertTrue(wantW.amaxNumber().doubleValue() > 0, "a zero gradient proves nothing");
        assertTrue(wantW.equalsWithEps(gotW, 1e-3), "weight gradient differs: " + wantW.sub(gotW).amaxNumber());
        assertTrue(wantB.equalsWithEps(gotB.reshape(o), 1e-3), "bias gradient differs");
    }

    private static void assertSameGradients(AlexNetConfig config, int batch, int size) {
        ComputationGraph fast = AlexNetGraph.build(config, OptimizerConfig.paper());
        ComputationGraph dl4j = AlexNetGraph.build(config.toBuilder().implementation(new Implementation(
                Implementation.Kind.DL4J, config.implementation().lrn(), false)).build(), OptimizerConfig.paper());
        String conv1 = AlexNetGraph.vertexName(config, "conv1", 0);
        assertInstanceOf(FastConvolutionLayer.class, fast.getLayer(conv1));
        assertInstanceOf(FastDenseLayer.class, fast.getLayer("fc6"));
        assertInstanceOf(FastOutputLayer.class, fast.getLayer(AlexNetGraph.OUTPUT));
        assertFalse(dl4j.getLayer(conv1) instanceof FastConvolutionLayer);
        assertFalse(dl4j.getLayer(AlexNetGraph.OUTPUT) instanceof FastOutputLayer);
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
