package io.github.alexnet4j.cli;

import io.github.alexnet4j.train.CheckpointStore;
import io.github.alexnet4j.train.EpochMetrics;
import io.github.alexnet4j.train.MetricsLog;
import io.github.alexnet4j.train.ModelPackage;
import io.github.alexnet4j.train.RunConfig;
import io.github.alexnet4j.train.TrainState;
import io.github.alexnet4j.train.Trainer;
import io.github.alexnet4j.train.TrainingStoppedException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Crash safety, for real: a training process killed with SIGKILL resumes and ends where an uninterrupted run ends. */
class CheckpointResumeTest {

    @TempDir
    static Path dir;

    /** Dropout off: ND4J's random stream is not part of a checkpoint, so dropout masks would differ after a resume. */
    static final String[] DETERMINISTIC = {"--set", "model.dropout=0", "--set", "training.checkpointEvery=5",
            "--set", "training.tenCrop=false", "--set", "data.loaderThreads=1"};

    @BeforeAll
    static void setUp() {
        TrainTestSupport.setUp(dir.resolve("cache"));
    }

    @Test
    void killedWithSigkillThenResumedMatchesAnUninterruptedRun() throws Exception {
        Path reference = dir.resolve("reference"), killed = dir.resolve("killed");
        assertEquals(0, AlexNetCli.execute(TrainTestSupport.array(TrainTestSupport.tinyTrain(reference, 3, DETERMINISTIC))));

        // the same run in a child JVM, killed -9 once it has written a mid-epoch checkpoint
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx2g",
                "-Dalexnet.home=" + TrainTestSupport.HOME, "-Dalexnet.cache=" + dir.resolve("cache"),
                "-Dalexnet.offline=true", "-Dalexnet.data=" + io.github.alexnet4j.data.DataLocations.dataRoot(),
                AlexNetCli.class.getName()));
        cmd.addAll(TrainTestSupport.tinyTrain(killed, 3, DETERMINISTIC));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        CheckpointStore store = new CheckpointStore(killed.resolve("checkpoints"), 3);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (store.list().size() < 2 && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(child.isAlive(), "the child finished before it could be killed: " + Files.readString(dir.resolve("child.log")));
        child.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no cleanup
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        TrainState atKill = ModelPackage.read(store.list().get(0)).state();
        assertTrue(atKill.iteration() > 0 && atKill.iteration() < 3 * 19, "killed mid-run at iteration " + atKill.iteration());

        String log = resumeCapturingLog(killed);
        assertTrue(log.contains("Resuming from") && log.contains("iteration " + atKill.iteration()), log);

        ModelPackage a = ModelPackage.read(reference.resolve("model.zip"));
        ModelPackage b = ModelPackage.read(killed.resolve("model.zip"));
        assertEquals(a.state().iteration(), b.state().iteration(), "iteration counter continued from the checkpoint");
        assertEquals(a.state().schedule(), b.state().schedule(), "learning-rate schedule continued");
        assertClose(a.net().params(), b.net().params(), "weights");
        assertClose(a.net().getUpdater().getStateViewArray(), b.net().getUpdater().getStateViewArray(), "momentum");
        List<EpochMetrics> history = new MetricsLog(killed).readAll();
        assertEquals(3, history.size(), "one metrics line per epoch, none repeated: " + history);
    }

    @Test
    void aDamagedNewestCheckpointIsReportedAndThePreviousOneUsed() throws Exception {
        Path run = dir.resolve("damaged");
        assertEquals(0, AlexNetCli.execute(TrainTestSupport.array(TrainTestSupport.tinyTrain(run, 1, DETERMINISTIC))));
        CheckpointStore store = new CheckpointStore(run.resolve("checkpoints"), 3);
        List<Path> cps = store.list();
        assertTrue(cps.size() >= 2, "checkpoints: " + cps);
        long previous = ModelPackage.read(cps.get(1)).state().iteration();
        byte[] bytes = Files.readAllBytes(cps.get(0));
        Files.write(cps.get(0), java.util.Arrays.copyOf(bytes, bytes.length / 3)); // a torn write
        java.util.Optional<ModelPackage> m = store.loadLatest();
        assertTrue(m.isPresent());
        assertEquals(previous, m.get().state().iteration());
        // and a resume says which file it skipped and why
        String log = resumeCapturingLog(run);
        assertTrue(log.contains("Checkpoint " + cps.get(0)) && log.contains("is damaged") && log.contains("trying the previous one"), log);
        assertTrue(log.contains("Resuming from " + cps.get(1)), log);
    }

    @Test
    void checkpointRoundTripKeepsWeightsMomentumAndState() throws Exception {
        Path run = dir.resolve("roundtrip");
        assertEquals(0, AlexNetCli.execute(TrainTestSupport.array(TrainTestSupport.tinyTrain(run, 1, DETERMINISTIC))));
        ModelPackage m = ModelPackage.read(run.resolve("model.zip"));
        Path copy = dir.resolve("copy.zip");
        ModelPackage.write(copy, m.net(), m.labels(), m.config(), m.stats(), m.state());
        ModelPackage back = ModelPackage.read(copy);
        assertEquals(m.net().params(), back.net().params());
        assertEquals(m.net().getUpdater().getStateViewArray(), back.net().getUpdater().getStateViewArray());
        assertEquals(m.state(), back.state());
        assertEquals(m.labels(), back.labels());
        assertEquals(m.config(), back.config());
        assertArrayEquals(m.stats().meanImage(), back.stats().meanImage());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left behind");
        }
    }

    private static String resumeCapturingLog(Path run) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            assertEquals(0, AlexNetCli.execute("train", "--resume", run.toString(), "--no-progress"));
        } finally {
            System.setErr(err);
        }
        return captured.toString();
    }

    static void assertClose(INDArray a, INDArray b, String what) {
        double scale = Math.max(1e-6, a.amaxNumber().doubleValue());
        double diff = a.sub(b).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-4 * scale, what + ": max difference " + diff + " (magnitude " + scale + ")");
    }

    /** The divergence guard: a learning rate of 1e4 blows up; training stops, naming the last good checkpoint. */
    @Test
    void divergenceStopsWithTheLastGoodCheckpointNamed() throws Exception {
        Path run = dir.resolve("nan");
        RunConfig cfg = RunConfig.load(TrainTestSupport.HOME.resolve("configs/cifar10.yaml"), List.of(
                "data.limitPerClass=30", "training.batchSize=16", "training.budgetMinutes=0", "training.maxEpochs=3",
                "optimizer.schedule.warmupIterations=0", "training.checkpointEvery=2", "optimizer.learningRate=10000",
                "training.evalTrainImages=20"));
        TrainingStoppedException e = assertThrows(TrainingStoppedException.class,
                () -> new Trainer(cfg, run, new Trainer.Options(false, "test")).run(false));
        assertTrue(e.getMessage().startsWith("Training diverged at iteration "), e.getMessage());
        long diverged = Long.parseLong(e.getMessage().replaceAll("^Training diverged at iteration (\\d+).*", "$1"));
        CheckpointStore store = new CheckpointStore(run.resolve("checkpoints"), 3);
        if (store.newest().isPresent()) {
            assertTrue(e.getMessage().contains(store.newest().get().toString()), e.getMessage());
            assertTrue(ModelPackage.read(store.newest().get()).state().iteration() < diverged, "nothing saved after divergence");
            ComputationGraph last = ModelPackage.read(store.newest().get()).net();
            assertFalse(last.params().isNaN().any(), "the kept checkpoint has finite weights");
        } else {
            assertTrue(e.getMessage().contains("no checkpoint was written yet"), e.getMessage());
        }
    }
}
