package io.github.alexnet4j.model.optim;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;

import static org.junit.jupiter.api.Assertions.*;

class PaperMomentumTest {

    /** Three steps by hand: v ← 0.9v − 0.0005·ε·w − ε·g, w ← w + v, ε = 0.01. */
    @Test
    void matchesTheUpdateRuleComputedByHand() {
        double lr = 0.01, mu = 0.9, wd = 0.0005;
        double[] w = {1.0, -2.0, 0.5};
        double[][] grads = {{0.3, -0.1, 2.0}, {-0.5, 0.25, 1.0}, {0.1, 0.1, -3.0}};
        double[] v = new double[3];

        PaperMomentum cfg = new PaperMomentum(lr, mu);
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, 3);
        var updater = cfg.instantiate(state, true);
        INDArray params = Nd4j.createFromArray(w.clone()).reshape(1, 3);

        for (int step = 0; step < 3; step++) {
            // what DL4J's .l2(wd) hands the updater: ∂L/∂w + wd·w
            INDArray g = Nd4j.createFromArray(grads[step]).reshape(1, 3).addi(params.mul(wd));
            updater.applyUpdater(g, step, 0);
            params.subi(g); // DL4J's step function
            for (int i = 0; i < 3; i++) {
                v[i] = mu * v[i] - wd * lr * w[i] - lr * grads[step][i];
                w[i] = w[i] + v[i];
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(w[i], params.getDouble(0, i), 1e-12, "w[" + i + "] after step " + (step + 1));
                assertEquals(v[i], state.getDouble(0, i), 1e-12, "v[" + i + "] after step " + (step + 1));
            }
        }
    }

    /**
     * In a real DL4J network, weight decay (DL4J's .l2, or PaperWeightDecay as the model uses) +
     * PaperMomentum give the paper's rule on weights (biases undecayed).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void insideANetworkWeightDecayEntersTheGradientBeforeTheUpdater(boolean paperWeightDecay) {
        double lr = 0.05, mu = 0.9, wd = 5e-4;
        ComputationGraph net = tinyNet(lr, mu, wd, paperWeightDecay);
        DataSet data = tinyData();
        INDArray vW = Nd4j.zeros(DataType.DOUBLE, net.getParam("out_W").shape());
        INDArray vB = Nd4j.zeros(DataType.DOUBLE, net.getParam("out_b").shape());
        for (int step = 0; step < 3; step++) {
            INDArray w = net.getParam("out_W").dup();
            INDArray b = net.getParam("out_b").dup();
            net.setInputs(data.getFeatures());
            net.setLabels(data.getLabels());
            net.computeGradientAndScore();
            // DL4J's gradient here is summed over the batch; miniBatch(true) averages it
            INDArray gW = net.gradient().getGradientFor("out_W").dup().divi(data.numExamples());
            INDArray gB = net.gradient().getGradientFor("out_b").dup().divi(data.numExamples());
            vW.muli(mu).subi(w.mul(wd * lr)).subi(gW.mul(lr));
            vB.muli(mu).subi(gB.mul(lr));
            net.fit(data);
            assertTrue(w.add(vW).equalsWithEps(net.getParam("out_W"), 1e-10), "weights after step " + (step + 1));
            assertTrue(b.add(vB).equalsWithEps(net.getParam("out_b"), 1e-10), "biases after step " + (step + 1));
        }
    }

    @Test
    void paperWeightDecayLeavesTheLossAsCrossEntropy() {
        DataSet data = tinyData();
        ComputationGraph decayed = tinyNet(0.05, 0.9, 0.1, true);
        ComputationGraph plain = tinyNet(0.05, 0.9, 0.0, false);
        ComputationGraph l2 = tinyNet(0.05, 0.9, 0.1, false);
        plain.setParams(decayed.params().dup());
        l2.setParams(decayed.params().dup());
        double ce = plain.score(data);
        assertEquals(ce, decayed.score(data), 1e-12);
        assertTrue(l2.score(data) > ce + 1e-6, "DL4J's .l2 adds λ/2·‖w‖² to the score");
    }

    @Test
    void saveLoadAndContinueGivesTheSameNextStep(@TempDir File dir) throws Exception {
        ComputationGraph net = tinyNet(0.05, 0.9, 5e-4);
        DataSet data = tinyData();
        net.fit(data);
        net.fit(data);
        File f = new File(dir, "m.zip");
        ModelSerializer.writeModel(net, f, true);
        ComputationGraph loaded = ModelSerializer.restoreComputationGraph(f, true);
        assertInstanceOf(PaperMomentum.class, loaded.getLayer("out").conf().getLayer().getUpdaterByParam("W"));
        assertEquals(net.getUpdater().getStateViewArray(), loaded.getUpdater().getStateViewArray(), "momentum state");
        net.fit(data);
        loaded.fit(data);
        assertTrue(net.params().equalsWithEps(loaded.params(), 1e-12), "same next step after reload");
        // and the velocity really mattered: a fresh updater would have taken another step
        ComputationGraph fresh = ModelSerializer.restoreComputationGraph(f, false);
        fresh.fit(data);
        assertFalse(net.params().equalsWithEps(fresh.params(), 1e-9));
    }

    /** The next step uses a rate set while training: from rest, the first step is −ε·(∂L/∂w + λw), so it scales with ε. */
    @Test
    void theNextStepUsesALearningRateSetWhileTraining() {
        ComputationGraph a = tinyNet(0.05, 0.9, 0), b = tinyNet(0.05, 0.9, 0);
        b.setLearningRate(0.005);
        DataSet data = tinyData();
        INDArray before = a.params().dup();
        a.fit(data);
        b.fit(data);
        INDArray stepA = a.params().sub(before), stepB = b.params().sub(before);
        assertTrue(stepA.norm2Number().doubleValue() > 0, "a step was taken");
        assertTrue(stepA.div(10).equalsWithEps(stepB, 1e-9), "a tenth of the rate, a tenth of the step");
    }

    static ComputationGraph tinyNet(double lr, double mu, double wd) {
        return tinyNet(lr, mu, wd, true);
    }

    static ComputationGraph tinyNet(double lr, double mu, double wd, boolean paperWeightDecay) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(7).updater(new PaperMomentum(lr, mu)).miniBatch(true);
        if (paperWeightDecay) {
            base.regularization(new java.util.ArrayList<>(java.util.List.of(new PaperWeightDecay(wd))));
        } else {
            base.l2(wd);
        }
        ComputationGraphConfiguration conf = base
                .graphBuilder().addInputs("in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).biasInit(0.1).build(), "in")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    static DataSet tinyData() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 5, 4);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 5, 3);
        for (int i = 0; i < 5; i++) y.putScalar(i, i % 3, 1.0);
        return new DataSet(x, y);
    }
}
