package io.github.alexnet4j.model;

import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Figure 1's network, checked against cuda-convnet's layers-80sec.cfg worked out by hand. */
class FourLayerNetTest {

    @Test
    void shapesAndParameterCountAreCudaConvnets() {
        ComputationGraph net = FourLayerNet.build(AlexNetConfig.fourLayer(), OptimizerConfig.paper());
        Map<String, InputType> types = net.getConfiguration().getLayerActivationTypes(InputType.convolutional(32, 32, 3));
        // cuda-convnet: 5×5 convolutions padded by 2 keep the side; its pools (3, stride 2) cover the map,
        // outputsX = ceil((side − 3) / 2) + 1: 32 → 16 → 8 → 4
        assertEquals("32×32×32", LayerSummary.shape(types.get("conv1")));
        assertEquals("16×16×32", LayerSummary.shape(types.get("pool1")));
        assertEquals("16×16×32", LayerSummary.shape(types.get("conv2")));
        assertEquals("8×8×32", LayerSummary.shape(types.get("pool2")));
        assertEquals("8×8×64", LayerSummary.shape(types.get("conv3")));
        assertEquals("4×4×64", LayerSummary.shape(types.get("pool3")));
        assertEquals("10", LayerSummary.shape(types.get("fc4")));
        long conv1 = 5 * 5 * 3 * 32 + 32, conv2 = 5 * 5 * 32 * 32 + 32, conv3 = 5 * 5 * 32 * 64 + 64, fc4 = 4 * 4 * 64 * 10 + 10;
        assertEquals(conv1 + conv2 + conv3 + fc4, net.numParams());
        assertEquals(89_578, net.numParams());
        PoolingType[] kinds = {PoolingType.MAX, PoolingType.AVG, PoolingType.AVG};
        for (int i = 1; i <= 3; i++) {
            var pool = (SubsamplingLayer) net.getLayer("pool" + i).conf().getLayer();
            assertEquals(kinds[i - 1], pool.getPoolingType(), "pool" + i);
        }
    }

    @Test
    void weightsStartAsCudaConvnetsInitW() {
        ComputationGraph net = FourLayerNet.build(AlexNetConfig.fourLayer(), OptimizerConfig.paper());
        assertEquals(1e-4, std(net.getLayer("conv1").getParam("W")), 1e-5);
        assertEquals(1e-2, std(net.getLayer("conv2").getParam("W")), 1e-3);
        assertEquals(1e-2, std(net.getLayer("conv3").getParam("W")), 1e-3);
        assertEquals(1e-2, std(net.getLayer("fc4").getParam("W")), 1e-3);
        for (String l : new String[]{"conv1", "conv2", "conv3", "fc4"}) {
            assertEquals(0, net.getLayer(l).getParam("b").amaxNumber().doubleValue(), 0, l + " biases start at 0");
        }
    }

    @Test
    void reluAndTanhNetsDifferOnlyInTheNonlinearity() throws Exception {
        AlexNetConfig relu = AlexNetConfig.fourLayer(), tanh = relu.toBuilder().nonlinearity(Nonlinearity.TANH).build();
        var json = new org.nd4j.shade.jackson.databind.ObjectMapper();
        var a = json.readTree(FourLayerNet.configuration(relu, OptimizerConfig.paper()).toJson());
        var b = json.readTree(FourLayerNet.configuration(tanh, OptimizerConfig.paper()).toJson());
        assertNotEquals(a, b);
        assertEquals(3, removeActivations(a, "ReLU"), "conv1..conv3 use ReLU");
        assertEquals(3, removeActivations(b, "TanH"), "conv1..conv3 use tanh");
        assertEquals(a, b, "everything else is the same");
    }

    /** Removes every activation object naming {@code kind}; returns how many (the softmax is not counted). */
    private static int removeActivations(org.nd4j.shade.jackson.databind.JsonNode n, String kind) {
        int removed = 0;
        if (n.isObject()) {
            var o = (org.nd4j.shade.jackson.databind.node.ObjectNode) n;
            var names = new java.util.ArrayList<String>();
            o.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                if (f.equals("activationFn") && o.get(f).toString().contains(kind)) {
                    o.remove(f);
                    removed++;
                } else {
                    removed += removeActivations(o.get(f), kind);
                }
            }
        } else if (n.isArray()) {
            for (var e : n) removed += removeActivations(e, kind);
        }
        return removed;
    }

    @Test
    void backpropMatchesFiniteDifferencesForBothNonlinearities() {
        Nd4j.setDefaultDataTypes(org.nd4j.linalg.api.buffer.DataType.DOUBLE, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        try {
            for (Nonlinearity n : Nonlinearity.values()) {
                // 8×8 inputs: 8 → 4 → 2 → 1 through the three pools, every layer and pool kind still there
                AlexNetConfig small = AlexNetConfig.fourLayer().toBuilder().inputSize(8).numClasses(3).nonlinearity(n).build();
                var conf = FourLayerNet.configuration(small, new OptimizerConfig(0.1, 0.9, 0), org.nd4j.linalg.api.buffer.DataType.DOUBLE);
                conf.getVertices().values().forEach(v -> {
                    if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
                            && lv.getLayerConf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer bl) {
                        bl.setIUpdater(new org.nd4j.linalg.learning.config.NoOp());   // the check needs a no-op updater
                    }
                });
                ComputationGraph net = new ComputationGraph(conf);
                net.init();
                Nd4j.getRandom().setSeed(7);
                // weights of ordinary size: cuda-convnet's 1e-4 would leave gradients below the check's resolution,
                // large ones would saturate the softmax (DL4J clips its probabilities, so the score stops moving)
                net.setParams(Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1, net.numParams()).muli(0.05));
                INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, 3, 8, 8);
                INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, 3);
                y.putScalar(0, 1, 1.0);
                y.putScalar(1, 2, 1.0);
                // central differences on 15 parameters of each weight and bias array, against backprop
                net.setInputs(x);
                net.setLabels(y);
                net.computeGradientAndScore();
                java.util.Map<String, INDArray> analytic = new java.util.LinkedHashMap<>();
                // copies in the views' own ordering: ND4J's linear indices follow an array's ordering ('f' for biases and fc4)
                net.gradient().gradientForVariable().forEach((k, g) -> analytic.put(k, g.dup(g.ordering())));
                java.util.Random pick = new java.util.Random(3);
                int checked = 0;
                for (var entry : net.paramTable().entrySet()) {
                    INDArray view = entry.getValue(), grad = analytic.get(entry.getKey());
                    for (int k = 0; k < 15; k++) {
                        long i = (long) (pick.nextDouble() * view.length());
                        double w = view.getDouble(i), h = 1e-6;
                        view.putScalar(i, w + h);
                        double plus = net.score(new org.nd4j.linalg.dataset.DataSet(x, y), true);
                        view.putScalar(i, w - h);
                        double minus = net.score(new org.nd4j.linalg.dataset.DataSet(x, y), true);
                        view.putScalar(i, w);
                        // DL4J's backprop sums over the batch; the updater divides by its size (miniBatch)
                        double numeric = (plus - minus) / (2 * h), g = grad.getDouble(i) / x.size(0);
                        double rel = Math.abs(numeric - g) / Math.max(1e-8, Math.abs(numeric) + Math.abs(g));
                        assertTrue(rel < 1e-3 || Math.abs(numeric - g) < 1e-8, n + " " + entry.getKey() + "[" + i
                                + "]: backprop " + g + ", finite differences " + numeric);
                        checked++;
                    }
                }
                boolean ok = checked == 15 * net.paramTable().size();
                assertTrue(ok, n + ": gradient check failed, see the log");
            }
        } finally {
            Nd4j.setDefaultDataTypes(org.nd4j.linalg.api.buffer.DataType.FLOAT, org.nd4j.linalg.api.buffer.DataType.FLOAT);
        }
    }

    @Test
    void theAlexNetOnlyCommandsRefuseIt() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> AlexNetConfig.fourLayer().requireAlexNet("export onnx"));
        assertTrue(e.getMessage().contains("export onnx") && e.getMessage().contains("FOUR_LAYER"), e.getMessage());
    }

    private static double std(INDArray w) {
        return w.stdNumber().doubleValue();
    }
}
