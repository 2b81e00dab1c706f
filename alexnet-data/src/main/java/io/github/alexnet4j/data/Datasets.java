package io.github.alexnet4j.data;

import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.layouts.Cifar10Layout;
import io.github.alexnet4j.data.layouts.DatasetLayout;
import io.github.alexnet4j.data.layouts.FoldersLayout;
import io.github.alexnet4j.data.layouts.ImageNetLayout;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The registry of dataset layouts ({@code data.dataset} names one), and what every run needs from a
 * dataset: its training and validation images and the training set's statistics. A new layout is a
 * {@link DatasetLayout} class and one line below.
 */
public final class Datasets {

    private static final Map<String, DatasetLayout> LAYOUTS = new LinkedHashMap<>();

    static {
        LAYOUTS.put("cifar10", new Cifar10Layout());
        LAYOUTS.put("folders", new FoldersLayout());
        LAYOUTS.put("imagenet", new ImageNetLayout());
    }

    private Datasets() {
    }

    public static Set<String> layouts() {
        return LAYOUTS.keySet();
    }

    /** The dataset's folder: {@code data.path}, else {@code $ALEXNET_DATA/<dataset>}. */
    public static Path root(DataSettings d) {
        if (d.path() != null && !d.path().isBlank()) return Path.of(d.path()).toAbsolutePath().normalize();
        return DataLocations.dataRoot().resolve(d.dataset());
    }

    public static DatasetLayout.Split open(DataSettings d) {
        d.requireCacheFitsHeap();
        return LAYOUTS.get(d.dataset()).open(d, root(d));
    }

    /**
     * The training set's statistics, computed once and kept beside the data (or in the cache), under a name
     * that changes when the training images do (their count and names), so added, removed or renamed files
     * are never described by an old file.
     */
    public static DatasetStats stats(DatasetLayout.Split split, DataSettings d, BadImageReport bad, boolean progress) {
        String tag = (d.limitPerClass() > 0 ? "-limit" + d.limitPerClass() : "") + "-" + fingerprint(split.train());
        Path file = DataLocations.statsFileFor(split.root(), d.storedSize());
        file = file.resolveSibling(file.getFileName().toString().replace(".json", tag + ".json"));
        return DatasetStats.loadOrCompute(file, split.train(), d.loaderThreads(), bad, progress);
    }

    /** A short hash of the images' names and labels, in order. */
    static String fingerprint(io.github.alexnet4j.data.batches.ImageSource images) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (String c : images.classNames()) crc.update((c + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < images.size(); i++) {
            crc.update((images.name(i) + "\t" + images.label(i) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return images.size() + "-" + Long.toHexString(crc.getValue());
    }
}
