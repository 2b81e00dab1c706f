package io.github.alexnet4j.model;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the network of the paper's Figure 2 as a DL4J {@link ComputationGraph}.
 * <p>
 * The paper split the net over two GPUs: each "tower" holds half of the kernels, and the towers talk
 * only at certain layers. DL4J has no grouped convolution (and its {@code SubsetVertex} computes zero
 * channels for CNN inputs in 1.0.0-M2.1), so the towers are built explicitly and joined with
 * {@link MergeVertex} where the paper connects them:
 * <pre>
 *   input ─┬─ conv1_a → LRN → pool ─ conv2_a → LRN → pool ─┐          ┌─ conv3_a ─ conv4_a ─ conv5_a → pool ─┐
 *          └─ conv1_b → LRN → pool ─ conv2_b → LRN → pool ─┴─ pool2 ──┴─ conv3_b ─ conv4_b ─ conv5_b → pool ─┴─ pool5 ─ fc6 ─ fc7 ─ fc8
 * </pre>
 * conv2, conv4 and conv5 see only their own tower's maps; conv3 and the fully connected layers see both.
 * With one tower the merges disappear and every layer sees all maps of the one before.
 * Vertex names carry the tower as a suffix ({@code conv1_a}, {@code conv1_b}); one-tower nets have none.
 */
public final class AlexNetGraph {

    static {
        // DL4J M2.1 ships its oneDNN conv/pool helpers switched off; on the CPU they are ~3× faster
        OneDnn.enableHelpers();
    }

    public static final String INPUT = "input";
    public static final String OUTPUT = "fc8";

    private final AlexNetConfig config;
    private final OptimizerConfig optimizer;
    private ComputationGraphConfiguration.GraphBuilder graph;

    private AlexNetGraph(AlexNetConfig config, OptimizerConfig optimizer) {
        this.config = config;
        this.optimizer = optimizer;
    }

    /** A fresh, initialised network. */
    public static ComputationGraph build(AlexNetConfig config, OptimizerConfig optimizer) {
        ComputationGraph net = new ComputationGraph(configuration(config, optimizer));
        net.init();
        return net;
    }

    public static ComputationGraphConfiguration configuration(AlexNetConfig config, OptimizerConfig optimizer) {
        return configuration(config, optimizer, DataType.FLOAT);
    }

    /** As above with another floating-point type (DOUBLE for gradient checks). */
    public static ComputationGraphConfiguration configuration(AlexNetConfig config, OptimizerConfig optimizer,
                                                              DataType dataType) {
        return new AlexNetGraph(config, optimizer).assemble(dataType);
    }

    private ComputationGraphConfiguration assemble(DataType dataType) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(dataType)
                .updater(new PaperMomentum(optimizer.learningRate(), optimizer.momentum()))
                // weight decay enters the gradient before the updater: the paper's −0.0005·ε·w term
                // (DL4J's .l2 rule, without adding λ/2·‖w‖² to the loss: see PaperWeightDecay)
                .regularization(optimizer.weightDecay() > 0
                        ? new ArrayList<>(List.of(new PaperWeightDecay(optimizer.weightDecay()))) : new ArrayList<>())
                // ∂L/∂w averaged over the batch, as in the paper's update rule
                .miniBatch(true)
                .convolutionMode(ConvolutionMode.Truncate)
                .cacheMode(CacheMode.NONE);
        if (config.weightInit() == WeightInitScheme.PAPER_GAUSSIAN) {
            base.weightInit(new NormalDistribution(0, config.weightStd()));
        } else {
            base.weightInit(WeightInit.RELU);
        }
        graph = base.graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(inputType(config));

        List<String> towerOutputs = new ArrayList<>();
        for (int t = 0; t < config.towers(); t++) {
            towerOutputs.add(lowerTower(t));
        }
        // conv3 is where the towers exchange maps; without it they meet only at the FC layers
        String pool2 = config.hasConvLayer(3) ? join("pool2", towerOutputs) : null;

        List<String> pool5 = new ArrayList<>();
        for (int t = 0; t < config.towers(); t++) {
            pool5.add(upperTower(t, pool2, towerOutputs.get(t)));
        }
        String features = join("pool5", pool5);

        // fc6 and fc7 see both towers. DL4J's dropOut(p) keeps each INPUT unit with probability p, so the
        // paper's dropout on the outputs of fc6 and fc7 is set on fc7 and fc8. DL4J uses inverted dropout
        // (scale by 1/p while training) where the paper multiplied by 0.5 at test time: same expectation.
        graph.addLayer("fc6", dense(new DenseLayer.Builder().nOut(config.fcWidth()).activation(act())
                .biasInit(config.biasOne()).build()), features);
        graph.addLayer("fc7", dense(dropout(new DenseLayer.Builder()).nOut(config.fcWidth()).activation(act())
                .biasInit(config.biasOne()).build()), "fc6");
        graph.addLayer(OUTPUT, dropout(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT))
                .nOut(config.numClasses()).activation(Activation.SOFTMAX).biasInit(0).build(), "fc7");
        graph.setOutputs(OUTPUT);
        return graph.build();
    }

    /** conv1 → ReLU → LRN → pool → conv2 → ReLU → LRN → pool, within one tower; returns the last vertex. */
    private String lowerTower(int t) {
        String conv1 = graph(name("conv1", t), firstLayer(convolution(new ConvolutionLayer.Builder(config.conv1Kernel(), config.conv1Kernel())
                .stride(config.conv1Stride(), config.conv1Stride())
                .padding(config.conv1Padding(), config.conv1Padding())
                .nOut(config.perTowerWidth(1)).activation(act()).biasInit(0))), INPUT);
        String pool1 = normaliseAndPool(1, t, conv1);
        String conv2 = graph(name("conv2", t), convolution(new ConvolutionLayer.Builder(AlexNetConfig.CONV2_KERNEL, AlexNetConfig.CONV2_KERNEL)
                .padding(AlexNetConfig.CONV2_PADDING, AlexNetConfig.CONV2_PADDING)
                .nOut(config.perTowerWidth(2)).activation(act()).biasInit(config.biasOne())), pool1);
        return normaliseAndPool(2, t, conv2);
    }

    /** conv3 (sees both towers) → conv4 → conv5 → pool, within one tower; a removed layer is skipped. */
    private String upperTower(int t, String bothTowers, String ownTower) {
        String x = ownTower;
        if (config.hasConvLayer(3)) {
            x = conv(3, t, bothTowers, 0);
        }
        if (config.hasConvLayer(4)) {
            x = conv(4, t, x, config.biasOne());
        }
        if (config.hasConvLayer(5)) {
            x = conv(5, t, x, config.biasOne());
        }
        return graph(name("pool5", t), pool(), x);
    }

    private String conv(int layer, int t, String input, double bias) {
        return graph(name("conv" + layer, t),
                convolution(new ConvolutionLayer.Builder(AlexNetConfig.CONV345_KERNEL, AlexNetConfig.CONV345_KERNEL)
                        .padding(AlexNetConfig.CONV345_PADDING, AlexNetConfig.CONV345_PADDING)
                        .nOut(config.perTowerWidth(layer)).activation(act()).biasInit(bias)), input);
    }

    /** LRN then overlapping max-pooling (paper), pooling then LRN (CaffeNet), or pooling alone. */
    private String normaliseAndPool(int layer, int t, String input) {
        if (!config.lrn()) {
            return graph(name("pool" + layer, t), pool(), input);
        }
        if (config.lrnPlacement() == LrnPlacement.BEFORE_POOL) {
            String lrn = graph(name("lrn" + layer, t), lrn(), input);
            return graph(name("pool" + layer, t), pool(), lrn);
        }
        String pool = graph(name("pool" + layer, t), pool(), input);
        return graph(name("lrn" + layer, t), lrn(), pool);
    }

    /**
     * b = a / (k + α·Σ a²)^β over n adjacent kernel maps (α as written, not α/n: the paper's formula).
     * {@link FastLrn} by default: DL4J's own layer computes the same forward pass but a wrong
     * backward pass in M2.1 and is ~4× slower. {@code -Dalexnet.lrn=dl4j} selects DL4J's layer.
     */
    private LocalResponseNormalization lrn() {
        if ("dl4j".equals(System.getProperty("alexnet.lrn"))) {
            return new LocalResponseNormalization.Builder()
                    .k(config.lrnK()).n(config.lrnN()).alpha(config.lrnAlpha()).beta(config.lrnBeta()).build();
        }
        return FastLrn.of(config.lrnK(), config.lrnN(), config.lrnAlpha(), config.lrnBeta());
    }

    /**
     * Convolution and fully-connected layers whose ReLU backward pass does not redo the forward pass
     * ({@link ReluFromOutput}); {@code -Dalexnet.layers=dl4j} selects DL4J's own layers.
     */
    private static boolean dl4jLayers() {
        return "dl4j".equals(System.getProperty("alexnet.layers"));
    }

    private static ConvolutionLayer convolution(ConvolutionLayer.Builder builder) {
        return dl4jLayers() ? builder.build() : FastConvolution.of(builder.build());
    }

    /**
     * conv1 reads the image, so backprop need not compute ∂L/∂image ({@link FirstLayerBackprop});
     * {@code -Dalexnet.conv1.inputGradient=true} computes it anyway (e.g. for saliency maps).
     */
    private static ConvolutionLayer firstLayer(ConvolutionLayer conv1) {
        boolean wanted = Boolean.getBoolean("alexnet.conv1.inputGradient");
        return conv1 instanceof FastConvolution fast && !wanted ? fast.withoutInputGradient() : conv1;
    }

    private static DenseLayer dense(DenseLayer built) {
        return dl4jLayers() ? built : FastDense.of(built);
    }

    /** Max-pooling with window z and stride s; z > s makes the windows overlap (Section 3.4). */
    private SubsamplingLayer pool() {
        return new SubsamplingLayer.Builder(PoolingType.MAX)
                .kernelSize(config.poolSize(), config.poolSize())
                .stride(config.poolStride(), config.poolStride()).build();
    }

    private <B extends org.deeplearning4j.nn.conf.layers.BaseLayer.Builder<B>> B dropout(B layer) {
        if (config.dropout() > 0) layer.dropOut(1.0 - config.dropout());
        return layer;
    }

    private Activation act() {
        return config.nonlinearity().activation();
    }

    private String join(String name, List<String> inputs) {
        if (inputs.size() == 1) return inputs.get(0);
        graph.addVertex(name, new MergeVertex(), inputs.toArray(String[]::new));
        return name;
    }

    private String graph(String name, org.deeplearning4j.nn.conf.layers.Layer layer, String input) {
        graph.addLayer(name, layer, input);
        return name;
    }

    /** {@code conv1_a}, {@code conv1_b} for two towers; plain {@code conv1} for one. */
    private String name(String base, int tower) {
        return config.towers() == 1 ? base : base + "_" + (char) ('a' + tower);
    }

    /** The network's input: a square RGB crop, channels first (NCHW). */
    public static InputType inputType(AlexNetConfig config) {
        return InputType.convolutional(config.inputSize(), config.inputSize(), config.inputChannels());
    }

    /** Vertex name of {@code base} in tower {@code t} (0 or 1) of a network built from {@code config}. */
    public static String vertexName(AlexNetConfig config, String base, int tower) {
        return config.towers() == 1 ? base : base + "_" + (char) ('a' + tower);
    }
}
