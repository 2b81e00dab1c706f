package io.github.alexnet4j.data.layouts;

import io.github.alexnet4j.data.DataLocations;
import io.github.alexnet4j.data.DataSettings;
import io.github.alexnet4j.data.DatasetException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CIFAR-10 as JPEG class folders ({@code train/}, {@code test/}) or as the official binary batches; when
 * neither is there, the binary archive is downloaded into the cache (unless downloads are off).
 */
public final class Cifar10Layout implements DatasetLayout {

    @Override
    public Split open(DataSettings d, Path root) {
        if (Files.isDirectory(root.resolve("train")) && Files.isDirectory(root.resolve("test"))) {
            LabelledFiles train = ClassFolders.scan(root.resolve("train"));
            return DatasetLayout.limited(d, train, ImageNet.validationFolders(root.resolve("test"), train.classNames()), root);
        }
        Path bin = Files.isRegularFile(root.resolve("test_batch.bin")) ? root : root.resolve("cifar-10-batches-bin");
        if (!Files.isRegularFile(bin.resolve("test_batch.bin"))) {
            if (DataLocations.offline()) {
                throw new DatasetException("CIFAR-10 not found at " + root + " (expected train/ and test/ class folders, "
                        + "or the binary batches), and downloads are off (" + DataLocations.OFFLINE_ENV + "). Download "
                        + Cifar10.URL + ", unpack it and pass --data <folder>.");
            }
            try {
                bin = Cifar10.download(DataLocations.cacheRoot());
            } catch (Exception e) {
                throw new DatasetException("CIFAR-10 not found at " + root + " (expected train/ and test/ class folders, or the"
                        + " binary batches) and the download failed: " + (e.getMessage() != null ? e.getMessage() : e.toString())
                        + ". Download "
                        + Cifar10.URL + " yourself and pass --data <folder>.", e);
            }
        }
        return new Split(Cifar10.trainBinary(bin), Cifar10.testBinary(bin), bin);
    }
}
