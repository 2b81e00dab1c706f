package io.github.alexnet4j.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** The BLAS fast path of the dense layer computes what DL4J's dense layer computes, forward and backward. */
class FastDenseTest {

    private static ComputationGraph net(boolean fast) {
        DenseLayer fc = new DenseLayer.Builder().nOut(37).activation(Activation.RELU).biasInit(1).build();
        DenseLayer fc2 = new DenseLayer.Builder().nOut(29).activation(Activation.RELU).build();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).updater(new Sgd(0.1))
                .dataType(DataType.FLOAT).graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(53))
                .addLayer("fc", fast ? FastDense.of(fc) : fc, "in")
                // fc2 fast too, so the gradient it passes back (δ·Wᵀ) reaches fc's weight gradient and is checked
                .addLayer("fc2", fast ? FastDense.of(fc2) : fc2, "fc")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(5)
                        .activation(Activation.SOFTMAX).build(), "fc2")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    @Test
    void outputsAndGradientsEqualDl4jsDenseLayer() {
        ComputationGraph ref = net(false), fast = net(true);
        fast.setParams(ref.params().dup());
        assertInstanceOf(FastDenseLayer.class, fast.getLayer("fc"));
        INDArray x = Nd4j.randn(DataType.FLOAT, 16, 53);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 5);
        for (int i = 0; i < 16; i++) y.putScalar(i, i % 5, 1);

        assertTrue(ref.outputSingle(x).equalsWithEps(fast.outputSingle(x), 1e-5), "forward");
        for (ComputationGraph g : new ComputationGraph[]{ref, fast}) {
            g.setInputs(x);
            g.setLabels(y);
            g.computeGradientAndScore();
        }
        assertEquals(ref.score(), fast.score(), 1e-5);
        INDArray gr = ref.gradient().gradient(), gf = fast.gradient().gradient();
        double rel = gr.sub(gf).norm2Number().doubleValue() / gr.norm2Number().doubleValue();
        assertTrue(rel < 1e-5, "gradients (weights, biases, and those passed back to fc) differ by " + rel);
        // a step of SGD lands in the same place
        ref.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
        fast.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
        assertTrue(ref.params().equalsWithEps(fast.params(), 1e-5));
    }

    @Test
    void savesAndLoadsAsFastDense() throws Exception {
        ComputationGraph fast = net(true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(fast, bytes, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertInstanceOf(FastDenseLayer.class, back.getLayer("fc"));
        assertEquals(fast.params(), back.params());
    }

    @Test
    void thePaperNetworkUsesItForFc6AndFc7() {
        ComputationGraph g = AlexNetGraph.build(AlexNetConfig.cifar10(), OptimizerConfig.paper());
        assertInstanceOf(FastDenseLayer.class, g.getLayer("fc6"));
        assertInstanceOf(FastDenseLayer.class, g.getLayer("fc7"));
    }
}
