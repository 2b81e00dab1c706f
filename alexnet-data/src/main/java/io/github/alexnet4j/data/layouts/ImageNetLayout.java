package io.github.alexnet4j.data.layouts;

import io.github.alexnet4j.data.DataSettings;

import java.nio.file.Path;

/**
 * ILSVRC-2012: {@code train/<wnid>/*.JPEG}, and {@code val/} either as class folders or flat with a label
 * file ({@code data.valLabels}: Kaggle's LOC_val_solution.csv or a Caffe-style {@code <file> <index>} list).
 */
public final class ImageNetLayout implements DatasetLayout {

    @Override
    public Split open(DataSettings d, Path root) {
        LabelledFiles train = ImageNet.train(root.resolve("train"));
        Path val = root.resolve("val");
        LabelledFiles v;
        if (d.valLabels() != null) {
            Path labels = Path.of(d.valLabels());
            v = labels.getFileName().toString().endsWith(".csv")
                    ? ImageNet.validationFromLocCsv(val, labels, train.classNames())
                    : ImageNet.validationFromIndexList(val, labels, train.classNames());
        } else {
            v = ImageNet.validationFolders(val, train.classNames());
        }
        return DatasetLayout.limited(d, train, v, root);
    }
}
