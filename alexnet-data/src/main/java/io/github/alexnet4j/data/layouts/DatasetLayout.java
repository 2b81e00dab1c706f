package io.github.alexnet4j.data.layouts;

import io.github.alexnet4j.data.DataSettings;
import io.github.alexnet4j.data.batches.FileImageSource;
import io.github.alexnet4j.data.batches.ImageSource;

import java.nio.file.Path;

/**
 * One way of laying a dataset out on disk. Implementations are registered by name in
 * {@link io.github.alexnet4j.data.Datasets}; {@code data.dataset} in a run config picks one.
 */
public interface DatasetLayout {

    /** A training set, its validation set, and the folder statistics are kept for. */
    record Split(ImageSource train, ImageSource validation, Path root) {
    }

    Split open(DataSettings settings, Path root);

    /** Image files as a source, kept in memory when they fit in the settings' cache. */
    static ImageSource files(DataSettings d, LabelledFiles files) {
        boolean cache = FileImageSource.fitsInMemory(files.size(), d.storedSize(), (long) d.cacheMegabytes() << 20);
        return new FileImageSource(files, d.storedSize(), cache);
    }

    /** The first {@code limitPerClass} training images of each class and a fifth as many validation images. */
    static Split limited(DataSettings d, LabelledFiles train, LabelledFiles val, Path root) {
        if (d.limitPerClass() > 0) {
            train = train.perClassLimit(d.limitPerClass());
            val = val.perClassLimit(Math.max(1, d.limitPerClass() / 5));
        }
        return new Split(files(d, train), files(d, val), root);
    }
}
