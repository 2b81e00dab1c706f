package io.github.alexnet4j.model;

import io.github.alexnet4j.model.layers.FastConvolution;
import io.github.alexnet4j.model.layers.FastDense;
import io.github.alexnet4j.model.layers.FastOutput;
import io.github.alexnet4j.model.layers.FastLrn;
import io.github.alexnet4j.model.layers.FastMaxPooling;
import io.github.alexnet4j.model.layers.TowerSplit;
import io.github.alexnet4j.model.backend.OneDnn;
import io.github.alexnet4j.model.optim.OptimizerConfig;
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
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
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

    /** A fresh, initialised network trained with the paper's SGD (momentum 0.9, weight decay 5e-4, rate 0.01). */
    public static ComputationGraph build(AlexNetConfig config) {
        return build(config, OptimizerConfig.paper());
    }

    /** A fresh, initialised network. */
    public static ComputationGraph build(AlexNetConfig config, OptimizerConfig optimizer) {
        return Networks.initialised(configuration(config, optimizer));
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
        NeuralNetConfiguration.Builder base = Networks.trainingRule(config, optimizer, dataType)
                .convolutionMode(ConvolutionMode.Truncate);
        if (config.weightInit() == WeightInitScheme.PAPER_GAUSSIAN) {
            base.weightInit(new NormalDistribution(0, config.weightStd()));
        } else {
            base.weightInit(WeightInit.RELU);
        }
        graph = base.graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(inputType(config));

        SpatialSizes sizes = config.spatialSizes();
        boolean shared = config.towers() == 2 && config.lrn() && config.lrnAcrossTowers();
        List<String> towerOutputs = shared ? sharedNormalisation(sizes) : new ArrayList<>();
        if (!shared) {
            for (int t = 0; t < config.towers(); t++) towerOutputs.add(lowerTower(t, sizes));
        }
        // conv3 is where the towers exchange maps; without it they meet only at the FC layers
        String pool2 = !config.hasConvLayer(3) ? null : shared ? towerOutputs.get(0) : join("pool2", towerOutputs);

        List<String> pool5 = new ArrayList<>();
        for (int t = 0; t < config.towers(); t++) {
            pool5.add(upperTower(t, pool2, towerOutputs.get(t), sizes));
        }
        String features = join("pool5", pool5);

        // fc6 and fc7 see both towers. DL4J's dropOut(p) keeps each INPUT unit with probability p, so the
        // paper's dropout on the outputs of fc6 and fc7 is set on fc7 and fc8 (torchvision's, on their inputs,
        // on fc6 and fc7). DL4J uses inverted dropout (scale by 1/p while training) where the paper multiplied
        // by 0.5 at test time: same expectation.
        boolean onInputs = config.dropoutPlacement() == DropoutPlacement.FC_INPUTS;
        graph.addLayer("fc6", dense(dropout(new DenseLayer.Builder(), onInputs).nOut(config.fcWidth()).activation(act())
                .biasInit(config.biasOne()).build()), features);
        graph.addLayer("fc7", dense(dropout(new DenseLayer.Builder(), true).nOut(config.fcWidth()).activation(act())
                .biasInit(config.biasOne()).build()), "fc6");
        graph.addLayer(OUTPUT, output(dropout(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT), !onInputs)
                .nOut(config.numClasses()).activation(Activation.SOFTMAX).biasInit(0).build()), "fc7");
        graph.setOutputs(OUTPUT);
        return graph.build();
    }

    /** conv1 → ReLU → LRN → pool → conv2 → ReLU → LRN → pool, within one tower; returns the last vertex. */
    private String lowerTower(int t, SpatialSizes sizes) {
        String pool1 = normaliseAndPool(1, name("", t), conv1(t), sizes.conv1());
        return normaliseAndPool(2, name("", t), conv2(t, pool1), sizes.conv2());
    }

    /**
     * The lower layers when LRN spans both towers (Caffe's and ONNX's single-device AlexNets): each layer's
     * two halves are joined, normalised and pooled together, and split again where the next layer sees
     * one tower only. Returns each tower's pool2 (or the joint pool2 twice when conv3 joins them anyway).
     */
    private List<String> sharedNormalisation(SpatialSizes sizes) {
        String conv1 = join("conv1", List.of(conv1(0), conv1(1)));
        String pool1 = normaliseAndPool(1, "", conv1, sizes.conv1());
        int half1 = config.perTowerWidth(1);
        List<String> conv2 = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            String ownMaps = split(name("pool1", t), pool1, t * half1, (t + 1) * half1 - 1);
            conv2.add(conv2(t, ownMaps));
        }
        String pool2 = normaliseAndPool(2, "", join("conv2", conv2), sizes.conv2());
        if (config.hasConvLayer(3)) return List.of(pool2, pool2);
        int half2 = config.perTowerWidth(2);
        return List.of(split(name("pool2", 0), pool2, 0, half2 - 1), split(name("pool2", 1), pool2, half2, 2 * half2 - 1));
    }

    private String conv1(int t) {
        return graph(name("conv1", t), firstLayer(convolution(new ConvolutionLayer.Builder(config.conv1Kernel(), config.conv1Kernel())
                .stride(config.conv1Stride(), config.conv1Stride())
                .padding(config.conv1Padding(), config.conv1Padding())
                .nOut(config.perTowerWidth(1)).activation(act()).biasInit(0))), INPUT);
    }

    private String conv2(int t, String input) {
        return graph(name("conv2", t), convolution(new ConvolutionLayer.Builder(AlexNetConfig.CONV2_KERNEL, AlexNetConfig.CONV2_KERNEL)
                .padding(AlexNetConfig.CONV2_PADDING, AlexNetConfig.CONV2_PADDING)
                .nOut(config.perTowerWidth(2)).activation(act()).biasInit(config.biasOne())), input);
    }

    private String split(String name, String input, int from, int to) {
        graph.addVertex(name, new TowerSplit(from, to), input);
        return name;
    }

    /** conv3 (sees both towers) → conv4 → conv5 → pool, within one tower; a removed layer is skipped. */
    private String upperTower(int t, String bothTowers, String ownTower, SpatialSizes sizes) {
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
        return pool(name("pool5", t), x, sizes.conv345());
    }

    private String conv(int layer, int t, String input, double bias) {
        return graph(name("conv" + layer, t),
                convolution(new ConvolutionLayer.Builder(AlexNetConfig.CONV345_KERNEL, AlexNetConfig.CONV345_KERNEL)
                        .padding(AlexNetConfig.CONV345_PADDING, AlexNetConfig.CONV345_PADDING)
                        .nOut(config.perTowerWidth(layer)).activation(act()).biasInit(bias)), input);
    }

    /**
     * LRN then overlapping max-pooling (paper), pooling then LRN (CaffeNet), or pooling alone, on maps of
     * side {@code size}; {@code suffix} is the tower's ("_a") or empty for maps of both towers.
     */
    private String normaliseAndPool(int layer, String suffix, String input, int size) {
        if (!config.lrn()) {
            return pool("pool" + layer + suffix, input, size);
        }
        if (config.lrnPlacement() == LrnPlacement.BEFORE_POOL) {
            String lrn = graph("lrn" + layer + suffix, lrn(), input);
            return pool("pool" + layer + suffix, lrn, size);
        }
        String pool = pool("pool" + layer + suffix, input, size);
        return graph("lrn" + layer + suffix, lrn(), pool);
    }

    /**
     * Max-pooling with window z and stride s; z > s makes the windows overlap (Section 3.4). CEIL rounding
     * pools a last, partial window: zero rows and columns are added at the bottom and right first, which
     * changes no maximum because every pooled map here is non-negative (after ReLU, or LRN of ReLU).
     */
    private String pool(String name, String input, int size) {
        int pad = SpatialSizes.ceilPadding(size, config.poolSize(), config.poolStride(), config.poolRounding());
        if (pad > 0) {
            input = graph(name + "_pad", new ZeroPaddingLayer.Builder(0, pad, 0, pad).build(), input);
        }
        return graph(name, pool(), input);
    }

    /**
     * b = a / (k + α·Σ a²)^β over n adjacent kernel maps (α as written, not α/n: the paper's formula).
     * {@link FastLrn} by default: DL4J's own layer computes the same forward pass but a wrong backward
     * pass in M2.1 and is ~4× slower.
     */
    private LocalResponseNormalization lrn() {
        if (config.implementation().lrn() == Implementation.Kind.DL4J) {
            return new LocalResponseNormalization.Builder()
                    .k(config.lrnK()).n(config.lrnN()).alpha(config.lrnAlpha()).beta(config.lrnBeta()).build();
        }
        return FastLrn.of(config.lrnK(), config.lrnN(), config.lrnAlpha(), config.lrnBeta());
    }

    /**
     * Convolution and fully-connected layers whose ReLU backward pass does not redo the forward pass
     * ({@link io.github.alexnet4j.model.layers.ReluFromOutput}), unless DL4J's own layers are asked for.
     */
    private boolean dl4jLayers() {
        return config.implementation().layers() == Implementation.Kind.DL4J;
    }

    /**
     * Convolutions that call oneDNN directly where it can, keeping the maps channels-last through ReLU,
     * LRN and pooling ({@link io.github.alexnet4j.model.layers.FastConvolutionLayer}).
     */
    private ConvolutionLayer convolution(ConvolutionLayer.Builder builder) {
        return dl4jLayers() ? builder.build() : FastConvolution.of(builder.build());
    }

    /**
     * conv1 reads the image, so backprop need not compute ∂L/∂image
     * ({@link io.github.alexnet4j.model.layers.FirstLayerBackprop}) unless the config asks for it.
     */
    private ConvolutionLayer firstLayer(ConvolutionLayer conv1) {
        return conv1 instanceof FastConvolution fast && !config.implementation().conv1InputGradient()
                ? fast.withoutInputGradient() : conv1;
    }

    private DenseLayer dense(DenseLayer built) {
        return dl4jLayers() ? built : FastDense.of(built);
    }

    private OutputLayer output(OutputLayer built) {
        return dl4jLayers() ? built : FastOutput.of(built);
    }

    private SubsamplingLayer pool() {
        SubsamplingLayer built = new SubsamplingLayer.Builder(PoolingType.MAX)
                .kernelSize(config.poolSize(), config.poolSize())
                .stride(config.poolStride(), config.poolStride()).build();
        return dl4jLayers() ? built : FastMaxPooling.of(built);
    }

    /** Dropout on this layer's inputs, if {@code here}. */
    private <B extends org.deeplearning4j.nn.conf.layers.BaseLayer.Builder<B>> B dropout(B layer, boolean here) {
        if (here && config.dropout() > 0) layer.dropOut(1.0 - config.dropout());
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
        return vertexName(config, base, tower);
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
