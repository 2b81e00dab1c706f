package io.github.alexnet4j.cli;

import io.github.alexnet4j.train.CheckpointStore;
import io.github.alexnet4j.train.EpochMetrics;
import io.github.alexnet4j.train.MetricsLog;
import io.github.alexnet4j.train.ModelPackage;
import io.github.alexnet4j.data.TestDatasets;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A tiny, fast training run on a slice of the real CIFAR-10 images. */
public final class TrainTestSupport {

    public static final Path HOME = Path.of(System.getProperty("alexnet.home", "..")).toAbsolutePath().normalize();

    private TrainTestSupport() {
    }

    public static void setUp(Path cache) {
        TestDatasets.cifarTrain(); // fails under CI if the data is missing
        System.setProperty("alexnet.home", HOME.toString());
        System.setProperty("alexnet.cache", cache.toString());
        System.setProperty("alexnet.offline", "true"); // tests never reach outside this machine
    }

    /** Arguments for `train` on 30 images per class, batch 16, no time budget. */
    public static List<String> tinyTrain(Path runDir, int epochs, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--run-dir", runDir.toString(), "--no-progress",
                "--limit-per-class", "30", "--epochs", String.valueOf(epochs),
                "--set", "training.budgetMinutes=0", "--set", "training.batchSize=16",
                "--set", "training.evalTrainImages=50", "--set", "optimizer.schedule.warmupIterations=0",
                "--set", "optimizer.learningRate=0.01",
                "--set", "data.cacheMegabytes=64"));
        a.addAll(List.of(extra));
        return a;
    }

    /** Runs the command line in this JVM; returns {stdout, stderr} and checks the exit code. */
    public static String[] cli(int expectedExit, String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true));
        System.setErr(new PrintStream(e, true));
        int code;
        try {
            code = AlexNetCli.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals(expectedExit, code, () -> "exit code of " + String.join(" ", args) + "\nstdout:\n" + o + "\nstderr:\n" + e);
        return new String[]{o.toString(), e.toString()};
    }

    /**
     * Checks a finished run the way a user would rely on it: its loss stayed finite, its weights moved
     * between the first kept checkpoint and the final model, and `eval` loads the model.
     */
    public static void assertTrainedAndEvaluable(Path run) throws java.io.IOException {
        List<EpochMetrics> history = new MetricsLog(run).readAll();
        org.junit.jupiter.api.Assertions.assertFalse(history.isEmpty(), "no metrics in " + run);
        for (EpochMetrics m : history) {
            org.junit.jupiter.api.Assertions.assertTrue(Double.isFinite(m.trainLoss()) && m.trainLoss() > 0, "loss " + m);
        }
        List<Path> checkpoints = new CheckpointStore(run.resolve("checkpoints"), 100).list();
        org.junit.jupiter.api.Assertions.assertTrue(checkpoints.size() >= 2, "checkpoints: " + checkpoints);
        Path oldest = checkpoints.get(checkpoints.size() - 1);   // list() is newest first
        var first = ModelPackage.read(oldest).net().params();
        var last = ModelPackage.read(run.resolve("model.zip")).net().params();
        double moved = first.sub(last).norm2Number().doubleValue();
        org.junit.jupiter.api.Assertions.assertTrue(moved > 1e-4, "weights did not change after " + oldest + ": " + moved);
        String[] out = cli(0, "eval", "--model", run.resolve("model.zip").toString(), "--out", run.resolve("eval").toString());
        org.junit.jupiter.api.Assertions.assertTrue(out[0].contains("centre crop: top-1 error"), out[0]);
    }

    /**
     * The start of a {@code java} command line for a child JVM (the options given, then this test's
     * class path and data settings); the caller appends the main class and its arguments.
     */
    public static List<String> childJvm(Path cache, String... jvmOptions) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-Dalexnet.home=" + HOME, "-Dalexnet.data=" + System.getProperty("alexnet.data"),
                "-Dalexnet.cache=" + cache, "-Dalexnet.offline=true", "-cp", System.getProperty("java.class.path")));
        return cmd;
    }

    public static String[] array(List<String> l) {
        return l.toArray(String[]::new);
    }
}
