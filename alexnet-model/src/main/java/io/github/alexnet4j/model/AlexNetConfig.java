package io.github.alexnet4j.model;

import java.util.List;

/**
 * Everything that distinguishes one AlexNet variant from another: the paper's network
 * ({@link #paper()}) and every ablation of it (one tower, no LRN, non-overlapping pooling, no dropout,
 * tanh, a conv layer removed, small images).
 * <p>
 * Immutable. {@link #builder()} starts from the paper's values (the one place defaults live) and
 * {@link #toBuilder()} from any config; every instance is validated on construction, so an impossible
 * config fails here, naming the field and its valid range, instead of deep inside DL4J.
 *
 * @param numClasses        size of the softmax (1000 for ILSVRC)
 * @param inputSize         side of the square input crop. 227, not the paper's "224": 224 cannot give
 *                          conv1's 55×55 output with an 11×11 stride-4 kernel and no padding; 227 can
 *                          ((227 − 11)/4 + 1 = 55), as in Caffe's reference model
 * @param inputChannels     3 (RGB)
 * @param towers            2 = the paper's two-GPU layout (grouped conv2, conv4, conv5); 1 = no grouping
 * @param convWidths        total number of kernels of conv1..conv5 summed over both towers
 *                          (paper: 96, 256, 384, 384, 256)
 * @param widthMultiplier   scales every conv width (1 = the paper)
 * @param conv1Kernel       conv1 kernel side (paper: 11)
 * @param conv1Stride       conv1 stride (paper: 4)
 * @param conv1Padding      conv1 zero padding (paper: 0 at 227 input)
 * @param fcWidth           width of fc6 and fc7 (paper: 4096)
 * @param lrn               local response normalisation after layers 1 and 2 (Section 3.3)
 * @param lrnPlacement      LRN before pooling (paper) or after it (CaffeNet)
 * @param lrnK              k in the LRN formula (paper: 2)
 * @param lrnN              n, the number of adjacent kernel maps (paper: 5)
 * @param lrnAlpha          α (paper: 1e-4; not divided by n)
 * @param lrnBeta           β (paper: 0.75)
 * @param lrnAcrossTowers   false: each tower normalises over its own maps (the paper, one GPU each);
 *                          true: over both towers' maps, as Caffe's and ONNX's single-device AlexNets do
 *                          (it changes the first and last maps of each tower)
 * @param poolSize          z, the pooling window (paper: 3; overlapping because z > s)
 * @param poolStride        s, the pooling stride (paper: 2)
 * @param poolRounding      FLOOR: windows must fit (the paper, 227 input); CEIL: a last, partial window
 *                          too (Caffe's pooling, and the 224-input ONNX AlexNets)
 * @param dropout           probability of dropping a unit (paper: 0.5; 0 = off)
 * @param dropoutPlacement  on the outputs of fc6 and fc7 (the paper) or on their inputs (torchvision)
 * @param nonlinearity      ReLU (paper) or tanh (Figure 1's comparison)
 * @param removedConvLayer  0 = none; 3, 4 or 5 removes that layer (Section 7: "removing any of the
 *                          middle layers results in a loss of about 2% top-1")
 * @param weightInit        the paper's N(0, weightStd²) or He initialisation
 * @param weightStd         standard deviation of the paper's Gaussian (0.01)
 * @param biasOne           bias of conv2, conv4, conv5, fc6, fc7 (paper: 1, to give ReLUs positive
 *                          inputs early; Caffe used 0.1). All other biases are 0.
 * @param seed              RNG seed for initialisation and dropout
 * @param implementation    which layer classes compute the network (never changes what is computed,
 *                          only how: see {@link Implementation})
 * @param architecture      ALEXNET (every field above applies) or Figure 1's FOUR_LAYER network
 *                          ({@link FourLayerNet}: only numClasses, inputSize, inputChannels,
 *                          nonlinearity, seed and implementation apply); unset = ALEXNET
 */
public record AlexNetConfig(
        int numClasses,
        int inputSize,
        int inputChannels,
        int towers,
        List<Integer> convWidths,
        double widthMultiplier,
        int conv1Kernel,
        int conv1Stride,
        int conv1Padding,
        int fcWidth,
        boolean lrn,
        LrnPlacement lrnPlacement,
        double lrnK,
        int lrnN,
        double lrnAlpha,
        double lrnBeta,
        boolean lrnAcrossTowers,
        int poolSize,
        int poolStride,
        PoolRounding poolRounding,
        double dropout,
        DropoutPlacement dropoutPlacement,
        Nonlinearity nonlinearity,
        int removedConvLayer,
        WeightInitScheme weightInit,
        double weightStd,
        double biasOne,
        long seed,
        Implementation implementation,
        Architecture architecture) {

    /** Kernel sides of conv2..conv5 and their "same" padding; the paper does not vary them. */
    static final int CONV2_KERNEL = 5, CONV2_PADDING = 2, CONV345_KERNEL = 3, CONV345_PADDING = 1;

    public AlexNetConfig {
        require(convWidths != null, "convWidths", null, "exactly 5 widths, conv1..conv5");
        convWidths = List.copyOf(convWidths);
        if (architecture == null) architecture = Architecture.ALEXNET;   // configs written before Figure 1's net existed
        require(implementation != null, "implementation", null, "layers, lrn and conv1InputGradient");
        validate(numClasses, inputSize, inputChannels, towers, convWidths, widthMultiplier, conv1Kernel,
                conv1Stride, conv1Padding, fcWidth, lrnPlacement, lrnK, lrnN, lrnAlpha, lrnBeta, poolSize,
                poolStride, poolRounding, dropout, nonlinearity, removedConvLayer, weightInit, weightStd);
        requireInputSize(architecture, inputSize, conv1Kernel, conv1Stride, conv1Padding, poolSize, poolStride, poolRounding);
        require(dropoutPlacement != null, "dropoutPlacement", null, "FC_OUTPUTS or FC_INPUTS");
        // compact constructors cannot call instance methods before fields are set, so the per-tower
        // check uses the same arithmetic as perTowerWidth directly
        if (lrn) {
            for (int layer = 0; layer < 2; layer++) {
                int perTower = Math.max(1, (int) Math.round(convWidths.get(layer) * widthMultiplier / towers));
                require(perTower > lrnN / 2, "convWidths[" + layer + "]", convWidths.get(layer),
                        "LRN over n = " + lrnN + " maps needs more than " + lrnN / 2 + " maps per tower");
            }
        }
    }

    /** The network of the paper's Figure 2, for ILSVRC-2012 (1000 classes): 60,965,224 parameters. */
    public static AlexNetConfig paper() {
        return builder().build();
    }

    /** A builder holding the paper's values; set what differs. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The same topology scaled to CIFAR-10: 28×28 random crops of the 32×32 images (the paper's
     * 224/256 ratio), conv1 5×5 stride 1 (an 11×11 stride-4 kernel would leave nothing of a 28-pixel
     * image), half the paper's conv widths, FC layers of 1024 and He initialisation (see
     * {@link WeightInitScheme}). Two towers, LRN, overlapping pooling and dropout are kept.
     */
    public static AlexNetConfig cifar10() {
        return builder().numClasses(10).inputSize(28).widthMultiplier(0.5).conv1(5, 1, 2)
                .fcWidth(1024).weightInit(WeightInitScheme.HE).biasOne(0.1).build();
    }

    /**
     * torchvision's {@code alexnet} (the layout most PyTorch users know, from Krizhevsky's "one weird trick"
     * paper): one tower, 64/192/384/256/256 kernels, conv1 padded by 2 on a 224 input, no LRN, dropout
     * on the inputs of fc6 and fc7; 61,100,840 parameters and the same arithmetic per image as the paper's net.
     */
    public static AlexNetConfig torchvision() {
        return builder().towers(1).convWidths(List.of(64, 192, 384, 256, 256)).inputSize(224).conv1(11, 4, 2)
                .lrn(false).dropoutPlacement(DropoutPlacement.FC_INPUTS).build();
    }

    /**
     * Figure 1's four-layer CIFAR-10 network ({@link FourLayerNet}) on whole 32×32 images, as the paper ran
     * it: no dropout and the cuda-convnet initialisation (set in {@link FourLayerNet}); ReLU unless the
     * nonlinearity is changed. The AlexNet fields keep the CIFAR-10 preset's values and are not used.
     */
    public static AlexNetConfig fourLayer() {
        return cifar10().toBuilder().architecture(Architecture.FOUR_LAYER).inputSize(32).dropout(0).build();
    }

    /** Fails, naming {@code what}, unless this is an AlexNet (figures, export and fine-tuning need one). */
    public AlexNetConfig requireAlexNet(String what) {
        if (architecture != Architecture.ALEXNET) {
            throw new InvalidConfigException(what + " needs an AlexNet; this model is the " + architecture
                    + " network (architecture: " + architecture + ")");
        }
        return this;
    }

    /** Total kernels of conv layer {@code layer} (1..5), summed over towers, after the width multiplier. */
    public int convWidth(int layer) {
        return perTowerWidth(layer) * towers;
    }

    /** Kernels of conv layer {@code layer} (1..5) in one tower. */
    public int perTowerWidth(int layer) {
        return Math.max(1, (int) Math.round(convWidths.get(layer - 1) * widthMultiplier / towers));
    }

    public boolean hasConvLayer(int layer) {
        return layer != removedConvLayer;
    }

    public boolean overlappingPooling() {
        return poolSize > poolStride;
    }

    /** Spatial side of the feature maps after each stage; the model builder and its tests share this. */
    public SpatialSizes spatialSizes() {
        return SpatialSizes.of(this);
    }

    /**
     * The paper's one-GPU comparison net (Section 5 and footnote 2): half the kernels of every conv
     * layer except conv5, which keeps its 256 kernels, and the same fully connected layers.
     */
    public AlexNetConfig singleTowerAsInPaper() {
        List<Integer> w = convWidths;
        return toBuilder().towers(1).convWidths(List.of(w.get(0) / 2, w.get(1) / 2, w.get(2) / 2, w.get(3) / 2, w.get(4)))
                .build();
    }

    /** A builder starting from this config, for changing several fields at once (validated on build). */
    public Builder toBuilder() {
        return new Builder(this);
    }

    // ----- validation -----

    private static void validate(int numClasses, int inputSize, int inputChannels, int towers,
                                 List<Integer> convWidths, double widthMultiplier, int conv1Kernel,
                                 int conv1Stride, int conv1Padding, int fcWidth, LrnPlacement lrnPlacement,
                                 double lrnK, int lrnN, double lrnAlpha, double lrnBeta, int poolSize,
                                 int poolStride, PoolRounding poolRounding, double dropout, Nonlinearity nonlinearity,
                                 int removedConvLayer, WeightInitScheme weightInit, double weightStd) {
        require(numClasses >= 2, "numClasses", numClasses, "at least 2");
        require(inputChannels >= 1, "inputChannels", inputChannels, "at least 1");
        require(towers == 1 || towers == 2, "towers", towers, "1 or 2");
        require(convWidths.size() == 5, "convWidths", convWidths, "exactly 5 widths, conv1..conv5");
        for (int i = 0; i < convWidths.size(); i++) {
            require(convWidths.get(i) != null && convWidths.get(i) >= towers, "convWidths[" + i + "]",
                    convWidths.get(i), "at least the number of towers (" + towers + ")");
        }
        require(widthMultiplier > 0 && widthMultiplier <= 16, "widthMultiplier", widthMultiplier, "in (0, 16]");
        require(conv1Kernel >= 1, "conv1Kernel", conv1Kernel, "at least 1");
        require(conv1Stride >= 1, "conv1Stride", conv1Stride, "at least 1");
        require(conv1Padding >= 0, "conv1Padding", conv1Padding, "0 or more");
        require(fcWidth >= 1, "fcWidth", fcWidth, "at least 1");
        require(lrnPlacement != null, "lrnPlacement", null, "BEFORE_POOL or AFTER_POOL");
        require(lrnK >= 0, "lrnK", lrnK, "0 or more");
        require(lrnN >= 1 && lrnN % 2 == 1, "lrnN", lrnN, "an odd number ≥ 1");
        require(lrnAlpha >= 0, "lrnAlpha", lrnAlpha, "0 or more");
        require(lrnBeta >= 0, "lrnBeta", lrnBeta, "0 or more");
        require(poolSize >= 1, "poolSize", poolSize, "at least 1");
        require(poolRounding != null, "poolRounding", null, "FLOOR or CEIL");
        require(poolStride >= 1 && poolStride <= poolSize, "poolStride", poolStride,
                "between 1 and poolSize (" + poolSize + ")");
        require(dropout >= 0 && dropout < 1, "dropout", dropout, "in [0, 1): probability of dropping a unit");
        require(nonlinearity != null, "nonlinearity", null, "RELU or TANH");
        require(removedConvLayer == 0 || (removedConvLayer >= 3 && removedConvLayer <= 5), "removedConvLayer",
                removedConvLayer, "0 (none), 3, 4 or 5: only a middle layer can be removed");
        require(weightInit != null, "weightInit", null, "PAPER_GAUSSIAN or HE");
        require(weightStd > 0, "weightStd", weightStd, "greater than 0");
    }

    /** AlexNet's stages must leave pool5 at least 1×1; Figure 1's net pads every stage and takes any size. */
    private static void requireInputSize(Architecture architecture, int inputSize, int conv1Kernel, int conv1Stride,
                                         int conv1Padding, int poolSize, int poolStride, PoolRounding poolRounding) {
        if (architecture == Architecture.FOUR_LAYER) {
            require(inputSize >= 1, "inputSize", inputSize, "at least 1");
            return;
        }
        int min = SpatialSizes.minimumInputSize(conv1Kernel, conv1Stride, conv1Padding, poolSize, poolStride,
                poolRounding);
        require(inputSize >= min, "inputSize", inputSize, "at least " + min + " for conv1 " + conv1Kernel + "×"
                + conv1Kernel + "/" + conv1Stride + " pad " + conv1Padding + " and " + poolSize + "/" + poolStride
                + " pooling, so that pool5 keeps at least 1×1");
    }

    private static void require(boolean ok, String field, Object value, String validRange) {
        if (!ok) throw new InvalidConfigException(field, value, validRange);
    }

    /** Every field with the paper's value until set; {@link #build()} validates. */
    public static final class Builder {
        private int numClasses = 1000;
        private int inputSize = 227;
        private int inputChannels = 3;
        private int towers = 2;
        private List<Integer> convWidths = List.of(96, 256, 384, 384, 256);
        private double widthMultiplier = 1.0;
        private int conv1Kernel = 11, conv1Stride = 4, conv1Padding = 0;
        private int fcWidth = 4096;
        private boolean lrn = true;
        private LrnPlacement lrnPlacement = LrnPlacement.BEFORE_POOL;
        private double lrnK = 2.0;
        private int lrnN = 5;
        private double lrnAlpha = 1e-4, lrnBeta = 0.75;
        private boolean lrnAcrossTowers = false;
        private int poolSize = 3, poolStride = 2;
        private PoolRounding poolRounding = PoolRounding.FLOOR;
        private double dropout = 0.5;
        private DropoutPlacement dropoutPlacement = DropoutPlacement.FC_OUTPUTS;
        private Nonlinearity nonlinearity = Nonlinearity.RELU;
        private int removedConvLayer = 0;
        private WeightInitScheme weightInit = WeightInitScheme.PAPER_GAUSSIAN;
        private double weightStd = 0.01;
        private double biasOne = 1.0;
        private long seed = 42L;
        private Implementation implementation = Implementation.FAST;
        private Architecture architecture = Architecture.ALEXNET;

        private Builder() {
        }

        private Builder(AlexNetConfig c) {
            numClasses = c.numClasses; inputSize = c.inputSize; inputChannels = c.inputChannels; towers = c.towers;
            convWidths = c.convWidths; widthMultiplier = c.widthMultiplier; conv1Kernel = c.conv1Kernel;
            conv1Stride = c.conv1Stride; conv1Padding = c.conv1Padding; fcWidth = c.fcWidth; lrn = c.lrn;
            lrnPlacement = c.lrnPlacement; lrnK = c.lrnK; lrnN = c.lrnN; lrnAlpha = c.lrnAlpha; lrnBeta = c.lrnBeta;
            lrnAcrossTowers = c.lrnAcrossTowers; poolSize = c.poolSize; poolStride = c.poolStride;
            poolRounding = c.poolRounding; dropout = c.dropout; dropoutPlacement = c.dropoutPlacement;
            nonlinearity = c.nonlinearity;
            removedConvLayer = c.removedConvLayer; weightInit = c.weightInit; weightStd = c.weightStd;
            biasOne = c.biasOne; seed = c.seed; implementation = c.implementation; architecture = c.architecture;
        }

        public Builder numClasses(int v) { numClasses = v; return this; }
        public Builder inputSize(int v) { inputSize = v; return this; }
        public Builder inputChannels(int v) { inputChannels = v; return this; }
        public Builder towers(int v) { towers = v; return this; }
        public Builder convWidths(List<Integer> v) { convWidths = v; return this; }
        public Builder widthMultiplier(double v) { widthMultiplier = v; return this; }
        public Builder conv1Kernel(int v) { conv1Kernel = v; return this; }
        public Builder conv1Stride(int v) { conv1Stride = v; return this; }
        public Builder conv1Padding(int v) { conv1Padding = v; return this; }
        /** conv1's kernel side, stride and padding at once. */
        public Builder conv1(int k, int s, int p) { return conv1Kernel(k).conv1Stride(s).conv1Padding(p); }
        public Builder fcWidth(int v) { fcWidth = v; return this; }
        public Builder lrn(boolean v) { lrn = v; return this; }
        public Builder lrnPlacement(LrnPlacement v) { lrnPlacement = v; return this; }
        public Builder lrnK(double v) { lrnK = v; return this; }
        public Builder lrnN(int v) { lrnN = v; return this; }
        public Builder lrnAlpha(double v) { lrnAlpha = v; return this; }
        public Builder lrnBeta(double v) { lrnBeta = v; return this; }
        public Builder lrnAcrossTowers(boolean v) { lrnAcrossTowers = v; return this; }
        public Builder poolSize(int v) { poolSize = v; return this; }
        public Builder poolStride(int v) { poolStride = v; return this; }
        /** Pooling window z and stride s at once. */
        public Builder pooling(int size, int stride) { return poolSize(size).poolStride(stride); }
        public Builder poolRounding(PoolRounding v) { poolRounding = v; return this; }
        public Builder dropout(double v) { dropout = v; return this; }
        public Builder dropoutPlacement(DropoutPlacement v) { dropoutPlacement = v; return this; }
        public Builder nonlinearity(Nonlinearity v) { nonlinearity = v; return this; }
        public Builder removedConvLayer(int v) { removedConvLayer = v; return this; }
        public Builder weightInit(WeightInitScheme v) { weightInit = v; return this; }
        public Builder weightStd(double v) { weightStd = v; return this; }
        public Builder biasOne(double v) { biasOne = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder implementation(Implementation v) { implementation = v; return this; }
        public Builder architecture(Architecture v) { architecture = v; return this; }

        public AlexNetConfig build() {
            return new AlexNetConfig(numClasses, inputSize, inputChannels, towers, convWidths, widthMultiplier,
                    conv1Kernel, conv1Stride, conv1Padding, fcWidth, lrn, lrnPlacement, lrnK, lrnN, lrnAlpha,
                    lrnBeta, lrnAcrossTowers, poolSize, poolStride, poolRounding, dropout, dropoutPlacement, nonlinearity,
                    removedConvLayer, weightInit, weightStd,
                    biasOne, seed, implementation, architecture);
        }
    }
}
