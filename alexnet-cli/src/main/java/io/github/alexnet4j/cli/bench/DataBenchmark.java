package io.github.alexnet4j.cli.bench;

import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.data.batches.FileImageSource;
import io.github.alexnet4j.data.batches.ImageBatchIterator;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.layouts.LabelledFiles;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.data.transforms.MeanSubtraction;
import io.github.alexnet4j.data.transforms.PcaLighting;
import java.util.ArrayList;
import java.util.List;

/**
 * Images per second through the whole training-time input path: read the file, decode, prepare
 * (shorter side, centre square) when needed, random crop, mirror, mean subtraction, PCA lighting,
 * into the float batch array — the work the loader threads do while the network trains.
 */
public final class DataBenchmark {

    public record Row(String dataset, int images, int storedSize, int cropSize, int threads, double imagesPerSecond,
                      int badImages) {
    }

    private DataBenchmark() {
    }

    /** Runs {@code passes} epochs over {@code files} (no in-memory cache) and reports the best pass. */
    public static Row measure(String name, LabelledFiles files, int stored, int crop, int threads, int passes) {
        FileImageSource source = new FileImageSource(files, stored, false);
        DatasetStats stats = syntheticStats(stored);
        InputPipeline pipeline = new InputPipeline(stored, crop, new MeanSubtraction(stats, MeanSubtraction.Mode.PER_PIXEL),
                new PcaLighting(stats, PcaLighting.PAPER_STD), true, 1f);
        BadImageReport bad = new BadImageReport();
        double best = 0;
        try (ImageBatchIterator it = new ImageBatchIterator(source, pipeline, InputPipeline.Mode.TRAIN, 64, 1, threads, bad)) {
            for (int p = 0; p < passes; p++) {
                long t = System.nanoTime();
                long n = 0;
                while (it.hasNext()) n += it.next().numExamples();
                best = Math.max(best, n / ((System.nanoTime() - t) / 1e9));
                it.reset();
            }
        }
        return new Row(name, files.size(), stored, crop, threads, best, bad.count());
    }

    /** Realistic ImageNet-like statistics; the benchmark measures cost, which does not depend on the values. */
    static DatasetStats syntheticStats(int s) {
        float[] mean = new float[s * s * 3];
        java.util.Arrays.fill(mean, 117f);
        return new DatasetStats(s, 1, mean, new double[]{124, 117, 104}, new double[3][3],
                new double[]{0.2175, 0.0188, 0.0045},
                new double[][]{{-0.5675, 0.7192, 0.4009}, {-0.5808, -0.0045, -0.8140}, {-0.5836, -0.6948, 0.4203}});
    }

    public static List<Row> all(LabelledFiles imagenetFull, LabelledFiles imagenetPrepared, LabelledFiles cifar,
                                int passes) {
        List<Row> rows = new ArrayList<>();
        for (int threads : new int[]{1, 2}) {
            rows.add(measure("imagenet-samples, full size JPEG", imagenetFull, 256, 227, threads, passes));
            rows.add(measure("imagenet-samples, prepared 256x256 JPEG", imagenetPrepared, 256, 227, threads, passes));
            rows.add(measure("CIFAR-10 test, 32x32 JPEG", cifar, 32, 28, threads, passes));
        }
        return rows;
    }
}
