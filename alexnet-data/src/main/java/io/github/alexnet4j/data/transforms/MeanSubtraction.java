package io.github.alexnet4j.data.transforms;

import io.github.alexnet4j.data.DatasetStats;

/**
 * "Subtracting the mean activity over the training set from each pixel" (Section 2): the per-pixel
 * mean image, as in the paper, or one mean per channel. The mean image is indexed at the same stored
 * position as the pixel (before cropping or mirroring), so a crop subtracts the matching patch of the
 * mean, as Caffe did.
 */
public final class MeanSubtraction {

    public enum Mode { PER_PIXEL, PER_CHANNEL, NONE }

    private final int storedSize;
    /** HWC RGB, storedSize² × 3, on the 0–255 scale. */
    private final float[] mean;
    private final Mode mode;

    public MeanSubtraction(DatasetStats stats, Mode mode) {
        this.storedSize = stats.storedSize();
        this.mode = mode;
        this.mean = new float[storedSize * storedSize * 3];
        for (int px = 0; px < storedSize * storedSize; px++) {
            for (int c = 0; c < 3; c++) {
                mean[px * 3 + c] = switch (mode) {
                    case PER_PIXEL -> stats.meanImage()[px * 3 + c];
                    case PER_CHANNEL -> (float) stats.channelMean()[c];
                    case NONE -> 0f;
                };
            }
        }
    }

    public Mode mode() {
        return mode;
    }

    public int storedSize() {
        return storedSize;
    }

    /** Mean of RGB channel {@code c} at stored pixel (x, y). */
    public float at(int c, int y, int x) {
        return mean[(y * storedSize + x) * 3 + c];
    }

    float[] array() {
        return mean;
    }
}
