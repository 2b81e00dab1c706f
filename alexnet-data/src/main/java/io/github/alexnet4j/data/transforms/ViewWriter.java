package io.github.alexnet4j.data.transforms;

/**
 * Writes one view of a prepared image into a batch array in a single pass: crop, mirror, BGR → RGB,
 * mean subtraction, PCA lighting shift and scaling, uint8 → float. Doing it in one loop instead of
 * one pass per transform keeps the pipeline cheap enough to share two cores with training.
 */
public final class ViewWriter {

    private ViewWriter() {
    }

    /**
     * @param hwcBgr  prepared image, stored×stored×3, BGR (OpenCV order)
     * @param mean    mean to subtract (stored positions), or null
     * @param shift   RGB lighting shift (0–255 scale), or null
     * @param scale   multiplier applied last (1 keeps the 0–255 scale of the paper)
     * @param out     destination, CHW RGB at {@code offset}
     */
    public static void write(byte[] hwcBgr, int stored, View v, MeanSubtraction mean, float[] shift, float scale,
                             float[] out, int offset) {
        v.checkFits(stored);
        int size = v.size();
        float[] m = mean == null ? null : mean.array();
        if (mean != null && mean.storedSize() != stored) {
            throw new IllegalArgumentException("mean image is " + mean.storedSize() + "² but images are " + stored + "²");
        }
        int o = offset;
        for (int c = 0; c < 3; c++) {
            int src = 2 - c; // BGR → RGB
            float add = shift == null ? 0f : shift[c];
            for (int i = 0; i < size; i++) {
                int row = (v.y() + i) * stored;
                for (int j = 0; j < size; j++) {
                    int x = v.x() + (v.flip() ? size - 1 - j : j);
                    int px = (row + x) * 3;
                    float value = (hwcBgr[px + src] & 0xFF) + add;
                    if (m != null) value -= m[px + c];
                    out[o++] = value * scale;
                }
            }
        }
    }
}
