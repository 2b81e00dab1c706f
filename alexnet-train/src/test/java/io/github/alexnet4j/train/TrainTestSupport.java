package io.github.alexnet4j.train;

import io.github.alexnet4j.data.TestDatasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A tiny, fast training run on a slice of the real CIFAR-10 images. */
final class TrainTestSupport {

    static final Path HOME = Path.of(System.getProperty("alexnet.home", "..")).toAbsolutePath().normalize();

    private TrainTestSupport() {
    }

    static void setUp(Path cache) {
        TestDatasets.cifarTrain(); // fails under CI if the data is missing
        System.setProperty("alexnet.home", HOME.toString());
        System.setProperty("alexnet.cache", cache.toString());
        System.setProperty("alexnet.offline", "true"); // tests never reach outside this machine
    }

    /** Arguments for `train` on 30 images per class, batch 16, no time budget. */
    static List<String> tinyTrain(Path runDir, int epochs, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--run-dir", runDir.toString(), "--no-progress",
                "--limit-per-class", "30", "--epochs", String.valueOf(epochs),
                "--set", "training.budgetMinutes=0", "--set", "training.batchSize=16",
                "--set", "training.evalTrainImages=50", "--set", "training.warmupIterations=0",
                "--set", "optimizer.learningRate=0.01",
                "--set", "data.cacheMegabytes=64"));
        a.addAll(List.of(extra));
        return a;
    }

    static String[] array(List<String> l) {
        return l.toArray(String[]::new);
    }
}
