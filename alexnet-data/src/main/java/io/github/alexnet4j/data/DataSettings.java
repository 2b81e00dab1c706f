package io.github.alexnet4j.data;

import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.data.transforms.MeanSubtraction;
import io.github.alexnet4j.data.transforms.PcaLighting;

/**
 * Which dataset to train on and how inputs are made from it (the data module's knobs). Validated on
 * construction: a bad value fails naming the key, the value and the valid range.
 *
 * @param dataset        a layout registered in {@link Datasets}: {@code cifar10} (JPEG class folders or the
 *                       official binary batches), {@code folders} (any {@code train/<class>/} + {@code val/<class>/}),
 *                       {@code imagenet} ({@code train/<wnid>/}, {@code val/} as folders or flat with a label file)
 * @param path           dataset root; null = {@code $ALEXNET_DATA/<dataset>}
 * @param valLabels      for a flat ImageNet {@code val/}: LOC_val_solution.csv or a {@code <file> <index>} list
 * @param storedSize     side of the prepared images (paper: 256)
 * @param mean           PER_PIXEL (paper), PER_CHANNEL or NONE
 * @param lightingStd    σ of the PCA lighting α (paper: 0.1; 0 = off)
 * @param augment        random crops and mirrors (false = centre crop only)
 * @param scale          multiplier after mean subtraction (1 = the paper's 0–255 scale)
 * @param loaderThreads  image decoding threads running ahead of training
 * @param limitPerClass  use only the first N images of each class (0 = all), for quick runs
 * @param cacheMegabytes keep prepared images in memory when the training set fits in this many MB
 * @param loaderTimeoutSeconds a batch that takes longer than this to load (a hung network file system)
 *                       stops the run with a message instead of a silent stall
 * @param maxBadShare    the run stops when more than this share of the training images cannot be read
 *                       (0.05: a few bad files are skipped, a dataset that is mostly unreadable is not)
 */
public record DataSettings(String dataset, String path, String valLabels, int storedSize, MeanSubtraction.Mode mean,
                           double lightingStd, boolean augment, double scale, int loaderThreads, int limitPerClass,
                           int cacheMegabytes, int loaderTimeoutSeconds, double maxBadShare) {

    public DataSettings {
        require(dataset != null && Datasets.layouts().contains(dataset), "dataset", dataset,
                "one of " + String.join(", ", Datasets.layouts()));
        require(storedSize >= 1, "storedSize", storedSize, "at least 1 pixel");
        require(mean != null, "mean", null, "PER_PIXEL, PER_CHANNEL or NONE");
        require(lightingStd >= 0 && Double.isFinite(lightingStd), "lightingStd", lightingStd, "0 (off) or more");
        require(scale > 0 && Double.isFinite(scale), "scale", scale, "greater than 0");
        require(loaderThreads >= 1, "loaderThreads", loaderThreads, "at least 1");
        require(limitPerClass >= 0, "limitPerClass", limitPerClass, "0 (all images) or more");
        require(cacheMegabytes >= 0, "cacheMegabytes", cacheMegabytes, "0 (no cache) or more");
        if (loaderTimeoutSeconds == 0) loaderTimeoutSeconds = 600;
        require(loaderTimeoutSeconds >= 1, "loaderTimeoutSeconds", loaderTimeoutSeconds, "at least 1 second");
        require(maxBadShare >= 0 && maxBadShare <= 1, "maxBadShare", maxBadShare, "in [0, 1]");
    }

    /** These settings with another input scale. */
    public DataSettings withScale(double v) {
        return new DataSettings(dataset, path, valLabels, storedSize, mean, lightingStd, augment, v, loaderThreads,
                limitPerClass, cacheMegabytes, loaderTimeoutSeconds, maxBadShare);
    }

    /** The cache must fit this JVM (checked when data is opened, not when a saved config is read). */
    void requireCacheFitsHeap() {
        long heapMb = Runtime.getRuntime().maxMemory() >> 20;
        require(cacheMegabytes <= heapMb / 2, "cacheMegabytes", cacheMegabytes,
                "at most half the Java heap, " + heapMb / 2 + " MB here; raise -Xmx (JAVA_OPTS) or lower it");
    }

    private static void require(boolean ok, String key, Object value, String range) {
        if (!ok) throw new DatasetException("Invalid setting data." + key + " = " + value + " (" + range + ")");
    }

    /** The paper's ImageNet settings (Sections 2 and 4.1). */
    public static DataSettings paperImageNet() {
        return new DataSettings("imagenet", null, null, 256, MeanSubtraction.Mode.PER_PIXEL, 0.1, true, 1.0, 2, 0, 0, 600, 0.05);
    }

    /** What happens to each stored image on its way to a network with {@code cropSize}² inputs. */
    public InputPipeline pipeline(int cropSize, DatasetStats stats) {
        return new InputPipeline(storedSize, cropSize, new MeanSubtraction(stats, mean),
                lightingStd > 0 ? new PcaLighting(stats, lightingStd) : null, augment, (float) scale);
    }
}
