package io.github.alexnet4j.spark;

import io.github.alexnet4j.train.EpochMetrics;
import io.github.alexnet4j.train.MetricsLog;
import io.github.alexnet4j.cli.TrainTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * `alexnet train --spark local[2]` in both of DL4J's modes, on a slice of CIFAR-10. Each run is
 * guarded by a hard timeout (gradient sharing has deadlocked in local mode with two workers per node).
 */
class SparkTrainingTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() {
        TrainTestSupport.setUp(dir.resolve("cache"));
    }

    private static String[] train(Path run, String mode) {
        // 300 images, batch 16: 19 batches; Spark jobs of 8 batches, a checkpoint after each
        return TrainTestSupport.cli(0, TrainTestSupport.array(TrainTestSupport.tinyTrain(run, 1,
                "--spark", "local[2]", "--spark-mode", mode, "--stretch", "8", "--set", "training.checkpointEvery=8")));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void parameterAveraging() throws Exception {
        Path run = dir.resolve("averaging");
        String[] out = train(run, "averaging");
        assertTrue(out[1].contains("Training on Spark local[2] (2 workers), parameter averaging"), "the run says how it trained");
        TrainTestSupport.assertTrainedAndEvaluable(run);

        // resume on Spark for a second epoch, from the run's own checkpoint
        TrainTestSupport.cli(0, "train", "--resume", run.toString(), "--epochs", "2", "--no-progress",
                "--spark", "local[2]", "--stretch", "8");
        List<EpochMetrics> history = new MetricsLog(run).readAll();
        assertEquals(2, history.size(), history.toString());
        assertEquals(38, history.get(1).iteration(), "the second epoch continued from the first's iteration count");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void gradientSharing() throws Exception {
        Path run = dir.resolve("sharing");
        String[] out = train(run, "sharing");
        assertTrue(out[1].contains("asynchronous gradient sharing"), "the run says how it trained");
        TrainTestSupport.assertTrainedAndEvaluable(run);

        // a gradient-sharing run resumes from its checkpoint like any other
        TrainTestSupport.cli(0, "train", "--resume", run.toString(), "--epochs", "2", "--no-progress",
                "--spark", "local[2]", "--spark-mode", "sharing", "--stretch", "8");
        List<EpochMetrics> history = new MetricsLog(run).readAll();
        assertEquals(2, history.size(), history.toString());
        assertEquals(38, history.get(1).iteration(), "the second epoch continued from the first's iteration count");
    }

    @Test
    void anUnknownModeIsRefusedWithTheSettingNamed() {
        String[] out = TrainTestSupport.cli(2, TrainTestSupport.array(TrainTestSupport.tinyTrain(dir.resolve("bad"), 1,
                "--spark", "local[2]", "--spark-mode", "gossip")));
        assertTrue(out[1].contains("engine.spark.mode = gossip (averaging or sharing)"), out[1]);
    }
}
