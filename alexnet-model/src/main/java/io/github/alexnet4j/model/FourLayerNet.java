package io.github.alexnet4j.model;

import io.github.alexnet4j.model.backend.OneDnn;
import io.github.alexnet4j.model.layers.FastConvolution;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;


/**
 * The network of the paper's Figure 1: "a four-layer convolutional neural network" on CIFAR-10, the one
 * that "reaches a 25% training error rate on CIFAR-10 six times faster than an equivalent network with
 * tanh neurons". Its layers follow the cuda-convnet configuration the authors published
 * ({@code layers-80sec.cfg}):
 * <pre>
 *   32×32×3 ─ conv1 5×5, 32 ─ max-pool 3/2 ─ conv2 5×5, 32 ─ avg-pool 3/2 ─ conv3 5×5, 64 ─ avg-pool 3/2 ─ fc4 (softmax)
 *             32×32×32        16×16×32       16×16×32        8×8×32         8×8×64         4×4×64
 * </pre>
 * Convolutions are padded by 2 (same size); cuda-convnet's pools cover the whole map, the last window
 * partial (32 → 16 → 8 → 4), which DL4J's SAME mode reproduces. Weights start at N(0, σ²) with σ = 1e-4
 * for conv1 and 1e-2 for the other layers, biases at 0 (the cfg's {@code initW}). 89,578 parameters.
 * No LRN, no dropout: "no regularization of any kind was employed".
 */
public final class FourLayerNet {

    public static final String INPUT = "input", OUTPUT = "fc4";
    static final int KERNEL = 5, PADDING = 2, POOL = 3, POOL_STRIDE = 2;
    static final int[] WIDTHS = {32, 32, 64};
    static final double CONV1_STD = 1e-4, STD = 1e-2;

    private FourLayerNet() {
    }

    public static ComputationGraph build(AlexNetConfig config, OptimizerConfig optimizer) {
        return Networks.initialised(configuration(config, optimizer));
    }

    public static ComputationGraphConfiguration configuration(AlexNetConfig config, OptimizerConfig optimizer) {
        return configuration(config, optimizer, org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }

    /** As above with another floating-point type (DOUBLE for gradient checks). */
    public static ComputationGraphConfiguration configuration(AlexNetConfig config, OptimizerConfig optimizer,
                                                              org.nd4j.linalg.api.buffer.DataType dataType) {
        if (config.architecture() != Architecture.FOUR_LAYER) {
            throw new IllegalArgumentException("not a FOUR_LAYER config: " + config.architecture());
        }
        OneDnn.enableHelpers();
        ComputationGraphConfiguration.GraphBuilder g = Networks.trainingRule(config, optimizer, dataType)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(AlexNetGraph.inputType(config));
        Activation act = config.nonlinearity().activation();
        boolean dl4j = config.implementation().layers() == Implementation.Kind.DL4J;
        String x = INPUT;
        PoolingType[] pools = {PoolingType.MAX, PoolingType.AVG, PoolingType.AVG};
        for (int i = 0; i < 3; i++) {
            ConvolutionLayer conv = new ConvolutionLayer.Builder(KERNEL, KERNEL).padding(PADDING, PADDING)
                    .convolutionMode(ConvolutionMode.Truncate).nOut(WIDTHS[i]).activation(act)
                    .weightInit(new NormalDistribution(0, i == 0 ? CONV1_STD : STD)).biasInit(0).build();
            if (!dl4j) {
                FastConvolution fast = FastConvolution.of(conv);
                conv = i == 0 && !config.implementation().conv1InputGradient() ? fast.withoutInputGradient() : fast;
            }
            g.addLayer("conv" + (i + 1), conv, x);
            g.addLayer("pool" + (i + 1), new SubsamplingLayer.Builder(pools[i]).kernelSize(POOL, POOL)
                    .stride(POOL_STRIDE, POOL_STRIDE).convolutionMode(ConvolutionMode.Same).build(), "conv" + (i + 1));
            x = "pool" + (i + 1);
        }
        g.addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(config.numClasses())
                .activation(Activation.SOFTMAX).weightInit(new NormalDistribution(0, STD)).biasInit(0).build(), x);
        g.setOutputs(OUTPUT);
        return g.build();
    }
}
