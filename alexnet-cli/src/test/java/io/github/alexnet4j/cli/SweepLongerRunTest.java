package io.github.alexnet4j.cli;

import io.github.alexnet4j.train.EpochMetrics;
import io.github.alexnet4j.train.MetricsLog;
import io.github.alexnet4j.train.ModelPackage;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Raising a sweep's epoch cap carries on the runs that ran out of epochs short of their target
 * (Figure 1's tanh runs), and the result is the run a sweep with the larger cap makes from scratch;
 * runs that reached their target, or whose learning rate depends on the run's length, stay as they were.
 */
class SweepLongerRunTest {

    @TempDir
    Path dir;

    private Path sweep(int epochs) throws Exception {
        return Files.writeString(dir.resolve("longer-" + epochs + ".yaml"), """
                name: longer
                config: configs/figure1-fourlayer.yaml
                overrides: [data.limitPerClass=10, training.maxEpochs=%d, training.batchSize=16, training.evalTrainImages=100,
                            optimizer.learningRate=0.004, data.loaderThreads=1, data.cacheMegabytes=64]
                seeds: [5]
                variants: [baseline]
                custom:
                  reached: [training.stopAtTrainError=0.95]   # met after one epoch
                  dropping: ["optimizer.schedule.at=[0.5]"]
                """.formatted(epochs));
    }

    @Test
    void aRaisedCapCarriesOnTheRunsShortOfTheirTargetAsIfTheyHadBeenLongerFromTheStart() throws Exception {
        TrainTestSupport.setUp(dir.resolve("cache"));
        Path carried = dir.resolve("carried"), fresh = dir.resolve("fresh");
        TrainTestSupport.cli(0, "ablate", sweep(1).toString(), "--runs", carried.toString(), "--out", dir.resolve("out1").toString());
        Path run = carried.resolve("longer/baseline/seed-5");
        assertEquals(1, new MetricsLog(run).readAll().size());
        INDArray afterOne = ModelPackage.read(run.resolve("model.zip")).net().params();
        FileTime reached = Files.getLastModifiedTime(carried.resolve("longer/reached/seed-5/model.zip"));
        FileTime dropping = Files.getLastModifiedTime(carried.resolve("longer/dropping/seed-5/model.zip"));

        String log = TrainTestSupport.cli(0, "ablate", sweep(2).toString(), "--runs", carried.toString(),
                "--out", dir.resolve("out2").toString())[1];
        assertTrue(log.contains("baseline seed 5: ran out of epochs short of its target; carried on to at most 2 epochs"), log);
        assertTrue(log.contains("reached seed 5: finished earlier, skipped"), log);
        assertTrue(log.contains("dropping seed 5: finished earlier, skipped"), "its drop at half the run would move: " + log);
        assertEquals(reached, Files.getLastModifiedTime(carried.resolve("longer/reached/seed-5/model.zip")));
        assertEquals(dropping, Files.getLastModifiedTime(carried.resolve("longer/dropping/seed-5/model.zip")));

        TrainTestSupport.cli(0, "ablate", sweep(2).toString(), "--runs", fresh.toString(), "--out", dir.resolve("out3").toString());
        Path reference = fresh.resolve("longer/baseline/seed-5");
        List<EpochMetrics> a = new MetricsLog(reference).readAll(), b = new MetricsLog(run).readAll();
        assertEquals(2, b.size(), "one line per epoch, epoch 1 not repeated: " + b);
        for (int e = 0; e < 2; e++) {
            assertEquals(a.get(e).iteration(), b.get(e).iteration());
            assertEquals(a.get(e).trainTop1Error(), b.get(e).trainTop1Error(), 1e-9, "training error after epoch " + (e + 1));
        }
        ModelPackage x = ModelPackage.read(reference.resolve("model.zip")), y = ModelPackage.read(run.resolve("model.zip"));
        CheckpointResumeTest.assertClose(x.net().params(), y.net().params(), "weights");
        CheckpointResumeTest.assertClose(x.net().getUpdater().getStateViewArray(), y.net().getUpdater().getStateViewArray(), "momentum");
        double moved = y.net().params().sub(afterOne).amaxNumber().doubleValue();
        assertTrue(moved > 1e-2 * afterOne.amaxNumber().doubleValue(), "the second epoch changed the weights by " + moved
                + ", far more than the tolerance above: that comparison can fail");
        assertTrue(Files.isRegularFile(run.resolve("result.json")), "finished again");
        assertTrue(Files.readString(run.resolve("config.yaml")).contains("maxEpochs: 2"));
    }
}
