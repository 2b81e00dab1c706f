package io.github.alexnet4j.interop;

import java.util.Arrays;

/**
 * What an imported network expects as input, in terms of 8-bit pixel values p (0–255) of channel c:
 * input = (p − mean) · multiplier[c], in the channel order the network was trained with. This project's
 * networks take RGB, (p − mean) · scale; importing folds the difference into conv1's weights (channel
 * order reversed for BGR, each input channel's weights multiplied by its multiplier), so the imported
 * network takes exactly what this project's pipeline feeds its own.
 *
 * @param bgr        the network's first input channel is blue (Caffe)
 * @param channelMean mean of R, G, B on the 0–255 scale (used when there is no mean image)
 * @param meanImage  per-pixel mean, HWC, RGB, 0–255, {@code meanSize}² × 3 values; null for per-channel
 * @param meanSize   side of the mean image
 * @param multiplier per-channel factor after the mean, in R, G, B order (Caffe: 1; torchvision: 1/(255·std))
 */
public record InputConvention(boolean bgr, double[] channelMean, float[] meanImage, int meanSize, double[] multiplier) {

    /** Caffe's ImageNet models: BGR, 0–255, minus the ILSVRC-2012 per-channel mean (104, 117, 123 in BGR). */
    public static InputConvention caffe() {
        return new InputConvention(true, new double[]{123, 117, 104}, null, 0, new double[]{1, 1, 1});
    }

    /** torchvision's ImageNet models: RGB scaled to 0–1, minus (0.485, 0.456, 0.406), divided by (0.229, 0.224, 0.225). */
    public static InputConvention torchvision() {
        return new InputConvention(false, new double[]{0.485 * 255, 0.456 * 255, 0.406 * 255}, null, 0,
                new double[]{1 / (0.229 * 255), 1 / (0.224 * 255), 1 / (0.225 * 255)});
    }

    /** This project's own convention for a model trained here: RGB, its mean, one scale for all channels. */
    public static InputConvention ofScale(double[] channelMean, double scale) {
        return new InputConvention(false, channelMean, null, 0, new double[]{scale, scale, scale});
    }

    public InputConvention withMeanImage(float[] image, int size) {
        return new InputConvention(bgr, channelMean, image, size, multiplier);
    }

    public InputConvention withChannelMean(double[] rgb) {
        return new InputConvention(bgr, rgb, null, 0, multiplier);
    }

    public InputConvention withBgr(boolean v) {
        return new InputConvention(v, channelMean, meanImage, meanSize, multiplier);
    }

    /**
     * conv1's weights [out][3][k][k] rewritten to take this project's input (RGB, mean subtracted, times 1):
     * input channel c of the result is the source's channel for colour c, times that colour's multiplier.
     */
    public float[] foldIntoConv1(float[] weights, int out, int k) {
        float[] w = new float[weights.length];
        int plane = k * k;
        for (int o = 0; o < out; o++) {
            for (int rgb = 0; rgb < 3; rgb++) {
                int src = bgr ? 2 - rgb : rgb;
                float m = (float) multiplier[rgb];
                for (int i = 0; i < plane; i++) w[(o * 3 + rgb) * plane + i] = weights[(o * 3 + src) * plane + i] * m;
            }
        }
        return w;
    }

    @Override
    public String toString() {
        return (bgr ? "BGR" : "RGB") + ", mean " + (meanImage != null ? meanSize + "×" + meanSize + " image"
                : Arrays.toString(channelMean)) + ", multiplier " + Arrays.toString(multiplier);
    }
}
