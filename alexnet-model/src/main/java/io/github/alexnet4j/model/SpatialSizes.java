package io.github.alexnet4j.model;

/**
 * Side lengths of the feature maps along the network (convolutions: floor((in + 2p − k)/s) + 1; pooling
 * rounded as the config says), so the config can reject an input that is too small before DL4J does,
 * and tests can state the paper's 55 → 27 → 13 → 6 geometry.
 */
public record SpatialSizes(int conv1, int pool1, int conv2, int pool2, int conv345, int pool5) {

    static SpatialSizes of(AlexNetConfig c) {
        int conv1 = out(c.inputSize(), c.conv1Kernel(), c.conv1Stride(), c.conv1Padding());
        int pool1 = pooled(conv1, c.poolSize(), c.poolStride(), c.poolRounding());
        int conv2 = out(pool1, AlexNetConfig.CONV2_KERNEL, 1, AlexNetConfig.CONV2_PADDING);
        int pool2 = pooled(conv2, c.poolSize(), c.poolStride(), c.poolRounding());
        int conv345 = out(pool2, AlexNetConfig.CONV345_KERNEL, 1, AlexNetConfig.CONV345_PADDING);
        int pool5 = pooled(conv345, c.poolSize(), c.poolStride(), c.poolRounding());
        return new SpatialSizes(conv1, pool1, conv2, pool2, conv345, pool5);
    }

    static int out(int in, int kernel, int stride, int padding) {
        int span = in + 2 * padding - kernel;
        return span < 0 ? 0 : span / stride + 1;
    }

    /** Windows of side z at stride s over {@code in}; with CEIL a last partial window counts if it starts inside. */
    public static int pooled(int in, int z, int s, PoolRounding rounding) {
        int floor = out(in, z, s, 0);
        if (rounding == PoolRounding.FLOOR || in < z) return floor;
        int ceil = (in - z + s - 1) / s + 1;
        return (ceil - 1) * s < in ? ceil : ceil - 1;
    }

    /** Zero rows (and columns) to add at the bottom (right) of a map so that FLOOR pooling gives {@link #pooled}. */
    public static int ceilPadding(int in, int z, int s, PoolRounding rounding) {
        int windows = pooled(in, z, s, rounding);
        return Math.max(0, (windows - 1) * s + z - in);
    }

    /** Smallest input side for which pool5 is still at least 1×1. */
    static int minimumInputSize(int k1, int s1, int p1, int pool, int poolStride, PoolRounding rounding) {
        for (int side = 1; side <= 4096; side++) {
            int c1 = out(side, k1, s1, p1);
            int p = pooled(out(pooled(out(pooled(c1, pool, poolStride, rounding), 5, 1, 2), pool, poolStride, rounding),
                    3, 1, 1), pool, poolStride, rounding);
            if (p >= 1) return side;
        }
        return Integer.MAX_VALUE;
    }
}
