package io.github.alexnet4j.model;

/**
 * Multiply-accumulates of one forward pass, counted from the config (grouped layers see half the
 * input maps), so benchmarks can state their speed as a share of the machine's peak.
 */
public final class Flops {

    private Flops() {
    }

    public static long forwardMacs(AlexNetConfig c) {
        SpatialSizes s = c.spatialSizes();
        int t = c.towers();
        long macs = conv(s.conv1(), c.convWidth(1), c.conv1Kernel(), c.inputChannels());
        macs += conv(s.conv2(), c.convWidth(2), AlexNetConfig.CONV2_KERNEL, c.convWidth(1) / t);
        int prevPerTower = c.perTowerWidth(2);
        int prevAll = c.convWidth(2);
        for (int layer = 3; layer <= 5; layer++) {
            if (!c.hasConvLayer(layer)) continue;
            int in = layer == 3 ? prevAll : prevPerTower; // conv3 sees both towers
            macs += conv(s.conv345(), c.convWidth(layer), AlexNetConfig.CONV345_KERNEL, in);
            prevPerTower = c.perTowerWidth(layer);
            prevAll = c.convWidth(layer);
        }
        long features = (long) s.pool5() * s.pool5() * prevPerTower * t;
        macs += features * c.fcWidth() + (long) c.fcWidth() * c.fcWidth() + (long) c.fcWidth() * c.numClasses();
        return macs;
    }

    private static long conv(int outSide, int outMaps, int kernel, int inMapsSeen) {
        return (long) outSide * outSide * outMaps * kernel * kernel * inMapsSeen;
    }

    /** Floating-point operations of one training step per image: forward + backward (≈ 2× forward), 2 per MAC. */
    public static double trainFlopsPerImage(AlexNetConfig c) {
        return 3.0 * 2 * forwardMacs(c);
    }

    public static double inferenceFlopsPerImage(AlexNetConfig c) {
        return 2.0 * forwardMacs(c);
    }
}
