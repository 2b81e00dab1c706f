package io.github.alexnet4j.train;

import io.github.alexnet4j.data.MeanSubtraction;

/**
 * Which dataset to train on and how inputs are made from it (the data module's knobs).
 *
 * @param dataset        {@code cifar10} (JPEG class folders or the official binary batches),
 *                       {@code folders} (any {@code train/<class>/} + {@code val/<class>/}), or
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
 */
public record DataSettings(String dataset, String path, String valLabels, int storedSize, MeanSubtraction.Mode mean,
                           double lightingStd, boolean augment, double scale, int loaderThreads, int limitPerClass,
                           int cacheMegabytes) {

    public static DataSettings paperImageNet() {
        return new DataSettings("imagenet", null, null, 256, MeanSubtraction.Mode.PER_PIXEL, 0.1, true, 1.0, 2, 0, 0);
    }
}
