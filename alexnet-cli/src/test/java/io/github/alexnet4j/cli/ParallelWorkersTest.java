package io.github.alexnet4j.cli;

import io.github.alexnet4j.train.EpochMetrics;
import io.github.alexnet4j.train.MetricsLog;
import io.github.alexnet4j.cli.TrainTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** `train --workers 2`: two workers in this JVM, parameters and momentum averaged after every round. */
class ParallelWorkersTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() {
        TrainTestSupport.setUp(dir.resolve("cache"));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void twoWorkersTrainAndTheModelIsAnOrdinaryModel() throws Exception {
        Path run = dir.resolve("workers");
        // 300 images, batch 16: 19 batches; stretches of 8 batches = 4 rounds of 2 workers each
        String[] out = TrainTestSupport.cli(0, TrainTestSupport.array(TrainTestSupport.tinyTrain(run, 1,
                "--workers", "2", "--stretch", "8", "--set", "training.checkpointEvery=8")));
        assertTrue(out[1].contains("2 workers in this JVM, parameters and momentum averaged every 1 batch(es) per worker"), "the run says how it trained");
        TrainTestSupport.assertTrainedAndEvaluable(run);
        assertEquals(19, new MetricsLog(run).readAll().get(0).iteration(), "every batch of the epoch is counted once");

        // its checkpoints are ordinary: a plain run on one worker resumes it for a second epoch
        TrainTestSupport.cli(0, "train", "--resume", run.toString(), "--epochs", "2", "--no-progress");
        List<EpochMetrics> history = new MetricsLog(run).readAll();
        assertEquals(2, history.size(), history.toString());
        assertEquals(38, history.get(1).iteration(), "the second epoch continued from the first's iteration count");
    }

    @Test
    void badWorkerCountIsRefusedWithTheFlagNamed() {
        String[] out = TrainTestSupport.cli(2, TrainTestSupport.array(TrainTestSupport.tinyTrain(dir.resolve("bad"), 1,
                "--workers", "0")));
        assertTrue(out[1].contains("--workers must be ≥ 1"), out[1]);
    }
}
