package io.github.alexnet4j.model;

import io.github.alexnet4j.model.layers.FastLrnLayer;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import io.github.alexnet4j.model.optim.PaperWeightDecay;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.L2Regularization;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finite differences against backprop through a tiny two-tower net with LRN, pooling and both merges. */
class GradientCheckTest {

    @Test
    void tinyTwoTowerGraphHasCorrectGradients() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            AlexNetConfig tiny = AlexNetConfig.paper().toBuilder().numClasses(3).inputSize(15).conv1(3, 1, 1)
                    .convWidths(List.of(8, 8, 8, 8, 8)).fcWidth(6).dropout(0)
                    .nonlinearity(Nonlinearity.TANH).weightInit(WeightInitScheme.HE)
                    .lrnAlpha(0.5).lrnK(1).build(); // a large α so LRN's nonlinearity shows in the gradients
            ComputationGraphConfiguration conf = AlexNetGraph.configuration(tiny, OptimizerConfig.paper(), DataType.DOUBLE);
            // GradientCheckUtil requires a no-op updater; it checks the gradient, not the step. Finite
            // differences of the score need the loss the weight decay is the gradient of: DL4J's L2 term
            // (PaperWeightDecay leaves it out of the reported loss)
            conf.getVertices().values().forEach(v -> {
                if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer bl) {
                    bl.setIUpdater(new NoOp());
                    assertTrue(bl.getRegularization().stream().anyMatch(r -> r instanceof PaperWeightDecay));
                    bl.setRegularization(bl.getRegularization().stream()
                            .map(r -> r instanceof PaperWeightDecay d ? new L2Regularization(d.getL2()) : r)
                            .collect(java.util.stream.Collectors.toList()));
                }
            });
            ComputationGraph net = new ComputationGraph(conf);
            net.init();
            assertTrue(net.getVertex("pool2") != null && net.getLayer("lrn2_b") instanceof FastLrnLayer);

            Nd4j.getRandom().setSeed(12345);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 15, 15);
            INDArray y = Nd4j.zeros(DataType.DOUBLE, 2, 3);
            y.putScalar(0, 1, 1.0);
            y.putScalar(1, 2, 1.0);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                    .inputs(new INDArray[]{x}).labels(new INDArray[]{y})
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
            assertTrue(ok, "gradient check failed: see the log for the failing parameters");
        } finally {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        }
    }
}
