package io.github.alexnet4j.cli;

import io.github.alexnet4j.data.TestDatasets;
import io.github.alexnet4j.train.CheckpointStore;
import io.github.alexnet4j.train.EpochMetrics;
import io.github.alexnet4j.train.MetricsLog;
import io.github.alexnet4j.train.ModelPackage;
import io.github.alexnet4j.train.TrainState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a stop must not lose and what a resume must not get wrong: SIGTERM saves the current step; weights
 * that became infinite are never checkpointed; a run resumes only on the data it was trained on; a torn
 * metrics line, an interrupted checkpoint or an evaluation cut short do not stop a resume.
 */
class NothingLostTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() {
        TrainTestSupport.setUp(dir.resolve("cache"));
    }

    @Test
    void sigtermWritesACheckpointAtTheCurrentStepAndTheRunResumes() throws Exception {
        Path run = dir.resolve("sigterm");
        // no periodic checkpoints: whatever is saved at the stop, the stop saved; and no usable temporary
        // folder, so the checkpoint is shown to be built in the run folder
        List<String> cmd = TrainTestSupport.childJvm(dir.resolve("cache"), "-Xmx2g", "-Djava.io.tmpdir=/nonexistent-tmp");
        cmd.add(AlexNetCli.class.getName());
        // 100 images per class: epochs of 63 batches, long enough that the signal lands inside the second
        cmd.addAll(List.of("train", "--run-dir", run.toString(), "--no-progress", "--limit-per-class", "100", "--epochs", "2",
                "--set", "training.budgetMinutes=0", "--set", "training.batchSize=16", "--set", "training.evalTrainImages=50",
                "--set", "optimizer.learningRate=0.01", "--set", "data.cacheMegabytes=64",
                "--set", "training.checkpointEvery=0", "--set", "training.tenCrop=false"));
        Path log = dir.resolve("sigterm.log");
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (child.isAlive() && !Files.readString(log).contains("epoch 1.00") && System.nanoTime() < deadline) Thread.sleep(50);
        Thread.sleep(1500);   // into the second epoch, between epoch checkpoints
        assertTrue(child.isAlive(), "the child finished before the signal: " + Files.readString(log));
        child.destroy();      // SIGTERM
        assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child did not stop");
        String out = Files.readString(log);
        assertTrue(out.contains("Stopped by a signal at iteration"), out);
        long stoppedAt = Long.parseLong(out.replaceAll("(?s).*Stopped by a signal at iteration (\\d+).*", "$1"));
        CheckpointStore store = new CheckpointStore(run.resolve("checkpoints"), 3);
        TrainState saved = ModelPackage.read(store.list().get(0)).state();
        assertEquals(stoppedAt, saved.iteration(), "the newest checkpoint is the step the signal arrived at");
        assertTrue(saved.batchInEpoch() > 0, "mid-epoch: " + saved);

        TrainTestSupport.cli(0, "train", "--resume", run.toString(), "--no-progress");
        List<EpochMetrics> history = new MetricsLog(run).readAll();
        assertEquals(2, history.size(), "each epoch once: " + history);
    }

    @Test
    void sigtermStopsTheWholeSweepAndItsRunResumesNextTime() throws Exception {
        Path runs = dir.resolve("sweep-runs"), out = dir.resolve("sweep-out");
        Path sweep = Files.writeString(dir.resolve("stoppable.yaml"), """
                name: stoppable
                config: configs/cifar10.yaml
                overrides: [data.limitPerClass=100, training.maxEpochs=2, training.budgetMinutes=0, training.batchSize=16,
                            training.evalTrainImages=50, training.checkpointEvery=0, training.tenCrop=false,
                            optimizer.learningRate=0.01, data.cacheMegabytes=64]
                seeds: [5]
                variants: [baseline]
                custom:
                  short: [data.limitPerClass=10, training.maxEpochs=1]
                """);
        List<String> cmd = TrainTestSupport.childJvm(dir.resolve("cache"), "-Xmx2g");
        cmd.add(AlexNetCli.class.getName());
        cmd.addAll(List.of("ablate", sweep.toString(), "--runs", runs.toString(), "--out", out.toString()));
        Path log = dir.resolve("sweep.log");
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (child.isAlive() && !Files.readString(log).contains("epoch 1.00") && System.nanoTime() < deadline) Thread.sleep(50);
        Thread.sleep(1500);   // into the first run's second epoch
        assertTrue(child.isAlive(), "the sweep finished before the signal: " + Files.readString(log));
        child.destroy();      // SIGTERM
        assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the sweep did not stop");
        String first = Files.readString(log);
        assertTrue(first.contains("Stopped by a signal at iteration"), first);
        assertFalse(first.contains("[2/2]"), "no run announced after the stop: " + first);
        Path stopped = runs.resolve("stoppable/baseline/seed-5");
        assertFalse(Files.exists(stopped.resolve("stopped.txt")), "a signal is not a verdict on the run");
        assertFalse(Files.exists(runs.resolve("stoppable/short/seed-5")), "the next run did not start");

        String[] again = TrainTestSupport.cli(0, "ablate", sweep.toString(), "--runs", runs.toString(), "--out", out.toString());
        assertTrue(again[1].contains("[1/2] baseline seed 5: resuming") && again[1].contains("[2/2] short seed 5: starting"), again[1]);
        assertEquals(2, new MetricsLog(stopped).readAll().size(), "the stopped run finished its two epochs, each once");
    }

    @Test
    void weightsThatBecameInfiniteAreNeverCheckpointed() throws Exception {
        Path run = dir.resolve("inf");
        // a rate beyond float's range: the first loss is finite, the first update makes the weights infinite
        String[] out = TrainTestSupport.cli(3, TrainTestSupport.array(TrainTestSupport.tinyTrain(run, 1,
                "--set", "optimizer.learningRate=1e39", "--set", "training.checkpointEvery=1")));
        assertTrue(out[1].contains("became NaN or infinite by iteration 1"), out[1]);
        for (Path c : new CheckpointStore(run.resolve("checkpoints"), 10).list()) {
            assertTrue(CheckpointStore.finite(ModelPackage.read(c).net()), c + " holds non-finite weights");
        }
    }

    @Test
    void aRenamedClassFolderStopsTheResume() throws Exception {
        Path data = smallFolders("renamed", 8);
        Path run = dir.resolve("renamed-run");
        TrainTestSupport.cli(0, "train", "--data", data.toString(), "--set", "data.dataset=folders", "--run-dir",
                run.toString(), "--no-progress", "--epochs", "1", "--set", "training.budgetMinutes=0", "--set", "training.batchSize=8",
                "--set", "training.evalTrainImages=8", "--set", "training.tenCrop=false", "--set", "data.cacheMegabytes=16");
        Files.move(data.resolve("train/cat"), data.resolve("train/kitten"));
        Files.move(data.resolve("val/cat"), data.resolve("val/kitten"));
        String[] out = TrainTestSupport.cli(2, "train", "--resume", run.toString(), "--epochs", "2", "--no-progress");
        assertTrue(out[1].contains("classes changed") && out[1].contains("kitten") && out[1].contains("no longer cat"), out[1]);
    }

    @Test
    void aTornMetricsLineAnUnfinishedCheckpointAndAPendingEvaluationDoNotStopAResume() throws Exception {
        Path run = dir.resolve("torn");
        TrainTestSupport.cli(0, TrainTestSupport.array(TrainTestSupport.tinyTrain(run, 1, "--set", "training.checkpointEvery=0",
                "--set", "training.tenCrop=false")));
        // the epoch-end checkpoint was written before that epoch's evaluation
        CheckpointStore store = new CheckpointStore(run.resolve("checkpoints"), 3);
        TrainState epochEnd = ModelPackage.read(store.list().get(0)).state();
        assertTrue(epochEnd.evaluationPending(), "checkpoint first, then the evaluation: " + epochEnd);

        // as if killed during that evaluation and while appending a line, with a checkpoint half written
        Files.writeString(run.resolve("metrics.jsonl"), "", StandardOpenOption.TRUNCATE_EXISTING);
        Files.writeString(run.resolve("metrics.jsonl"), "{\"epoch\":1.0,\"iterat", StandardOpenOption.APPEND);
        Path unfinished = run.resolve("checkpoints/.checkpoint-000000099.zip12345.tmp");
        Files.writeString(unfinished, "partial");

        String[] out = TrainTestSupport.cli(0, "train", "--resume", run.toString(), "--epochs", "2", "--no-progress");
        assertFalse(Files.exists(unfinished), "the interrupted checkpoint's file is removed");
        List<EpochMetrics> history = new MetricsLog(run).readAll();
        assertEquals(2, history.size(), "epoch 1 evaluated again (once), then epoch 2: " + history);
        assertEquals(epochEnd.iteration(), history.get(0).iteration());
    }

    @Test
    void aMostlyUnreadableDatasetStopsTheRunAndSaysSo() throws Exception {
        Path data = smallFolders("bad", 10);
        // 4 of each class's 10 training images become garbage: 40 % > the default 5 %
        try (var classes = Files.list(data.resolve("train"))) {
            for (Path c : classes.toList()) {
                try (var files = Files.list(c)) {
                    for (Path f : files.sorted().limit(4).toList()) {
                        Files.delete(f);
                        Files.writeString(f, "not a picture");
                    }
                }
            }
        }
        String[] out = TrainTestSupport.cli(3, "train", "--data", data.toString(), "--set", "data.dataset=folders", "--run-dir",
                dir.resolve("bad-run").toString(), "--no-progress", "--epochs", "1", "--set", "training.budgetMinutes=0",
                "--set", "training.batchSize=10", "--set", "training.evalTrainImages=5", "--set", "data.cacheMegabytes=0");
        assertTrue(out[1].contains("could not be read") && out[1].contains("data.maxBadShare"), out[1]);
    }

    @Test
    void prepareExitsNonZeroWhenItCannotWrite() throws Exception {
        Path data = smallFolders("prep", 3);
        Path dest = Files.createDirectories(dir.resolve("prepared"));
        Files.writeString(dest.resolve("cat"), "a file where a class folder must go");
        String[] out = TrainTestSupport.cli(1, "prepare", data.resolve("train").toString(), dest.toString(), "--size", "64");
        assertTrue(out[1].contains("could not be written") && out[1].contains("cat"), out[1]);
    }

    /** train/ and val/ class folders (airplane, cat, ship) linking to real CIFAR-10 images. */
    static Path smallFolders(String name, int perClass) throws Exception {
        Path root = dir.resolve(name);
        for (String split : List.of("train", "val")) {
            for (String cls : List.of("airplane", "cat", "ship")) {
                Path into = Files.createDirectories(root.resolve(split).resolve(cls));
                try (var s = Files.list(TestDatasets.cifarTrain().resolve(cls))) {
                    List<Path> files = new ArrayList<>(s.sorted().toList());
                    for (Path p : files.subList(split.equals("train") ? 0 : 100, (split.equals("train") ? 0 : 100) + perClass)) {
                        Files.copy(p, into.resolve(p.getFileName()));
                    }
                }
            }
        }
        return root;
    }
}
