package io.github.alexnet4j.train;

import io.github.alexnet4j.data.DatasetException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Every data and training setting that could hang a run or silently do nothing fails at once, naming key, value and range. */
class SettingsValidationTest {

    static final Path CIFAR = Path.of(System.getProperty("alexnet.home", "..")).resolve("configs/cifar10.yaml");

    private static void refused(String override, String... parts) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> RunConfig.load(CIFAR, List.of(override)));
        assertTrue(e instanceof IllegalArgumentException || e instanceof DatasetException, e.toString());
        String key = override.substring(0, override.indexOf('='));
        String value = override.substring(override.indexOf('=') + 1);
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(value), "'" + e.getMessage() + "' names " + override);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' says " + p);
    }

    @Test
    void eachBadValueIsNamedWithItsRange() {
        refused("data.loaderThreads=0", "at least 1");
        refused("data.storedSize=0", "at least 1");
        refused("data.scale=0", "greater than 0");
        refused("data.lightingStd=-0.1", "0 (off) or more");
        refused("data.limitPerClass=-1", "0 (all images) or more");
        refused("data.cacheMegabytes=-5", "0 (no cache) or more");
        refused("data.maxBadShare=1.5", "in [0, 1]");
        refused("data.loaderTimeoutSeconds=-1", "at least 1 second");
        refused("data.dataset=cifar100", "one of cifar10, folders, imagenet");
        refused("training.batchSize=0", "at least 1");
        refused("training.maxEpochs=0", "at least 1");
        refused("training.budgetMinutes=-1", "0 (no limit) or more");
        refused("training.checkpointEvery=-1", "0 (every epoch only)");
        refused("training.keepCheckpoints=0", "at least 1");
        refused("training.evalTrainImages=-1", "0 or more");
        refused("training.divergenceLoss=0", "greater than 0");
        refused("training.freezeThrough=pool5", "only with training.init");
        refused("engine.workers=0", "at least 1");
        refused("engine.averagingFrequency=0", "at least 1");
        refused("optimizer.learningRate=0", "greater than 0");
        refused("optimizer.momentum=1", "[0, 1)");
        refused("optimizer.schedule.factor=2", "(0, 1]");
    }

    @Test
    void aCacheLargerThanTheHeapIsRefusedWhenTheDataIsOpened() {
        long heapMb = Runtime.getRuntime().maxMemory() >> 20;
        RunConfig c = RunConfig.load(CIFAR, List.of("data.cacheMegabytes=" + heapMb));
        DatasetException e = assertThrows(DatasetException.class, () -> io.github.alexnet4j.data.Datasets.open(c.data()));
        assertTrue(e.getMessage().contains("data.cacheMegabytes = " + heapMb) && e.getMessage().contains("-Xmx"), e.getMessage());
    }
}
