package io.github.alexnet4j.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.junit.jupiter.api.Assertions.*;

/** {@link FastMaxPoolingLayer} against DL4J's own max-pooling layer (oneDNN's kernels here): outputs and gradients. */
class FastMaxPoolingTest {

    @Test
    void overlappingPoolingEqualsDl4jForwardAndBackward() {
        // 13 = 6·2 + 1: every row in some window; 14: the last row in none
        for (int size : new int[]{13, 14}) assertSameAsDl4j(3, 2, size, 0.0);
    }

    @Test
    void tiesAfterAReluGoToTheSameInputAsDl4j() {
        // half the inputs are exactly 0, as after a ReLU: whole windows of zeros tie
        assertSameAsDl4j(3, 2, 13, 0.5);
    }

    @Test
    void nonOverlappingPoolingToo() {
        assertSameAsDl4j(2, 2, 12, 0.0);
    }

    @Test
    void aPermutedInputIsReadInItsLogicalOrder() {
        // as DL4J's convolution hands on its output without oneDNN: [N, C, H, W] as a permutation of [H, W, N, C]
        SubsamplingLayer conf = new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2).build();
        Layer fast = layer(FastMaxPooling.of(conf));
        Layer dl4j = layer(conf);
        INDArray x = Nd4j.randn(DataType.FLOAT, 13, 13, 2, 3).permute(2, 3, 0, 1);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        dl4j.setInput(x.dup('c'), mgr);
        fast.setInput(x, mgr);
        assertEquals(dl4j.activate(true, mgr), fast.activate(true, mgr));
    }

    @Test
    void backpropWithoutATrainingForwardPoolsAgain() {
        SubsamplingLayer conf = new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2).build();
        Layer fast = layer(FastMaxPooling.of(conf));
        Layer dl4j = layer(conf);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, 13, 13);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        fast.setInput(x.dup(), mgr);
        dl4j.setInput(x.dup(), mgr);
        INDArray g = Nd4j.randn(DataType.FLOAT, dl4j.activate(true, mgr).shape());
        // no forward pass on fast's input: the winners it recorded belong to nothing
        assertEquals(dl4j.backpropGradient(g, mgr).getSecond(), fast.backpropGradient(g.dup(), mgr).getSecond());
        assertEquals(1, ((FastMaxPoolingLayer) fast).pooledAgain);
    }

    @Test
    void trainingANetworkNeverPoolsTwice() {
        // the point of the layer: in fit, each backward pass finds the winners of its own forward pass
        AlexNetConfig small = AlexNetConfig.paper().toBuilder().numClasses(10).inputSize(67)
                .convWidths(java.util.List.of(8, 16, 24, 24, 16)).fcWidth(32).build();
        ComputationGraph net = AlexNetGraph.build(small, OptimizerConfig.paper());
        Nd4j.getRandom().setSeed(5);
        for (int step = 0; step < 3; step++) {
            INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 10);
            for (int i = 0; i < 4; i++) y.putScalar(i, (i + step) % 10, 1f);
            net.fit(new DataSet(Nd4j.randn(DataType.FLOAT, 4, 3, 67, 67), y));
        }
        int pools = 0;
        for (Layer l : net.getLayers()) {
            if (l instanceof FastMaxPoolingLayer p) {
                pools++;
                assertEquals(0, p.pooledAgain, l.conf().getLayer().getLayerName());
            }
        }
        assertEquals(6, pools, "the paper net's max-poolings, both towers");
    }

    private static void assertSameAsDl4j(int k, int s, int size, double zeros) {
        SubsamplingLayer conf = new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(k, k).stride(s, s).build();
        Layer fast = layer(FastMaxPooling.of(conf));
        Layer dl4j = layer(conf);
        assertInstanceOf(FastMaxPoolingLayer.class, fast);
        assertFalse(dl4j instanceof FastMaxPoolingLayer);
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 5, size, size);
        if (zeros > 0) x = Transforms.relu(x.subi(Nd4j.randn(DataType.FLOAT, x.shape()).gt(0).castTo(DataType.FLOAT).muli(10)));
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        dl4j.setInput(x.dup(), mgr);
        fast.setInput(x.dup(), mgr);
        INDArray want = dl4j.activate(true, mgr), got = fast.activate(true, mgr);
        assertArrayEquals(want.shape(), got.shape());
        assertEquals(want, got, "forward");
        INDArray g = Nd4j.randn(DataType.FLOAT, want.shape());
        INDArray wantDx = dl4j.backpropGradient(g.dup(), mgr).getSecond();
        INDArray gotDx = fast.backpropGradient(g.dup(), mgr).getSecond();
        assertTrue(wantDx.amaxNumber().doubleValue() > 0, "a zero gradient proves nothing");
        assertTrue(wantDx.equalsWithEps(gotDx, 1e-6), "backward differs by " + wantDx.sub(gotDx).amaxNumber());
        if (zeros > 0) assertTrue(x.eq(0).castTo(DataType.FLOAT).sumNumber().doubleValue() > 0.4 * x.length());
    }

    private static Layer layer(SubsamplingLayer conf) {
        NeuralNetConfiguration nn = new NeuralNetConfiguration.Builder().layer(conf).build();
        return conf.instantiate(nn, java.util.List.of(), 0, null, false, DataType.FLOAT);
    }
}
