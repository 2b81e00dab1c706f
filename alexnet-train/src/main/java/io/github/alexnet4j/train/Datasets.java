package io.github.alexnet4j.train;

import io.github.alexnet4j.data.BadImageReport;
import io.github.alexnet4j.data.Cifar10;
import io.github.alexnet4j.data.ClassFolders;
import io.github.alexnet4j.data.DataLocations;
import io.github.alexnet4j.data.DatasetException;
import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.data.FileImageSource;
import io.github.alexnet4j.data.ImageNet;
import io.github.alexnet4j.data.ImageSource;
import io.github.alexnet4j.data.LabelledFiles;

import java.nio.file.Files;
import java.nio.file.Path;

/** Turns {@link DataSettings} into the training and validation {@link ImageSource}s and their statistics. */
public final class Datasets {

    /** A training set, its validation set, and where the pair came from. */
    public record Split(ImageSource train, ImageSource validation, Path root) {
    }

    private Datasets() {
    }

    public static Path root(DataSettings d) {
        if (d.path() != null && !d.path().isBlank()) return Path.of(d.path()).toAbsolutePath().normalize();
        return DataLocations.dataRoot().resolve(d.dataset());
    }

    public static Split open(DataSettings d) {
        Path root = root(d);
        switch (d.dataset()) {
            case "cifar10":
                return cifar10(d, root);
            case "folders":
                return folders(d, root.resolve("train"), root.resolve(Files.isDirectory(root.resolve("val")) ? "val" : "test"), root);
            case "imagenet":
                return imagenet(d, root);
            default:
                throw new DatasetException("data.dataset = " + d.dataset() + ": expected cifar10, folders or imagenet");
        }
    }

    private static Split cifar10(DataSettings d, Path root) {
        if (Files.isDirectory(root.resolve("train")) && Files.isDirectory(root.resolve("test"))) {
            return folders(d, root.resolve("train"), root.resolve("test"), root);
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
                        + " binary batches) and the download failed: " + e.getMessage() + ". Download "
                        + Cifar10.URL + " yourself and pass --data <folder>.", e);
            }
        }
        return new Split(Cifar10.trainBinary(bin), Cifar10.testBinary(bin), bin);
    }

    private static Split folders(DataSettings d, Path train, Path val, Path root) {
        LabelledFiles t = ClassFolders.scan(train);
        LabelledFiles v = ImageNet.validationFolders(val, t.classNames());
        if (d.limitPerClass() > 0) {
            t = t.perClassLimit(d.limitPerClass());
            v = v.perClassLimit(Math.max(1, d.limitPerClass() / 5));
        }
        return new Split(source(d, t), source(d, v), root);
    }

    private static Split imagenet(DataSettings d, Path root) {
        LabelledFiles t = ImageNet.train(root.resolve("train"));
        Path val = root.resolve("val");
        LabelledFiles v;
        if (d.valLabels() != null) {
            Path labels = Path.of(d.valLabels());
            v = labels.getFileName().toString().endsWith(".csv")
                    ? ImageNet.validationFromLocCsv(val, labels, t.classNames())
                    : ImageNet.validationFromIndexList(val, labels, t.classNames());
        } else {
            v = ImageNet.validationFolders(val, t.classNames());
        }
        if (d.limitPerClass() > 0) {
            t = t.perClassLimit(d.limitPerClass());
            v = v.perClassLimit(Math.max(1, d.limitPerClass() / 5));
        }
        return new Split(source(d, t), source(d, v), root);
    }

    private static ImageSource source(DataSettings d, LabelledFiles files) {
        boolean cache = FileImageSource.fitsInMemory(files.size(), d.storedSize(), (long) d.cacheMegabytes() << 20);
        return new FileImageSource(files, d.storedSize(), cache);
    }

    /** The training set's statistics, computed once and kept beside the data (or in the cache). */
    public static DatasetStats stats(Split split, DataSettings d, BadImageReport bad, boolean progress) {
        String tag = d.limitPerClass() > 0 ? "-limit" + d.limitPerClass() : "";
        Path file = DataLocations.statsFileFor(split.root(), d.storedSize());
        file = file.resolveSibling(file.getFileName().toString().replace(".json", tag + ".json"));
        return DatasetStats.loadOrCompute(file, split.train(), Math.max(1, d.loaderThreads()), bad, progress);
    }
}
