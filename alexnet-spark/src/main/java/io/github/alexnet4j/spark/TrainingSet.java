package io.github.alexnet4j.spark;

import io.github.alexnet4j.data.batches.BatchMaker;
import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.data.batches.FileImageSource;
import io.github.alexnet4j.data.batches.ImageSource;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.data.layouts.LabelledFiles;
import io.github.alexnet4j.data.DatasetException;
import io.github.alexnet4j.train.RunConfig;
import io.github.alexnet4j.train.Trainer;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What an executor needs to make any training batch itself: the file list with labels, the
 * dataset statistics (mean image, PCA of the colours) and the run's settings. Broadcast once per run;
 * each executor then builds the same {@link BatchMaker} as the driver, so batch b of epoch e is the
 * same images with the same crops and lighting as in a run on one machine. The image files must be
 * at the same paths on every executor (a shared file system, or the same copy on each node).
 */
final class TrainingSet implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String configYaml;
    private final String statsJson;
    private final List<String> classNames;
    private final String[] files;
    private final int[] labels;
    private transient BatchMaker maker;

    private TrainingSet(String configYaml, String statsJson, List<String> classNames, String[] files, int[] labels) {
        this.configYaml = configYaml;
        this.statsJson = statsJson;
        this.classNames = classNames;
        this.files = files;
        this.labels = labels;
    }

    static TrainingSet of(RunConfig cfg, ImageSource train, DatasetStats stats) {
        if (!(train instanceof FileImageSource f)) {
            throw new DatasetException("Spark training reads image files on the executors, but " + cfg.data().dataset()
                    + " was opened from " + train.getClass().getSimpleName() + " (e.g. CIFAR-10's binary batches). "
                    + "Use a folder layout (train/<class>/*.jpg, as ../shared/datasets/cifar10 is) and pass it with --data.");
        }
        LabelledFiles lf = f.files();
        String[] paths = lf.files().stream().map(p -> p.toAbsolutePath().toString()).toArray(String[]::new);
        return new TrainingSet(cfg.toYaml(), stats.toJson(), List.copyOf(lf.classNames()), paths, lf.labels().clone());
    }

    int size() {
        return files.length;
    }

    /** The executor's batch maker, built on first use (the same as the driver's). */
    synchronized BatchMaker maker() {
        if (maker == null) {
            RunConfig cfg = RunConfig.parse(configYaml, List.of());
            DatasetStats stats;
            try {
                stats = DatasetStats.fromJson(statsJson);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<Path> paths = java.util.Arrays.stream(files).map(Path::of).toList();
            ImageSource source = new FileImageSource(new LabelledFiles(classNames, paths, labels), cfg.data().storedSize(), false);
            InputPipeline pipeline = cfg.data().pipeline(cfg.model().inputSize(), stats);
            maker = new BatchMaker(source, pipeline, InputPipeline.Mode.TRAIN, cfg.training().batchSize(), cfg.training().seed());
        }
        return maker;
    }
}
