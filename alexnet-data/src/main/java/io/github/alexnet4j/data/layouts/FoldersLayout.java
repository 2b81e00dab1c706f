package io.github.alexnet4j.data.layouts;

import io.github.alexnet4j.data.DataSettings;

import java.nio.file.Files;
import java.nio.file.Path;

/** Any class-folder dataset: {@code <root>/train/<class>/*} and {@code <root>/val/<class>/*} (or {@code test/}). */
public final class FoldersLayout implements DatasetLayout {

    @Override
    public Split open(DataSettings d, Path root) {
        Path val = root.resolve(Files.isDirectory(root.resolve("val")) ? "val" : "test");
        LabelledFiles train = ClassFolders.scan(root.resolve("train"));
        return DatasetLayout.limited(d, train, ImageNet.validationFolders(val, train.classNames()), root);
    }
}
